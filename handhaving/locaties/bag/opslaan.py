"""Storing a read BAG file: staging tables, file-wide checks and a set-based upsert.

Parsed rows go into a temporary staging table in batches (PostgreSQL: ``COPY``
through psycopg; SQLite: ``executemany``), so memory holds one batch, never the
file. The checks that need the whole file (an object in two gemeenten or with
two sets of data, a nummeraanduiding twice) run in SQL on the staging table. Only then are
``verblijfsobject`` and ``adres`` written, with a few INSERT … SELECT and
UPDATE … FROM statements (SQLAlchemy Core, both dialects): new objects are
inserted, changed ones updated, unchanged ones not touched.
"""
from __future__ import annotations

from collections.abc import Iterable

from geoalchemy2.functions import ST_X, ST_Y
from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Float,
    Integer,
    MetaData,
    Table,
    and_,
    case,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import Connection
from sqlalchemy.types import NullType

from handhaving.db import utcnow
from handhaving.geo import RD_NEW
from handhaving.locaties.bag.lezen import MAX_ERRORS, RIJ_VELDEN
from handhaving.locaties.bag.rapport import ImportReport
from handhaving.locaties.models import Adres, Verblijfsobject

BATCH = 10_000

V = Verblijfsobject.__table__
A = Adres.__table__
OBJECT_VELDEN = ("gemeente_id", "object_type", "gebruiksdoelen", "oppervlakte", "status", "pand_id",
                 "pand_status", "bouwjaar")
# Not in the short layout (bagadres.csv): there, NULL means "not delivered" and the
# stored value stays. (gebruiksdoelen is delivered for a ligplaats or standplaats:
# it follows from the object type.)
NIET_IN_KORT = ("gebruiksdoelen", "oppervlakte", "status", "pand_id", "pand_status", "bouwjaar")
# The fields every line of one object must agree on, with their Dutch names.
OBJECT_LABELS = {"object_type": "soort", "gebruiksdoelen": "gebruiksdoel", "oppervlakte": "oppervlakte",
                 "status": "status", "pand_id": "pand", "pand_status": "pandstatus", "bouwjaar": "bouwjaar",
                 "x": "x", "y": "y"}
ADRES_VELDEN = ("gemeente_id", "openbare_ruimte", "zoeknaam", "huisnummer", "huisletter", "toevoeging",
                "postcode", "woonplaats", "is_nevenadres")

_meta = MetaData()


def _like(table: Table, name: str, **kw) -> Column:
    """A staging column with the target's type (collations must match on PostgreSQL)."""
    return Column(name, table.c[name].type, **kw)


def _rij_kolom(name: str) -> Column:
    if name in ("regel", "gemeente_id"):
        return Column(name, Integer, nullable=False)
    if name in ("x", "y"):
        return Column(name, Float(53))
    return _like(V if name in V.c and name not in A.c else A, name)


# One row per line of the file (an address with its object's fields), as read.
RIJEN = Table("bag_import_rij", _meta, *[_rij_kolom(f) for f in RIJ_VELDEN],
              prefixes=["TEMPORARY"], postgresql_on_commit="DROP")

# One row per object (verblijfsobject, ligplaats, standplaats): its first line in the
# file, the id it already has (vbo_id) and whether its stored fields differ (wijzig).
OBJECTEN = Table(
    "bag_import_object", _meta,
    _like(V, "bag_id"),
    Column("regel", Integer, nullable=False),
    *[_like(V, f) for f in OBJECT_VELDEN],
    Column("x", Float(53)), Column("y", Float(53)),
    Column("vbo_id", Integer), Column("wijzig", Boolean),
    prefixes=["TEMPORARY"], postgresql_on_commit="DROP",
)

# One row per address, matched: its object's id, the address it already is (adres_id), wijzig.
ADRESSEN = Table(
    "bag_import_adres", _meta,
    Column("regel", Integer, nullable=False),
    _like(A, "nummeraanduiding_id"),
    *[_like(A, f) for f in ADRES_VELDEN],
    Column("vbo_id", Integer), Column("adres_id", Integer), Column("wijzig", Boolean),
    prefixes=["TEMPORARY"], postgresql_on_commit="DROP",
)
_DROP = ("DROP TABLE IF EXISTS bag_import_adres", "DROP TABLE IF EXISTS bag_import_object",
         "DROP TABLE IF EXISTS bag_import_rij")


