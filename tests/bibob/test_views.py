"""The Bibob pages over HTTP: opening with a reason, one audit row per read, need-to-know, the
burgemeester's decision file, tenant isolation, the whole lifecycle with its bad input, the
confidential export, documents, the deadlines view and the mandates on the beheer page."""
from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import func, select

from handhaving.audit.models import AuditRegel
from handhaving.bibob import export, services
from handhaving.bibob.acties import BibobActie
from handhaving.bibob.models import BibobDocument, BibobMandaat, BibobOnderzoek, BibobStap, BibobStatus
from handhaving.security.rules import Rol
from handhaving.vergunningen.models import Vergunning
from tests.bibob.conftest import CANARY, dag, maak_dossier, mandaat, naar
from tests.factories import bestanden
from tests.helpers import csrf_for, login

S = BibobStatus
REDEN = "Beoordeling van de aanvraag exploitatievergunning"


def _als(client, session, user):
    login(client, session, user)
    return csrf_for(client)


def _regels(session, actie, o=None):
    session.expire_all()
    stmt = select(AuditRegel).where(AuditRegel.actie == actie)
    if o is not None:
        stmt = stmt.where(AuditRegel.object_id == str(o.id))
    return session.execute(stmt.order_by(AuditRegel.id)).scalars().all()


def _open(client, token, o, reden=REDEN):
    resp = client.post(f"/bibob/{o.id}/openen", data={"csrf_token": token, "reden": reden})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:1000]
    return resp


def _status(session, o) -> S:
    session.expire_all()
    return session.get(BibobOnderzoek, o.id).status


# ---------------------------------------------------------------------------- opening, reading

def test_opening_asks_for_a_reason_and_every_read_is_logged(client, session, bibob):
    o = bibob["o"]
    token = _als(client, session, bibob["coord_a"])
    resp = client.get(f"/bibob/{o.id}")
    assert resp.status_code == 302 and resp.headers["Location"].startswith(f"/bibob/{o.id}/openen")
    pagina = client.get(f"/bibob/{o.id}/openen").get_data(as_text=True)
    assert "Waarom opent u dit dossier?" in pagina and o.zaaknummer in pagina
    assert CANARY not in pagina  # nothing of the content before the reason

    resp = client.post(f"/bibob/{o.id}/openen", data={"csrf_token": token, "reden": "  "})
    assert resp.status_code == 422
    assert "Geef de reden waarom u dit Bibob-dossier opent" in resp.get_data(as_text=True)
    assert _regels(session, BibobActie.GEOPEND, o) == []
    assert client.get(f"/bibob/{o.id}").status_code == 302  # still closed

    resp = _open(client, token, o)
    assert resp.headers["Location"] == f"/bibob/{o.id}"
    [geopend] = _regels(session, BibobActie.GEOPEND, o)
    assert geopend.reden == REDEN and geopend.actor == bibob["coord_a"].gebruikersnaam

    voor = len(_regels(session, BibobActie.GELEZEN, o))
    for _ in range(2):
        pagina = client.get(f"/bibob/{o.id}").get_data(as_text=True)
        assert CANARY in pagina and "Horeca De Gouden Leeuw B.V." in pagina
    gelezen = _regels(session, BibobActie.GELEZEN, o)
    assert len(gelezen) == voor + 2
    assert all(json.loads(r.details)["weergave"] == "dossier" for r in gelezen[voor:])


def test_list_reads_are_logged_and_link_to_the_reason_page(client, session, bibob):
    o = bibob["o"]
    _als(client, session, bibob["coord_a"])
    pagina = client.get("/bibob/").get_data(as_text=True)
    assert o.zaaknummer in pagina and f"/bibob/{o.id}/openen" in pagina
    assert "art. 28" in pagina and "Nieuw onderzoek" in pagina
    assert CANARY not in pagina and f"/bibob/{bibob['ob'].id}/" not in pagina
    assert [r.object_id for r in _regels(session, BibobActie.GELEZEN)] == [str(o.id)]


