"""Bibob outcomes reach only who may open the dossier (Wet Bibob art. 28; issue 22).

Other domains see Bibob only through ``bibob.api``, which applies the same rule as the dossier
page's 404 (``rechten.mag_openen``): the history search, the permit page and the "eerder advies
hergebruiken" list. An outcome (advice, conclusion, decision) is shown only on the dossier page,
after a reason (``inzage.open_met_reden``), and every read of it is an audit row carrying that
reason. A running investigation is never shown as earlier or as a check done.
"""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from handhaving.audit.models import AuditRegel
from handhaving.bibob import api, services
from handhaving.bibob.acties import BibobActie
from handhaving.bibob.models import BibobMandaat, BibobStatus
from handhaving.errors import OngeldigeInvoer
from handhaving.security.rules import Rol
from tests.bibob.conftest import dag, naar
from tests.factories.vergunningen import bedrijf, vergunning
from tests.helpers import csrf_for, login

S = BibobStatus
V, C, T, BH = Rol.VERGUNNINGVERLENER, Rol.COORDINATOR, Rol.TOEZICHTHOUDER, Rol.BEHEERDER
REDEN = "Aanvraag exploitatievergunning Lumen, zaak 2026-118"


def _dossier(session, door, gemeente, *, behandelaar, aanleiding="subsidie", vergunning_id=None, betrokkene=None):
    return services.maak_onderzoek(session, door, gemeente.id, services.OnderzoekInvoer(
        aanleiding=aanleiding, vergunning_id=vergunning_id, behandelaar_id=behandelaar.id,
        omschrijving="Subsidie gevelrenovatie" if vergunning_id is None else "",
        betrokkenen=[(betrokkene.id, "betrokkene")] if betrokkene is not None else []))


@pytest.fixture
def grens(app, session, world):
    """Dalveen: Exploitatie Lumen B.V. with a permit in force. Three dossiers about Lumen:
    ``afgerond`` (the coördinator's, decided: ernstig gevaar, refused), ``lopend`` (the
    coördinator's withdrawal investigation of the permit, advice in, not decided) and ``eigen``
    (assigned to the mandated vergunningverlener, at its own investigation). Hoogmeer: a
    dossier and a mandate of its own."""
    a, b, users = world["a"], world["b"], world["users"]
    coord, vv = users[("9901", C)], users[("9901", V)]
    with app.app_context():
        services.verleen_mandaat(session, users[("9901", BH)], a.id, vv, "Mandaatbesluit Bibob 2026-03")
        lumen = bedrijf(session, a, naam="Exploitatie Lumen B.V.", kvk="01234567")
        v = vergunning(session, a, houder=lumen, inrichting_naam="Club Lumen")
        zonder = vergunning(session, a, inrichting_naam="Club Zonder Bibob")
        afgerond = naar(session, coord, _dossier(session, coord, a, behandelaar=coord, betrokkene=lumen), S.BESLUIT)
        lopend = naar(session, coord, _dossier(session, coord, a, behandelaar=coord, aanleiding="intrekking",
                                               vergunning_id=v.id), S.ADVIES_ONTVANGEN)
        eigen = naar(session, vv, _dossier(session, vv, a, behandelaar=vv, betrokkene=lumen), S.EIGEN_ONDERZOEK)
        hoogmeer_bv = bedrijf(session, b, naam="Exploitatie Lumen Hoogmeer B.V.")
        vb = vergunning(session, b, houder=hoogmeer_bv)
        elders = naar(session, users[("9902", C)], _dossier(session, users[("9902", C)], b,
                                                            behandelaar=users[("9902", C)], betrokkene=hoogmeer_bv),
                      S.ADVIES_ONTVANGEN)
        vv_b = users[("9902", V)]
        mandaat_b = services.verleen_mandaat(session, users[("9902", BH)], b.id, vv_b, "Mandaatbesluit Hoogmeer 2026-1")
        session.commit()
    return {**world, "coord": coord, "vv": vv, "lumen": lumen, "v": v, "zonder": zonder, "afgerond": afgerond,
            "lopend": lopend, "eigen": eigen, "hoogmeer_bv": hoogmeer_bv, "vb": vb, "elders": elders,
            "mandaat_b": mandaat_b}


def _gelezen(session, o=None) -> list[AuditRegel]:
    session.expire_all()
    stmt = select(AuditRegel).where(AuditRegel.actie == BibobActie.GELEZEN)
    if o is not None:
        stmt = stmt.where(AuditRegel.object_id == str(o.id))
    return list(session.execute(stmt.order_by(AuditRegel.id)).scalars())


def _open(client, o, reden=REDEN):
    resp = client.post(f"/bibob/{o.id}/openen", data={"csrf_token": csrf_for(client), "reden": reden})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:500]


