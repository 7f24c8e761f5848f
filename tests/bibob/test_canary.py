"""The canary sweep (issue 16, security requirement 3): a Bibob dossier in gemeente A carries a
unique canary in every text field; every GET route of the app (pages, searches, the history
search, exports, generated files, the offline package of the sync API) is requested as every
role without the right to it, and no canary may appear in any body or header. Every Bibob
route answers 403/404 (or the login) for them. The positive control: the coördinator of A, who
has the right, opens the dossier with a reason and does see the canaries — so the sweep can fail.

Built generically over ``app.url_map``: routes added later are swept too."""
from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

import pytest
from flask import url_for

from handhaving.auth.models import Rol
from handhaving.bibob import services
from handhaving.controles import sjablonen
from handhaving.vergunningen import services as vergunningen_services
from tests.factories import add_adres, bestanden, make_user
from tests.factories.controles import vastgestelde_controle
from tests.factories.vergunningen import persoon, vergunning
from tests.helpers import csrf_from, login

# One canary per field: a hit names the field that leaked.
C = {naam: f"KANARIE{i:02d}{naam.upper().replace('_', '')}Q7X" for i, naam in enumerate((
    "omschrijving", "bevindingen", "advies", "zienswijze", "tip_inhoud", "tip_bron", "doc_naam", "doc_omschrijving",
    "doc_inhoud", "toelichting", "toelichting_lbb", "motivering", "bevindingen2", "omschrijving2"))}
# The second dossier is at its decision: the burgemeester may open that one (the decision file).
BESLUITDOSSIER = {"motivering", "bevindingen2", "omschrijving2"}
SKIP = {"static", "auth.login", "auth.tweede_factor", "auth.logout"}


def d(n: int) -> date:
    return date.today() + timedelta(days=n)


def _pdf(tekst: str) -> bytes:
    return bestanden.pdf(tekst)


@pytest.fixture
def kanarie(app, world, session):
    a, users = world["a"], world["users"]
    coord = users[("9901", Rol.COORDINATOR)]
    with app.app_context():
        adres = add_adres(session, a, "Kerkstraat", 1, "6411AA")
        sjablonen.installeer_standaard(session, a.id)
        controle = vastgestelde_controle(session, a, coord, users[("9901", Rol.TOEZICHTHOUDER)], adres, met_pdf=True)
        v = vergunning(session, a, adres=adres, status="aangevraagd")
        beheerder = persoon(session, a, "Dijkstra", "Jelle")
        vergunningen_services.voeg_betrokkene_toe(session, None, v, beheerder, "beheerder")
        # A vergunningverlener with the mandate, but not assigned to these dossiers (need-to-know).
        vv2 = make_user(session, "vv2.9901", [(a, Rol.VERGUNNINGVERLENER)])
        services.verleen_mandaat(session, users[("9901", Rol.BEHEERDER)], a.id, vv2, "Mandaatbesluit Bibob 2026-07")

        o = services.maak_onderzoek(session, coord, a.id, services.OnderzoekInvoer(
            aanleiding="aanvraag", vergunning_id=v.id, omschrijving=C["omschrijving"]))

        def stap(naar, dag, **kw):
            services.stap(session, coord, o, naar, services.StapInvoer(datum=d(dag), **kw))

        stap("formulier_opgevraagd", -60, toelichting=C["toelichting"])
        stap("formulier_ontvangen", -50)
        stap("eigen_onderzoek", -45)
        stap("advies_lbb_aangevraagd", -40, betrokkene_geinformeerd_op=d(-40), bevindingen=C["bevindingen"],
             toelichting=C["toelichting_lbb"])
        services.voeg_tip_toe(session, coord, o, bron="riec", bron_omschrijving=C["tip_bron"], ontvangen_op=d(-30),
                              inhoud=C["tip_inhoud"])
        doc = services.voeg_document_toe(session, coord, o, data=_pdf(C["doc_inhoud"]),
                                         bestandsnaam=f"{C['doc_naam']}.pdf", omschrijving=C["doc_omschrijving"])
        stap("advies_ontvangen", -10, advies_mate="ernstig", advies_grond="a", advies_samenvatting=C["advies"])
        stap("zienswijze", -8)
        services.leg_zienswijze_vast(session, coord, o, datum=d(-2), tekst=C["zienswijze"])

        # A second dossier at its decision, about the same permit holder.
        o2 = services.maak_onderzoek(session, coord, a.id, services.OnderzoekInvoer(
            aanleiding="aanvraag", vergunning_id=v.id, omschrijving=C["omschrijving2"]))
        services.stap(session, coord, o2, "formulier_opgevraagd", services.StapInvoer(datum=d(-20)))
        services.stap(session, coord, o2, "formulier_ontvangen", services.StapInvoer(datum=d(-15)))
        services.stap(session, coord, o2, "eigen_onderzoek", services.StapInvoer(datum=d(-14)))
        services.stap(session, coord, o2, "conclusie_eigen_onderzoek", services.StapInvoer(
            datum=d(-5), conclusie="geen_gevaar", bevindingen=C["bevindingen2"]))
        services.stap(session, coord, o2, "besluit", services.StapInvoer(datum=d(-1), besluit="verlenen",
                                                                         motivering=C["motivering"]))
        session.commit()
    world.update(adres=adres, controle=controle, vergunning=v, beheerder_subject=beheerder, vv2=vv2, o=o, o2=o2,
                 doc=doc, coord=coord)
    return world


