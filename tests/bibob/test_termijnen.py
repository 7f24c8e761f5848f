"""Deadlines of a Bibob investigation (handhaving/bibob/termijnen.py): pure functions over the
dossier's dates, tried on plain namespaces; and the periods as per-gemeente settings."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest

from handhaving.auth.models import Rol
from handhaving.beheer import services as beheer
from handhaving.bibob import services, termijnen
from handhaving.bibob.instellingen import (
    ADVIES_HERGEBRUIK,
    BESLISTERMIJN,
    LBB_ADVIESTERMIJN,
    LBB_VERLENGING_MAX,
    WAARSCHUWING,
    ZIENSWIJZE_TERMIJN,
)
from handhaving.bibob.termijnen import BINNENKORT, GEHAALD, OK, VERLOPEN, Perioden

P = Perioden()
D0 = date(2026, 3, 2)  # a Monday


def dossier(**kw):
    velden = {"lbb_aangevraagd_op": None, "lbb_verlenging_weken": None, "advies_ontvangen_op": None,
                  "beslistermijn_tot": None, "aangemaakt_op": datetime(2026, 2, 1, 9, 0), "hergebruikt_advies_van_id": None,
                  "zienswijze_gevraagd_op": None, "zienswijze_ontvangen_op": None, "zienswijze_afgezien": False,
                  "besluit_op": None}
    velden.update(kw)
    return SimpleNamespace(**velden)


def _termijn(o, naam, vandaag, p=P):
    return next(t for t in termijnen.termijnen(o, vandaag, p) if t.naam == naam)


# --------------------------------------------------------------------------- LBB advice

def test_lbb_advice_within_eight_weeks():
    assert termijnen.lbb_uiterlijk(dossier(), P) is None
    assert termijnen.lbb_uiterlijk(dossier(lbb_aangevraagd_op=D0), P) == D0 + timedelta(weeks=8) == date(2026, 4, 27)


def test_lbb_advice_with_the_extension_twelve_weeks():
    o = dossier(lbb_aangevraagd_op=D0, lbb_verlenging_weken=4)
    assert termijnen.lbb_uiterlijk(o, P) == D0 + timedelta(weeks=12)
    t = _termijn(o, "Advies LBB", D0)
    assert t.datum == D0 + timedelta(weeks=12) and "verlengd met 4 weken" in t.uitleg


def test_lbb_period_follows_the_setting():
    assert termijnen.lbb_uiterlijk(dossier(lbb_aangevraagd_op=D0), Perioden(lbb_weken=10)) == D0 + timedelta(weeks=10)


# --------------------------------------------------------------------------- suspension (art. 31)

def test_decision_period_moves_by_the_days_the_advice_was_pending():
    basis = D0 + timedelta(weeks=6)
    advies = D0 + timedelta(days=37)
    o = dossier(beslistermijn_tot=basis, lbb_aangevraagd_op=D0, advies_ontvangen_op=advies)
    assert termijnen.opschorting_dagen(o, advies + timedelta(days=100)) == 37
    # Fixed once the advice is in, whatever today is.
    for vandaag in (advies, advies + timedelta(days=1), advies + timedelta(days=300)):
        assert termijnen.beslistermijn(o, vandaag, P) == basis + timedelta(days=37)
    t = _termijn(o, "Beslistermijn", advies)
    assert "37 dagen opgeschort" in t.uitleg


def test_decision_period_keeps_moving_while_the_advice_is_pending():
    basis = D0 + timedelta(weeks=6)
    o = dossier(beslistermijn_tot=basis, lbb_aangevraagd_op=D0)
    eerder = termijnen.beslistermijn(o, D0 + timedelta(days=10), P)
    later = termijnen.beslistermijn(o, D0 + timedelta(days=11), P)
    assert eerder == basis + timedelta(days=10) and later == eerder + timedelta(days=1)
    # Before the request (or on its day) nothing is suspended.
    assert termijnen.opschorting_dagen(o, D0) == 0
    assert termijnen.opschorting_dagen(o, D0 - timedelta(days=5)) == 0
    assert termijnen.opschorting_dagen(dossier(), D0) == 0


def test_decision_period_without_an_end_date_counts_from_the_start():
    o = dossier(aangemaakt_op=datetime(2026, 3, 2, 14, 0))
    assert termijnen.beslistermijn(o, D0, P) == D0 + timedelta(weeks=8)
    assert termijnen.beslistermijn(o, D0, Perioden(beslistermijn_weken=12)) == D0 + timedelta(weeks=12)
    assert termijnen.beslistermijn(dossier(aangemaakt_op=None), D0, P) is None
    assert "8 weken na de start" in _termijn(o, "Beslistermijn", D0).uitleg


# --------------------------------------------------------------------------- reuse (art. 29)

def test_reuse_until_n_years_after_the_advice():
    o = dossier(advies_ontvangen_op=date(2025, 6, 30))
    assert termijnen.hergebruik_tot(o, P) == date(2030, 6, 30)
    assert termijnen.hergebruik_tot(o, Perioden(hergebruik_jaren=2)) == date(2027, 6, 30)
    assert termijnen.hergebruik_tot(dossier(), P) is None
    # A reused advice is not reused again: only the original counts.
    assert termijnen.hergebruik_tot(dossier(advies_ontvangen_op=date(2025, 6, 30), hergebruikt_advies_van_id=7),
                                    P) is None


def test_reuse_from_29_february():
    o = dossier(advies_ontvangen_op=date(2024, 2, 29))
    assert termijnen.hergebruik_tot(o, P) == date(2029, 2, 28)
    assert termijnen.hergebruik_tot(o, Perioden(hergebruik_jaren=4)) == date(2028, 2, 29)


# --------------------------------------------------------------------------- statuses

@pytest.mark.parametrize("dagen_voor, waarschuwing, verwacht", [
    (30, 7, OK), (8, 7, OK), (7, 7, BINNENKORT), (0, 7, BINNENKORT), (-1, 7, VERLOPEN),
    (7, 3, OK), (3, 3, BINNENKORT), (14, 14, BINNENKORT), (15, 14, OK),
])
def test_status_with_the_warning_days(dagen_voor, waarschuwing, verwacht):
    o = dossier(lbb_aangevraagd_op=D0)
    uiterlijk = D0 + timedelta(weeks=8)
    vandaag = uiterlijk - timedelta(days=dagen_voor)
    assert _termijn(o, "Advies LBB", vandaag, Perioden(waarschuwing_dagen=waarschuwing)).status == verwacht


def test_met_deadlines_are_gehaald_even_when_late():
    o = dossier(lbb_aangevraagd_op=D0, advies_ontvangen_op=D0 + timedelta(weeks=10),
                zienswijze_gevraagd_op=D0 + timedelta(weeks=11), zienswijze_afgezien=True,
                beslistermijn_tot=D0, besluit_op=D0 + timedelta(weeks=14))
    vandaag = D0 + timedelta(weeks=30)
    assert {t.naam: t.status for t in termijnen.termijnen(o, vandaag, P)} == {
        "Advies LBB": GEHAALD, "Zienswijze betrokkene": GEHAALD, "Beslistermijn": GEHAALD}
    assert termijnen.eerstvolgende(o, vandaag, P) is None
    assert not any(t.open for t in termijnen.termijnen(o, vandaag, P))


def test_zienswijze_term_and_the_next_deadline():
    gevraagd = D0 + timedelta(days=60)
    o = dossier(beslistermijn_tot=D0 + timedelta(days=120), zienswijze_gevraagd_op=gevraagd)
    ts = termijnen.termijnen(o, gevraagd, P)
    assert [t.naam for t in ts] == ["Zienswijze betrokkene", "Beslistermijn"]  # earliest first
    assert ts[0].datum == gevraagd + timedelta(weeks=2)
    assert termijnen.eerstvolgende(o, gevraagd, P).naam == "Zienswijze betrokkene"
    assert _termijn(o, "Zienswijze betrokkene", gevraagd, Perioden(zienswijze_weken=4)).datum == \
        gevraagd + timedelta(weeks=4)
    o.zienswijze_ontvangen_op = gevraagd + timedelta(days=5)
    assert termijnen.eerstvolgende(o, gevraagd, P).naam == "Beslistermijn"


# --------------------------------------------------------------------------- settings per gemeente

def test_settings_per_gemeente_change_the_figures(app, world, session):
    a, b = world["a"], world["b"]
    beheerder = world["users"][("9901", Rol.BEHEERDER)]
    with app.app_context():
        assert services.perioden(session, a.id) == Perioden()
        for instelling, waarde in ((LBB_ADVIESTERMIJN, "10"), (LBB_VERLENGING_MAX, "6"), (ADVIES_HERGEBRUIK, "2"),
                                   (ZIENSWIJZE_TERMIJN, "3"), (BESLISTERMIJN, "12"), (WAARSCHUWING, "14")):
            beheer.instelling_wijzigen(session, beheerder, a, instelling.sleutel, waarde, "Besluit college")
        p = services.perioden(session, a.id)
        assert p == Perioden(lbb_weken=10, verlenging_max_weken=6, hergebruik_jaren=2, zienswijze_weken=3,
                             beslistermijn_weken=12, waarschuwing_dagen=14)
        # Another gemeente keeps the statutory defaults.
        assert services.perioden(session, b.id) == Perioden()
        o = dossier(lbb_aangevraagd_op=D0, advies_ontvangen_op=date(2024, 2, 29))
        assert termijnen.lbb_uiterlijk(o, p) == D0 + timedelta(weeks=10)
        assert termijnen.hergebruik_tot(o, p) == date(2026, 2, 28)
        uiterlijk = D0 + timedelta(weeks=10)  # 14 days' warning in A
        o2 = dossier(lbb_aangevraagd_op=D0)
        assert _termijn(o2, "Advies LBB", uiterlijk - timedelta(days=12), p).status == BINNENKORT
        # In B the same dossier is due after 8 weeks and warned 7 days ahead: 12 days before is ‘ok’.
        pb = services.perioden(session, b.id)
        assert _termijn(o2, "Advies LBB", D0 + timedelta(weeks=8, days=-12), pb).status == OK