def test_vergunningverlener_needs_mandate_and_assignment(client, make_client, app, session, bibob):
    o = bibob["o"]
    vv = bibob["users"][("9901", Rol.VERGUNNINGVERLENER)]
    token = _als(client, session, vv)
    for pad in (f"/bibob/{o.id}/openen", f"/bibob/{o.id}"):
        assert client.get(pad).status_code == 404, pad
    assert client.post(f"/bibob/{o.id}/openen", data={"csrf_token": token, "reden": REDEN}).status_code == 404
    assert o.zaaknummer not in client.get("/bibob/").get_data(as_text=True)
    assert client.get("/bibob/nieuw").status_code == 403
    assert _regels(session, BibobActie.GEOPEND) == []

    # With a mandate, only the dossier assigned to them.
    with app.app_context():
        mandaat(session, vv, bibob["a"])
        eigen = maak_dossier(session, bibob["a"], bibob["coord_a"], behandelaar=vv, omschrijving="Eigen dossier")
        session.commit()
    c2 = make_client()
    token = _als(c2, session, vv)
    assert c2.get(f"/bibob/{o.id}/openen").status_code == 404
    lijst = c2.get("/bibob/").get_data(as_text=True)
    assert eigen.zaaknummer in lijst and f"/bibob/{o.id}/" not in lijst
    _open(c2, token, eigen)
    assert "Eigen dossier" in c2.get(f"/bibob/{eigen.id}").get_data(as_text=True)


def test_burgemeester_reads_the_decision_file_but_never_writes(client, app, session, bibob):
    o = bibob["o"]
    with app.app_context():
        naar(session, bibob["coord_a"], o, S.EIGEN_ONDERZOEK)
        session.commit()
    burgemeester = bibob["users"][("9901", Rol.BURGEMEESTER)]
    token = _als(client, session, burgemeester)
    assert client.get(f"/bibob/{o.id}/openen").status_code == 404
    assert f"/bibob/{o.id}/" not in client.get("/bibob/").get_data(as_text=True)

    with app.app_context():
        naar(session, bibob["coord_a"], o, S.BESLUIT)
        session.commit()
    assert f"/bibob/{o.id}/openen" in client.get("/bibob/").get_data(as_text=True)
    _open(client, token, o, "Ondertekening van het besluit")
    pagina = client.get(f"/bibob/{o.id}").get_data(as_text=True)
    assert CANARY in pagina and "Ernstig gevaar, grond a." in pagina
    assert "Volgende stap" not in pagina and "Document toevoegen" not in pagina
    for pad, data in ((f"/bibob/{o.id}/stap", {"naar": "gearchiveerd", "datum": dag(0).isoformat()}),
                      (f"/bibob/{o.id}/tips", {"bron": "riec", "ontvangen_op": dag(0).isoformat(), "inhoud": "x"}),
                      (f"/bibob/{o.id}/export", {"ontvanger": "x", "grond": "rechter"})):
        assert client.post(pad, data={"csrf_token": token, **data}).status_code == 403, pad
    assert _status(session, o) == S.BESLUIT


def test_another_gemeentes_dossier_is_404_everywhere(client, app, session, bibob):
    ob = bibob["ob"]
    with app.app_context():
        d = services.voeg_document_toe(session, bibob["coord_b"], ob, data=bestanden.pdf("b"), bestandsnaam="b.pdf")
        session.commit()
    token = _als(client, session, bibob["coord_a"])
    for pad in (f"/bibob/{ob.id}/openen", f"/bibob/{ob.id}", f"/bibob/{ob.id}/export",
                f"/bibob/{ob.id}/documenten/{d.id}"):
        assert client.get(pad).status_code == 404, pad
    for pad in ("openen", "stap", "verlengen", "zienswijze", "betrokkenen", "tips", "documenten", "export"):
        assert client.post(f"/bibob/{ob.id}/{pad}", data={"csrf_token": token, "reden": REDEN}).status_code == 404
    # Its document through one's own dossier: 404 too.
    _open(client, token, bibob["o"])
    assert client.get(f"/bibob/{bibob['o'].id}/documenten/{d.id}").status_code == 404
    for pad in ("/bibob/", "/bibob/termijnen?alle=1"):
        assert f"/bibob/{ob.id}/" not in client.get(pad).get_data(as_text=True)
    assert [r.object_id for r in _regels(session, BibobActie.GELEZEN) if r.object_id == str(ob.id)] == []


