"""Planning rules users depend on (issue 23 item 8): the form opens with its type's default
partners and legal bases ticked, without a script, and keeps the user's own ticks after a
refusal; a slot in the past, earlier today included, in Dutch local time, is refused with the
input kept and nothing written."""
from __future__ import annotations

import json
import re
import uuid
from datetime import datetime, time, timedelta, timezone
from html.parser import HTMLParser

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from handhaving.audit.models import AuditRegel
from handhaving.controles import planning
from handhaving.controles.models import Controle, Partner
from handhaving.errors import OngeldigeInvoer
from handhaving.security.rules import Rol
from handhaving.tijd import AMSTERDAM, naar_lokaal, vandaag
from tests.helpers import csrf_from, login


class _Formulier(HTMLParser):
    """The ticked checkboxes per name, the selected options per select, the script's JSON."""

    def __init__(self, html: str):
        super().__init__()
        self.aangevinkt: dict[str, list[str]] = {}
        self.gekozen: dict[str, str] = {}
        self._select = None
        self.standaard = json.loads(re.search(r'<script type="application/json" id="type-standaard">(.*?)</script>',
                                              html, re.S).group(1))
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("type") == "checkbox" and "checked" in a:
            self.aangevinkt.setdefault(a["name"], []).append(a["value"])
        elif tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.gekozen[self._select] = a["value"]

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def _lokaal(dag, uur: int, minuut: int = 0) -> datetime:
    """A Dutch wall-clock moment as the naive UTC freezegun wants."""
    return datetime.combine(dag, time(uur, minuut), tzinfo=AMSTERDAM).astimezone(timezone.utc).replace(tzinfo=None)


def _typen(session, gemeente):
    return planning.actieve_typen(session, gemeente.id)


def _coordinator(make_client, session, veld):
    client = make_client()
    login(client, session, veld["users"][("9901", Rol.COORDINATOR)])
    return client


def _tel(session) -> tuple[int, int]:
    session.expire_all()
    return (session.scalar(select(func.count()).select_from(Controle)),
            session.scalar(select(func.count()).select_from(AuditRegel)))


# ---------------------------------------------------------------------------- defaults


def test_the_form_opens_with_the_first_types_defaults_ticked_without_a_script(make_client, session, veld):
    client = _coordinator(make_client, session, veld)
    eerste = _typen(session, veld["a"])[0]
    assert eerste.partners and eerste.rechtsgronden  # else this test proves nothing
    f = _Formulier(client.get("/controles/plannen").get_data(as_text=True))
    assert f.gekozen.get("controletype_id", str(eerste.id)) == str(eerste.id)
    assert sorted(f.aangevinkt.get("partners", [])) == sorted(eerste.partners)
    assert sorted(f.aangevinkt.get("rechtsgronden", [])) == sorted(eerste.rechtsgronden)


def test_a_type_asked_for_opens_with_its_own_defaults_and_an_unknown_one_with_the_first(make_client, session,
                                                                                       veld):
    client = _coordinator(make_client, session, veld)
    typen = _typen(session, veld["a"])
    for t in typen:
        f = _Formulier(client.get(f"/controles/plannen?type={t.id}").get_data(as_text=True))
        assert f.gekozen["controletype_id"] == str(t.id)
        assert sorted(f.aangevinkt.get("partners", [])) == sorted(t.partners), t.code
        assert sorted(f.aangevinkt.get("rechtsgronden", [])) == sorted(t.rechtsgronden), t.code
        # plannen.js ticks the same on a change of type: one table for both.
        assert f.standaard[str(t.id)] == {"partners": list(t.partners), "rechtsgronden": list(t.rechtsgronden)}
    andere = _typen(session, veld["b"])[0]  # another gemeente's type: not offered, not its defaults
    f = _Formulier(client.get(f"/controles/plannen?type={andere.id}").get_data(as_text=True))
    assert f.gekozen.get("controletype_id", str(typen[0].id)) == str(typen[0].id)
    assert sorted(f.aangevinkt.get("partners", [])) == sorted(typen[0].partners)


def test_after_a_refusal_the_users_own_ticks_stay_and_no_default_comes_back(make_client, session, veld):
    client = _coordinator(make_client, session, veld)
    t = next(t for t in _typen(session, veld["a"]) if len(t.rechtsgronden) > 1 and t.partners)
    page = client.get(f"/controles/plannen?type={t.id}").get_data(as_text=True)
    eigen_partner = next(p.value for p in Partner if p.value not in t.partners)
    voor = _tel(session)
    resp = client.post("/controles/plannen", data={
        "csrf_token": csrf_from(page), "verzendsleutel": str(uuid.uuid4()), "controletype_id": t.id,
        "adres_ids": veld["adressen"][1].id, "datum": (vandaag() - timedelta(days=1)).isoformat(),
        "van": "20:00", "tot": "22:00", "toezichthouder_ids": veld["users"][("9901", Rol.TOEZICHTHOUDER)].id,
        "partners": eigen_partner, "rechtsgronden": t.rechtsgronden[-1], "briefing": "Eigen keuze"})
    assert resp.status_code == 422
    f = _Formulier(resp.get_data(as_text=True))
    assert f.aangevinkt.get("partners") == [eigen_partner]
    assert f.aangevinkt.get("rechtsgronden") == [t.rechtsgronden[-1]]
    assert _tel(session) == voor


# ---------------------------------------------------------------------------- the slot


