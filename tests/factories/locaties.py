"""BAG verblijfsobjecten and addresses (points in RD New)."""
from __future__ import annotations

import itertools

import factory

from handhaving.geo import rd_point_wkt
from handhaving.locaties.bag import search_name
from handhaving.locaties.models import Adres, Verblijfsobject
from tests.factories.base import Factory

# High numbers: the browser tests add addresses next to the demo data's BAG ids.
_serial = itertools.count(9_000_000_001)


class VerblijfsobjectFactory(Factory):
    class Meta:
        model = Verblijfsobject
        exclude = ("gemeente", "n", "x", "y")

    gemeente = None
    n = factory.LazyFunction(lambda: next(_serial))
    x, y = 191_400.0, 321_800.0
    gemeente_id = factory.LazyAttribute(lambda o: o.gemeente.id)
    bag_id = factory.LazyAttribute(lambda o: f"{o.gemeente.code}01{o.n:010d}")
    object_type = "VBO"
    gebruiksdoelen = "woonfunctie"
    oppervlakte = 80
    status = "Verblijfsobject in gebruik"
    pand_id = factory.LazyAttribute(lambda o: f"{o.gemeente.code}10{o.n:010d}")
    geom = factory.LazyAttribute(lambda o: rd_point_wkt(o.x, o.y))


class AdresFactory(Factory):
    class Meta:
        model = Adres
        exclude = ("gemeente", "vbo", "n")

    gemeente = None
    n = factory.LazyFunction(lambda: next(_serial))
    vbo = factory.LazyAttribute(lambda o: VerblijfsobjectFactory(gemeente=o.gemeente))
    gemeente_id = factory.LazyAttribute(lambda o: o.gemeente.id)
    verblijfsobject_id = factory.LazyAttribute(lambda o: o.vbo.id)
    nummeraanduiding_id = factory.LazyAttribute(lambda o: f"{o.gemeente.code}20{o.n:010d}")
    openbare_ruimte = "Kerkstraat"
    zoeknaam = factory.LazyAttribute(lambda o: search_name(o.openbare_ruimte))
    huisnummer = factory.Sequence(lambda n: n + 1)
    huisletter = None
    toevoeging = None
    postcode = "6411AA"
    woonplaats = factory.LazyAttribute(lambda o: o.gemeente.naam)
    is_nevenadres = False


def add_adres(session, gemeente, straat: str, huisnummer: int, postcode: str, *, huisletter=None,
              toevoeging=None, x=191_400.0, y=321_800.0, gebruiksdoelen="woonfunctie",
              woonplaats=None, vbo=None, nevenadres=False) -> Adres:
    """An address (and its verblijfsobject unless given) in ``session``; only flushes."""
    from tests.factories.base import bind

    bind(session)
    if vbo is None:
        vbo = VerblijfsobjectFactory(gemeente=gemeente, x=x, y=y, gebruiksdoelen=gebruiksdoelen)
    return AdresFactory(gemeente=gemeente, vbo=vbo, openbare_ruimte=straat, huisnummer=huisnummer,
                        postcode=postcode, huisletter=huisletter, toevoeging=toevoeging,
                        woonplaats=woonplaats or gemeente.naam, is_nevenadres=nevenadres)