def _waarde(value) -> str:
    return "(leeg)" if value is None else str(value)


class Staging:
    """The temporary tables of one import, on the session's connection."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.pg = conn.dialect.name == "postgresql"
        self._insert_sql = None

    # --- loading ------------------------------------------------------------------------

    def create(self) -> None:
        self.drop()
        RIJEN.create(self.conn)

    def drop(self) -> None:
        for stmt in _DROP:
            self.conn.execute(text(stmt))

    def load(self, rows: Iterable[tuple]) -> None:
        """Write parsed rows (RIJ_VELDEN order) in batches of BATCH."""
        batch: list[tuple] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                self._write(batch)
                batch = []
        if batch:
            self._write(batch)

    def _write(self, batch: list[tuple]) -> None:
        if self.pg:
            from psycopg import sql

            stmt = sql.SQL("COPY {} ({}) FROM STDIN").format(
                sql.Identifier(RIJEN.name), sql.SQL(", ").join(map(sql.Identifier, RIJ_VELDEN)))
            with self.conn.connection.driver_connection.cursor() as cur, cur.copy(stmt) as copy:
                for row in batch:
                    copy.write_row(row)
        else:
            if self._insert_sql is None:
                self._insert_sql = str(RIJEN.insert().values({f: None for f in RIJ_VELDEN})
                                       .compile(dialect=self.conn.dialect))
            self.conn.exec_driver_sql(self._insert_sql, batch)

    def loaded(self) -> None:
        if self.pg:
            # Temporary tables are never analysed by autovacuum.
            self.conn.execute(text("ANALYZE bag_import_rij"))

    # --- file-wide checks -----------------------------------------------------------------

    def check(self) -> list[tuple[int, str]]:
        """Errors that need the whole file, by line number."""
        r = RIJEN.c
        errors: list[tuple[int, str]] = []
        # Every line of an object against its first line: another gemeente, or other
        # object data. Which line is right cannot be known, so neither wins silently.
        # Only objects with more than one line (a few per cent) are sorted.
        velden = ["gemeente_id", *OBJECT_LABELS]

        def eerste(col):
            return func.first_value(col).over(partition_by=r.bag_id, order_by=r.regel)

        # IN, not a join: SQLite builds an index for IN (a join here ran as a nested loop).
        meer = select(r.bag_id).group_by(r.bag_id).having(func.count() > 1)
        sub = (select(r.regel, r.bag_id, eerste(r.regel).label("eerste_regel"),
                      *[r[f] for f in velden], *[eerste(r[f]).label(f"eerste_{f}") for f in velden])
               .where(r.bag_id.in_(meer)).subquery())
        verschil = or_(*[sub.c[f].is_distinct_from(sub.c[f"eerste_{f}"]) for f in velden])
        for rij in self.conn.execute(select(sub).where(sub.c.regel != sub.c.eerste_regel, verschil)
                                     .order_by(sub.c.regel).limit(MAX_ERRORS)).mappings():
            if rij["gemeente_id"] != rij["eerste_gemeente_id"]:
                errors.append((rij["regel"], f"object {rij['bag_id']} staat ook bij een andere gemeente"))
                continue
            anders = ", ".join(f"{label} {_waarde(rij[f'eerste_{f}'])} ≠ {_waarde(rij[f])}"
                               for f, label in OBJECT_LABELS.items() if rij[f] != rij[f"eerste_{f}"])
            errors.append((rij["regel"], f"object {rij['bag_id']} staat op regel {rij['eerste_regel']} "
                                         f"met andere gegevens: {anders}"))
        nr = func.row_number().over(partition_by=r.nummeraanduiding_id, order_by=r.regel)
        sub = select(r.regel, r.nummeraanduiding_id, nr.label("nr")).where(
            r.nummeraanduiding_id.is_not(None)).subquery()
        for regel, na in self.conn.execute(
                select(sub.c.regel, sub.c.nummeraanduiding_id).where(sub.c.nr > 1)
                .order_by(sub.c.regel).limit(MAX_ERRORS)):
            errors.append((regel, f"nummeraanduiding {na} komt twee keer voor"))
        # bagadres.csv has no nummeraanduiding: an address is its object plus address parts.
        parts = (r.bag_id, r.huisnummer, func.coalesce(r.huisletter, ""), func.coalesce(r.toevoeging, ""),
                 func.coalesce(r.postcode, ""))
        nr = func.row_number().over(partition_by=parts, order_by=r.regel)
        sub = select(r.regel, r.bag_id, nr.label("nr")).where(r.nummeraanduiding_id.is_(None)).subquery()
        for regel, bag_id in self.conn.execute(
                select(sub.c.regel, sub.c.bag_id).where(sub.c.nr > 1).order_by(sub.c.regel).limit(MAX_ERRORS)):
            errors.append((regel, f"dit adres van object {bag_id} komt twee keer voor"))
        return sorted(errors)[:MAX_ERRORS]

    # --- comparing and writing ------------------------------------------------------------

    def _point(self, x, y):
        if self.pg:
            point = func.ST_SetSRID(func.ST_MakePoint(x, y, type_=NullType), RD_NEW, type_=NullType)
        else:
            point = func.MakePoint(x, y, RD_NEW, type_=NullType)
        return point

    def upsert(self, report: ImportReport, dry_run: bool, volledig: bool = True) -> None:
        """``volledig``: the file has the full layout; otherwise the fields it lacks
        (NIET_IN_KORT) keep their stored values."""
        self._objecten(report, dry_run, () if volledig else NIET_IN_KORT)
        self._adressen(report, dry_run)

    def _objecten(self, report: ImportReport, dry_run: bool, ontbreekt: tuple[str, ...]) -> None:
        conn, r, o = self.conn, RIJEN.c, OBJECTEN.c
        # All lines of an object agree (check() refuses a file where they do not): take the first.
        cols = ["bag_id", "regel", *OBJECT_VELDEN, "x", "y"]
        rn = func.row_number().over(partition_by=r.bag_id, order_by=r.regel).label("rn")
        numbered = select(*[r[c] for c in cols], rn).subquery("genummerd")
        first = select(*[numbered.c[c] for c in cols]).where(numbered.c.rn == 1).subquery("eerste")
        differs = or_(*[and_(first.c[f].is_not(None), V.c[f].is_distinct_from(first.c[f])) if f in ontbreekt
                        else V.c[f].is_distinct_from(first.c[f]) for f in OBJECT_VELDEN],
                      func.abs(ST_X(V.c.geom) - first.c.x) >= 0.001, func.abs(ST_Y(V.c.geom) - first.c.y) >= 0.001)
        OBJECTEN.create(conn)
        conn.execute(insert(OBJECTEN).from_select(
            [*cols, "vbo_id", "wijzig"],
            select(*[first.c[c] for c in cols], V.c.id, case((and_(V.c.id.is_not(None), differs), True),
                                                             else_=False))
            .select_from(first.outerjoin(V, V.c.bag_id == first.c.bag_id))))
        total, existing, changed = conn.execute(select(
            func.count(), func.count(o.vbo_id), func.coalesce(func.sum(case((o.wijzig.is_(True), 1), else_=0)), 0)
        )).one()
        report.vbo_new, report.vbo_changed = total - existing, changed
        report.vbo_unchanged = existing - changed
        report.objecten_per_soort = dict(conn.execute(
            select(o.object_type, func.count()).group_by(o.object_type)).all())
        if dry_run:
            return
        now = literal(utcnow(), DateTime())
        if changed:
            conn.execute(update(V).values(**{f: func.coalesce(o[f], V.c[f]) if f in ontbreekt else o[f]
                                             for f in OBJECT_VELDEN}, geom=self._point(o.x, o.y),
                                          bijgewerkt_op=now)
                         .where(V.c.id == o.vbo_id, o.wijzig.is_(True)))
        if total - existing:
            conn.execute(insert(V).from_select(
                ["bag_id", *OBJECT_VELDEN, "geom", "bijgewerkt_op"],
                select(o.bag_id, *[o[f] for f in OBJECT_VELDEN], self._point(o.x, o.y), now)
                .where(o.vbo_id.is_(None)).order_by(o.regel)))

    def _adressen(self, report: ImportReport, dry_run: bool) -> None:
        """Matched by nummeraanduiding; without one (bagadres.csv, or an address that
        came from it) by object and address parts. Runs after the objects are written,
        so new objects have their ids (in a dry run they have none: all their addresses are new)."""
        conn, r, d = self.conn, RIJEN.c, ADRESSEN.c
        adres_id = A.c.id
        small_rows = conn.execute(select(exists().where(r.nummeraanduiding_id.is_(None)))).scalar()
        small_adressen = conn.execute(select(exists().where(A.c.nummeraanduiding_id.is_(None)))).scalar()
        if small_rows or small_adressen:
            a2 = A.alias("op_delen")
            by_parts = select(func.min(a2.c.id)).where(
                a2.c.verblijfsobject_id == V.c.id, a2.c.huisnummer == r.huisnummer,
                func.coalesce(a2.c.huisletter, "") == func.coalesce(r.huisletter, ""),
                func.coalesce(a2.c.toevoeging, "") == func.coalesce(r.toevoeging, ""),
                func.coalesce(a2.c.postcode, "") == func.coalesce(r.postcode, ""),
                or_(r.nummeraanduiding_id.is_(None), a2.c.nummeraanduiding_id.is_(None))).scalar_subquery()
            adres_id = func.coalesce(A.c.id, by_parts)
        cols = ["regel", "nummeraanduiding_id", *ADRES_VELDEN]
        matched = (select(*[r[c] for c in cols], V.c.id.label("vbo_id"), adres_id.label("adres_id"))
                   .select_from(RIJEN.outerjoin(V, V.c.bag_id == r.bag_id)
                                .outerjoin(A, A.c.nummeraanduiding_id == r.nummeraanduiding_id))
                   .subquery("gekoppeld"))
        old = A.alias("oud")
        differs = or_(old.c.verblijfsobject_id.is_distinct_from(matched.c.vbo_id),
                      *[old.c[f].is_distinct_from(matched.c[f]) for f in ADRES_VELDEN],
                      and_(matched.c.nummeraanduiding_id.is_not(None),
                           old.c.nummeraanduiding_id.is_distinct_from(matched.c.nummeraanduiding_id)))
        ADRESSEN.create(conn)
        conn.execute(insert(ADRESSEN).from_select(
            [*cols, "vbo_id", "adres_id", "wijzig"],
            select(*[matched.c[c] for c in cols], matched.c.vbo_id, matched.c.adres_id,
                   case((and_(old.c.id.is_not(None), differs), True), else_=False))
            .select_from(matched.outerjoin(old, old.c.id == matched.c.adres_id))))
        total, existing, changed, neven = conn.execute(select(
            func.count(), func.count(d.adres_id),
            func.coalesce(func.sum(case((d.wijzig.is_(True), 1), else_=0)), 0),
            func.coalesce(func.sum(case((d.is_nevenadres.is_(True), 1), else_=0)), 0),
        )).one()
        report.adres_new, report.adres_changed = total - existing, changed
        report.adres_unchanged, report.nevenadressen = existing - changed, neven
        if dry_run:
            return
        if changed:
            conn.execute(update(A).values(
                verblijfsobject_id=d.vbo_id, **{f: d[f] for f in ADRES_VELDEN},
                nummeraanduiding_id=func.coalesce(d.nummeraanduiding_id, A.c.nummeraanduiding_id),
            ).where(A.c.id == d.adres_id, d.wijzig.is_(True)))
        if total - existing:
            conn.execute(insert(A).from_select(
                ["nummeraanduiding_id", "verblijfsobject_id", *ADRES_VELDEN],
                select(d.nummeraanduiding_id, d.vbo_id, *[d[f] for f in ADRES_VELDEN])
                .where(d.adres_id.is_(None)).order_by(d.regel)))
