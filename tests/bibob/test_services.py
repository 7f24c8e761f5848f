"""Bibob services (handhaving/bibob/services.py): the lifecycle end to end, illegal transitions,
each step's checks with a Dutch message and nothing half-written, the right per gemeente, and one
audit row per dossier read in a list."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from handhaving.audit.models import AuditRegel
from handhaving.auth.models import Rol
from handhaving.beheer import services as beheer
from handhaving.bibob import services
from handhaving.bibob.acties import BibobActie
from handhaving.bibob.instellingen import LBB_VERLENGING_MAX
from handhaving.bibob.models import (
    BibobBesluit,
    BibobOnderzoek,
    BibobStap,
    BibobStatus,
    FormulierUitkomst,
)
from handhaving.bibob.workflow import BIBOB_WORKFLOW
from handhaving.errors import Geweigerd, OngeldigeInvoer, OngeldigeOvergang
from handhaving.storage import get_opslag
from handhaving.tijd import vandaag
from tests.factories import bestanden
from tests.factories.vergunningen import bedrijf, persoon, vergunning

S = BibobStatus
PDF = bestanden.pdf("Advies")


def d(n: int) -> date:
    return vandaag() + timedelta(days=n)


@pytest.fixture
def veld(app, world, session):
    """Gemeente A with a mandated vergunningverlener, an application and a permit in force;
    gemeente B with its own permit and subject."""
    users = world["users"]
    a, b = world["a"], world["b"]
    with app.app_context():
        vv = users[("9901", Rol.VERGUNNINGVERLENER)]
        services.verleen_mandaat(session, users[("9901", Rol.BEHEERDER)], a.id, vv, "Mandaatbesluit Bibob 2026-01")
        # A second vergunningverlener with a mandate: the right, but not assigned.
        from tests.factories import make_user
        vv2 = make_user(session, "vv2.9901", [(a, Rol.VERGUNNINGVERLENER)])
        services.verleen_mandaat(session, users[("9901", Rol.BEHEERDER)], a.id, vv2, "Mandaatbesluit Bibob 2026-02")
        world.update(
            vv=vv, vv2=vv2, coordinator=users[("9901", Rol.COORDINATOR)],
            aanvraag=vergunning(session, a, status="aangevraagd"),
            verleend=vergunning(session, a),
            vergunning_b=vergunning(session, b),
            subject_b=persoon(session, b, "Dijkstra"),
        )
        session.commit()
        yield world


def nieuw(session, veld, *, aanleiding="aanvraag", vergunning_id=None, user=None, **kw) -> BibobOnderzoek:
    if vergunning_id is None and aanleiding in ("aanvraag", "intrekking", "wijziging"):
        vergunning_id = (veld["verleend"] if aanleiding == "intrekking" else veld["aanvraag"]).id
    return services.maak_onderzoek(session, user or veld["vv"], veld["a"].id, services.OnderzoekInvoer(
        aanleiding=aanleiding, vergunning_id=vergunning_id, **kw))


def stap(session, veld, o, naar: BibobStatus, dag: int, user=None, **kw):
    return services.stap(session, user or veld["vv"], o, naar.value, services.StapInvoer(datum=d(dag), **kw))


def naar_eigen_onderzoek(session, veld, o, start=-100):
    stap(session, veld, o, S.FORMULIER_OPGEVRAAGD, start)
    stap(session, veld, o, S.FORMULIER_ONTVANGEN, start + 10)
    stap(session, veld, o, S.EIGEN_ONDERZOEK, start + 12)


def naar_advies(session, veld, o, mate="ernstig", grond="a", start=-100):
    naar_eigen_onderzoek(session, veld, o, start)
    stap(session, veld, o, S.ADVIES_LBB_AANGEVRAAGD, start + 15, betrokkene_geinformeerd_op=d(start + 15))
    stap(session, veld, o, S.ADVIES_ONTVANGEN, start + 50, advies_mate=mate, advies_grond=grond,
         advies_samenvatting="Samenvatting")


def _snapshot(session, o):
    session.flush()
    session.expire_all()
    o = session.get(BibobOnderzoek, o.id)
    velden = {c.key: getattr(o, c.key) for c in BibobOnderzoek.__table__.columns}
    stappen = session.execute(select(func.count()).select_from(BibobStap).where(BibobStap.onderzoek_id == o.id)).scalar()
    return velden, stappen


@pytest.fixture
def ongewijzigd(session):
    """Asserts that a refused call changed nothing of the dossier."""
    class Check:
        def __call__(self, o, exc, fn, *args, match=None, **kw):
            voor = _snapshot(session, o)
            with pytest.raises(exc) as e:
                fn(*args, **kw)
            if match:
                assert match in e.value.message, e.value.message
            assert _snapshot(session, o) == voor
            return e.value
    return Check()


# --------------------------------------------------------------------------- the lifecycle

def test_workflow_end_to_end(app, session, veld):
    with app.app_context():
        o = nieuw(session, veld, beslistermijn_tot=d(-40))
        assert o.status == S.AANLEIDING and o.zaaknummer == f"BIBOB-{vandaag().year}-0001"
        assert o.behandelaar_id == veld["vv"].id
        # Without betrokkenen chosen: the holder of the permit.
        assert [(b.subject_id, b.rol.value) for b in o.betrokkenen] == [(veld["aanvraag"].houder_id, "betrokkene")]
        stap(session, veld, o, S.FORMULIER_OPGEVRAAGD, -120)
        stap(session, veld, o, S.FORMULIER_ONTVANGEN, -110)
        assert o.formulier_uitkomst == FormulierUitkomst.VOLLEDIG
        stap(session, veld, o, S.EIGEN_ONDERZOEK, -105)
        stap(session, veld, o, S.ADVIES_LBB_AANGEVRAAGD, -100, betrokkene_geinformeerd_op=d(-99))
        services.verleng_lbb(session, veld["vv"], o, datum=d(-50), weken=4)
        stap(session, veld, o, S.ADVIES_ONTVANGEN, -30, advies_mate="ernstig", advies_grond="a",
             advies_samenvatting="Ernstig gevaar, grond a.")
        stap(session, veld, o, S.ZIENSWIJZE, -28)
        services.leg_zienswijze_vast(session, veld["vv"], o, datum=d(-20), tekst="Betrokkene betwist het advies.")
        stap(session, veld, o, S.BESLUIT, -10, besluit="weigeren", motivering="Art. 3 lid 1 sub a.")
        # The permit shows only that a check was done, and when.
        assert veld["aanvraag"].bibob_getoetst_op == d(-10)
        stap(session, veld, o, S.GEARCHIVEERD, -5)
        session.commit()

        session.expire_all()
        o = session.get(BibobOnderzoek, o.id)
        assert o.status == S.GEARCHIVEERD and o.besluit == BibobBesluit.WEIGEREN
        assert (o.lbb_aangevraagd_op, o.lbb_verlenging_weken, o.advies_ontvangen_op) == (d(-100), 4, d(-30))
        naar = [s.naar_status for s in o.stappen]
        assert naar == [S.AANLEIDING, S.FORMULIER_OPGEVRAAGD, S.FORMULIER_ONTVANGEN, S.EIGEN_ONDERZOEK,
                        S.ADVIES_LBB_AANGEVRAAGD, S.ADVIES_LBB_AANGEVRAAGD, S.ADVIES_ONTVANGEN, S.ZIENSWIJZE,
                        S.ZIENSWIJZE, S.BESLUIT, S.GEARCHIVEERD]
        # Audit rows carry ids and statuses, never content.
        regels = session.execute(select(AuditRegel).where(AuditRegel.object_type == "bibob_onderzoek",
                                                          AuditRegel.object_id == str(o.id))).scalars().all()
        assert {r.actie for r in regels} >= {BibobActie.AANGEMAAKT, BibobActie.STAP, BibobActie.GEWIJZIGD}
        assert not any("betwist" in (r.details or "") or "grond a" in (r.details or "") for r in regels)
        # An archived dossier is closed.
        with pytest.raises(Geweigerd):
            stap(session, veld, o, S.BESLUIT, -1, besluit="verlenen")


def test_every_illegal_transition_is_refused_and_changes_nothing(app, session, veld, ongewijzigd):
    with app.app_context():
        o = nieuw(session, veld)
        toegestaan = {ov.naar for ov in BIBOB_WORKFLOW.mogelijk(S.AANLEIDING)}
        for doel in set(S) - toegestaan:
            ongewijzigd(o, OngeldigeOvergang, stap, session, veld, o, doel, -1, besluit="verlenen",
                        betrokkene_geinformeerd_op=d(-1))
        naar_eigen_onderzoek(session, veld, o)
        stap(session, veld, o, S.ADVIES_LBB_AANGEVRAAGD, -80, betrokkene_geinformeerd_op=d(-80))
        for doel in (S.ZIENSWIJZE, S.BESLUIT, S.GEARCHIVEERD, S.EIGEN_ONDERZOEK, S.AANLEIDING):
            e = ongewijzigd(o, OngeldigeOvergang, stap, session, veld, o, doel, -1, besluit="verlenen")
            assert "Advies LBB aangevraagd" in e.message
        with pytest.raises(OngeldigeInvoer, match="Onbekende stap"):
            services.stap(session, veld["vv"], o, "overleg", services.StapInvoer(datum=d(-1)))
    # The table is complete: every status but the last can move on.
    assert BIBOB_WORKFLOW.eindstatussen(S) == {S.GEARCHIVEERD}


# --------------------------------------------------------------------------- each step's checks

def test_advice_date_before_the_request_is_refused(app, session, veld, ongewijzigd):
    with app.app_context():
        o = nieuw(session, veld)
        naar_eigen_onderzoek(session, veld, o)
        stap(session, veld, o, S.ADVIES_LBB_AANGEVRAAGD, -60, betrokkene_geinformeerd_op=d(-60))
        ongewijzigd(o, OngeldigeInvoer, stap, session, veld, o, S.ADVIES_ONTVANGEN, -61, advies_mate="geen",
                    match="vóór de adviesaanvraag")
        assert o.status == S.ADVIES_LBB_AANGEVRAAGD and o.advies_ontvangen_op is None
        # A date in the future, or none at all.
        ongewijzigd(o, OngeldigeInvoer, stap, session, veld, o, S.ADVIES_ONTVANGEN, 5, advies_mate="geen",
                    match="toekomst")
        ongewijzigd(o, OngeldigeInvoer, services.stap, session, veld["vv"], o, S.ADVIES_ONTVANGEN.value,
                    services.StapInvoer(datum=None, advies_mate="geen"), match="datum")
        # Danger without its ground.
        ongewijzigd(o, OngeldigeInvoer, stap, session, veld, o, S.ADVIES_ONTVANGEN, -1, advies_mate="ernstig",
                    match="grond")
        stap(session, veld, o, S.ADVIES_ONTVANGEN, -60, advies_mate="geen")  # the same day is fine


def test_steps_out_of_order_are_refused(app, session, veld, ongewijzigd):
    with app.app_context():
        o = nieuw(session, veld)
        stap(session, veld, o, S.FORMULIER_OPGEVRAAGD, -50)
        ongewijzigd(o, OngeldigeInvoer, stap, session, veld, o, S.FORMULIER_ONTVANGEN, -51, match="vóór")
        stap(session, veld, o, S.FORMULIER_ONTVANGEN, -40)
        stap(session, veld, o, S.EIGEN_ONDERZOEK, -30)
        ongewijzigd(o, OngeldigeInvoer, stap, session, veld, o, S.CONCLUSIE_EIGEN_ONDERZOEK, -31,
                    conclusie="geen_gevaar", bevindingen="Niets gevonden.", match="vóór")
        ongewijzigd(o, OngeldigeInvoer, stap, session, veld, o, S.CONCLUSIE_EIGEN_ONDERZOEK, -20,
                    conclusie="geen_gevaar", bevindingen="", match="bevindingen")
        ongewijzigd(o, OngeldigeInvoer, stap, session, veld, o, S.ADVIES_LBB_AANGEVRAAGD, -35,
                    betrokkene_geinformeerd_op=d(-35), match="vóór")
        # The betrokkene informed before the request itself: not possible.
        ongewijzigd(o, OngeldigeInvoer, stap, session, veld, o, S.ADVIES_LBB_AANGEVRAAGD, -20,
                    betrokkene_geinformeerd_op=d(-25), match="vóór de adviesaanvraag")


def test_lbb_request_without_the_informed_date_is_refused(app, session, veld, ongewijzigd):
    with app.app_context():
        o = nieuw(session, veld)
        naar_eigen_onderzoek(session, veld, o)
        ongewijzigd(o, OngeldigeInvoer, stap, session, veld, o, S.ADVIES_LBB_AANGEVRAAGD, -60,
                    match="geïnformeerd (art. 32)")
        assert o.status == S.EIGEN_ONDERZOEK and o.lbb_aangevraagd_op is None


def test_one_extension_of_at_most_the_configured_weeks(app, session, veld, ongewijzigd):
    with app.app_context():
        o = nieuw(session, veld)
        naar_eigen_onderzoek(session, veld, o)
        ongewijzigd(o, OngeldigeInvoer, services.verleng_lbb, session, veld["vv"], o, datum=d(-1), weken=2,
                    match="lopende adviesaanvraag")
        stap(session, veld, o, S.ADVIES_LBB_AANGEVRAAGD, -60, betrokkene_geinformeerd_op=d(-60))
        ongewijzigd(o, OngeldigeInvoer, services.verleng_lbb, session, veld["vv"], o, datum=d(-10), weken=5,
                    match="1 tot en met 4 weken")
        ongewijzigd(o, OngeldigeInvoer, services.verleng_lbb, session, veld["vv"], o, datum=d(-10), weken=0,
                    match="1 tot en met 4 weken")
        ongewijzigd(o, OngeldigeInvoer, services.verleng_lbb, session, veld["vv"], o, datum=d(-61), weken=2,
                    match="vóór de adviesaanvraag")
        services.verleng_lbb(session, veld["vv"], o, datum=d(-10), weken=3)
        assert (o.lbb_verlengd_op, o.lbb_verlenging_weken) == (d(-10), 3)
        e = ongewijzigd(o, OngeldigeInvoer, services.verleng_lbb, session, veld["vv"], o, datum=d(-5), weken=1)
        assert e.message == ("Het LBB kan de adviestermijn maar één keer verlengen (art. 15 lid 2); dat is al gebeurd "
                             f"op {d(-10):%d-%m-%Y}.")


def test_the_maximum_extension_is_a_setting(app, session, veld):
    with app.app_context():
        beheer.instelling_wijzigen(session, veld["users"][("9901", Rol.BEHEERDER)], veld["a"],
                                   LBB_VERLENGING_MAX.sleutel, "2", "Besluit")
        o = nieuw(session, veld)
        naar_eigen_onderzoek(session, veld, o)
        stap(session, veld, o, S.ADVIES_LBB_AANGEVRAAGD, -60, betrokkene_geinformeerd_op=d(-60))
        with pytest.raises(OngeldigeInvoer, match="1 tot en met 2 weken"):
            services.verleng_lbb(session, veld["vv"], o, datum=d(-10), weken=3)


ART_33 = "zienswijze te kunnen geven (art. 33 Wet Bibob, Awb 4:8)"


@pytest.mark.parametrize("besluit", ["weigeren", "voorschriften"])
def test_adverse_decision_without_zienswijze_is_refused(app, session, veld, ongewijzigd, besluit):
    with app.app_context():
        o = nieuw(session, veld)
        naar_advies(session, veld, o, mate="mindere_mate", grond="b")
        ongewijzigd(o, OngeldigeInvoer, stap, session, veld, o, S.BESLUIT, -1, besluit=besluit,
                    motivering="Gevaar.", match=ART_33)
        # Asked for, but neither received nor waived: still refused.
        stap(session, veld, o, S.ZIENSWIJZE, -40)
        ongewijzigd(o, OngeldigeInvoer, stap, session, veld, o, S.BESLUIT, -1, besluit=besluit,
                    motivering="Gevaar.", match=ART_33)
        ongewijzigd(o, OngeldigeInvoer, services.leg_zienswijze_vast, session, veld["vv"], o, datum=d(-30),
                    tekst="", match="Vat de zienswijze samen")
        ongewijzigd(o, OngeldigeInvoer, services.leg_zienswijze_vast, session, veld["vv"], o, datum=d(-41),
                    tekst="Te vroeg", match="vóór het verzoek")
        services.leg_zienswijze_vast(session, veld["vv"], o, datum=d(-30), afgezien=True)
        # A motivation is required (Awb 3:46).
        ongewijzigd(o, OngeldigeInvoer, stap, session, veld, o, S.BESLUIT, -1, besluit=besluit, motivering="",
                    match="Motiveer")
        stap(session, veld, o, S.BESLUIT, -1, besluit=besluit, motivering="Gevaar; zienswijze afgezien.")
        assert o.status == S.BESLUIT and o.besluit.value == besluit


def test_revocation_without_zienswijze_is_refused(app, session, veld, ongewijzigd):
    with app.app_context():
        o = nieuw(session, veld, aanleiding="intrekking")
        naar_eigen_onderzoek(session, veld, o)
        stap(session, veld, o, S.CONCLUSIE_EIGEN_ONDERZOEK, -20, conclusie="gevaar", bevindingen="Stroman.")
        ongewijzigd(o, OngeldigeInvoer, stap, session, veld, o, S.BESLUIT, -1, besluit="intrekken",
                    motivering="Gevaar.", match=ART_33)
        # Not revoking is not adverse: no zienswijze needed.
        stap(session, veld, o, S.BESLUIT, -1, besluit="niet_intrekken")
        assert o.besluit == BibobBesluit.NIET_INTREKKEN
        assert veld["verleend"].bibob_getoetst_op == d(-1)


def test_grant_without_zienswijze_is_allowed(app, session, veld):
    with app.app_context():
        o = nieuw(session, veld)
        naar_advies(session, veld, o, mate="geen", grond="")
        stap(session, veld, o, S.BESLUIT, -2, besluit="verlenen")
        assert o.status == S.BESLUIT and o.besluit == BibobBesluit.VERLENEN and o.zienswijze_gevraagd_op is None
        assert veld["aanvraag"].bibob_getoetst_op == d(-2)
        # Also straight after the own investigation.
        o2 = nieuw(session, veld)
        naar_eigen_onderzoek(session, veld, o2)
        stap(session, veld, o2, S.CONCLUSIE_EIGEN_ONDERZOEK, -20, conclusie="geen_gevaar", bevindingen="Niets.")
        stap(session, veld, o2, S.BESLUIT, -19, besluit="verlenen")


def test_the_decision_must_fit_the_occasion(app, session, veld, ongewijzigd):
    with app.app_context():
        aanvraag = nieuw(session, veld)
        naar_advies(session, veld, aanvraag, mate="geen", grond="")
        for besluit in ("intrekken", "niet_intrekken"):
            ongewijzigd(aanvraag, OngeldigeInvoer, stap, session, veld, aanvraag, S.BESLUIT, -1, besluit=besluit,
                        motivering="x", match="Bij een voorgenomen intrekking")
        intrekking = nieuw(session, veld, aanleiding="intrekking")
        naar_advies(session, veld, intrekking, mate="geen", grond="")
        for besluit in ("verlenen", "weigeren"):
            ongewijzigd(intrekking, OngeldigeInvoer, stap, session, veld, intrekking, S.BESLUIT, -1,
                        besluit=besluit, motivering="x", match="Bij een voorgenomen intrekking")
        ongewijzigd(intrekking, OngeldigeInvoer, stap, session, veld, intrekking, S.BESLUIT, -1, besluit="",
                    match="Kies het besluit")


def test_refused_form_goes_to_zienswijze(app, session, veld, ongewijzigd):
    with app.app_context():
        o = nieuw(session, veld)
        stap(session, veld, o, S.FORMULIER_OPGEVRAAGD, -40)
        ongewijzigd(o, OngeldigeInvoer, stap, session, veld, o, S.ZIENSWIJZE, -5, formulier_uitkomst="volledig",
                    match="Vragenformulier ontvangen")
        ongewijzigd(o, OngeldigeInvoer, stap, session, veld, o, S.ZIENSWIJZE, -5, match="formulier")
        stap(session, veld, o, S.ZIENSWIJZE, -5, formulier_uitkomst="geweigerd")
        assert o.formulier_uitkomst == FormulierUitkomst.GEWEIGERD and o.zienswijze_gevraagd_op == d(-5)
        services.leg_zienswijze_vast(session, veld["vv"], o, datum=d(-1), tekst="Wil het formulier niet invullen.")
        stap(session, veld, o, S.BESLUIT, 0, besluit="weigeren", motivering="Art. 4 Wet Bibob.")


def test_reuse_of_an_earlier_advice(app, session, veld, ongewijzigd):
    with app.app_context():
        houder = veld["aanvraag"].houder
        eerder = nieuw(session, veld)
        naar_advies(session, veld, eerder, mate="mindere_mate", grond="b", start=-300)
        # Too old: an advice outside the reuse period is not offered.
        oud = nieuw(session, veld)
        naar_advies(session, veld, oud, mate="geen", grond="", start=-200)
        oud.advies_ontvangen_op = date(vandaag().year - 6, 1, 10)
        ander = nieuw(session, veld, aanleiding="subsidie", omschrijving="Subsidie terras",
                      betrokkenen=[(bedrijf(session, veld["a"]).id, "betrokkene")])
        naar_eigen_onderzoek(session, veld, ander, -20)
        o = nieuw(session, veld, aanleiding="subsidie", omschrijving="Subsidie gevel",
                  betrokkenen=[(houder.id, "betrokkene")])
        naar_eigen_onderzoek(session, veld, o, -20)
        assert [k.id for k, _ in services.hergebruik_opties(session, veld["vv"], o)] == [eerder.id]
        assert services.hergebruik_opties(session, veld["vv"], ander) == []
        for bron in (oud.id, None, ander.id):
            ongewijzigd(o, OngeldigeInvoer, stap, session, veld, o, S.ADVIES_ONTVANGEN, -1, hergebruik_van_id=bron,
                        match="eerder advies")
        stap(session, veld, o, S.ADVIES_ONTVANGEN, -1, hergebruik_van_id=eerder.id)
        assert (o.hergebruikt_advies_van_id, o.advies_mate, o.advies_grond) == \
            (eerder.id, eerder.advies_mate, eerder.advies_grond)
        # A reused advice is not offered for reuse again.
        o3 = nieuw(session, veld, aanleiding="subsidie", omschrijving="Subsidie dak",
                   betrokkenen=[(houder.id, "betrokkene")])
        assert [k.id for k, _ in services.hergebruik_opties(session, veld["vv"], o3)] == [eerder.id]


# --------------------------------------------------------------------------- start, betrokkenen, right

def test_start_checks_everything_and_writes_nothing(app, session, veld):
    a = veld["a"]
    with app.app_context():
        voor = session.execute(select(func.count()).select_from(BibobOnderzoek)).scalar()
        gevallen = [
            ({"aanleiding": "onbekend", "vergunning_id": veld["aanvraag"].id}, "aanleiding"),
            ({"aanleiding": "aanvraag", "vergunning_id": veld["vergunning_b"].id}, "hoort niet bij de gemeente"),
            ({"aanleiding": "intrekking"}, "intrekking of wijziging"),
            ({"aanleiding": "subsidie"}, "Beschrijf waarover"),
            ({"aanleiding": "subsidie", "omschrijving": "x", "betrokkenen": [(veld["subject_b"].id, "betrokkene")]},
             "hoort niet bij deze gemeente"),
            ({"aanleiding": "subsidie", "omschrijving": "x"}, "ten minste één betrokkene"),
            ({"aanleiding": "aanvraag", "vergunning_id": veld["aanvraag"].id,
                  "behandelaar_id": veld["users"][("9901", Rol.TOEZICHTHOUDER)].id}, "behandelaar"),
            ({"aanleiding": "aanvraag", "vergunning_id": veld["aanvraag"].id, "omschrijving": "x" * 2001}, "2000"),
        ]
        for kw, melding in gevallen:
            with pytest.raises(OngeldigeInvoer) as e:
                services.maak_onderzoek(session, veld["vv"], a.id, services.OnderzoekInvoer(**kw))
            assert any(melding in p for p in e.value.problemen), (kw, e.value.problemen)
        assert session.execute(select(func.count()).select_from(BibobOnderzoek)).scalar() == voor


@pytest.mark.parametrize("rol", [Rol.TOEZICHTHOUDER, Rol.VERGUNNINGVERLENER, Rol.BURGEMEESTER, Rol.BEHEERDER])
def test_without_the_right_nothing_is_started_or_changed(app, session, veld, ongewijzigd, rol):
    a = veld["a"]
    with app.app_context():
        # In gemeente B every role lacks the right in A; in A these lack it (B's vergunningverlener has no mandate).
        for user in (veld["users"][("9901", rol)] if rol != Rol.VERGUNNINGVERLENER else None,
                     veld["users"][("9902", rol)], veld["users"][("9902", Rol.COORDINATOR)]):
            if user is None:
                continue
            with pytest.raises(Geweigerd):
                services.maak_onderzoek(session, user, a.id, services.OnderzoekInvoer(
                    aanleiding="aanvraag", vergunning_id=veld["aanvraag"].id))
        o = nieuw(session, veld)
        for user in [u for u in (veld["users"][("9901", rol)], veld["users"][("9902", Rol.COORDINATOR)], veld["vv2"])
                     if u.id != veld["vv"].id]:
            ongewijzigd(o, Geweigerd, stap, session, veld, o, S.FORMULIER_OPGEVRAAGD, -1, user=user)
            ongewijzigd(o, Geweigerd, services.voeg_tip_toe, session, user, o, bron="riec", bron_omschrijving="",
                        ontvangen_op=d(-1), inhoud="x")
            ongewijzigd(o, Geweigerd, services.voeg_document_toe, session, user, o, data=PDF, bestandsnaam="a.pdf")
            ongewijzigd(o, Geweigerd, services.voeg_betrokkene_toe, session, user, o,
                        persoon(session, veld["a"], "Vos"), "bestuurder")


def test_vergunningverlener_without_mandate_has_no_right(app, session, world):
    with app.app_context():
        vergunning_a = vergunning(session, world["a"], status="aangevraagd")
        with pytest.raises(Geweigerd):
            services.maak_onderzoek(session, world["users"][("9901", Rol.VERGUNNINGVERLENER)], world["a"].id,
                                    services.OnderzoekInvoer(aanleiding="aanvraag", vergunning_id=vergunning_a.id))
        # The coördinator starts one and assigns it to themself.
        o = services.maak_onderzoek(session, world["users"][("9901", Rol.COORDINATOR)], world["a"].id,
                                    services.OnderzoekInvoer(aanleiding="aanvraag", vergunning_id=vergunning_a.id))
        assert o.behandelaar_id == world["users"][("9901", Rol.COORDINATOR)].id


def test_withdrawn_mandate_ends_the_right(app, session, veld):
    with app.app_context():
        o = nieuw(session, veld)
        [m] = [m for m in services.mandaten(session, veld["a"].id) if m.gebruiker_id == veld["vv"].id]
        services.trek_mandaat_in(session, veld["users"][("9901", Rol.BEHEERDER)], m)
        with pytest.raises(Geweigerd):
            stap(session, veld, o, S.FORMULIER_OPGEVRAAGD, -1)
        with pytest.raises(OngeldigeInvoer, match="al ingetrokken"):
            services.trek_mandaat_in(session, veld["users"][("9901", Rol.BEHEERDER)], m)


def test_mandate_only_for_a_vergunningverlener_of_the_gemeente(app, session, veld):
    beheerder = veld["users"][("9901", Rol.BEHEERDER)]
    with app.app_context():
        for user in (veld["users"][("9901", Rol.TOEZICHTHOUDER)], veld["users"][("9902", Rol.VERGUNNINGVERLENER)],
                     None):
            with pytest.raises(OngeldigeInvoer, match="vergunningverlener van deze gemeente"):
                services.verleen_mandaat(session, beheerder, veld["a"].id, user, "Mandaatbesluit")
        with pytest.raises(OngeldigeInvoer, match="heeft al een Bibob-mandaat"):
            services.verleen_mandaat(session, beheerder, veld["a"].id, veld["vv"], "Mandaatbesluit 2")
        with pytest.raises(OngeldigeInvoer, match="mandaatbesluit"):
            services.verleen_mandaat(session, beheerder, veld["a"].id,
                                     veld["users"][("9901", Rol.VERGUNNINGVERLENER)], "  ")


def test_another_gemeentes_subject_or_permit_is_refused(app, session, veld, ongewijzigd):
    with app.app_context():
        o = nieuw(session, veld)
        ongewijzigd(o, OngeldigeInvoer, services.voeg_betrokkene_toe, session, veld["vv"], o, veld["subject_b"],
                    "bestuurder", match="register van deze gemeente")
        eigen = persoon(session, veld["a"], "Dijkstra")
        ongewijzigd(o, OngeldigeInvoer, services.voeg_betrokkene_toe, session, veld["vv"], o, eigen, "baas",
                    match="rol")
        services.voeg_betrokkene_toe(session, veld["vv"], o, eigen, "bestuurder")
        ongewijzigd(o, OngeldigeInvoer, services.voeg_betrokkene_toe, session, veld["vv"], o, eigen, "bestuurder",
                    match="staat al")
        with pytest.raises(OngeldigeInvoer, match="hoort niet bij de gemeente"):
            nieuw(session, veld, vergunning_id=veld["vergunning_b"].id)


def test_tips_and_documents(app, session, veld, ongewijzigd):
    with app.app_context():
        o = nieuw(session, veld)
        for kw, melding in (({"bron": "krant", "inhoud": "x", "ontvangen_op": d(-1)}, "bron"),
                            ({"bron": "riec", "inhoud": "", "ontvangen_op": d(-1)}, "Beschrijf"),
                            ({"bron": "riec", "inhoud": "x", "ontvangen_op": d(3)}, "toekomst"),
                            ({"bron": "anders", "inhoud": "x", "ontvangen_op": d(-1)}, "Omschrijf de bron")):
            ongewijzigd(o, OngeldigeInvoer, services.voeg_tip_toe, session, veld["vv"], o,
                        bron_omschrijving=kw.pop("bron_omschrijving", ""), match=melding, **kw)
        t = services.voeg_tip_toe(session, veld["vv"], o, bron="gemeente", bron_omschrijving="Gemeente Hoogmeer",
                                  ontvangen_op=d(-2), inhoud="Eerder ingetrokken aanvraag.")
        assert t.gemeente_id == veld["a"].id
        for data, melding in ((b"", "Kies een bestand"), (b"MZ\x90\x00 not a pdf", "Alleen PDF")):
            ongewijzigd(o, OngeldigeInvoer, services.voeg_document_toe, session, veld["vv"], o, data=data,
                        bestandsnaam="x.pdf", match=melding)
        doc = services.voeg_document_toe(session, veld["vv"], o, data=PDF, bestandsnaam="../../etc/advies.pdf",
                                         omschrijving="Advies")
        assert doc.bestandsnaam == "advies.pdf" and doc.mimetype == "application/pdf"
        assert get_opslag().get(doc.sleutel) == PDF


# --------------------------------------------------------------------------- reads are audited

def _gelezen(session):
    session.expire_all()
    return session.execute(select(AuditRegel).where(AuditRegel.actie == BibobActie.GELEZEN)
                           .order_by(AuditRegel.id)).scalars().all()


def test_every_row_of_a_list_is_one_audited_read(app, session, veld):
    a, b = veld["a"], veld["b"]
    with app.app_context():
        eigen = [nieuw(session, veld) for _ in range(3)]
        anders = nieuw(session, veld, user=veld["coordinator"], behandelaar_id=veld["vv2"].id)
        session.commit()

        for user, verwacht in ((veld["coordinator"], {*[o.id for o in eigen], anders.id}),
                               (veld["vv"], {o.id for o in eigen}), (veld["vv2"], {anders.id}),
                               (veld["users"][("9901", Rol.TOEZICHTHOUDER)], set()),
                               (veld["users"][("9901", Rol.BURGEMEESTER)], set()),
                               (veld["users"]["regio"], {*[o.id for o in eigen], anders.id}),
                               (veld["users"][("9902", Rol.COORDINATOR)], set())):
            voor = len(_gelezen(session))
            rows = services.lijst(session, user, [a.id, b.id])
            assert {o.id for o in rows} == verwacht, user.gebruikersnaam
            nieuw_ = _gelezen(session)[voor:]
            assert sorted(int(r.object_id) for r in nieuw_) == sorted(o.id for o in rows)
            assert all(r.gemeente_id == a.id and r.object_type == "bibob_onderzoek" for r in nieuw_)
        # Filters: only the rows shown are logged.
        voor = len(_gelezen(session))
        rows = services.lijst(session, veld["coordinator"], [a.id], limit=2)
        assert len(rows) == 2 and len(_gelezen(session)) - voor == 2
        voor = len(_gelezen(session))
        assert services.lijst(session, veld["coordinator"], [a.id], status="besluit") == []
        assert len(_gelezen(session)) == voor


def test_list_read_in_a_request_is_logged_with_the_user(app, session, veld):
    from flask_login import login_user

    from handhaving.audit import services as audit

    with app.app_context():
        o = nieuw(session, veld)
        session.commit()
    with app.test_request_context("/bibob/"):
        login_user(veld["coordinator"])
        voor = len(_gelezen(session))
        assert [r.id for r in services.lijst(session, veld["coordinator"], [veld["a"].id])] == [o.id]
        audit.flush_pending()
    regels = _gelezen(session)[voor:]
    assert [(r.object_id, r.actor_id) for r in regels] == [(str(o.id), veld["coordinator"].id)]


def test_burgemeester_sees_the_decision_file_only(app, session, veld):
    burgemeester = veld["users"][("9901", Rol.BURGEMEESTER)]
    with app.app_context():
        lopend = nieuw(session, veld)
        besloten = nieuw(session, veld)
        naar_advies(session, veld, besloten, mate="geen", grond="")
        stap(session, veld, besloten, S.BESLUIT, -1, besluit="verlenen")
        assert [o.id for o in services.lijst(session, burgemeester, [veld["a"].id])] == [besloten.id]
        assert services.get_onderzoek(session, burgemeester, [veld["a"].id], lopend.id) is None
        assert services.get_onderzoek(session, burgemeester, [veld["a"].id], besloten.id) is besloten
        # Opening is not changing.
        with pytest.raises(Geweigerd):
            stap(session, veld, besloten, S.GEARCHIVEERD, 0, user=burgemeester)