def _plan(veld, dag, van: time, tot: time, **kw) -> planning.Plan:
    return planning.Plan(uuid=str(uuid.uuid4()), controletype_id=veld["controle"].controletype_id,
                         adres_ids=[veld["adressen"][1].id], datum=dag, van=van, tot=tot,
                         toezichthouder_ids=[veld["users"][("9901", Rol.TOEZICHTHOUDER)].id], **kw)


def test_a_slot_earlier_today_is_refused_in_dutch_and_nothing_is_written(app_ctx, session, veld):
    coord = veld["users"][("9901", Rol.COORDINATOR)]
    dag = vandaag()
    voor = _tel(session)
    with freeze_time(_lokaal(dag, 14, 0) + timedelta(seconds=40)):
        for van, tot, melding in (
                (time(9), time(11), "Het tijdvak 09:00–11:00 ligt in het verleden: het is nu 14:00."),
                (time(13, 59), time(15), "De begintijd 13:59 ligt in het verleden: het is nu 14:00."),
                (time(15), time(14, 30), "De eindtijd moet na de begintijd liggen.")):
            with pytest.raises(OngeldigeInvoer) as e:
                planning.plan_controles(session, coord, veld["a"].id, _plan(veld, dag, van, tot))
            assert melding in e.value.problemen[0]
        assert _tel(session) == voor
        # The minute it is now still counts as now; later today is fine.
        for van in (time(14, 0), time(20, 0)):
            [c] = planning.plan_controles(session, coord, veld["a"].id, _plan(veld, dag, van, time(22)))
            assert naar_lokaal(c.gepland_op).time() == van


def test_today_is_the_dutch_day_not_the_utc_one(app_ctx, session, veld):
    """At 00:30 in Dalveen it is still the day before in UTC: that evening is the past, this night is not."""
    coord = veld["users"][("9901", Rol.COORDINATOR)]
    dag = vandaag() + timedelta(days=1)
    with freeze_time(_lokaal(dag, 0, 30)):
        assert naar_lokaal(datetime.now(timezone.utc).replace(tzinfo=None)).date() == dag
        with pytest.raises(OngeldigeInvoer, match="De datum ligt in het verleden"):
            planning.plan_controles(session, coord, veld["a"].id, _plan(veld, dag - timedelta(days=1), time(23, 0),
                                                                        time(23, 45)))
        with pytest.raises(OngeldigeInvoer, match="De begintijd 00:15 ligt in het verleden"):
            planning.plan_controles(session, coord, veld["a"].id, _plan(veld, dag, time(0, 15), time(2)))
        [c] = planning.plan_controles(session, coord, veld["a"].id, _plan(veld, dag, time(0, 45), time(2)))
        assert c.gepland_op == _lokaal(dag, 0, 45)


def test_planning_a_slot_earlier_today_in_the_form_keeps_the_input(make_client, session, veld):
    dag = vandaag()
    with freeze_time(_lokaal(dag, 16, 10)):
        client = _coordinator(make_client, session, veld)
        page = client.get("/controles/plannen").get_data(as_text=True)
        voor = _tel(session)
        resp = client.post("/controles/plannen", data={
            "csrf_token": csrf_from(page), "verzendsleutel": str(uuid.uuid4()),
            "controletype_id": veld["controle"].controletype_id, "adres_ids": veld["adressen"][1].id,
            "datum": dag.isoformat(), "van": "15:00", "tot": "18:00",
            "toezichthouder_ids": veld["users"][("9901", Rol.TOEZICHTHOUDER)].id, "partners": "politie",
            "briefing": "Briefing die blijft staan"})
        body = resp.get_data(as_text=True)
        assert resp.status_code == 422
        assert "De begintijd 15:00 ligt in het verleden: het is nu 16:10." in body
        assert 'value="15:00"' in body and 'value="18:00"' in body and "Briefing die blijft staan" in body
        assert _tel(session) == voor


def test_an_edit_may_keep_a_slot_that_has_begun_but_not_move_one_into_the_past(make_client, session, veld):
    c = veld["controle"]  # today 10:00–12:00, not started
    t2 = veld["users"][("9901", Rol.TOEZICHTHOUDER)]
    with freeze_time(_lokaal(vandaag(), 10, 20)):
        client = _coordinator(make_client, session, veld)
        page = client.get(f"/controles/{c.id}/planning").get_data(as_text=True)
        data = {"csrf_token": csrf_from(page), "versie": re.search(r'name="versie" type="hidden" value="(\d+)"',
                                                                  page).group(1),
                "controletype_id": c.controletype_id, "adres_ids": c.adres_id, "datum": vandaag().isoformat(),
                "van": "10:00", "tot": "12:00", "toezichthouder_ids": t2.id, "partners": ["politie", "ggd"],
                "briefing": "Team wacht op de politie"}
        # The team waits for the police at 10:20: adding a partner to the 10:00 slot is allowed.
        resp = client.post(f"/controles/{c.id}/planning", data=data)
        assert resp.status_code == 302, resp.get_data(as_text=True)[:2000]
        session.expire_all()
        assert sorted(session.get(Controle, c.id).partners) == ["ggd", "politie"]
        # Moving it to 09:00 is moving it into the past.
        page = client.get(f"/controles/{c.id}/planning").get_data(as_text=True)
        data.update(csrf_token=csrf_from(page), van="09:00",
                    versie=re.search(r'name="versie" type="hidden" value="(\d+)"', page).group(1))
        resp = client.post(f"/controles/{c.id}/planning", data=data)
        assert resp.status_code == 422 and "De begintijd 09:00 ligt in het verleden" in resp.get_data(as_text=True)
        session.expire_all()
        assert naar_lokaal(session.get(Controle, c.id).gepland_op).time() == time(10, 0)
