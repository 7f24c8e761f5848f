"""Address search as municipal staff type it, and the address page."""
import pytest

from handhaving.auth.models import Rol
from handhaving.locaties.services import omgeving, parse_query, zoek_adressen
from tests.helpers import login
from tests.factories import add_adres


@pytest.fixture
def street(session, world):
    a = world["a"]
    rows = [add_adres(session, a, "Kerkstraat", 12, "6411AB"),
            add_adres(session, a, "Kerkstraat", 12, "6411AB", huisletter="A", x=191_406),
            add_adres(session, a, "Kerkstraat", 12, "6411AB", toevoeging="BIS", x=191_412),
            add_adres(session, a, "Kerkstraat", 14, "6411AB", x=191_418),
            add_adres(session, a, "Sint-Jansstraat", 3, "6411AC", x=191_500),
            add_adres(session, a, "Kerkpad", 1, "6411AD", x=192_500)]
    session.commit()
    return rows


def labels(found):
    return [a.regel1 for a in found]


@pytest.mark.parametrize("q", ["6411AB 12a", "6411 ab 12 A", "6411ab 12-A", "6411AB12a"])
def test_postcode_with_letter(session, world, street, q):
    assert labels(zoek_adressen(session, [world["a"].id], q)) == ["Kerkstraat 12A"]


def test_postcode_and_number(session, world, street):
    assert labels(zoek_adressen(session, [world["a"].id], "6411 AB 12")) == [
        "Kerkstraat 12", "Kerkstraat 12-BIS", "Kerkstraat 12A"]


def test_postcode_prefix_while_typing(session, world, street):
    assert len(zoek_adressen(session, [world["a"].id], "6411")) == 6
    assert len(zoek_adressen(session, [world["a"].id], "6411 a")) == 6


def test_street_prefix_and_number(session, world, street):
    assert labels(zoek_adressen(session, [world["a"].id], "kerkstr 14")) == ["Kerkstraat 14"]
    assert labels(zoek_adressen(session, [world["a"].id], "KERK")) == [
        "Kerkpad 1", "Kerkstraat 12", "Kerkstraat 12-BIS", "Kerkstraat 12A", "Kerkstraat 14"]
    assert labels(zoek_adressen(session, [world["a"].id], "sint-jans")) == ["Sint-Jansstraat 3"]


def test_nonsense_and_too_short(session, world, street):
    assert zoek_adressen(session, [world["a"].id], "k") == []
    assert zoek_adressen(session, [world["a"].id], "'; DROP TABLE adres; --") == []
    assert zoek_adressen(session, [], "kerk") == []
    assert parse_query("x" * 500) is not None  # capped, not an error


def test_neighbours_within_100_metres(session, world, street):
    near = omgeving(session, [world["a"].id], street[0])
    ids = {p["id"] for p in near}
    assert street[3].id in ids          # 18 m away
    assert street[5].id not in ids      # 1.1 km away
    here = next(p for p in near if p["hier"])
    # RD (191400, 321800) lies in Zuid-Limburg.
    assert 50.8 < here["lat"] < 51.0 and 5.8 < here["lon"] < 6.1


def test_address_page(client, session, world, street):
    login(client, session, world["users"][("9901", Rol.TOEZICHTHOUDER)])
    html = client.get(f"/locaties/adres/{street[1].id}").get_data(as_text=True)
    assert "Kerkstraat 12A" in html and "6411 AB" in html and street[1].nummeraanduiding_id in html
    assert 'id="kaart-data"' in html


def test_search_page_without_javascript(client, session, world, street):
    login(client, session, world["users"][("9901", Rol.TOEZICHTHOUDER)])
    html = client.get("/locaties/?q=kerkstraat+12").get_data(as_text=True)
    assert "Kerkstraat 12A" in html and "Kerkpad" not in html
    html = client.get("/locaties/?q=nergensstraat").get_data(as_text=True)
    assert "Geen adressen gevonden" in html


def test_street_names_with_a_number(session, world):
    add_adres(session, world["a"], "Plein 1944", 12, "6411BA")
    add_adres(session, world["a"], "Plein", 3, "6411BB", x=191_450)
    session.commit()
    assert labels(zoek_adressen(session, [world["a"].id], "plein 1944 12")) == ["Plein 1944 12"]
    assert labels(zoek_adressen(session, [world["a"].id], "Plein 1944")) == ["Plein 1944 12"]
    assert labels(zoek_adressen(session, [world["a"].id], "plein 3")) == ["Plein 3"]


def test_address_page_lists_the_building(client, session, world):
    first = add_adres(session, world["a"], "Molenweg", 1, "6411CA")
    pand = first.verblijfsobject.pand_id
    from handhaving.locaties.models import Verblijfsobject
    from handhaving.geo import rd_point_wkt
    for nr in (2, 3):
        vbo = Verblijfsobject(gemeente_id=world["a"].id, bag_id=f"99010199999999{nr:02d}", object_type="VBO",
                              gebruiksdoelen="woonfunctie", oppervlakte=30, pand_id=pand, geom=rd_point_wkt(191_401, 321_801))
        session.add(vbo)
        session.flush()
        add_adres(session, world["a"], "Molenweg", 1, "6411CA", toevoeging=str(nr), vbo=vbo)
    session.commit()
    login(client, session, world["users"][("9901", Rol.TOEZICHTHOUDER)])
    html = client.get(f"/locaties/adres/{first.id}").get_data(as_text=True)
    assert "In hetzelfde pand" in html and "Molenweg 1-2" in html and "Molenweg 1-3" in html and "30 m²" in html