def _bibob_toets(html: str) -> str:
    m = re.search(r"<dt>Bibob-toets</dt>\s*<dd>(.*?)</dd>", html, re.S)
    assert m, "geen Bibob-toets op de vergunningpagina"
    return m.group(1)


# ---------------------------------------------------------------------------- history search

def test_history_shows_a_mandated_vergunningverlener_only_the_dossiers_they_may_open(client, session, grens):
    """Art. 28: the mandate is the right, need-to-know is the assignment; a dossier that is a 404
    for this user shows nothing of itself in the history search either."""
    vv = grens["vv"]
    login(client, session, vv)
    html = client.get("/historie/?naam=Exploitatie+Lumen").get_data(as_text=True)
    assert "Exploitatie Lumen B.V." in html and grens["eigen"].zaaknummer in html
    for verboden in (grens["afgerond"].zaaknummer, grens["lopend"].zaaknummer, "Ernstig gevaar", "Grond a",
                     "Weigeren"):
        assert verboden not in html
    assert client.get(f"/bibob/{grens['afgerond'].id}").status_code == 404
    assert [(r.object_id, r.actor) for r in _gelezen(session)] == [(str(grens["eigen"].id), vv.gebruikersnaam)]


def test_history_shows_no_outcome_before_a_reason_only_a_way_to_open_the_dossier(client, session, grens):
    coord = grens["coord"]
    login(client, session, coord)
    html = client.get("/historie/?naam=Exploitatie+Lumen").get_data(as_text=True)
    for o in (grens["afgerond"], grens["lopend"]):
        assert o.zaaknummer in html and f"/bibob/{o.id}/openen" in html
    for uitkomst in ("Ernstig gevaar", "Grond a", "Weigeren", "Gevaar vastgesteld"):
        assert uitkomst not in html
    # Shown: that the dossiers exist (one audit row each, the view named); no outcome, so no reason yet.
    rijen = {r.object_id: r for r in _gelezen(session)}
    assert set(rijen) == {str(grens[k].id) for k in ("afgerond", "lopend", "eigen")}
    assert all('"weergave": "historie"' in r.details for r in rijen.values())
    # The reason page is the existing one; after it the dossier shows the outcome, audited with the reason.
    _open(client, grens["afgerond"])
    assert "Ernstig gevaar" in client.get(f"/bibob/{grens['afgerond'].id}").get_data(as_text=True)


def test_a_running_investigation_is_never_listed_as_earlier(client, session, grens):
    login(client, session, grens["coord"])
    html = client.get("/historie/?naam=Exploitatie+Lumen").get_data(as_text=True)
    sid = grens["lumen"].id
    eerder = re.search(rf'<ul[^>]*id="bibob-eerder-{sid}"[^>]*>(.*?)</ul>', html, re.S)
    lopend = re.search(rf'<ul[^>]*id="bibob-lopend-{sid}"[^>]*>(.*?)</ul>', html, re.S)
    assert eerder and lopend, "afgeronde en lopende Bibob-onderzoeken staan apart"
    assert grens["afgerond"].zaaknummer in eerder.group(1) and grens["lopend"].zaaknummer not in eerder.group(1)
    assert grens["lopend"].zaaknummer in lopend.group(1)


def test_api_marks_running_and_concluded_dossiers_and_audits_each(app, session, grens):
    with app.app_context():
        uit = api.dossiers_over_subjecten(session, grens["coord"], [grens["a"].id],
                                          {grens["lumen"].id: grens["a"].id}, weergave="historie")
        stand = {m.dossier.zaaknummer: m.dossier.lopend for m in uit[grens["lumen"].id]}
        assert stand == {grens["afgerond"].zaaknummer: False, grens["lopend"].zaaknummer: True,
                         grens["eigen"].zaaknummer: True}
        assert [(d.zaaknummer, d.lopend) for d in api.dossiers_van_vergunning(
            session, grens["coord"], [grens["a"].id], grens["v"].id)] == [(grens["lopend"].zaaknummer, True)]
    assert {r.object_id for r in _gelezen(session)} == {str(grens[k].id) for k in ("afgerond", "eigen", "lopend")}


# ---------------------------------------------------------------------------- "eerder advies hergebruiken"

