"""The permit register's rules, called directly: lifecycle, dates, voorschriften, lists, tenant."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from handhaving.errors import OngeldigeInvoer, OngeldigeOvergang
from handhaving.vergunningen import services
from handhaving.vergunningen.models import Vergunning, VergunningBesluit, VergunningStatus, Voorschrift
from handhaving.security.rules import Rol
from tests.factories import add_adres
from tests.factories.vergunningen import bedrijf, persoon, vergunning

S = VergunningStatus
VANDAAG = date.today()


@pytest.fixture
def vv(world):
    return world["users"][("9901", Rol.VERGUNNINGVERLENER)]


def _aanvraag(session, world, vv, **kw):
    return vergunning(session, world["a"], status="aangevraagd", user=vv, **kw)


def test_lifecycle_end_to_end_with_decision_history(app_ctx, session, world, vv):
    v = _aanvraag(session, world, vv)
    assert v.status == S.AANGEVRAAGD and v.aanvraagdatum
    services.wijzig_status(session, vv, v, "in_behandeling", datum=VANDAAG)
    services.wijzig_status(session, vv, v, "verleend", datum=VANDAAG, vervaldatum=VANDAAG + timedelta(days=1095))
    assert (v.status, v.besluitdatum, v.ingangsdatum) == (S.VERLEEND, VANDAAG, VANDAAG)
    services.wijzig_status(session, vv, v, "geschorst", datum=VANDAAG, toelichting="Beheerder niet aanwezig.")
    services.wijzig_status(session, vv, v, "verleend", datum=VANDAAG)
    services.wijzig_status(session, vv, v, "ingetrokken", datum=VANDAAG, toelichting="Bibob: ernstig gevaar.")
    stappen = [(b.van_status, b.naar_status) for b in session.execute(
        select(VergunningBesluit).where(VergunningBesluit.vergunning_id == v.id).order_by(VergunningBesluit.id)).scalars()]
    assert stappen == [(None, S.AANGEVRAAGD), (S.AANGEVRAAGD, S.IN_BEHANDELING), (S.IN_BEHANDELING, S.VERLEEND),
                       (S.VERLEEND, S.GESCHORST), (S.GESCHORST, S.VERLEEND), (S.VERLEEND, S.INGETROKKEN)]


@pytest.mark.parametrize("van,naar", [
    ("aangevraagd", "verleend"), ("aangevraagd", "geschorst"), ("in_behandeling", "ingetrokken"),
    ("verleend", "aangevraagd"), ("verleend", "geweigerd"), ("geweigerd", "verleend"),
    ("ingetrokken", "verleend"), ("vervallen", "verleend"), ("geschorst", "vervallen")])
def test_illegal_transitions_are_refused_and_change_nothing(app_ctx, session, world, vv, van, naar):
    v = _aanvraag(session, world, vv)
    v.status = S(van)  # the state under test, set directly
    session.flush()
    besluiten = len(v.besluiten)
    with pytest.raises(OngeldigeOvergang):
        services.wijzig_status(session, vv, v, naar, datum=VANDAAG, toelichting="x")
    assert v.status == S(van) and len(v.besluiten) == besluiten


def test_refusal_suspension_revocation_need_reasons(app_ctx, session, world, vv):
    v = _aanvraag(session, world, vv)
    services.wijzig_status(session, vv, v, "in_behandeling", datum=VANDAAG)
    with pytest.raises(OngeldigeInvoer, match="motivering"):
        services.wijzig_status(session, vv, v, "geweigerd", datum=VANDAAG)
    with pytest.raises(OngeldigeInvoer, match="datum"):
        services.wijzig_status(session, vv, v, "geweigerd", datum=None, toelichting="Bibob")
    assert v.status == S.IN_BEHANDELING


def test_end_date_before_start_date_is_refused(app_ctx, session, world, vv):
    v = _aanvraag(session, world, vv)
    services.wijzig_status(session, vv, v, "in_behandeling", datum=VANDAAG)
    with pytest.raises(OngeldigeInvoer, match="vervaldatum ligt vóór de ingangsdatum"):
        services.wijzig_status(session, vv, v, "verleend", datum=VANDAAG, ingangsdatum=VANDAAG,
                               vervaldatum=VANDAAG - timedelta(days=1))
    assert v.status == S.IN_BEHANDELING and v.vervaldatum is None
    aantal = session.execute(select(func.count()).select_from(Vergunning)).scalar_one()
    with pytest.raises(OngeldigeInvoer, match="vervaldatum ligt vóór de ingangsdatum"):
        vergunning(session, world["a"], vervaldatum=VANDAAG - timedelta(days=365 * 3))
    assert session.execute(select(func.count()).select_from(Vergunning)).scalar_one() == aantal


def test_new_permit_collects_every_problem_and_writes_nothing(app_ctx, session, world, vv):
    andere = bedrijf(session, world["b"])
    adres_b = add_adres(session, world["b"], "Dorpsstraat", 4, "9902AB")
    voor = session.execute(select(func.count()).select_from(Voorschrift)).scalar_one()
    with pytest.raises(OngeldigeInvoer) as e:
        services.maak_vergunning(session, vv, world["a"].id, services.VergunningInvoer(
            soort="seksinrichting", houder_id=andere.id, adres_id=adres_b.id, werkruimten=-1,
            voorschriften=[{"tekst": "   "}]))
    assert {"Kies de vergunninghouder uit het register van personen en ondernemingen.",
            "Dit adres ligt niet in de gemeente van de vergunning.",
            "Vul de tekst van het voorschrift in."} <= set(e.value.problemen)
    assert session.execute(select(func.count()).select_from(Voorschrift)).scalar_one() == voor


def test_voorschriften_are_records_numbered_and_withdrawn_not_deleted(app_ctx, session, world, vv):
    v = vergunning(session, world["a"], user=vv)
    assert [vs.nummer for vs in v.voorschriften] == ["1", "2"]
    vs = services.voeg_voorschrift_toe(session, vv, v, tekst="Register van sekswerkers bijhouden.",
                                       categorie="administratie", bron_artikel="APV art. 3:7")
    assert (vs.nummer, vs.categorie.value, vs.bron_artikel) == ("3", "administratie", "APV art. 3:7")
    with pytest.raises(OngeldigeInvoer, match="bestaat al"):
        services.voeg_voorschrift_toe(session, vv, v, tekst="Dubbel", categorie="overig", nummer="3")
    services.zet_voorschrift_vervallen(session, vv, vs)
    assert vs.vervallen and vs in v.voorschriften
    services.wijzig_status(session, vv, v, "ingetrokken", datum=VANDAAG, toelichting="Sluiting")
    with pytest.raises(OngeldigeInvoer, match="ingetrokken"):
        services.voeg_voorschrift_toe(session, vv, v, tekst="Te laat", categorie="overig")


def test_voorschrift_of_another_gemeente_is_not_found(app_ctx, session, world):
    vb = vergunning(session, world["b"])
    assert services.get_voorschrift(session, [world["a"].id], vb.voorschriften[0].id) is None
    assert services.get_vergunning(session, [world["a"].id], vb.id) is None
    assert services.get_vergunning(session, [world["b"].id], vb.id) is vb


def test_one_company_on_three_permits_is_one_subject(app_ctx, session, world, vv):
    from handhaving.subjecten.models import Subject

    v1 = vergunning(session, world["a"], soort="horeca", user=vv)
    for soort in ("alcoholwet", "massagesalon"):
        h = services.houder_voor(session, vv, world["a"].id, services.HouderInvoer(
            kvk=" " + v1.houder.kvk_nummer[:4] + "." + v1.houder.kvk_nummer[4:]))
        vergunning(session, world["a"], soort=soort, houder=h, user=vv)
    assert session.execute(select(func.count()).select_from(Subject).where(
        Subject.kvk_nummer == v1.houder.kvk_nummer)).scalar_one() == 1
    assert len(services.rollen_van_subject(session, v1.houder)) == 3


def test_beheerder_on_the_aanhangsel_is_a_person(app_ctx, session, world, vv):
    v = vergunning(session, world["a"], user=vv)
    p = persoon(session, world["a"], "Vries", "Jan", "de")
    services.voeg_betrokkene_toe(session, vv, v, p, "beheerder")
    with pytest.raises(OngeldigeInvoer, match="al als beheerder"):
        services.voeg_betrokkene_toe(session, vv, v, p, "beheerder")
    with pytest.raises(OngeldigeInvoer, match="natuurlijk persoon"):
        services.voeg_betrokkene_toe(session, vv, v, v.houder, "beheerder")
    with pytest.raises(OngeldigeInvoer, match="register van deze gemeente"):
        services.voeg_betrokkene_toe(session, vv, v, persoon(session, world["b"]), "exploitant")


def test_list_filters_expiring_and_status(app_ctx, session, world, vv):
    snel = vergunning(session, world["a"], vervaldatum=VANDAAG + timedelta(days=30), inrichting_naam="Club Snel")
    vergunning(session, world["a"], vervaldatum=VANDAAG + timedelta(days=400))
    vergunning(session, world["b"], vervaldatum=VANDAAG + timedelta(days=30))
    ids = [world["a"].id]
    assert [v.id for v in services.lijst(session, ids, services.Filter(verloopt=True)).vergunningen] == [snel.id]
    assert services.lijst(session, ids, services.Filter()).totaal == 2
    assert [v.id for v in services.lijst(session, ids, services.Filter(q="snel")).vergunningen] == [snel.id]
    assert services.lijst(session, ids, services.Filter(status="aangevraagd")).totaal == 0


def test_address_lookup_by_postcode_and_housenumber(app_ctx, session, world):
    a = add_adres(session, world["a"], "Kanaalstraat", 12, "9901AB")
    b = add_adres(session, world["a"], "Kanaalstraat", 12, "9901AB", huisletter="A")
    assert services.adres_op_postcode(session, world["a"].id, "9901 ab", "12") == a
    assert services.adres_op_postcode(session, world["a"].id, "9901AB", "12a") == b
    with pytest.raises(OngeldigeInvoer, match="niet in de BAG"):
        services.adres_op_postcode(session, world["b"].id, "9901AB", "12")
    with pytest.raises(OngeldigeInvoer, match="postcode"):
        services.adres_op_postcode(session, world["a"].id, "99", "x")
