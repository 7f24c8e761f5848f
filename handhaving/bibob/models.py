"""Bibob integrity investigations. Confidential under Wet Bibob art. 28:
every read goes through ``bibob.services`` which audits it."""
from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import Date, DateTime, Enum, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from handhaving.db import Base, utcnow


class BibobStatus(str, enum.Enum):
    AANLEIDING = "aanleiding"
    FORMULIER_OPGEVRAAGD = "formulier_opgevraagd"
    FORMULIER_ONTVANGEN = "formulier_ontvangen"
    EIGEN_ONDERZOEK = "eigen_onderzoek"
    CONCLUSIE_EIGEN_ONDERZOEK = "conclusie_eigen_onderzoek"
    ADVIES_LBB_AANGEVRAAGD = "advies_lbb_aangevraagd"
    ADVIES_ONTVANGEN = "advies_ontvangen"
    ZIENSWIJZE = "zienswijze"
    BESLUIT = "besluit"
    GEARCHIVEERD = "gearchiveerd"


class BibobOnderzoek(Base):
    __tablename__ = "bibob_onderzoek"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    vergunning_id: Mapped[int | None] = mapped_column(ForeignKey("vergunning.id"), index=True)
    zaaknummer: Mapped[str] = mapped_column(String(40))
    status: Mapped[BibobStatus] = mapped_column(Enum(
        BibobStatus, native_enum=False, length=40, create_constraint=True, name="bibobstatus",
        values_callable=lambda e: [m.value for m in e], validate_strings=True))
    # Assigned vergunningverlener: need-to-know (security requirement 5).
    behandelaar_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"), index=True)
    aanleiding: Mapped[str] = mapped_column(String(40))
    termijn_tot: Mapped[date | None] = mapped_column(Date)
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
