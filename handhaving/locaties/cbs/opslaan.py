"""Storing checked wijken and buurten: to RD New, compare, upsert on (code, jaar).

The volumes are small (a country has about 17 000 wijken and buurten, an
installation a few hundred), so this works with ORM objects: a row is only
touched when its name, gemeente, wijk, statistics or outline differ, which
keeps a re-import of the same file free of writes.
"""
from __future__ import annotations

from collections.abc import Iterable

import shapely
from geoalchemy2.shape import from_shape, to_shape
from shapely.geometry import MultiPolygon, Polygon
from sqlalchemy import LargeBinary, func, literal, select
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

from handhaving.geo import RD_NEW
from handhaving.locaties.cbs.controle import Gebied
from handhaving.locaties.cbs.lezen import CbsImportFout
from handhaving.locaties.cbs.rapport import CbsRapport
from handhaving.locaties.models import Buurt, Wijk

# Outlines that differ less than this (metres) are the same outline: a transformed
# re-import gives identical numbers, but a float printed and parsed again may not.
GEOM_TOLERANTIE = 1e-6


def naar_rd(session: Session, gebieden: list[Gebied], srid: int) -> list[MultiPolygon]:
    """The outlines in RD New. Another SRID is transformed by the database (PROJ of
    PostGIS or SpatiaLite), so the app needs no pyproj. Raises CbsImportFout."""
    if srid == RD_NEW:
        return [g.geom for g in gebieden]
    result = []
    try:
        with session.begin_nested():
            for gebied in gebieden:
                source = func.ST_GeomFromWKB(literal(shapely.to_wkb(gebied.geom), LargeBinary), srid,
                                             type_=NullType)
                wkb = session.execute(select(func.ST_AsBinary(
                    func.ST_Transform(source, RD_NEW, type_=NullType), type_=LargeBinary))).scalar()
                if wkb is None:  # SpatiaLite answers NULL for an SRID it does not know
                    raise CbsImportFout(f"Het coördinatenstelsel EPSG:{srid} van het bestand kan niet naar "
                                        "RD New worden omgerekend. Er is niets geïmporteerd.")
                result.append(_multi(shapely.from_wkb(bytes(wkb))))
    except DBAPIError as exc:
        raise CbsImportFout(f"Het coördinatenstelsel EPSG:{srid} van het bestand kan niet naar RD New worden "
                            f"omgerekend ({exc.orig}). Er is niets geïmporteerd.") from None
    return result


def _multi(geom) -> MultiPolygon:
    return MultiPolygon([geom]) if isinstance(geom, Polygon) else geom


def _bestaand(session: Session, model, jaar: int, codes: Iterable[str]) -> dict:
    codes = sorted(set(codes))
    found = {}
    for i in range(0, len(codes), 5000):  # well under SQLite's bound-parameter limit
        found.update({obj.code: obj for obj in session.execute(
            select(model).where(model.jaar == jaar, model.code.in_(codes[i:i + 5000]))).unique().scalars()})
    return found


def _upsert(session: Session, model, gebieden: list[tuple[Gebied, MultiPolygon]], jaar: int,
            waarden: dict[str, dict], rapport: CbsRapport, dry_run: bool) -> None:
    telling = rapport.telling(model.__tablename__)
    bestaand = _bestaand(session, model, jaar, (g.code for g, _ in gebieden))
    for gebied, geom in gebieden:
        values = waarden[gebied.code]
        obj = bestaand.get(gebied.code)
        if obj is None:
            telling.nieuw += 1
            if not dry_run:
                session.add(model(code=gebied.code, jaar=jaar, geom=from_shape(geom, srid=RD_NEW), **values))
            continue
        changes = {k: v for k, v in values.items() if getattr(obj, k) != v}
        if not to_shape(obj.geom).equals_exact(geom, GEOM_TOLERANTIE):
            changes["geom"] = from_shape(geom, srid=RD_NEW)
        if not changes:
            telling.ongewijzigd += 1
            continue
        telling.gewijzigd += 1
        if not dry_run:
            for key, value in changes.items():
                setattr(obj, key, value)


def sla_op(session: Session, gebieden: list[Gebied], geoms: list[MultiPolygon], jaar: int,
           gemeenten: dict[str, int], rapport: CbsRapport, dry_run: bool) -> None:
    """Wijken first (buurten point to them), then buurten; counts in ``rapport``; flushes."""
    paren = list(zip(gebieden, geoms))
    wijken = [(g, geom) for g, geom in paren if g.soort == "wijk"]
    buurten = [(g, geom) for g, geom in paren if g.soort == "buurt"]
    basis = {g.code: {"gemeente_id": gemeenten[g.gemeentecode], "naam": g.naam, "kenmerken": g.kenmerken}
             for g in gebieden}
    _upsert(session, Wijk, wijken, jaar, basis, rapport, dry_run)
    if not dry_run:
        session.flush()
    # A buurt's wijk may come from this file or from an earlier import of the same year.
    wijk_ids = dict(session.execute(select(Wijk.code, Wijk.id).where(
        Wijk.jaar == jaar, Wijk.gemeente_id.in_(set(gemeenten.values())))).all())
    for gebied, _ in buurten:
        basis[gebied.code]["wijk_id"] = wijk_ids.get(gebied.wijkcode)
    _upsert(session, Buurt, buurten, jaar, basis, rapport, dry_run)
    if dry_run:
        return
    if wijken:
        # Buurten imported before their wijken (one file per layer) are linked now.
        in_bestand = {g.code for g, _ in buurten}
        gemeente_ids = {gemeenten[g.gemeentecode] for g, _ in wijken}
        for buurt in session.execute(select(Buurt).where(
                Buurt.jaar == jaar, Buurt.wijk_id.is_(None), Buurt.gemeente_id.in_(gemeente_ids))).unique().scalars():
            wijk_id = wijk_ids.get("WK" + buurt.code[2:8])
            if wijk_id is not None and buurt.code not in in_bestand:
                buurt.wijk_id = wijk_id
    session.flush()