def _args(rule, w, o) -> dict | None:
    """Real ids of gemeente A's objects for the rule's arguments (None: an argument we cannot fill)."""
    c, v = w["controle"], w["vergunning"]
    ct = c.controletype
    waarden = {
        "adres_id": lambda: w["adres"].id, "gemeente_id": lambda: w["a"].id, "gebruiker_id": lambda: w["coord"].id,
        "toewijzing_id": lambda: w["coord"].rollen[0].id, "sleutel": lambda: "bibob_lbb_adviestermijn_weken",
        "vergunning_id": lambda: v.id, "voorschrift_id": lambda: v.voorschriften[0].id,
        "betrokkene_id": lambda: v.betrokkenen[0].id, "type_id": lambda: v.vergunningtype_id,
        "subject_id": lambda: v.houder_id, "controle_id": lambda: c.id, "bevinding_id": lambda: c.bevindingen[0].id,
        "persoon_id": lambda: c.personen[0].id, "foto_id": lambda: c.fotos[0].id,
        "ondertekening_id": lambda: c.ondertekeningen[0].id, "versie": lambda: 1,
        "controletype_id": lambda: ct.id, "sjabloon_id": lambda: ct.sjablonen[0].id,
        "item_id": lambda: ct.sjablonen[0].secties[0].items[0].id,
        "uuid": lambda: "0f6e2c1a-6a51-4c6e-9a43-3f1d7f2b9c10",
        "onderzoek_id": lambda: o.id, "document_id": lambda: w["doc"].id,
    }
    uit = {}
    for arg in rule.arguments:
        if arg in waarden:
            uit[arg] = waarden[arg]()
        elif f"<int:{arg}>" in rule.rule:
            uit[arg] = 999999  # an object we did not make: the route answers 404, still swept
        else:
            return None
    return uit