# ---------------------------------------------------------------------------- the lifecycle over HTTP

def _stap(client, token, o, naar_, **data):
    return client.post(f"/bibob/{o.id}/stap", data={"csrf_token": token, "naar": naar_, **data})


def test_full_walk_through_the_steps(client, session, bibob):
    o = bibob["o"]
    token = _als(client, session, bibob["coord_a"])
    _open(client, token, o)
    pagina = client.get(f"/bibob/{o.id}").get_data(as_text=True)
    assert "Volgende stap: Vragenformulier opvragen" in pagina

    def ok(resp, status):
        assert resp.status_code == 302, resp.get_data(as_text=True)[:3000]
        assert _status(session, o) == status

    ok(_stap(client, token, o, "formulier_opgevraagd", datum=dag(-40).isoformat()), S.FORMULIER_OPGEVRAAGD)
    ok(_stap(client, token, o, "formulier_ontvangen", datum=dag(-35).isoformat()), S.FORMULIER_ONTVANGEN)
    ok(_stap(client, token, o, "eigen_onderzoek", datum=dag(-30).isoformat()), S.EIGEN_ONDERZOEK)
    # The betrokkene must be informed (art. 32).
    resp = _stap(client, token, o, "advies_lbb_aangevraagd", datum=dag(-25).isoformat())
    assert resp.status_code == 422 and "geïnformeerd" in resp.get_data(as_text=True)
    ok(_stap(client, token, o, "advies_lbb_aangevraagd", datum=dag(-25).isoformat(),
             betrokkene_geinformeerd_op=dag(-24).isoformat()), S.ADVIES_LBB_AANGEVRAAGD)
    pagina = client.get(f"/bibob/{o.id}").get_data(as_text=True)
    assert "opgeschort" in pagina and "Verlenging van de adviestermijn vastleggen" in pagina

    resp = client.post(f"/bibob/{o.id}/verlengen", data={"csrf_token": token, "datum": dag(-5).isoformat(),
                                                          "weken": "4"})
    assert resp.status_code == 302
    resp = client.post(f"/bibob/{o.id}/verlengen", data={"csrf_token": token, "datum": dag(-4).isoformat(),
                                                          "weken": "2"})
    assert resp.status_code == 422
    assert "maar één keer verlengen" in resp.get_data(as_text=True)
    session.expire_all()
    assert session.get(BibobOnderzoek, o.id).lbb_verlenging_weken == 4

    # An advice dated before the request: refused, nothing written.
    resp = _stap(client, token, o, "advies_ontvangen", datum=dag(-26).isoformat(), advies_mate="ernstig",
                 advies_grond="a", advies_samenvatting="Te vroeg")
    assert resp.status_code == 422
    html = resp.get_data(as_text=True)
    assert "De datum van het advies ligt vóór de adviesaanvraag" in html and "Te vroeg" in html  # input kept
    assert _status(session, o) == S.ADVIES_LBB_AANGEVRAAGD
    ok(_stap(client, token, o, "advies_ontvangen", datum=dag(-3).isoformat(), advies_mate="ernstig",
             advies_grond="a", advies_samenvatting="Ernstig gevaar, grond a."), S.ADVIES_ONTVANGEN)
    assert "Hergebruik mogelijk tot" in client.get(f"/bibob/{o.id}").get_data(as_text=True)

    # Refusing without a zienswijze: art. 33.
    resp = _stap(client, token, o, "besluit", datum=dag(0).isoformat(), besluit="weigeren",
                 motivering="Ernstig gevaar.")
    assert resp.status_code == 422 and "art. 33 Wet Bibob" in resp.get_data(as_text=True)
    assert _status(session, o) == S.ADVIES_ONTVANGEN

    ok(_stap(client, token, o, "zienswijze", datum=dag(-2).isoformat()), S.ZIENSWIJZE)
    resp = _stap(client, token, o, "besluit", datum=dag(0).isoformat(), besluit="weigeren",
                 motivering="Ernstig gevaar.")
    assert resp.status_code == 422 and "art. 33 Wet Bibob" in resp.get_data(as_text=True)
    resp = client.post(f"/bibob/{o.id}/zienswijze", data={"csrf_token": token, "datum": dag(-1).isoformat(),
                                                           "zienswijze": "Betrokkene betwist het advies."})
    assert resp.status_code == 302
    ok(_stap(client, token, o, "besluit", datum=dag(0).isoformat(), besluit="weigeren",
             motivering="Ernstig gevaar (art. 3 lid 1 sub a)."), S.BESLUIT)

    session.expire_all()
    o2 = session.get(BibobOnderzoek, o.id)
    assert o2.besluit.value == "weigeren" and [z.tekst for z in o2.zienswijzen] == ["Betrokkene betwist het advies."]
    assert session.get(Vergunning, o2.vergunning_id).bibob_getoetst_op == dag(0)
    handelingen = [s.handeling for s in session.execute(select(BibobStap).where(BibobStap.onderzoek_id == o.id)
                                                        .order_by(BibobStap.id)).scalars()]
    assert handelingen[0] == "Onderzoek gestart" and "Adviestermijn LBB verlengd met 4 weken" in handelingen
    assert "Zienswijze ontvangen" in handelingen and len(handelingen) == 10
    pagina = client.get(f"/bibob/{o.id}").get_data(as_text=True)
    assert "Volgende stap: Archiveren" in pagina and "Weigeren" in pagina

    # An illegal step is 409.
    assert _stap(client, token, o, "zienswijze", datum=dag(0).isoformat()).status_code == 409


