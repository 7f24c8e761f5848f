"""Bibob integrity investigations. Confidential under Wet Bibob art. 28:
every read goes through ``bibob.services`` which audits it."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from handhaving.db import Base, enum_kolom, utcnow
from handhaving.enums import LabelEnum


class BibobStatus(LabelEnum):
    AANLEIDING = "aanleiding", "Aanleiding"
    FORMULIER_OPGEVRAAGD = "formulier_opgevraagd", "Vragenformulier opgevraagd"
    FORMULIER_ONTVANGEN = "formulier_ontvangen", "Vragenformulier ontvangen"
    EIGEN_ONDERZOEK = "eigen_onderzoek", "Eigen onderzoek"
    CONCLUSIE_EIGEN_ONDERZOEK = "conclusie_eigen_onderzoek", "Conclusie eigen onderzoek"
    ADVIES_LBB_AANGEVRAAGD = "advies_lbb_aangevraagd", "Advies LBB aangevraagd"
    ADVIES_ONTVANGEN = "advies_ontvangen", "Advies ontvangen"
    ZIENSWIJZE = "zienswijze", "Zienswijze"
    BESLUIT = "besluit", "Besluit"
    GEARCHIVEERD = "gearchiveerd", "Gearchiveerd"


class BibobOnderzoek(Base):
    __tablename__ = "bibob_onderzoek"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    vergunning_id: Mapped[int | None] = mapped_column(ForeignKey("vergunning.id"), index=True)
    zaaknummer: Mapped[str] = mapped_column(String(40))
    status: Mapped[BibobStatus] = mapped_column(enum_kolom(BibobStatus, "bibobstatus"))
    # Assigned vergunningverlener: need-to-know (security requirement 5).
    behandelaar_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"), index=True)
    aanleiding: Mapped[str] = mapped_column(String(40))
    termijn_tot: Mapped[date | None] = mapped_column(Date)
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
