"""A Bibob dossier, tip, betrokkene, document or zienswijze is recorded once, however often
its form is sent (double click, back button, a retry while the first was still busy)."""
from __future__ import annotations

import io

from sqlalchemy import func, select

from handhaving.bibob.models import BibobBetrokkene, BibobDocument, BibobOnderzoek, BibobStap, BibobTip, BibobStatus
from tests.bibob.conftest import dag, naar
from tests.bibob.test_views import PDF, _als, _open
from tests.helpers_eenmalig import tweemaal


def _tel(session, model):
    def tel():
        session.expire_all()
        return session.execute(select(func.count()).select_from(model)).scalar_one()
    return tel


def test_a_new_bibob_dossier_sent_twice_is_started_once(client, session, bibob):
    a = bibob["a"]
    _als(client, session, bibob["coord_a"])
    eerste, _ = tweemaal(client, "/bibob/nieuw?q=Bakker", "", {
        "gemeente": str(a.id), "aanleiding": "subsidie", "omschrijving": "Subsidie buurthuis",
        "behandelaar": str(bibob["coord_a"].id), f"rol_{bibob['extra'].id}": "betrokkene"},
        _tel(session, BibobOnderzoek), action_post="/bibob/nieuw")
    assert eerste.headers["Location"].startswith("/bibob/")


def test_a_bibob_tip_sent_twice_is_recorded_once(client, session, bibob):
    o = bibob["o"]
    token = _als(client, session, bibob["coord_a"])
    _open(client, token, o)
    tweemaal(client, f"/bibob/{o.id}", f"/bibob/{o.id}/tips", {
        "bron": "gemeente", "bron_omschrijving": "Gemeente Hoogmeer", "ontvangen_op": dag(-1).isoformat(),
        "inhoud": "Eerdere weigering in 2024."}, _tel(session, BibobTip))


def test_a_bibob_betrokkene_sent_twice_is_added_once(client, session, bibob):
    o = bibob["o"]
    token = _als(client, session, bibob["coord_a"])
    _open(client, token, o)
    tweemaal(client, f"/bibob/{o.id}?q=Bakker", f"/bibob/{o.id}/betrokkenen", {"rol": "financier"},
             _tel(session, BibobBetrokkene))


def test_a_bibob_document_sent_twice_is_stored_once(client, session, bibob):
    o = bibob["o"]
    token = _als(client, session, bibob["coord_a"])
    _open(client, token, o)
    tweemaal(client, f"/bibob/{o.id}", f"/bibob/{o.id}/documenten", {"omschrijving": "Vragenformulier"},
             _tel(session, BibobDocument), files=lambda: {"bestand": (io.BytesIO(PDF), "formulier.pdf")})


def test_a_zienswijze_sent_twice_is_recorded_once(app, client, session, bibob):
    o = bibob["o"]
    with app.app_context():
        naar(session, bibob["coord_a"], o, BibobStatus.ZIENSWIJZE)
        session.commit()
    token = _als(client, session, bibob["coord_a"])
    _open(client, token, o)
    tweemaal(client, f"/bibob/{o.id}", f"/bibob/{o.id}/zienswijze", {
        "datum": dag(-1).isoformat(), "zienswijze": "Betrokkene betwist het advies."}, _tel(session, BibobStap))