def test_writes_need_the_dossier_opened(client, session, bibob):
    o = bibob["o"]
    token = _als(client, session, bibob["coord_a"])
    resp = _stap(client, token, o, "formulier_opgevraagd", datum=dag(0).isoformat())
    assert resp.status_code == 302 and "/openen" in resp.headers["Location"]
    assert _status(session, o) == S.AANLEIDING


def test_betrokkene_and_tip_added(client, session, bibob):
    o = bibob["o"]
    token = _als(client, session, bibob["coord_a"])
    _open(client, token, o)
    pagina = client.get(f"/bibob/{o.id}?q=Bakker").get_data(as_text=True)
    assert "Bakker" in pagina
    resp = client.post(f"/bibob/{o.id}/betrokkenen", data={"csrf_token": token, "subject_id": bibob["extra"].id,
                                                            "rol": "financier"})
    assert resp.status_code == 302
    resp = client.post(f"/bibob/{o.id}/betrokkenen", data={"csrf_token": token, "subject_id": bibob["extra"].id,
                                                            "rol": "financier"})
    assert resp.status_code == 422 and "staat al als financier" in resp.get_data(as_text=True)
    resp = client.post(f"/bibob/{o.id}/tips", data={"csrf_token": token, "bron": "riec", "inhoud": ""})
    assert resp.status_code == 422 and "Vul de datum van ontvangst in" in resp.get_data(as_text=True)
    resp = client.post(f"/bibob/{o.id}/tips", data={
        "csrf_token": token, "bron": "gemeente", "bron_omschrijving": "Gemeente Hoogmeer",
        "ontvangen_op": dag(-1).isoformat(), "inhoud": "Eerdere weigering in 2024."})
    assert resp.status_code == 302
    pagina = client.get(f"/bibob/{o.id}").get_data(as_text=True)
    assert "Eerdere weigering in 2024." in pagina and "Gemeente Hoogmeer" in pagina and "Financier" in pagina


