"""Bibob test set-up: an app context for the services, and dossiers made through the services
(so they are what a user would have made), walked to any step of the lifecycle."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from handhaving.bibob import services
from handhaving.bibob.models import BibobMandaat, BibobStatus
from handhaving.security.rules import Rol
from tests.factories.vergunningen import bedrijf, persoon, vergunning

S = BibobStatus
CANARY = "BIBOB-INHOUD-CANARY-5521"


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield


def dag(n: int) -> date:
    return date.today() + timedelta(days=n)


# The usual path through the lifecycle, with the data each step needs (dates in order, in the past).
PAD = [
    (S.FORMULIER_OPGEVRAAGD, {"datum": dag(-40)}),
    (S.FORMULIER_ONTVANGEN, {"datum": dag(-35)}),
    (S.EIGEN_ONDERZOEK, {"datum": dag(-30)}),
    (S.ADVIES_LBB_AANGEVRAAGD, {"datum": dag(-25), "betrokkene_geinformeerd_op": dag(-24)}),
    (S.ADVIES_ONTVANGEN, {"datum": dag(-3), "advies_mate": "ernstig", "advies_grond": "a",
                          "advies_samenvatting": "Ernstig gevaar, grond a."}),
    (S.ZIENSWIJZE, {"datum": dag(-2)}),
    (S.BESLUIT, {"datum": dag(0), "besluit": "weigeren", "motivering": "Ernstig gevaar (art. 3 lid 1 sub a)."}),
]


def naar(session, user, o, doel: S):
    """Walk the dossier along PAD until it is in ``doel`` (the zienswijze recorded before the decision)."""
    statussen = [S.AANLEIDING] + [st for st, _ in PAD]
    for status, data in PAD[statussen.index(o.status):]:
        if o.status == doel:
            return o
        if status == S.BESLUIT:
            services.leg_zienswijze_vast(session, user, o, datum=dag(-1), tekst="Betrokkene betwist het advies.")
        services.stap(session, user, o, status.value, services.StapInvoer(**data))
    assert o.status == doel
    return o


def mandaat(session, user, gemeente) -> BibobMandaat:
    m = BibobMandaat(gebruiker_id=user.id, gemeente_id=gemeente.id, besluit="Mandaatbesluit 2026-14")
    session.add(m)
    session.flush()
    return m


def maak_dossier(session, gemeente, door, *, behandelaar=None, status: S = S.AANLEIDING, **kw):
    houder = bedrijf(session, gemeente, naam="Horeca De Gouden Leeuw B.V.")
    services_vergunning = vergunning(session, gemeente, houder=houder, status="aangevraagd")
    o = services.maak_onderzoek(session, door, gemeente.id, services.OnderzoekInvoer(
        aanleiding="aanvraag", vergunning_id=services_vergunning.id, omschrijving=kw.pop("omschrijving", CANARY),
        behandelaar_id=(behandelaar or door).id, **kw))
    return naar(session, door, o, status)


@pytest.fixture
def bibob(app, session, world):
    """Gemeente A: a dossier of the coördinator; gemeente B: one of B's coördinator."""
    with app.app_context():
        coord_a = world["users"][("9901", Rol.COORDINATOR)]
        coord_b = world["users"][("9902", Rol.COORDINATOR)]
        o = maak_dossier(session, world["a"], coord_a)
        ob = maak_dossier(session, world["b"], coord_b, omschrijving="Dossier van Hoogmeer")
        extra = persoon(session, world["a"], "Bakker", "Anna")
        session.commit()
    return {**world, "o": o, "ob": ob, "coord_a": coord_a, "coord_b": coord_b, "extra": extra}