def test_reuse_list_offers_only_advices_from_dossiers_the_user_may_open(app, client, session, grens):
    """Art. 29 allows reusing an advice; art. 28 still decides who reads it."""
    vv, eigen = grens["vv"], grens["eigen"]
    login(client, session, vv)
    _open(client, eigen)
    html = client.get(f"/bibob/{eigen.id}").get_data(as_text=True)
    assert grens["afgerond"].zaaknummer not in html and grens["lopend"].zaaknummer not in html
    assert "Ernstig gevaar" not in html
    assert {r.object_id for r in _gelezen(session)} == {str(eigen.id)}
    with app.app_context():
        assert services.hergebruik_opties(session, vv, eigen) == []
        with pytest.raises(OngeldigeInvoer, match="eerder advies"):
            services.stap(session, vv, eigen, S.ADVIES_ONTVANGEN.value,
                          services.StapInvoer(datum=dag(-1), hergebruik_van_id=grens["afgerond"].id))
        session.rollback()


def test_reuse_list_audits_every_advice_shown_with_the_reason(client, session, grens):
    coord, eigen = grens["coord"], grens["eigen"]
    login(client, session, coord)
    _open(client, eigen)
    html = client.get(f"/bibob/{eigen.id}").get_data(as_text=True)
    assert grens["afgerond"].zaaknummer in html and grens["lopend"].zaaknummer in html
    for bron in (grens["afgerond"], grens["lopend"]):
        [rij] = _gelezen(session, bron)
        assert rij.actor == coord.gebruikersnaam and '"weergave": "hergebruik"' in rij.details
        assert eigen.zaaknummer in rij.reden and REDEN in rij.reden


# ---------------------------------------------------------------------------- the permit page

@pytest.mark.parametrize("rol", [T, V, Rol.BURGEMEESTER])
def test_permit_page_tells_nobody_without_the_dossier_that_an_investigation_runs(client, session, grens, rol):
    """Art. 28: the field, the mayor before the decision, and a vergunningverlener not assigned see
    only the permit's own register date; the page is the same as for a permit never checked."""
    login(client, session, grens["users"][("9901", rol)])
    html = client.get(f"/vergunningen/{grens['v'].id}").get_data(as_text=True)
    assert "Uitgevoerd" not in html and grens["lopend"].zaaknummer not in html
    assert _bibob_toets(html) == _bibob_toets(client.get(f"/vergunningen/{grens['zonder'].id}").get_data(as_text=True))
    assert _gelezen(session) == []


def test_permit_page_shows_whoever_may_open_it_the_running_dossier_never_as_done(client, session, grens):
    login(client, session, grens["coord"])
    toets = _bibob_toets(client.get(f"/vergunningen/{grens['v'].id}").get_data(as_text=True))
    assert grens["lopend"].zaaknummer in toets and "loopt" in toets and "Uitgevoerd" not in toets
    assert f"/bibob/{grens['lopend'].id}/openen" in toets and "Ernstig" not in toets
    [rij] = _gelezen(session, grens["lopend"])
    assert '"weergave": "vergunning"' in rij.details


# ---------------------------------------------------------------------------- audit with the reason

def test_every_read_of_an_outcome_carries_the_reason_it_was_opened_with(client, session, grens):
    login(client, session, grens["coord"])
    o = grens["afgerond"]
    _open(client, o)
    for _ in range(2):
        assert "Ernstig gevaar" in client.get(f"/bibob/{o.id}").get_data(as_text=True)
    rijen = _gelezen(session, o)
    assert len(rijen) == 2 and all(r.reden == REDEN for r in rijen)


# ---------------------------------------------------------------------------- tenant isolation

def test_the_api_never_answers_about_another_gemeente(app, client, session, grens):
    regio, a, b = grens["users"]["regio"], grens["a"], grens["b"]
    with app.app_context():
        uit = api.dossiers_over_subjecten(session, regio, [a.id], {grens["hoogmeer_bv"].id: b.id,
                                                                    grens["lumen"].id: a.id}, weergave="historie")
        assert list(uit) == [grens["lumen"].id]
        assert api.dossiers_van_vergunning(session, regio, [a.id], grens["vb"].id) == ()
        beheerder_a = grens["users"][("9901", BH)]
        assert api.mandaten(session, beheerder_a, [a.id], grens["users"][("9902", V)].id) == ()
        assert api.trek_mandaat_in(session, beheerder_a, [a.id], grens["mandaat_b"].id) is None
        with pytest.raises(OngeldigeInvoer):
            api.verleen_mandaat(session, beheerder_a, [a.id], b.id, grens["users"][("9902", V)], "Besluit 1")
        session.rollback()
    assert str(grens["elders"].id) not in {r.object_id for r in _gelezen(session)}
    login(client, session, grens["users"][("9901", BH)])
    resp = client.post(f"/beheer/bibob-mandaten/{grens['mandaat_b'].id}/intrekken",
                       data={"csrf_token": csrf_for(client)})
    assert resp.status_code == 404
    session.expire_all()
    assert session.get(BibobMandaat, grens["mandaat_b"].id).ingetrokken_op is None