# ---------------------------------------------------------------------------- start

def test_start_an_investigation(client, session, bibob):
    a = bibob["a"]
    token = _als(client, session, bibob["coord_a"])
    v = session.execute(select(Vergunning).where(Vergunning.gemeente_id == a.id)).scalars().first()
    pagina = client.get(f"/bibob/nieuw?vergunning={v.id}").get_data(as_text=True)
    assert v.houder.weergavenaam in pagina and f'name="rol_{v.houder_id}"' in pagina

    voor = session.execute(select(func.count()).select_from(BibobOnderzoek)).scalar_one()
    resp = client.post("/bibob/nieuw", data={"csrf_token": token, "gemeente": a.id, "aanleiding": "",
                                             "omschrijving": "Blijft <staan>", "vergunning": ""})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and "Kies de aanleiding" in html
    assert "Blijft &lt;staan&gt;" in html and "Blijft <staan>" not in html
    session.expire_all()
    assert session.execute(select(func.count()).select_from(BibobOnderzoek)).scalar_one() == voor

    resp = client.post("/bibob/nieuw", data={"csrf_token": token, "gemeente": a.id, "aanleiding": "aanvraag",
                                             "vergunning": str(v.id), "behandelaar": bibob["coord_a"].id,
                                             f"rol_{v.houder_id}": "betrokkene",
                                             f"rol_{bibob['extra'].id}": ""})
    assert resp.status_code == 302, resp.get_data(as_text=True)[:2000]
    session.expire_all()
    nieuw = session.execute(select(BibobOnderzoek).order_by(BibobOnderzoek.id.desc())).scalars().first()
    assert [(b.subject_id, b.rol.value) for b in nieuw.betrokkenen] == [(v.houder_id, "betrokkene")]
    assert resp.headers["Location"] == f"/bibob/{nieuw.id}"
    assert client.get(resp.headers["Location"]).status_code == 200  # the starter opened it

    # Without a permit: subjects chosen from the search, a description required.
    pagina = client.get("/bibob/nieuw?q=Bakker").get_data(as_text=True)
    assert f'name="rol_{bibob["extra"].id}"' in pagina
    resp = client.post("/bibob/nieuw", data={"csrf_token": token, "gemeente": a.id, "aanleiding": "subsidie",
                                             "omschrijving": "Subsidie buurthuis", f"rol_{bibob['extra'].id}":
                                             "betrokkene"})
    assert resp.status_code == 302


def test_start_for_another_gemeentes_permit_is_refused(client, session, bibob):
    token = _als(client, session, bibob["coord_a"])
    vb = session.execute(select(Vergunning).where(Vergunning.gemeente_id == bibob["b"].id)).scalars().first()
    resp = client.post("/bibob/nieuw", data={"csrf_token": token, "gemeente": bibob["b"].id,
                                             "aanleiding": "aanvraag", "vergunning": str(vb.id)})
    assert resp.status_code == 422 and "hoort niet bij de gemeente" in resp.get_data(as_text=True)


# ---------------------------------------------------------------------------- export

