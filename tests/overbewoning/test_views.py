"""Hotspot list, one-step planning, beoordeling, the address block and the web import (as jobs)."""
from __future__ import annotations

import hashlib
import io
import re
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from handhaving.audit.models import AuditRegel
from handhaving.auth.models import Rol
from handhaving.controles.models import Controle, ControleSoort
from handhaving.jobs.models import Achtergrondtaak
from handhaving.overbewoning import taken
from handhaving.overbewoning.acties import OverbewoningActie
from handhaving.overbewoning.models import Bewoning, Indicatorbeoordeling
from handhaving.storage import get_opslag
from handhaving.tijd import vandaag
from tests.factories import VerblijfsobjectFactory, add_adres
from tests.factories.base import bind
from tests.factories.overbewoning import bewoning, brp_csv
from tests.helpers import csrf_for, login
from tests.jobs.conftest import drain, make_queue


@pytest.fixture
def tellingen(app, session, buurt):
    """a1: 6 persons on 40 m² (bouwnorm, excess 3); a2: 2 on 100 m² (nothing); kantoor: 3 persons
    (geen woonfunctie); b1 in Hoogmeer: 5 on 30 m²."""
    bewoning(session, buurt["a1"].verblijfsobject, 4, peildatum=date(2026, 6, 30), actueel=False)
    bewoning(session, buurt["a1"].verblijfsobject, 6, volwassenen=6, huishoudens=3, inschrijvingen_12m=2)
    bewoning(session, buurt["a2"].verblijfsobject, 2)
    bewoning(session, buurt["kantoor"].verblijfsobject, 3)
    bewoning(session, buurt["b1"].verblijfsobject, 5)
    session.commit()
    return buurt


def _client(make_client, session, user):
    c = make_client()
    login(c, session, user)
    return c


def _coord(w, code="9901"):
    return w["users"][(code, Rol.COORDINATOR)]


def test_hotspots_lijst_alleen_eigen_gemeente_en_uitleg(make_client, session, tellingen):
    c = _client(make_client, session, tellingen["users"][("9901", Rol.TOEZICHTHOUDER)])
    html = c.get("/overbewoning/").get_data(as_text=True)
    assert "Kanaalstraat 12" in html and "Industrieweg 5" in html
    assert "Havenweg 3" not in html          # no flag
    assert "Dorpsstraat 1" not in html       # another gemeente
    assert "signalen, geen bewijs" in html.lower() and "Nationaliteit" in html
    assert "40 m² ÷ 6 personen" in html and "30-11-2026" in html
    # A toezichthouder does not plan.
    assert "Huisvestingscontrole plannen" not in html
    regel = session.execute(select(AuditRegel).where(AuditRegel.actie == OverbewoningActie.HOTSPOTS_BEKEKEN)
                            .order_by(AuditRegel.id.desc())).scalars().first()
    assert regel is not None and str(tellingen["a1"].verblijfsobject_id) in regel.details


def test_hotspots_filter_en_sortering(make_client, session, tellingen):
    c = _client(make_client, session, _coord(tellingen))
    html = c.get("/overbewoning/?vlag=geen_woonfunctie").get_data(as_text=True)
    assert "Industrieweg 5" in html and "Kanaalstraat 12" not in html
    html = c.get("/overbewoning/?min_overschot=2").get_data(as_text=True)
    assert "Kanaalstraat 12" in html and "Industrieweg 5" not in html
    html = c.get("/overbewoning/?sorteer=adres").get_data(as_text=True)
    assert html.index("Industrieweg 5") < html.index("Kanaalstraat 12")
    html = c.get("/overbewoning/?sorteer=adres&richting=af").get_data(as_text=True)
    assert html.index("Kanaalstraat 12") < html.index("Industrieweg 5")
    html = c.get("/overbewoning/?sorteer=m2").get_data(as_text=True)
    assert html.index("Kanaalstraat 12") < html.index("Industrieweg 5")
    assert c.get("/overbewoning/?sorteer=personen&pagina=99&wijk=x").status_code == 200


