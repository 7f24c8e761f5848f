"""A real gemeente can be put into service: add it by CBS code, create its first
beheerder, and set its norms and APV articles in the browser."""
import re

import pytest
from sqlalchemy import func, select

from handhaving.audit.models import AuditRegel
from handhaving.auth.models import Gebruiker, Gemeente, Rol
from handhaving.beheer.acties import BeheerActie
from handhaving.instellingen import GemeenteInstelling
from tests.helpers import csrf_from, login


def _cli(app, *args):
    return app.test_cli_runner().invoke(args=["gemeente", *args])


def test_add_a_gemeente_and_its_first_beheerder(app, session):
    result = _cli(app, "toevoegen", "--code", "GM0034", "--naam", "Almere", "--regio", "RIEC Midden-Nederland")
    assert result.exit_code == 0, result.output
    gemeente = session.execute(select(Gemeente).where(Gemeente.code == "0034")).scalar_one()
    assert (gemeente.naam, gemeente.regio) == ("Almere", "RIEC Midden-Nederland")

    result = _cli(app, "eerste-beheerder", "--gemeente", "0034", "--gebruikersnaam", "F.Beheer",
                  "--naam", "Fatima Beheer")
    assert result.exit_code == 0, result.output
    wachtwoord = re.search(r"^  (.+)$", result.output, re.M).group(1)
    session.expire_all()
    user = session.execute(select(Gebruiker).where(Gebruiker.gebruikersnaam == "f.beheer")).scalar_one()
    assert [(t.gemeente_id, t.rol) for t in user.rollen] == [(gemeente.id, Rol.BEHEERDER)]
    assert user.wachtwoord_wijzigen_verplicht and user.totp_secret is None
    acties = set(session.execute(select(AuditRegel.actie)).scalars())
    assert {BeheerActie.GEMEENTE_TOEGEVOEGD, BeheerActie.EERSTE_BEHEERDER} <= acties
    assert wachtwoord not in " ".join(r.details or "" for r in session.execute(select(AuditRegel)).scalars())

    # A second "first beheerder" is refused, with nothing written.
    result = _cli(app, "eerste-beheerder", "--gemeente", "0034", "--gebruikersnaam", "tweede",
                  "--naam", "Tweede Beheerder")
    assert result.exit_code == 2 and "heeft al een beheerder" in result.output
    assert session.execute(select(Gebruiker).where(Gebruiker.gebruikersnaam == "tweede")).first() is None


@pytest.mark.parametrize("code,naam,regio,melding", [
    ("34", "Almere", "Regio", "vier cijfers"),
    ("00345", "Almere", "Regio", "vier cijfers"),
    ("abcd", "Almere", "Regio", "vier cijfers"),
    ("0035", " ", "Regio", "naam van de gemeente"),
    ("0035", "Almere", "", "regio"),
])
def test_bad_gemeente_input_is_refused_in_dutch(app, session, code, naam, regio, melding):
    before = session.execute(select(func.count()).select_from(Gemeente)).scalar()
    result = _cli(app, "toevoegen", "--code", code, "--naam", naam, "--regio", regio)
    assert result.exit_code == 2 and melding in result.output
    assert session.execute(select(func.count()).select_from(Gemeente)).scalar() == before


def test_duplicate_gemeente_and_unknown_gemeente(app, session, world):
    assert "bestaat al" in _cli(app, "toevoegen", "--code", "9901", "--naam", "Nieuw", "--regio", "R").output
    assert "bestaat al" in _cli(app, "toevoegen", "--code", "0777", "--naam", "dalveen", "--regio", "R").output
    result = _cli(app, "eerste-beheerder", "--gemeente", "0777", "--gebruikersnaam", "x.y", "--naam", "X Y")
    assert result.exit_code == 2 and "bestaat niet" in result.output


def _settings_page(client):
    return client.get("/beheer/gemeenten").get_data(as_text=True)


def test_beheerder_sets_a_norm_with_its_meaning_shown(app, client, session, world):
    login(client, session, world["users"][("9901", Rol.BEHEERDER)])
    page = _settings_page(client)
    assert "Norm overbewoning" in page and "Bouwbesluit 2012" in page and "APV-artikel" in page
    g = world["a"]
    resp = client.post(f"/beheer/gemeenten/{g.id}/instellingen/overbewoning_norm_m2",
                       data={"csrf_token": csrf_from(page), "waarde": "14,5", "reden": "raadsbesluit 12-3"})
    assert resp.status_code == 302
    rij = session.execute(select(GemeenteInstelling)).scalar_one()
    assert (rij.gemeente_id, rij.sleutel, rij.waarde) == (g.id, "overbewoning_norm_m2", "14,5")
    from decimal import Decimal

    from handhaving.instellingen import waarde
    from handhaving.overbewoning.instellingen import NORM_M2 as norm
    assert waarde(session, g.id, norm) == Decimal("14.5")
    assert waarde(session, world["b"].id, norm) == Decimal("12")  # the other gemeente keeps the default
    row = session.execute(select(AuditRegel).where(
        AuditRegel.actie == BeheerActie.GEMEENTE_INSTELLING_GEWIJZIGD)).scalar_one()
    assert '"van": "12"' in row.details and '"naar": "14,5"' in row.details


@pytest.mark.parametrize("waarde,melding", [("-3", "ligt tussen"), ("veel", "moet een getal zijn"), ("", "Vul een waarde in")])
def test_bad_setting_keeps_input_and_writes_nothing(client, session, world, waarde, melding):
    login(client, session, world["users"][("9901", Rol.BEHEERDER)])
    page = _settings_page(client)
    resp = client.post(f"/beheer/gemeenten/{world['a'].id}/instellingen/overbewoning_norm_m2",
                       data={"csrf_token": csrf_from(page), "waarde": waarde, "reden": "proberen maar"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and melding in html
    assert f'value="{waarde}"' in html and 'value="proberen maar"' in html
    assert session.execute(select(GemeenteInstelling)).first() is None


def test_another_gemeentes_settings_are_404(client, session, world):
    login(client, session, world["users"][("9901", Rol.BEHEERDER)])
    page = _settings_page(client)
    resp = client.post(f"/beheer/gemeenten/{world['b'].id}/instellingen/overbewoning_norm_m2",
                       data={"csrf_token": csrf_from(page), "waarde": "10", "reden": "niet van mij"})
    assert resp.status_code == 404