def _urls(app, w) -> list[tuple[str, str]]:
    """(endpoint, url) for every GET route with A's ids, both dossiers for the Bibob routes, and the
    searches with the names, KvK number and address of the dossier's subjects."""
    houder = w["vergunning"].houder
    uit = []
    with app.test_request_context():
        for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.endpoint):
            if "GET" not in rule.methods or rule.endpoint in SKIP:
                continue
            for o in ((w["o"], w["o2"]) if "onderzoek_id" in rule.arguments else (w["o"],)):
                args = _args(rule, w, o)
                assert args is not None, f"Geen waarde voor de argumenten van {rule.endpoint}: {rule.arguments}"
                uit.append((rule.endpoint, url_for(rule.endpoint, **args)))
        zoek = {"q": houder.naam}
        for endpoint, query in (("subjecten.zoek", zoek), ("subjecten.index", zoek), ("vergunningen.index", zoek),
                                ("subjecten.zoek", {"q": "Dijkstra"}), ("locaties.zoek", {"q": "Kerkstraat 1"}),
                                ("controles.suggesties", {"q": "Kerkstraat"}), ("bibob.index", {"status": "zienswijze"}),
                                ("bibob.nieuw", {"q": houder.naam, "vergunning_id": w["vergunning"].id}),
                                ("historie.index", {"naam": houder.naam}), ("historie.index", {"naam": "Dijkstra"}),
                                ("historie.index", {"kvk": houder.kvk_nummer}),
                                ("historie.index", {"adres": "Kerkstraat 1"}),
                                ("historie.index", {"naam": "Jelle Dijkstra", "geboortedatum": "1980-05-01"})):
            if endpoint in app.view_functions:
                uit.append((endpoint, url_for(endpoint) + "?" + urlencode(query)))
        # Every map layer around the addresses (Zuid-Limburg): no layer reads Bibob, and none may show it.
        for rule in app.url_map.iter_rules():
            if rule.endpoint.startswith("kaart.") and rule.endpoint != "kaart.index":
                uit.append((rule.endpoint, url_for(rule.endpoint, bbox="5.6,50.7,6.3,51.1")))
    return uit


def _zonder_recht(w):
    u = w["users"]
    return [("toezichthouder", u[("9901", Rol.TOEZICHTHOUDER)], set()),
            ("vergunningverlener zonder mandaat", u[("9901", Rol.VERGUNNINGVERLENER)], set()),
            ("vergunningverlener met mandaat, niet toegewezen", w["vv2"], set()),
            ("burgemeester", u[("9901", Rol.BURGEMEESTER)], BESLUITDOSSIER),
            ("beheerder", u[("9901", Rol.BEHEERDER)], set()),
            ("coördinator van B", u[("9902", Rol.COORDINATOR)], set())]


def _tekst(resp) -> str:
    kop = "\n".join(f"{k}: {v}" for k, v in resp.headers.items())
    return kop + "\n" + resp.get_data().decode("utf-8", errors="ignore")


def _pdf_tekst(data: bytes) -> str:
    """The text of a PDF, with its compressed streams unpacked (WeasyPrint deflates them)."""
    import re
    import zlib

    uit = [data.decode("latin-1")]
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        try:
            uit.append(zlib.decompress(m.group(1)).decode("latin-1"))
        except zlib.error:
            pass
    return "\n".join(uit)


@pytest.mark.parametrize("wie", range(6), ids=lambda i: ["toezichthouder", "vv-zonder-mandaat", "vv-niet-toegewezen",
                                                           "burgemeester", "beheerder", "coordinator-b"][i])
def test_no_canary_for_anyone_without_the_right(app, make_client, session, kanarie, wie):
    naam, user, toegestaan = _zonder_recht(kanarie)[wie]
    verboden = {k: v for k, v in C.items() if k not in toegestaan}
    client = make_client()
    login(client, session, user)
    lekken, bibob_open, gevraagd = [], [], 0
    for endpoint, url in _urls(app, kanarie):
        resp = client.get(url)
        gevraagd += 1
        tekst = _tekst(resp)
        if resp.mimetype == "application/pdf":
            tekst += _pdf_tekst(resp.get_data())
        lekken += [(endpoint, url, veld) for veld, c in verboden.items() if c in tekst]
        if endpoint.startswith("bibob."):
            eigen_besluit = f"/bibob/{kanarie['o2'].id}" in url and toegestaan
            login_redirect = resp.status_code == 302 and "/inloggen" in resp.headers.get("Location", "")
            per_dossier = "onderzoek_id" in next(r.arguments for r in app.url_map.iter_rules()
                                                 if r.endpoint == endpoint)
            if per_dossier and not eigen_besluit and not (resp.status_code in (403, 404) or login_redirect):
                bibob_open.append((endpoint, url, resp.status_code))
    assert gevraagd > 60
    assert not lekken, f"{naam} ziet Bibob-inhoud: {lekken}"
    assert not bibob_open, f"{naam} bereikt een Bibob-dossier: {bibob_open}"


