"""Both gemeenten with the default control types, a few addresses and their objects."""
from __future__ import annotations

import pytest

from handhaving.controles import sjablonen
from tests.factories import add_adres


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield


@pytest.fixture
def buurt(app, session, world):
    """Addresses in Dalveen (one with a nevenadres) and one in Hoogmeer; default types in both."""
    with app.app_context():
        for g in (world["a"], world["b"]):
            sjablonen.installeer_standaard(session, g.id)
        a1 = add_adres(session, world["a"], "Kanaalstraat", 12, "9901AB")
        a1.verblijfsobject.oppervlakte = 40
        neven = add_adres(session, world["a"], "Zijstraat", 1, "9901AB", vbo=a1.verblijfsobject, nevenadres=True)
        a2 = add_adres(session, world["a"], "Havenweg", 3, "9901AC")
        a2.verblijfsobject.oppervlakte = 100
        kantoor = add_adres(session, world["a"], "Industrieweg", 5, "9901AD", gebruiksdoelen="kantoorfunctie")
        kantoor.verblijfsobject.oppervlakte = 300
        b1 = add_adres(session, world["b"], "Dorpsstraat", 1, "9902AA")
        b1.verblijfsobject.oppervlakte = 30
        session.commit()
    return {**world, "a1": a1, "neven": neven, "a2": a2, "kantoor": kantoor, "b1": b1}
