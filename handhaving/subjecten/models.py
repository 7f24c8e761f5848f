"""Subjects: natuurlijke personen and rechtspersonen, one record per gemeente, many roles.

One table for both kinds, so every module refers to ``subject.id`` and never keeps its own copy
of a company (issue 15: one company, three permits, one subject). Roles live with the record
that gives them (a permit's exploitant, a Bibob investigation's betrokkene); relations between
subjects (bestuurder, aandeelhouder, …) live here.
"""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from handhaving.db import Base, enum_kolom, utcnow
from handhaving.enums import LabelEnum


class SubjectSoort(LabelEnum):
    PERSOON = "persoon", "Natuurlijk persoon"
    RECHTSPERSOON = "rechtspersoon", "Rechtspersoon of onderneming"


class Rechtsvorm(LabelEnum):
    EENMANSZAAK = "eenmanszaak", "Eenmanszaak"
    BV = "bv", "Besloten vennootschap (bv)"
    NV = "nv", "Naamloze vennootschap (nv)"
    VOF = "vof", "Vennootschap onder firma (vof)"
    CV = "cv", "Commanditaire vennootschap (cv)"
    MAATSCHAP = "maatschap", "Maatschap"
    STICHTING = "stichting", "Stichting"
    VERENIGING = "vereniging", "Vereniging"
    COOPERATIE = "cooperatie", "Coöperatie"
    BUITENLANDS = "buitenlands", "Buitenlandse rechtsvorm"
    ANDERS = "anders", "Anders"


class RelatieSoort(LabelEnum):
    # The Bibob art. 30 data set: who directs, owns, finances or controls the company.
    BESTUURDER = "bestuurder", "Bestuurder"
    AANDEELHOUDER = "aandeelhouder", "Aandeelhouder"
    FINANCIER = "financier", "Financier"
    ZEGGENSCHAP = "zeggenschap", "Zeggenschap (feitelijk leidinggevend of uiteindelijk belanghebbende)"
    LEIDINGGEVENDE = "leidinggevende", "Leidinggevende"


class Subject(Base):
    __tablename__ = "subject"
    __table_args__ = (
        # One rechtspersoon per KvK number per gemeente (NULLs do not collide on either database).
        UniqueConstraint("gemeente_id", "kvk_nummer", name="uq_subject_gemeente_kvk"),
        Index("ix_subject_gemeente_zoeknaam", "gemeente_id", "zoeknaam"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    soort: Mapped[SubjectSoort] = mapped_column(enum_kolom(SubjectSoort, "subjectsoort"))
    # Natuurlijk persoon: the particles (van, de, van der …) stored apart from the surname, as the
    # BRP does, so "de Vries", "Vries, de" and "J. de Vries" are one person in search and sorting.
    voornamen: Mapped[str] = mapped_column(String(200), default="")
    voorvoegsel: Mapped[str] = mapped_column(String(20), default="")
    geslachtsnaam: Mapped[str] = mapped_column(String(200), default="")
    geboortedatum: Mapped[date | None] = mapped_column(Date)
    # A BSN only where a legal ground is recorded next to it (domain brief §1, §8).
    bsn: Mapped[str | None] = mapped_column(String(9))
    bsn_grondslag: Mapped[str] = mapped_column(String(200), default="")
    # Rechtspersoon
    naam: Mapped[str] = mapped_column(String(200), default="")
    handelsnamen: Mapped[list] = mapped_column(JSON, default=list)
    kvk_nummer: Mapped[str | None] = mapped_column(String(8))
    rechtsvorm: Mapped[Rechtsvorm | None] = mapped_column(enum_kolom(Rechtsvorm, "rechtsvorm"))
    # Both kinds: a BAG address where there is one, else the address as text (abroad, postbus).
    adres_id: Mapped[int | None] = mapped_column(ForeignKey("adres.id"), index=True)
    adres_tekst: Mapped[str] = mapped_column(String(300), default="")
    # Lower case, no diacritics, particles last: what search compares against.
    zoeknaam: Mapped[str] = mapped_column(String(400), default="")
    # Sound-alike keys of the name's words (``namen.zoeksleutel``): the history search finds
    # "Janssen" for "Jansen" and "Yilmaz" for "Ijlmaz" by these, then ranks by string similarity.
    zoeksleutel: Mapped[str] = mapped_column(String(400), default="", server_default="")
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    aangemaakt_door_id: Mapped[int | None] = mapped_column(ForeignKey("gebruiker.id"))
    gewijzigd_op: Mapped[datetime | None] = mapped_column(DateTime)

    adres = relationship("Adres")
    relaties: Mapped[list[SubjectRelatie]] = relationship(
        foreign_keys="SubjectRelatie.rechtspersoon_id", back_populates="rechtspersoon",
        order_by="SubjectRelatie.id", cascade="all, delete-orphan")

    @property
    def is_persoon(self) -> bool:
        return self.soort == SubjectSoort.PERSOON

    @property
    def achternaam(self) -> str:
        """``de Vries``: particles and surname as written in running text."""
        return " ".join(p for p in (self.voorvoegsel, self.geslachtsnaam) if p)

    @property
    def voorletters(self) -> str:
        return "".join(f"{d[0].upper()}." for d in self.voornamen.split() if d)

    @property
    def weergavenaam(self) -> str:
        if not self.is_persoon:
            return self.naam
        return " ".join(p for p in (self.voornamen, self.achternaam) if p)

    @property
    def sorteernaam(self) -> str:
        """``Vries, J. de``: how Dutch lists sort and show people."""
        if not self.is_persoon:
            return self.naam
        rest = " ".join(p for p in (self.voorletters, self.voorvoegsel) if p)
        return f"{self.geslachtsnaam}, {rest}" if rest else self.geslachtsnaam


class SubjectRelatie(Base):
    """A person or company that directs, owns, finances or controls a rechtspersoon."""

    __tablename__ = "subject_relatie"
    __table_args__ = (UniqueConstraint("rechtspersoon_id", "betrokkene_id", "soort", name="uq_subject_relatie"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    rechtspersoon_id: Mapped[int] = mapped_column(ForeignKey("subject.id", ondelete="CASCADE"), index=True)
    betrokkene_id: Mapped[int] = mapped_column(ForeignKey("subject.id"), index=True)
    soort: Mapped[RelatieSoort] = mapped_column(enum_kolom(RelatieSoort, "relatiesoort"))
    sinds: Mapped[date | None] = mapped_column(Date)
    tot: Mapped[date | None] = mapped_column(Date)
    toelichting: Mapped[str] = mapped_column(String(300), default="")
    aangemaakt_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    rechtspersoon: Mapped[Subject] = relationship(foreign_keys=[rechtspersoon_id], back_populates="relaties")
    betrokkene: Mapped[Subject] = relationship(foreign_keys=[betrokkene_id])