def test_regio_coordinator_ziet_beide_gemeenten(make_client, session, tellingen):
    c = _client(make_client, session, tellingen["users"]["regio"])
    html = c.get("/overbewoning/").get_data(as_text=True)
    assert "Kanaalstraat 12" in html and "Dorpsstraat 1" in html
    html = c.get(f"/overbewoning/?gemeente={tellingen['b'].id}").get_data(as_text=True)
    assert "Kanaalstraat 12" not in html and "Dorpsstraat 1" in html


def test_paginering(app, make_client, session, tellingen):
    bind(session)
    for n in range(55):
        a = add_adres(session, tellingen["a"], "Lange Gang", n + 1, "9901AE")
        a.verblijfsobject.oppervlakte = 20
        bewoning(session, a.verblijfsobject, 3 + n % 4)
    session.commit()
    c = _client(make_client, session, _coord(tellingen))
    html = c.get("/overbewoning/").get_data(as_text=True)
    assert "57 adressen" in html and "pagina 1 van 2" in html
    assert html.count('data-vbo="') == 50
    assert c.get("/overbewoning/?pagina=2").get_data(as_text=True).count('data-vbo="') == 7


def _plan(c, adres, **data):
    token = csrf_for(c)
    return c.post(f"/overbewoning/adres/{adres.id}/plannen", data={"csrf_token": token, **data})


def test_plannen_in_een_stap_en_dubbel_indienen(make_client, session, tellingen):
    c = _client(make_client, session, _coord(tellingen))
    th = tellingen["users"][("9901", Rol.TOEZICHTHOUDER)]
    sleutel = str(uuid.uuid4())
    dag = vandaag() + timedelta(days=3)
    data = {"verzendsleutel": sleutel, "datum": dag.isoformat(), "toezichthouder": th.id}
    r1 = _plan(c, tellingen["a1"], **data)
    assert r1.status_code == 302 and "/controles/" in r1.headers["Location"]
    r2 = _plan(c, tellingen["a1"], **data)
    assert r2.headers["Location"] == r1.headers["Location"]
    session.expire_all()
    [controle] = session.execute(select(Controle).where(Controle.adres_id == tellingen["a1"].id)).scalars().all()
    assert controle.soort == ControleSoort.HUISVESTING and controle.controletype.code == "huisvesting_overbewoning"
    assert "40 m² ÷ 6 personen" in controle.briefing and "peildatum" in controle.briefing
    assert [t.id for t in controle.toezichthouders] == [th.id]
    # The list now shows it as the last huisvestingscontrole.
    assert "Gepland" in c.get("/overbewoning/").get_data(as_text=True)


def test_plannen_foute_invoer(make_client, session, tellingen):
    c = _client(make_client, session, _coord(tellingen))
    th = tellingen["users"][("9901", Rol.TOEZICHTHOUDER)]
    r = _plan(c, tellingen["a1"], verzendsleutel=str(uuid.uuid4()), datum=(vandaag() - timedelta(days=1)).isoformat(),
              toezichthouder=th.id)
    assert r.status_code == 422 and "verleden" in r.get_data(as_text=True)
    r = _plan(c, tellingen["a1"], verzendsleutel=str(uuid.uuid4()), datum="", toezichthouder=th.id)
    assert r.status_code == 422 and "Kies de datum" in r.get_data(as_text=True)
    assert session.execute(select(func.count()).select_from(Controle)).scalar_one() == 0


def test_plannen_en_beoordelen_andere_gemeente_404(make_client, session, tellingen):
    c = _client(make_client, session, _coord(tellingen))
    th = tellingen["users"][("9901", Rol.TOEZICHTHOUDER)]
    r = _plan(c, tellingen["b1"], verzendsleutel=str(uuid.uuid4()), datum=vandaag().isoformat(), toezichthouder=th.id)
    assert r.status_code == 404
    token = csrf_for(c)
    r = c.post(f"/overbewoning/adres/{tellingen['b1'].id}/beoordelen",
               data={"csrf_token": token, "uitkomst": "bevestigd", "toelichting": "x"})
    assert r.status_code == 404
    # The address page of another gemeente is not found either (locaties scopes it).
    assert c.get(f"/locaties/adres/{tellingen['b1'].id}").status_code == 404