def test_the_controle_rapport_renders_no_bibob_text(app, make_client, session, kanarie):
    """The rapport PDF is compressed: its HTML rendering (the same template) is checked as well,
    as the coördinator of A who has the Bibob right (the rapport must not pull the dossier in)."""
    client = make_client()
    login(client, session, kanarie["coord"])
    c = kanarie["controle"]
    for route in ("controles.rapport_html", "controles.rapport_pdf", "controles.detail", "vergunningen.detail",
                  "locaties.adres"):
        if route not in app.view_functions:
            continue
        with app.test_request_context():
            args = {"controle_id": c.id, "versie": 1, "vergunning_id": kanarie["vergunning"].id,
                    "adres_id": kanarie["adres"].id}
            rule = next(r for r in app.url_map.iter_rules() if r.endpoint == route)
            url = url_for(route, **{k: args[k] for k in rule.arguments})
        resp = client.get(url)
        assert resp.status_code == 200, (route, resp.status_code)
        tekst = _tekst(resp) + (_pdf_tekst(resp.get_data()) if resp.mimetype == "application/pdf" else "")
        assert not [veld for veld, k in C.items() if k in tekst], route


def test_positive_control_the_coordinator_sees_the_canaries(app, make_client, session, kanarie):
    """Without this, a sweep that never finds anything would pass for the wrong reason."""
    if "bibob.dossier" not in app.view_functions:
        pytest.skip("De Bibob-pagina's bestaan nog niet.")
    o = kanarie["o"]
    client = make_client()
    login(client, session, kanarie["coord"])
    with app.test_request_context():
        dossier = url_for("bibob.dossier", onderzoek_id=o.id)
        openen = url_for("bibob.openen", onderzoek_id=o.id)
        document = url_for("bibob.document", onderzoek_id=o.id, document_id=kanarie["doc"].id)
    # Before a reason is given, nothing of the content.
    resp = client.get(dossier)
    assert resp.status_code == 302 and "/openen" in resp.headers["Location"]
    pagina = client.get(openen)
    assert not [k for k in C.values() if k in _tekst(pagina)]
    resp = client.post(openen, data={"csrf_token": csrf_from(pagina.get_data(as_text=True)), "reden": ""})
    assert resp.status_code == 422
    resp = client.post(openen, data={"csrf_token": csrf_from(pagina.get_data(as_text=True)),
                                     "reden": "Beoordeling aanvraag seksinrichting"})
    assert resp.status_code == 302
    tekst = _tekst(client.get(dossier))
    op_pagina = {"omschrijving", "bevindingen", "advies", "zienswijze", "tip_inhoud", "tip_bron", "doc_naam",
                 "doc_omschrijving"}
    assert {veld for veld in op_pagina if C[veld] in tekst} == op_pagina
    # The step history shows the explanation of a step.
    assert C["toelichting"] in tekst or C["toelichting_lbb"] in tekst
    resp = client.get(document)
    assert resp.status_code == 200 and C["doc_inhoud"].encode() in resp.get_data()
    # The same sweep as above, for this user: the canaries are found (the detector works).
    gevonden = set()
    for _endpoint, url in _urls(app, kanarie):
        t = _tekst(client.get(url))
        gevonden |= {veld for veld, k in C.items() if k in t}
    assert op_pagina <= gevonden
    # The decision file is visible to the burgemeester (the one dossier allowed to them).
    burgemeester = make_client()
    login(burgemeester, session, kanarie["users"][("9901", Rol.BURGEMEESTER)])
    with app.test_request_context():
        openen2 = url_for("bibob.openen", onderzoek_id=kanarie["o2"].id)
        dossier2 = url_for("bibob.dossier", onderzoek_id=kanarie["o2"].id)
    pagina = burgemeester.get(openen2)
    assert pagina.status_code == 200
    burgemeester.post(openen2, data={"csrf_token": csrf_from(pagina.get_data(as_text=True)),
                                     "reden": "Ondertekening van het besluit"})
    assert C["motivering"] in _tekst(burgemeester.get(dossier2))


