"""Address search and the address page. Every query is limited to the
gemeenten of the current request (``gemeente_ids``)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from geoalchemy2.functions import ST_Distance, ST_Transform, ST_X, ST_Y
from sqlalchemy import and_, func, or_, select, text
from sqlalchemy.orm import Session

from handhaving.geo import RD_NEW, WGS84
from handhaving.locaties.bag import search_name
from handhaving.locaties.models import Adres, Buurt, Verblijfsobject

_POSTCODE_PREFIX_Q = re.compile(r"^([1-9]\d{3})\s*([a-z]?)$")
_POSTCODE_Q = re.compile(r"^([1-9]\d{3})\s*([a-z]{2})(?![a-z])\s*(?:(\d{1,5})\s*(.*))?$")
_STREET_Q = re.compile(r"^(.*?[^\d\s])\s+(\d{1,5})\s*(.*)$")
_TOP = "\U0010ffff"  # sorts after every character (binary collation on both databases)


# NULLs first on both databases (PostgreSQL puts them last by default): 12, 12-1, 12A.
_NUMBER_ORDER = (Adres.huisnummer, Adres.huisletter.asc().nulls_first(), Adres.toevoeging.asc().nulls_first())


@dataclass
class Query:
    postcode: str | None = None
    postcode_prefix: str | None = None
    straat: str | None = None
    huisnummer: int | None = None
    suffix: str = ""


_STREET_LAST_NUMBER_Q = re.compile(r"^(.*\S)\s+(\d{1,5})\s*([a-z]?(?:[-\s]?[a-z0-9]{1,4})?)$")


def alternatives(q: str, first: Query) -> list[Query]:
    """Other readings when the first finds nothing: street names with a number
    ('Plein 1944 12' → street 'plein 1944', number 12; 'Plein 1944' → street only)."""
    q = _q(q)
    result = []
    if first.straat is not None and first.huisnummer is not None:
        m = _STREET_LAST_NUMBER_Q.match(q)
        if m and m.group(1) != first.straat:
            result.append(Query(straat=m.group(1), huisnummer=int(m.group(2)), suffix=_suffix(m.group(3))))
        result.append(Query(straat=q))
    return result


def _q(q: str) -> str:
    """Lower case, no accents; a space after a full stop ("burg.de withstr.12" → "burg. de withstr. 12")."""
    return re.sub(r"\.(?=\S)", ". ", search_name(q or "")[:100])


def parse_query(q: str) -> Query | None:
    """'1011 ab 12-a', '1011AB', 'kerkstr 12a', 'Sint-Jansstraat', 'Burg. de Withstr. 5' → parts."""
    q = _q(q)
    if len(q) < 2:
        return None
    m = _POSTCODE_PREFIX_Q.match(q)
    if m:
        # "6411" or "6411 a" while typing: every postcode that starts so.
        return Query(postcode_prefix=(m.group(1) + m.group(2)).upper())
    m = _POSTCODE_Q.match(q)
    if m:
        nr = int(m.group(3)) if m.group(3) else None
        return Query(postcode=(m.group(1) + m.group(2)).upper(), huisnummer=nr,
                     suffix=_suffix(m.group(4) or ""))
    m = _STREET_Q.match(q)
    if m:
        return Query(straat=m.group(1).strip(), huisnummer=int(m.group(2)), suffix=_suffix(m.group(3)))
    if q.isdigit():
        return None
    return Query(straat=q)


# Abbreviations in street names that are not the start of the word they stand for.
_AFKORTINGEN = {"st": ("sint",), "mr": ("meester",), "dr": ("dokter", "doctor"), "ds": ("dominee",),
                "jhr": ("jonkheer",), "mgr": ("monseigneur",), "h": ("heilige",)}


def _like(tekst: str) -> str:
    return tekst.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _straat_voorwaarde(straat: str):
    """A street name that starts so; a word ending in a full stop is an abbreviation of any word
    it begins ("burg." Burgemeester, "str." straat), or of its usual expansion ("st." Sint). The
    prefix before the first full stop keeps the index in use."""
    if "." not in straat:
        return and_(Adres.zoeknaam >= straat, Adres.zoeknaam < straat + _TOP)
    varianten = [""]
    for woord in straat.split(" "):
        if woord.endswith(".") and woord.strip("."):
            kern = woord.rstrip(".")
            delen = [_like(kern) + "%", *(_like(x) for x in _AFKORTINGEN.get(kern, ()))]
        else:
            delen = [_like(woord)]
        varianten = [f"{v} {d}".lstrip() for v in varianten for d in delen][:8]
    voorwaarden = []
    for patroon in varianten:
        voor = patroon.split("%")[0].replace("\\", "")
        voorwaarden.append(and_(Adres.zoeknaam >= voor, Adres.zoeknaam < voor + _TOP,
                                Adres.zoeknaam.like(patroon + "%", escape="\\")))
    return or_(*voorwaarden)


def _suffix(value: str) -> str:
    return re.sub(r"[^a-z0-9]", "", value.lower())


def _suffix_matches(adres: Adres, suffix: str) -> bool:
    if not suffix:
        return True
    own = ((adres.huisletter or "") + (adres.toevoeging or "")).lower()
    return own.startswith(suffix) or (adres.toevoeging or "").lower().startswith(suffix)


def zoek_adressen(session: Session, gemeente_ids: list[int], q: str, limit: int = 15) -> list[Adres]:
    """Addresses matching a postcode(+number) or a street prefix(+number)."""
    parsed = parse_query(q)
    if parsed is None or not gemeente_ids:
        return []
    for query in [parsed, *alternatives(q, parsed)]:
        found = _search(session, gemeente_ids, query, limit)
        if found:
            return found
    return []


def _search(session: Session, gemeente_ids: list[int], parsed: Query, limit: int) -> list[Adres]:
    stmt = select(Adres).where(Adres.gemeente_id.in_(gemeente_ids))
    if parsed.postcode:
        stmt = stmt.where(Adres.postcode == parsed.postcode)
    elif parsed.postcode_prefix:
        stmt = stmt.where(and_(Adres.postcode >= parsed.postcode_prefix,
                               Adres.postcode < parsed.postcode_prefix + _TOP))
    else:
        stmt = stmt.where(_straat_voorwaarde(parsed.straat))
    if parsed.huisnummer is not None:
        stmt = stmt.where(Adres.huisnummer == parsed.huisnummer)
    if parsed.straat is None:
        stmt = stmt.order_by(Adres.postcode, *_NUMBER_ORDER)
    else:
        stmt = stmt.order_by(Adres.zoeknaam, Adres.woonplaats, *_NUMBER_ORDER)
    # A suffix filter happens after SQL; fetch a little more so the page stays full.
    fetch = limit * 4 if parsed.suffix else limit
    rows = session.execute(stmt.limit(fetch)).unique().scalars().all()
    return [a for a in rows if _suffix_matches(a, parsed.suffix)][:limit]


def get_adres(session: Session, gemeente_ids: list[int], adres_id: int) -> Adres | None:
    """One address, or None when it does not exist or belongs to another gemeente."""
    return session.execute(
        select(Adres).where(Adres.id == adres_id, Adres.gemeente_id.in_(gemeente_ids))
    ).unique().scalar_one_or_none()


def wgs84(session: Session, vbo: Verblijfsobject) -> tuple[float, float]:
    """(lat, lon) of a verblijfsobject for web maps."""
    point = ST_Transform(Verblijfsobject.geom, WGS84)
    lon, lat = session.execute(
        select(ST_X(point), ST_Y(point)).where(Verblijfsobject.id == vbo.id)
    ).one()
    return lat, lon


def rd(session: Session, vbo: Verblijfsobject) -> tuple[float, float]:
    return session.execute(
        select(ST_X(Verblijfsobject.geom), ST_Y(Verblijfsobject.geom)).where(Verblijfsobject.id == vbo.id)
    ).one()


def _near_clause(session: Session, x: float, y: float, metres: float):
    """Bounding-box prefilter that uses the spatial index on both databases."""
    if session.get_bind().dialect.name == "sqlite":
        # SpatiaLite never uses its R*Tree on its own (tech notes §1).
        return Verblijfsobject.id.in_(text(
            "SELECT ROWID FROM SpatialIndex WHERE f_table_name = 'verblijfsobject' "
            "AND f_geometry_column = 'geom' AND search_frame = BuildMbr(:x1, :y1, :x2, :y2, 28992)"
        ).bindparams(x1=x - metres, y1=y - metres, x2=x + metres, y2=y + metres))
    return Verblijfsobject.geom.op("&&")(
        func.ST_MakeEnvelope(x - metres, y - metres, x + metres, y + metres, RD_NEW))


def omgeving(session: Session, gemeente_ids: list[int], adres: Adres, metres: float = 100,
             limit: int = 300) -> list[dict]:
    """Verblijfsobjecten within ``metres`` of the address, for the map (WGS84)."""
    x, y = rd(session, adres.verblijfsobject)
    here = func.ST_GeomFromText(f"POINT({x} {y})", RD_NEW)
    point = ST_Transform(Verblijfsobject.geom, WGS84)
    rows = session.execute(
        select(Verblijfsobject.id, ST_Y(point), ST_X(point), func.min(Adres.id),
               func.count(Adres.id), func.min(Adres.openbare_ruimte), func.min(Adres.huisnummer))
        .join(Adres, Adres.verblijfsobject_id == Verblijfsobject.id)
        .where(Verblijfsobject.gemeente_id.in_(gemeente_ids), _near_clause(session, x, y, metres),
               ST_Distance(Verblijfsobject.geom, here) <= metres)
        .group_by(Verblijfsobject.id, ST_Y(point), ST_X(point))
        .limit(limit)
    ).all()
    return [{"id": r[3], "lat": round(r[1], 6), "lon": round(r[2], 6),
             "label": f"{r[5]} {r[6]}" + (f" (+{r[4] - 1} adres)" if r[4] > 1 else ""),
             "hier": r[0] == adres.verblijfsobject_id} for r in rows]


def adressen_op_object(session: Session, gemeente_ids: list[int], adres: Adres) -> list[Adres]:
    """Hoofdadres and nevenadressen of the same verblijfsobject."""
    return session.execute(
        select(Adres).where(Adres.verblijfsobject_id == adres.verblijfsobject_id,
                            Adres.gemeente_id.in_(gemeente_ids))
        .order_by(Adres.is_nevenadres, Adres.huisnummer)
    ).unique().scalars().all()


def adressen_in_pand(session: Session, gemeente_ids: list[int], pand_id: str | None,
                     limit: int = 100) -> list[Adres]:
    """Hoofdadressen of all verblijfsobjecten in the same building (for overcrowding context)."""
    if not pand_id:
        return []
    return session.execute(
        select(Adres).join(Verblijfsobject, Adres.verblijfsobject_id == Verblijfsobject.id)
        .where(Verblijfsobject.pand_id == pand_id, Verblijfsobject.gemeente_id.in_(gemeente_ids),
               Adres.is_nevenadres.is_(False))
        .order_by(Adres.zoeknaam, *_NUMBER_ORDER).limit(limit)
    ).unique().scalars().all()


def aantallen(session: Session, gemeente_ids: list[int]) -> dict:
    return {
        "adressen": session.execute(select(func.count()).select_from(Adres)
                                    .where(Adres.gemeente_id.in_(gemeente_ids))).scalar(),
        "objecten": session.execute(select(func.count()).select_from(Verblijfsobject)
                                    .where(Verblijfsobject.gemeente_id.in_(gemeente_ids))).scalar(),
    }


def buurt_van(session: Session, vbo: Verblijfsobject) -> Buurt | None:
    """The CBS buurt (with its wijk) the object lies in, from the newest imported year."""
    if vbo.buurt_id is None:
        return None
    return session.get(Buurt, vbo.buurt_id)