def _controle(session, tellingen, adres):
    from handhaving.overbewoning import services
    from flask import Flask  # noqa: F401
    th = tellingen["users"][("9901", Rol.TOEZICHTHOUDER)]
    return services.plan_controle(session, _coord(tellingen), [tellingen["a"].id], adres.id,
                                  sleutel=str(uuid.uuid4()), datum=vandaag() + timedelta(days=1),  # 09:00: not yet past
                                  toezichthouder_ids=[th.id])


def test_beoordelen(app, make_client, session, tellingen):
    with app.app_context():
        controle = _controle(session, tellingen, tellingen["neven"])  # at the nevenadres: same object
        session.commit()
    c = _client(make_client, session, tellingen["users"][("9901", Rol.TOEZICHTHOUDER)])
    token = csrf_for(c)
    url = f"/overbewoning/adres/{tellingen['a1'].id}/beoordelen"
    r = c.post(url, data={"csrf_token": token, "uitkomst": "", "controle_id": "", "toelichting": "Mijn tekst <b>"})
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and "Kies of overbewoning is bevestigd" in html
    assert "Mijn tekst &lt;b&gt;" in html  # input kept, escaped
    r = c.post(url, data={"csrf_token": token, "uitkomst": "bevestigd", "controle_id": str(controle.id),
                          "toelichting": ""})
    assert r.status_code == 422 and "Licht de beoordeling toe" in r.get_data(as_text=True)
    assert session.execute(select(func.count()).select_from(Indicatorbeoordeling)).scalar_one() == 0
    r = c.post(url, data={"csrf_token": token, "uitkomst": "bevestigd", "controle_id": str(controle.id),
                          "toelichting": "Acht bedden op twee kamers."})
    assert r.status_code == 302
    session.expire_all()
    bo = session.execute(select(Indicatorbeoordeling)).scalar_one()
    assert bo.controle_id == controle.id and bo.indicatoren["personen"] == 6 and bo.indicatoren["vlaggen"]
    html = c.get("/overbewoning/").get_data(as_text=True)
    assert "Overbewoning bevestigd" in html
    adres = c.get(f"/locaties/adres/{tellingen['a1'].id}").get_data(as_text=True)
    assert "Overbewoning bevestigd" in adres and "Acht bedden" in adres


def test_adresblok(make_client, session, tellingen):
    c = _client(make_client, session, _coord(tellingen))
    html = c.get(f"/locaties/adres/{tellingen['a1'].id}").get_data(as_text=True)
    assert "Bewoning volgens de BRP" in html and "30-06-2026" in html and "30-11-2026" in html
    assert "40 m² ÷ 6 personen" in html and "Huisvestingscontrole plannen" in html
    # A toezichthouder sees the block without the plan button; a vergunningverlener not at all.
    c = _client(make_client, session, tellingen["users"][("9901", Rol.TOEZICHTHOUDER)])
    html = c.get(f"/locaties/adres/{tellingen['a1'].id}").get_data(as_text=True)
    assert "Bewoning volgens de BRP" in html and "Huisvestingscontrole plannen" not in html
    c = _client(make_client, session, tellingen["users"][("9901", Rol.VERGUNNINGVERLENER)])
    html = c.get(f"/locaties/adres/{tellingen['a1'].id}").get_data(as_text=True)
    assert "Bewoning volgens de BRP" not in html


@pytest.fixture
def queue(app, db, tmp_path):
    """A real SQLite huey queue for this test, drained in this thread (tests/jobs/conftest.py)."""
    q = make_queue(app, "sqlite", tmp_path)
    previous = app.extensions.get("handhaving_jobs")
    app.extensions["handhaving_jobs"] = q
    yield q
    q.huey.flush()
    if previous is None:
        app.extensions.pop("handhaving_jobs", None)
    else:
        app.extensions["handhaving_jobs"] = previous


def _upload(c, raw, **extra):
    token = csrf_for(c)
    return c.post("/overbewoning/brp-import", data={"csrf_token": token, "bestand": (io.BytesIO(raw), "brp.csv"),
                                                    **extra}, content_type="multipart/form-data")


def _toepassen(c, import_id):
    return c.post("/overbewoning/brp-import/toepassen", data={"csrf_token": csrf_for(c), "proef": str(import_id)})


def _json(c, url):
    return c.get(url, headers={"Accept": "application/json"})


