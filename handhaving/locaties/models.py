"""BAG addresses (nummeraanduidingen) and the objects they point to."""
from __future__ import annotations

from datetime import datetime

from geoalchemy2 import Geometry
from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from handhaving.db import Base, utcnow
from handhaving.geo import RD_NEW

# Street names are compared byte-wise on PostgreSQL so a prefix range uses the btree.
_SEARCH_TEXT = String(120).with_variant(String(120, collation="C"), "postgresql")

_POSTCODE = String(6).with_variant(String(6, collation="C"), "postgresql")

OBJECT_TYPES = {"VBO": "Verblijfsobject", "LIG": "Ligplaats", "STA": "Standplaats"}

GEBRUIKSDOELEN = (
    "woonfunctie", "bijeenkomstfunctie", "celfunctie", "gezondheidszorgfunctie",
    "industriefunctie", "kantoorfunctie", "logiesfunctie", "onderwijsfunctie",
    "sportfunctie", "winkelfunctie", "overige gebruiksfunctie",
)


class Verblijfsobject(Base):
    """A BAG verblijfsobject, ligplaats or standplaats: the thing at an address.

    Counts (persons, m²) belong here, once per object, not per address.
    """

    __tablename__ = "verblijfsobject"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    # 16-digit BAG object id (gemeentecode + objecttype + serial), leading zeros kept.
    bag_id: Mapped[str] = mapped_column(String(16), unique=True)
    object_type: Mapped[str] = mapped_column(String(3))
    # Comma-separated gebruiksdoelen in BAG spelling, e.g. "woonfunctie,winkelfunctie".
    gebruiksdoelen: Mapped[str | None] = mapped_column(String(300))
    oppervlakte: Mapped[int | None] = mapped_column(Integer)  # gebruiksoppervlakte in m²
    status: Mapped[str | None] = mapped_column(String(60))
    pand_id: Mapped[str | None] = mapped_column(String(16), index=True)
    pand_status: Mapped[str | None] = mapped_column(String(60))
    bouwjaar: Mapped[int | None] = mapped_column(Integer)
    # The CBS buurt the point lies in, from the newest imported boundary year (point-in-polygon,
    # never a code in the address file); set by the CBS import and after each BAG import.
    # No foreign key: a derived value, and adding one would make SQLite rebuild this spatial table.
    buurt_id: Mapped[int | None] = mapped_column(Integer, index=True)
    # Stored as delivered: RD New metres. Maps get WGS84 via ST_Transform.
    geom = mapped_column(Geometry("POINT", srid=RD_NEW, spatial_index=True), nullable=False)
    bijgewerkt_op: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    adressen: Mapped[list["Adres"]] = relationship(back_populates="verblijfsobject")

    @property
    def gebruiksdoel_lijst(self) -> list[str]:
        return [d for d in (self.gebruiksdoelen or "").split(",") if d]


class Adres(Base):
    """A BAG nummeraanduiding: hoofdadres or nevenadres of a verblijfsobject."""

    __tablename__ = "adres"
    __table_args__ = (
        Index("ix_adres_postcode_huisnummer", "postcode", "huisnummer"),
        Index("ix_adres_zoeknaam_huisnummer", "zoeknaam", "huisnummer"),
        # Tenant first: SQLite (no statistics) otherwise scans a whole gemeente.
        Index("ix_adres_gemeente_zoeknaam", "gemeente_id", "zoeknaam"),
        Index("ix_adres_gemeente_postcode", "gemeente_id", "postcode"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    # Empty only for addresses from the small bagadres.csv export, which lacks it.
    nummeraanduiding_id: Mapped[str | None] = mapped_column(String(16), unique=True)
    verblijfsobject_id: Mapped[int] = mapped_column(ForeignKey("verblijfsobject.id"), index=True)
    openbare_ruimte: Mapped[str] = mapped_column(String(120))
    # Lower-case street name without accents, for search as you type.
    zoeknaam: Mapped[str] = mapped_column(_SEARCH_TEXT)
    huisnummer: Mapped[int] = mapped_column(Integer)
    huisletter: Mapped[str | None] = mapped_column(String(1))
    toevoeging: Mapped[str | None] = mapped_column(String(4))
    postcode: Mapped[str | None] = mapped_column(_POSTCODE)
    woonplaats: Mapped[str] = mapped_column(String(80))
    is_nevenadres: Mapped[bool] = mapped_column(default=False)

    verblijfsobject: Mapped[Verblijfsobject] = relationship(back_populates="adressen", lazy="joined")

    @property
    def huisnummer_volledig(self) -> str:
        """NEN 5825 habit: 12, 12A, 12-bis, 12A-1."""
        text = str(self.huisnummer)
        if self.huisletter:
            text += self.huisletter
        if self.toevoeging:
            text += f"-{self.toevoeging}"
        return text

    @property
    def postcode_weergave(self) -> str:
        return f"{self.postcode[:4]} {self.postcode[4:]}" if self.postcode else ""

    @property
    def regel1(self) -> str:
        return f"{self.openbare_ruimte} {self.huisnummer_volledig}"

    @property
    def volledig(self) -> str:
        return f"{self.regel1}, {self.postcode_weergave} {self.woonplaats}".replace(",  ", ", ")


class Wijk(Base):
    """A CBS wijk of one boundary year (Wijk- en Buurtkaart): code ``WK`` + 6 digits."""

    __tablename__ = "wijk"
    __table_args__ = (UniqueConstraint("code", "jaar", name="uq_wijk_code_jaar"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    code: Mapped[str] = mapped_column(String(8))
    naam: Mapped[str] = mapped_column(String(120))
    jaar: Mapped[int] = mapped_column(Integer)
    # CBS statistics columns as delivered (negative sentinels kept; see ``locaties.cbs.waarden``).
    kenmerken: Mapped[dict] = mapped_column(JSON, default=dict)
    geom = mapped_column(Geometry("MULTIPOLYGON", srid=RD_NEW, spatial_index=True), nullable=False)


class Buurt(Base):
    """A CBS buurt of one boundary year: code ``BU`` + 8 digits (6 of its wijk + 2)."""

    __tablename__ = "buurt"
    __table_args__ = (UniqueConstraint("code", "jaar", name="uq_buurt_code_jaar"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    gemeente_id: Mapped[int] = mapped_column(ForeignKey("gemeente.id"), index=True)
    wijk_id: Mapped[int | None] = mapped_column(ForeignKey("wijk.id"), index=True)
    code: Mapped[str] = mapped_column(String(10))
    naam: Mapped[str] = mapped_column(String(120))
    jaar: Mapped[int] = mapped_column(Integer)
    kenmerken: Mapped[dict] = mapped_column(JSON, default=dict)
    geom = mapped_column(Geometry("MULTIPOLYGON", srid=RD_NEW, spatial_index=True), nullable=False)

    wijk: Mapped[Wijk | None] = relationship(lazy="joined")