def test_export_is_confidential_needs_a_recipient_and_is_logged(client, app, session, bibob):
    o = bibob["o"]
    token = _als(client, session, bibob["coord_a"])
    assert client.get(f"/bibob/{o.id}/export").status_code == 302  # not opened yet
    _open(client, token, o)
    assert "art. 28 lid 1" in client.get(f"/bibob/{o.id}/export").get_data(as_text=True)

    resp = client.post(f"/bibob/{o.id}/export", data={"csrf_token": token, "ontvanger": " ", "grond": "rechter"})
    assert resp.status_code == 422 and "Vul in aan wie u het dossier verstrekt" in resp.get_data(as_text=True)
    resp = client.post(f"/bibob/{o.id}/export", data={"csrf_token": token, "ontvanger": "Rb Gelderland",
                                                       "grond": "buurman"})
    assert resp.status_code == 422 and "Kies de grond" in resp.get_data(as_text=True)
    assert _regels(session, BibobActie.EXPORT) == []

    resp = client.post(f"/bibob/{o.id}/export", data={"csrf_token": token, "ontvanger": "Rechtbank Gelderland",
                                                       "grond": "rechter"})
    assert resp.status_code == 200 and resp.mimetype == "application/pdf"
    assert resp.data.startswith(b"%PDF")
    assert resp.headers["Content-Disposition"].startswith("attachment;")
    assert "no-store" in resp.headers["Cache-Control"] and resp.headers["X-Content-Type-Options"] == "nosniff"
    [regel] = _regels(session, BibobActie.EXPORT, o)
    assert json.loads(regel.details) == {"ontvanger": "Rechtbank Gelderland", "grond": "rechter"}
    assert CANARY not in (regel.details or "") + (regel.reden or "")

    # What goes into WeasyPrint: the marking on every page (the page's top margin) and the recipient.
    with app.app_context():
        v = export.Verstrekking(ontvanger="Rechtbank Gelderland", grond="rechter",
                                grond_label=export.GRONDEN["rechter"], door="Coördinator", op=dag(0))
        html = export.bouw_html(session, session.get(BibobOnderzoek, o.id), v)
    assert '@top-center { content: "VERTROUWELIJK – art. 28 Wet Bibob"' in html
    assert "Verstrekt aan Rechtbank Gelderland" in html and "De rechter" in html and CANARY in html
    try:
        import pypdf
    except ImportError:
        return
    tekst = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(resp.data)).pages)
    assert "VERTROUWELIJK" in tekst and "Rechtbank Gelderland" in tekst


def test_export_recipient_cannot_inject_into_the_page_css(app, session, bibob):
    with app.app_context():
        v = export.Verstrekking(ontvanger='x"; } @page { content: "y', grond="rechter", grond_label="De rechter",
                                door="C", op=dag(0))
        html = export.bouw_html(session, bibob["o"], v)
    css = html.split("</style>")[0]
    assert "@page { content" not in css


# ---------------------------------------------------------------------------- documents

PDF = bestanden.pdf("Bibob-document")


@pytest.mark.parametrize("naam,data", [("virus.exe", b"MZ\x90\x00" + b"\x00" * 100),
                                       ("pagina.html", b"<html><script>alert(1)</script></html>")])
def test_document_upload_refuses_other_types(client, session, bibob, naam, data):
    o = bibob["o"]
    token = _als(client, session, bibob["coord_a"])
    _open(client, token, o)
    resp = client.post(f"/bibob/{o.id}/documenten", data={"csrf_token": token, "bestand": (io.BytesIO(data), naam)},
                       content_type="multipart/form-data")
    assert resp.status_code == 422 and "Alleen PDF" in resp.get_data(as_text=True)
    session.expire_all()
    assert session.execute(select(func.count()).select_from(BibobDocument)).scalar_one() == 0


def test_document_upload_and_download(client, make_client, session, bibob):
    o = bibob["o"]
    token = _als(client, session, bibob["coord_a"])
    _open(client, token, o)
    resp = client.post(f"/bibob/{o.id}/documenten", data={
        "csrf_token": token, "omschrijving": "Vragenformulier", "bestand": (io.BytesIO(PDF), "formulier.pdf")},
        content_type="multipart/form-data")
    assert resp.status_code == 302, resp.get_data(as_text=True)[:2000]
    session.expire_all()
    d = session.execute(select(BibobDocument).where(BibobDocument.onderzoek_id == o.id)).scalar_one()
    assert d.bestandsnaam == "formulier.pdf" and d.mimetype == "application/pdf"
    assert f"/bibob/{o.id}/documenten/{d.id}" in client.get(f"/bibob/{o.id}").get_data(as_text=True)

    resp = client.get(f"/bibob/{o.id}/documenten/{d.id}")
    assert resp.status_code == 200 and resp.data == PDF
    assert resp.headers["Content-Disposition"].startswith("attachment;")
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    [regel] = _regels(session, BibobActie.DOCUMENT_GELEZEN, o)
    assert json.loads(regel.details)["sha256"] == d.sha256

    # Not opened in this session: to the reason page; no file, no read logged.
    c2 = make_client()
    _als(c2, session, bibob["coord_a"])
    resp = c2.get(f"/bibob/{o.id}/documenten/{d.id}")
    assert resp.status_code == 302 and "/openen" in resp.headers["Location"]
    assert len(_regels(session, BibobActie.DOCUMENT_GELEZEN, o)) == 1


