"""Small builders for domain objects; they only flush."""
from __future__ import annotations

import itertools

from handhaving.geo import rd_point_wkt
from handhaving.locaties.bag_import import search_name
from handhaving.locaties.models import Adres, Verblijfsobject

# High numbers: the browser tests add addresses next to the demo data's BAG ids.
_serial = itertools.count(9_000_000_001)


def add_adres(session, gemeente, straat: str, huisnummer: int, postcode: str, *, huisletter=None,
              toevoeging=None, x=191_400.0, y=321_800.0, gebruiksdoelen="woonfunctie",
              woonplaats=None, vbo=None, nevenadres=False) -> Adres:
    n = next(_serial)
    if vbo is None:
        vbo = Verblijfsobject(gemeente_id=gemeente.id, bag_id=f"{gemeente.code}01{n:010d}", object_type="VBO",
                              gebruiksdoelen=gebruiksdoelen, oppervlakte=80, status="Verblijfsobject in gebruik",
                              pand_id=f"{gemeente.code}10{n:010d}", geom=rd_point_wkt(x, y))
        session.add(vbo)
        session.flush()
    adres = Adres(gemeente_id=gemeente.id, nummeraanduiding_id=f"{gemeente.code}20{n:010d}",
                  verblijfsobject_id=vbo.id, openbare_ruimte=straat, zoeknaam=search_name(straat),
                  huisnummer=huisnummer, huisletter=huisletter, toevoeging=toevoeging, postcode=postcode,
                  woonplaats=woonplaats or gemeente.naam, is_nevenadres=nevenadres)
    session.add(adres)
    session.flush()
    return adres
