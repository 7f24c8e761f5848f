"""The BRP import's web and CLI edges: a huge header or field is a quick Dutch 4xx, never a
worker timeout or a 500; a full file chosen on the form replaces; the beheerder supplies the
area of a standplaats; the CLI makes the full-or-supplement choice explicit."""
from __future__ import annotations

import io
import time
from datetime import date

from sqlalchemy import func, select

from handhaving.auth.models import Rol
from handhaving.jobs.models import Achtergrondtaak
from handhaving.overbewoning.models import Bewoning, OpgegevenOppervlakte
from tests.factories import VerblijfsobjectFactory, add_adres
from tests.factories.base import bind
from tests.factories.overbewoning import brp_csv
from tests.helpers import csrf_for, login
from tests.jobs.conftest import drain
from tests.overbewoning.test_views import queue  # noqa: F401 (fixture)

KOP_40000 = (";".join(["nummeraanduiding_id", *["personen"] * 40_000]) + "\n").encode()


def _client(make_client, session, user):
    c = make_client()
    login(c, session, user)
    return c


def _upload(c, raw, **extra):
    return c.post("/overbewoning/brp-import", data={"csrf_token": csrf_for(c), "bestand": (io.BytesIO(raw), "brp.csv"),
                                                    **extra}, content_type="multipart/form-data")


def test_a_40000_column_header_uploaded_on_the_web_is_a_quick_422(make_client, session, queue, buurt):
    c = _client(make_client, session, buurt["users"][("9901", Rol.BEHEERDER)])
    assert c.get("/overbewoning/brp-import").status_code == 200  # warm: time the upload, not the first request
    start = time.perf_counter()
    r = _upload(c, KOP_40000, peildatum="2026-11-30")
    duur = time.perf_counter() - start
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and "kopregel" in html and 'value="2026-11-30"' in html
    assert duur < 1.0, duur
    print(f"\n40 000 kolommen, web: {duur * 1000:.0f} ms tot de 422")
    assert session.scalar(select(func.count()).select_from(Achtergrondtaak)) == 0


def test_a_field_over_128_kib_uploaded_on_the_web_is_a_422_with_its_line_not_a_500(make_client, session, queue,
                                                                                   buurt):
    c = _client(make_client, session, buurt["users"][("9901", Rol.BEHEERDER)])
    raw = brp_csv(f"{buurt['a2'].nummeraanduiding_id};2026-11-30;2;;;;",
                  f"{buurt['a1'].nummeraanduiding_id};2026-11-30;\"{'x' * 140_000}\";;;;")
    r = _upload(c, raw)
    assert r.status_code == 422 and "Op regel 3 is een waarde langer dan 128 KiB" in r.get_data(as_text=True)
    assert session.scalar(select(func.count()).select_from(Achtergrondtaak)) == 0


def test_a_full_file_chosen_on_the_form_replaces_and_the_report_says_how_many_went(make_client, session, queue,
                                                                                  buurt):
    c = _client(make_client, session, buurt["users"][("9901", Rol.BEHEERDER)])
    a1, a2 = buurt["a1"].nummeraanduiding_id, buurt["a2"].nummeraanduiding_id
    for raw, soort in ((brp_csv(f"{a1};2026-10-31;6;;;;", f"{a2};2026-10-31;2;;;;"), "aanvulling"),
                       (brp_csv(f"{a2};2026-11-30;2;;;;"), "volledig")):
        r = _upload(c, raw, soort=soort)
        assert r.status_code == 302, r.get_data(as_text=True)[:300]
        url = r.headers["Location"]
        assert drain(queue) == 1
        html = c.get(url).get_data(as_text=True)
        if soort == "volledig":
            assert "Niet meer in het bestand (telling wordt 0)</dt><dd>1</dd>" in html
        r = c.post("/overbewoning/brp-import/toepassen",
                   data={"csrf_token": csrf_for(c), "proef": url.rsplit("/", 1)[1]})
        assert r.status_code == 302 and drain(queue) == 1
    actueel = session.execute(select(Bewoning.personen, Bewoning.peildatum).where(
        Bewoning.verblijfsobject_id == buurt["a1"].verblijfsobject_id, Bewoning.actueel.is_(True))).one()
    assert tuple(actueel) == (0, date(2026, 11, 30))
    # A value that is neither choice: the form again, in Dutch.
    r = _upload(c, brp_csv(f"{a2};2026-11-30;2;;;;"), soort="alles")
    assert r.status_code == 422 and "Kies of het bestand volledig is of een aanvulling" in r.get_data(as_text=True)


def test_the_beheerder_supplies_the_area_of_a_standplaats_on_the_web(make_client, session, buurt):
    bind(session)
    sta = VerblijfsobjectFactory(gemeente=buurt["a"], object_type="STA", oppervlakte=None, gebruiksdoelen=None)
    add_adres(session, buurt["a"], "Woonwagenpad", 2, "9901AE", vbo=sta)
    session.commit()
    c = _client(make_client, session, buurt["users"][("9901", Rol.BEHEERDER)])
    url = "/overbewoning/brp-import/oppervlakte"
    r = c.post(url, data={"csrf_token": csrf_for(c), "object_id": sta.bag_id, "m2": "veel", "toelichting": "x"})
    html = r.get_data(as_text=True)
    assert r.status_code == 422 and "tussen 1 en 10000 m²" in html and f'value="{sta.bag_id}"' in html
    r = c.post(url, data={"csrf_token": csrf_for(c), "object_id": buurt["b1"].verblijfsobject.bag_id, "m2": "30"})
    assert r.status_code == 422 and "niet gevonden" in r.get_data(as_text=True)
    assert c.post(url, data={"object_id": sta.bag_id, "m2": "30"}).status_code in (400, 403)  # no CSRF token
    r = c.post(url, data={"csrf_token": csrf_for(c), "object_id": sta.bag_id, "m2": "30", "toelichting": "gemeten"})
    assert r.status_code == 302
    assert session.execute(select(OpgegevenOppervlakte.m2).where(
        OpgegevenOppervlakte.verblijfsobject_id == sta.id)).scalar_one() == 30
    # Only the beheerder.
    coord = _client(make_client, session, buurt["users"][("9901", Rol.COORDINATOR)])
    assert coord.post(url, data={"csrf_token": csrf_for(coord), "object_id": sta.bag_id,
                                 "m2": "40"}).status_code == 403


def test_the_cli_needs_full_or_supplement_and_refuses_a_huge_header_at_once(app, db, session, buurt, tmp_path):
    runner = app.test_cli_runner()
    pad = tmp_path / "brp.csv"
    pad.write_bytes(brp_csv(f"{buurt['a2'].nummeraanduiding_id};2026-11-30;2;;;;"))
    r = runner.invoke(args=["brp", "import", str(pad), "--gemeente", "9901", "--dry-run"])
    assert r.exit_code == 2 and "--volledig" in r.output
    r = runner.invoke(args=["brp", "import", str(pad), "--gemeente", "9901", "--dry-run", "--aanvulling"])
    assert r.exit_code == 0, r.output
    assert "Aanvulling" in r.output
    pad.write_bytes(KOP_40000)
    start = time.perf_counter()
    r = runner.invoke(args=["brp", "import", str(pad), "--gemeente", "9901", "--volledig",
                            "--peildatum", "2026-11-30"])
    duur = time.perf_counter() - start
    assert r.exit_code == 2 and "kopregel" in r.output and duur < 1.0, (r.output, duur)
    print(f"\n40 000 kolommen, CLI: {duur * 1000:.0f} ms tot exitcode 2")