def test_web_import_proef_en_toepassen_als_taken(make_client, session, queue, buurt):
    c = _client(make_client, session, buurt["users"][("9901", Rol.BEHEERDER)])
    assert c.get("/overbewoning/brp-import").status_code == 200
    raw = brp_csv(f"{buurt['a1'].nummeraanduiding_id};2026-11-30;6;6;3;3;2")
    r = _upload(c, raw)
    assert r.status_code == 302, r.get_data(as_text=True)[:500]
    url = r.headers["Location"]
    import_id = int(re.search(r"/brp-import/(\d+)$", url).group(1))
    # Queued, not run yet: the page shows progress and polls its JSON (script file with the nonce).
    html = c.get(url).get_data(as_text=True)
    assert 'id="import-voortgang"' in html and "import-voortgang.js" in html and "<script>" not in html
    assert re.search(r'<script src="[^"]*import-voortgang\.js" nonce="[^"]+">', html)
    assert "wacht op de verwerking" in html and "Toepassen</button>" not in html
    state = _json(c, url).json
    assert state == {"id": import_id, "fase": "proef", "klaar": False, "gedaan": 0, "totaal": 0,
                     "melding": "Proefimport loopt – wacht op de verwerking"}
    assert c.get(url + "?formaat=json").json["fase"] == "proef"
    # The job's progress (huey's key-value store) is what the page polls.
    with c.application.app_context():
        taken.melder(import_id, True)("lezen", 5, 10)
    assert (_json(c, url).json["gedaan"], _json(c, url).json["totaal"]) == (5, 10)
    assert "5 van 10" in c.get(url).get_data(as_text=True)
    assert session.execute(select(func.count()).select_from(Bewoning)).scalar_one() == 0
    assert drain(queue) == 1
    assert _json(c, url).json["fase"] == "proef_klaar"
    html = c.get(url).get_data(as_text=True)
    assert "Geen fouten" in html and "Toepassen</button>" in html and "import-voortgang.js" not in html
    assert f'name="proef" value="{import_id}"' in html
    assert session.execute(select(func.count()).select_from(Bewoning)).scalar_one() == 0
    # The upload page lists it.
    assert f"/overbewoning/brp-import/{import_id}" in c.get("/overbewoning/brp-import").get_data(as_text=True)
    # Another gemeente's beheerder finds nothing: page, JSON and "Toepassen".
    ander = _client(make_client, session, buurt["users"][("9902", Rol.BEHEERDER)])
    assert ander.get(url).status_code == 404 and _json(ander, url).status_code == 404
    assert _toepassen(ander, import_id).status_code == 404
    # A toezichthouder of the same gemeente may not see it.
    th = _client(make_client, session, buurt["users"][("9901", Rol.TOEZICHTHOUDER)])
    assert th.get(url).status_code == 403
    # "Toepassen" twice: one job.
    r = _toepassen(c, import_id)
    assert r.status_code == 302 and r.headers["Location"].endswith(url)
    state = _json(c, url).json
    assert state["fase"] == "uitvoeren" and state["totaal"] == 0  # not the dry run's progress
    assert state["melding"] == "Import loopt – wacht op de verwerking"
    assert "Import loopt" in c.get(url).get_data(as_text=True)
    assert _toepassen(c, import_id).status_code == 302
    assert drain(queue) == 1
    html = c.get(url).get_data(as_text=True)
    assert "De BRP-tellingen zijn geïmporteerd: 1 nieuw" in html and "Toepassen</button>" not in html
    assert _json(c, url).json == {"id": import_id, "fase": "uitgevoerd", "klaar": True, "gedaan": 0, "totaal": 0,
                                  "melding": "Import klaar"}
    b = session.execute(select(Bewoning)).scalar_one()
    assert (b.personen, b.volwassenen, b.huishoudens) == (6, 6, 3)
    # The applied import's report is on the upload page too (its list of imports).
    html = c.get("/overbewoning/brp-import").get_data(as_text=True)
    bron = re.search(r'href="/overbewoning/brp-import\?import=(\d+)"', html).group(1)
    assert "Geïmporteerd: brp.csv" in c.get(f"/overbewoning/brp-import?import={bron}").get_data(as_text=True)
    assert ander.get(f"/overbewoning/brp-import?import={bron}").status_code == 404


