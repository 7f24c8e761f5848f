"""Hotspot list, one-step planning, beoordeling, the address block and the web import."""
from __future__ import annotations

import io
import re
import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from handhaving.audit.models import AuditRegel
from handhaving.auth.models import Rol
from handhaving.controles.models import Controle, ControleSoort
from handhaving.overbewoning.acties import OverbewoningActie
from handhaving.overbewoning.models import Bewoning, Indicatorbeoordeling
from handhaving.tijd import vandaag
from tests.factories import VerblijfsobjectFactory, add_adres
from tests.factories.base import bind
from tests.factories.overbewoning import bewoning, brp_csv
from tests.helpers import csrf_for, login


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
    data = {"sleutel": sleutel, "datum": dag.isoformat(), "toezichthouder": th.id}
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
    r = _plan(c, tellingen["a1"], sleutel=str(uuid.uuid4()), datum=(vandaag() - timedelta(days=1)).isoformat(),
              toezichthouder=th.id)
    assert r.status_code == 422 and "verleden" in r.get_data(as_text=True)
    r = _plan(c, tellingen["a1"], sleutel=str(uuid.uuid4()), datum="", toezichthouder=th.id)
    assert r.status_code == 422 and "Kies de datum" in r.get_data(as_text=True)
    assert session.execute(select(func.count()).select_from(Controle)).scalar_one() == 0


def test_plannen_en_beoordelen_andere_gemeente_404(make_client, session, tellingen):
    c = _client(make_client, session, _coord(tellingen))
    th = tellingen["users"][("9901", Rol.TOEZICHTHOUDER)]
    r = _plan(c, tellingen["b1"], sleutel=str(uuid.uuid4()), datum=vandaag().isoformat(), toezichthouder=th.id)
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
                                  sleutel=str(uuid.uuid4()), datum=vandaag(), toezichthouder_ids=[th.id])


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


def _upload(c, raw, **extra):
    token = csrf_for(c)
    return c.post("/overbewoning/brp-import", data={"csrf_token": token, "bestand": (io.BytesIO(raw), "brp.csv"),
                                                    **extra}, content_type="multipart/form-data")


def test_web_import_proef_en_toepassen(make_client, session, buurt):
    c = _client(make_client, session, buurt["users"][("9901", Rol.BEHEERDER)])
    assert c.get("/overbewoning/brp-import").status_code == 200
    raw = brp_csv(f"{buurt['a1'].nummeraanduiding_id};2026-11-30;6;6;3;3;2")
    r = _upload(c, raw)
    html = r.get_data(as_text=True)
    assert r.status_code == 200 and "Toepassen" in html
    assert session.execute(select(func.count()).select_from(Bewoning)).scalar_one() == 0
    proef = re.search(r'name="proef" value="(\d+)"', html).group(1)
    # Another beheerder cannot apply this dry run.
    ander = _client(make_client, session, buurt["users"][("9902", Rol.BEHEERDER)])
    assert ander.post("/overbewoning/brp-import/toepassen",
                      data={"csrf_token": csrf_for(ander), "proef": proef}).status_code == 404
    r = c.post("/overbewoning/brp-import/toepassen", data={"csrf_token": csrf_for(c), "proef": proef})
    assert r.status_code == 302
    assert "1 nieuw" in c.get(r.headers["Location"]).get_data(as_text=True)
    assert session.execute(select(func.count()).select_from(Bewoning)).scalar_one() == 1


def test_web_import_weigert_namen_en_toont_regelfouten(make_client, session, buurt):
    c = _client(make_client, session, buurt["users"][("9901", Rol.BEHEERDER)])
    r = _upload(c, brp_csv("x;2026-11-30;1;Jansen", kop="nummeraanduiding_id;peildatum;personen;geslachtsnaam"))
    assert r.status_code == 422 and "geslachtsnaam" in r.get_data(as_text=True)
    r = _upload(c, brp_csv(f"{buurt['a1'].nummeraanduiding_id};2026-11-30;-1;;;;", "9901200000000001;2026-11-30;1;;;;"))
    html = r.get_data(as_text=True)
    assert "2 regels afgewezen" in html and 'name="proef"' not in html
    assert session.execute(select(func.count()).select_from(Bewoning)).scalar_one() == 0
