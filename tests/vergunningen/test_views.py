"""The register's pages over HTTP: register, bad input, decisions, tenant isolation, what the
field and the mayor see, Bibob content never."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from handhaving.bibob.models import BibobOnderzoek, BibobStatus
from handhaving.security.rules import Rol
from handhaving.subjecten.models import Subject
from handhaving.vergunningen.models import Vergunning, VergunningStatus, Voorschrift
from tests.factories import add_adres
from tests.factories.vergunningen import vergunning
from tests.helpers import csrf_for, login

VANDAAG = date.today()


@pytest.fixture
def register(app, session, world):
    with app.app_context():
        adres = add_adres(session, world["a"], "Kanaalstraat", 12, "9901AB")
        v = vergunning(session, world["a"], adres=adres, inrichting_naam="Club Kanaal")
        vb = vergunning(session, world["b"], inrichting_naam="Club Hoogmeer")
        session.commit()
    return {**world, "adres": adres, "v": v, "vb": vb}


def _als(client, session, world, rol, code="9901"):
    login(client, session, world["users"][(code, rol)])
    return csrf_for(client)


def _aantallen(session):
    session.expire_all()
    return tuple(session.execute(select(func.count()).select_from(m)).scalar_one() for m in (Vergunning, Subject, Voorschrift))


def _formulier(token, **kw):
    data = {"csrf_token": token, "soort": "seksinrichting", "houder_kvk": "1234567", "houder_naam": "Rood & Co B.V.",
            "houder_rechtsvorm": "bv", "postcode": "9901 AB", "huisnummer": "12", "inrichting_naam": "Salon Rood",
            "werkruimten": "6", "max_personen": "10", "openingstijden": "ma–za 12.00–02.00 uur",
            "aanvraagdatum": (VANDAAG - timedelta(days=90)).isoformat(), "status": "verleend",
            "besluitdatum": (VANDAAG - timedelta(days=10)).isoformat(),
            "ingangsdatum": (VANDAAG - timedelta(days=10)).isoformat(),
            "vervaldatum": (VANDAAG + timedelta(days=1000)).isoformat(),
            "voorschriften": "Geen sekswerkers jonger dan 21 jaar.\nTijdens openingstijden is een beheerder aanwezig.\n"}
    data.update(kw)
    return data


def test_vergunningverlener_registers_a_permit_with_voorschriften(client, session, register):
    token = _als(client, session, register, Rol.VERGUNNINGVERLENER)
    resp = client.post("/vergunningen/nieuw", data=_formulier(token))
    assert resp.status_code == 302, resp.get_data(as_text=True)[:2000]
    pagina = client.get(resp.headers["Location"]).get_data(as_text=True)
    for tekst in ("Geen sekswerkers jonger dan 21 jaar.", "Tijdens openingstijden is een beheerder aanwezig.",
                  "Rood &amp; Co B.V.", "01234567", "Kanaalstraat 12", "Nog niet gecontroleerd."):
        assert tekst in pagina
    session.expire_all()
    v = session.execute(select(Vergunning).where(Vergunning.inrichting_naam == "Salon Rood")).scalar_one()
    assert v.status == VergunningStatus.VERLEEND and v.adres_id == register["adres"].id
    assert v.houder.kvk_nummer == "01234567" and [vs.nummer for vs in v.voorschriften] == ["1", "2"]


@pytest.mark.parametrize("veld,waarde,melding", [
    ("houder_kvk", "12 34", "heeft 4 cijfers; een KvK-nummer heeft er 8"),
    ("houder_kvk", "123456780001", "vestigingsnummer"),
    ("vervaldatum", (VANDAAG - timedelta(days=20)).isoformat(), "De vervaldatum ligt vóór de ingangsdatum"),
    ("huisnummer", "99", "staat niet in de BAG van deze gemeente"),
])
def test_bad_input_is_a_dutch_message_input_kept_nothing_written(client, session, register, veld, waarde, melding):
    token = _als(client, session, register, Rol.VERGUNNINGVERLENER)
    voor = _aantallen(session)
    resp = client.post("/vergunningen/nieuw", data=_formulier(token, **{veld: waarde, "inrichting_naam": "Blijft <staan>"}))
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and melding in html
    assert 'value="Blijft &lt;staan&gt;"' in html and "Blijft <staan>" not in html
    assert _aantallen(session) == voor


def test_decisions_over_http_and_an_illegal_step_is_409(client, session, register):
    token = _als(client, session, register, Rol.VERGUNNINGVERLENER)
    v = register["v"]
    url = f"/vergunningen/{v.id}/status"
    resp = client.post(url, data={"csrf_token": token, "naar": "geschorst", "datum": VANDAAG.isoformat()})
    assert resp.status_code == 422 and "motivering" in resp.get_data(as_text=True)
    resp = client.post(url, data={"csrf_token": token, "naar": "geschorst", "datum": VANDAAG.isoformat(),
                                  "toelichting": "Geen beheerder aanwezig bij drie controles."})
    assert resp.status_code == 302
    resp = client.post(url, data={"csrf_token": token, "naar": "aangevraagd", "datum": VANDAAG.isoformat()})
    assert resp.status_code in (409, 422)
    session.expire_all()
    assert session.get(Vergunning, v.id).status == VergunningStatus.GESCHORST
    pagina = client.get(f"/vergunningen/{v.id}").get_data(as_text=True)
    assert "Geen beheerder aanwezig bij drie controles." in pagina and "Schorsing opheffen" in pagina


def test_another_gemeentes_permit_is_404_everywhere(client, session, register):
    token = _als(client, session, register, Rol.VERGUNNINGVERLENER)
    vb = register["vb"]
    assert client.get(f"/vergunningen/{vb.id}").status_code == 404
    assert client.get(f"/vergunningen/{vb.id}/wijzigen").status_code == 404
    for pad, data in ((f"/vergunningen/{vb.id}/status", {"naar": "geschorst"}),
                      (f"/vergunningen/{vb.id}/voorschriften", {"tekst": "x", "categorie": "overig"}),
                      (f"/vergunningen/{vb.id}/voorschriften/{vb.voorschriften[0].id}/vervallen", {}),
                      (f"/vergunningen/{register['v'].id}/voorschriften/{vb.voorschriften[0].id}/vervallen", {})):
        assert client.post(pad, data={"csrf_token": token, **data}).status_code == 404, pad
    lijst = client.get("/vergunningen/").get_data(as_text=True)
    assert "Club Kanaal" in lijst and "Club Hoogmeer" not in lijst


def test_field_reads_the_register_but_does_not_write_it(client, session, register):
    _als(client, session, register, Rol.TOEZICHTHOUDER)
    pagina = client.get(f"/vergunningen/{register['v'].id}").get_data(as_text=True)
    assert "Tijdens openingstijden is een beheerder aanwezig." in pagina
    assert "Besluit vastleggen" not in pagina and "Voorschrift toevoegen" not in pagina
    assert "/subjecten/" not in pagina  # no link into the people register for the field
    assert client.get("/vergunningen/nieuw").status_code == 403


def test_address_page_shows_the_permits_there(client, session, register):
    _als(client, session, register, Rol.COORDINATOR)
    pagina = client.get(f"/locaties/adres/{register['adres'].id}").get_data(as_text=True)
    assert "Vergunningen op dit adres (1)" in pagina and register["v"].zaaknummer in pagina


def test_bibob_check_is_a_date_on_the_permit_never_its_content(app, client, session, register):
    v = register["v"]
    session.add(BibobOnderzoek(gemeente_id=v.gemeente_id, vergunning_id=v.id, zaaknummer="CANARY-BIBOB-7731",
                               status=BibobStatus.ADVIES_ONTVANGEN, aanleiding="CANARY-AANLEIDING"))
    session.commit()
    for rol in (Rol.BURGEMEESTER, Rol.TOEZICHTHOUDER, Rol.VERGUNNINGVERLENER):
        client.post("/uitloggen", data={"csrf_token": csrf_for(client)}) if rol != Rol.BURGEMEESTER else None
        _als(client, session, register, rol)
        for pad in (f"/vergunningen/{v.id}", "/vergunningen/", f"/locaties/adres/{register['adres'].id}"):
            html = client.get(pad).get_data(as_text=True)
            assert "CANARY" not in html, (rol, pad)
        assert "Bibob-toets" in client.get(f"/vergunningen/{v.id}").get_data(as_text=True)