def test_web_import_weigert_bsn_kolom_direct(make_client, session, queue, buurt):
    c = _client(make_client, session, buurt["users"][("9901", Rol.BEHEERDER)])
    for raw, woord in ((brp_csv("x;2026-11-30;1;Jansen", kop="nummeraanduiding_id;peildatum;personen;geslachtsnaam"),
                        "geslachtsnaam"),
                       (brp_csv("x;2026-11-30;1;1", kop="nummeraanduiding_id;peildatum;personen;BSN"), "BSN"),
                       (brp_csv(f"{buurt['a1'].nummeraanduiding_id};2026-11-30;4;;;111222333;"), "achternamen")):
        r = _upload(c, raw, peildatum="2026-11-30")
        html = r.get_data(as_text=True)
        assert r.status_code == 422 and woord in html and "geweigerd" in html
        assert 'value="2026-11-30"' in html  # input kept
        with c.application.app_context():
            assert not get_opslag().exists(hashlib.sha256(raw).hexdigest())
    assert session.execute(select(func.count()).select_from(Achtergrondtaak)).scalar_one() == 0
    assert drain(queue) == 0
    # The refusal is audited, without the file's content.
    regels = session.execute(select(AuditRegel).where(AuditRegel.actie == OverbewoningActie.BRP_PROEF)).scalars().all()
    assert len(regels) == 3 and all(r.resultaat == "mislukt" and "Jansen" not in (r.details or "") for r in regels)
    # An empty or missing file: the form's own message.
    r = _upload(c, b"")
    assert r.status_code == 422


def test_web_import_regelfouten_dan_geen_toepassen(make_client, session, queue, buurt):
    c = _client(make_client, session, buurt["users"][("9901", Rol.BEHEERDER)])
    r = _upload(c, brp_csv(f"{buurt['a1'].nummeraanduiding_id};2026-11-30;-1;;;;", "9901200000000001;2026-11-30;1;;;;"))
    assert r.status_code == 302
    url = r.headers["Location"]
    import_id = int(url.rsplit("/", 1)[1])
    assert drain(queue) == 1
    html = c.get(url).get_data(as_text=True)
    assert "2 regels afgewezen" in html and 'name="proef"' not in html and "Toepassen</button>" not in html
    assert 'data-label="Regel" role="cell">2</td>' in html and 'data-label="Regel" role="cell">3</td>' in html
    # Posted anyway: refused, nothing queued.
    assert _toepassen(c, import_id).status_code == 409
    assert drain(queue) == 0
    assert session.execute(select(func.count()).select_from(Achtergrondtaak)).scalar_one() == 1
    assert session.execute(select(func.count()).select_from(Bewoning)).scalar_one() == 0
    # No import id at all: the upload page with a message.
    r = c.post("/overbewoning/brp-import/toepassen", data={"csrf_token": csrf_for(c)})
    assert r.status_code == 422 and "geen proefimport" in r.get_data(as_text=True)
    assert c.post("/overbewoning/brp-import/toepassen",
                  data={"csrf_token": csrf_for(c), "proef": "abc"}).status_code == 404


@pytest.mark.parametrize("raw", [b"\xff\xd8\xff\xe0" + b"\x00JFIF" * 50, b"PK\x03\x04" + b"\x00" * 200,
                                 b"<html><body><script>alert(1)</script></body></html>\n",
                                 b"nummeraanduiding_id;peildatum;personen\n" + b"x;2026-11-30;1\n" * 400])
def test_web_import_weigert_geen_csv_en_te_groot(app, make_client, session, queue, buurt, monkeypatch, raw):
    """A data file is not a document: not re-encoded, but capped in size and parsed before anything
    is stored or queued."""
    monkeypatch.setitem(app.config, "BRP_IMPORT_MAX_BYTES", 4096)
    c = _client(make_client, session, buurt["users"][("9901", Rol.BEHEERDER)])
    r = _upload(c, raw, peildatum="2026-11-30")
    assert r.status_code == 422, r.get_data(as_text=True)[:500]
    with c.application.app_context():
        assert not get_opslag().exists(hashlib.sha256(raw).hexdigest())
    assert session.scalar(select(func.count()).select_from(Achtergrondtaak)) == 0