# ---------------------------------------------------------------------------- deadlines

def test_deadlines_view_warns_and_logs_each_dossier(client, app, session, bibob):
    o = bibob["o"]
    with app.app_context():
        # Requested 52 days ago: the 8 weeks end in 4 days.
        for stap, datum, extra in (("formulier_opgevraagd", -70, {}), ("formulier_ontvangen", -65, {}),
                                   ("eigen_onderzoek", -60, {}),
                                   ("advies_lbb_aangevraagd", -52, {"betrokkene_geinformeerd_op": dag(-51)})):
            services.stap(session, bibob["coord_a"], o, stap, services.StapInvoer(datum=dag(datum), **extra))
        session.commit()
    _als(client, session, bibob["coord_a"])
    pagina = client.get("/bibob/termijnen").get_data(as_text=True)
    assert o.zaaknummer in pagina and "Advies LBB" in pagina
    assert "deze week af" in pagina and "loopt bijna af" in pagina
    assert CANARY not in pagina
    regels = [r for r in _regels(session, BibobActie.GELEZEN, o) if json.loads(r.details)["weergave"] == "termijnen"]
    assert len(regels) == 1
    # The burgemeester has no deadlines view.
    c = client.application.test_client()
    login(c, session, bibob["users"][("9901", Rol.BURGEMEESTER)])
    assert c.get("/bibob/termijnen").status_code == 403


# ---------------------------------------------------------------------------- mandates (beheer)

def test_beheerder_grants_and_withdraws_a_mandate(client, make_client, session, bibob):
    vv = bibob["users"][("9901", Rol.VERGUNNINGVERLENER)]
    token = _als(client, session, bibob["users"][("9901", Rol.BEHEERDER)])
    pagina = client.get(f"/beheer/gebruikers/{vv.id}").get_data(as_text=True)
    assert "Bibob-mandaat vastleggen" in pagina
    resp = client.post(f"/beheer/gebruikers/{vv.id}/bibob-mandaat",
                       data={"csrf_token": token, "gemeente": bibob["a"].id, "besluit": ""})
    assert resp.status_code == 302
    session.expire_all()
    assert session.execute(select(func.count()).select_from(BibobMandaat)).scalar_one() == 0
    resp = client.post(f"/beheer/gebruikers/{vv.id}/bibob-mandaat",
                       data={"csrf_token": token, "gemeente": bibob["a"].id, "besluit": "Mandaatbesluit 2026-14"})
    assert resp.status_code == 302
    session.expire_all()
    m = session.execute(select(BibobMandaat)).scalar_one()
    assert m.gebruiker_id == vv.id and m.ingetrokken_op is None
    assert "Mandaatbesluit 2026-14" in client.get(f"/beheer/gebruikers/{vv.id}").get_data(as_text=True)

    # The beheerder of another gemeente cannot touch it.
    c2 = make_client()
    token_b = _als(c2, session, bibob["users"][("9902", Rol.BEHEERDER)])
    assert c2.post(f"/beheer/bibob-mandaten/{m.id}/intrekken", data={"csrf_token": token_b}).status_code == 404

    assert client.post(f"/beheer/bibob-mandaten/{m.id}/intrekken", data={"csrf_token": token}).status_code == 302
    session.expire_all()
    assert session.get(BibobMandaat, m.id).ingetrokken_op is not None
