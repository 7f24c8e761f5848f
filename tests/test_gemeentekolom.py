"""A regional user's lists mix gemeenten, and zaaknummers repeat across gemeenten (each gemeente
numbers its own permits): such lists show a Gemeente column, and a permit number elsewhere carries
its gemeente. A user of one gemeente sees neither. Every cell carries its column's label for the
stacked rows on a phone."""
from __future__ import annotations

import re
from datetime import datetime, time

import pytest

from handhaving.security.rules import Rol
from handhaving.tijd import vandaag
from tests.factories import add_adres
from tests.factories.controles import ControleFactory
from tests.factories.vergunningen import vergunning
from tests.helpers import login


@pytest.fixture
def twee_registers(app, session, world):
    """The same zaaknummer in Dalveen and in Hoogmeer, one holder that has a permit in each."""
    with app.app_context():
        adres_a = add_adres(session, world["a"], "Kanaalstraat", 12, "9901AB")
        adres_b = add_adres(session, world["b"], "Dorpsstraat", 3, "9902AB")
        va = vergunning(session, world["a"], adres=adres_a, zaaknummer="APV-2026-0001",
                        inrichting_naam="Club Kanaal")
        vb = vergunning(session, world["b"], adres=adres_b, zaaknummer="APV-2026-0001",
                        inrichting_naam="Club Dorp")
        session.commit()
    return {**world, "va": va, "vb": vb}


def _rijen(html: str) -> list[str]:
    tbody = html[html.index("<tbody"):html.index("</tbody>")]
    return re.findall(r"<tr\b.*?</tr>", tbody, re.S)


def test_a_regional_coordinator_sees_which_gemeente_each_permit_is_from(client, session, twee_registers):
    login(client, session, twee_registers["users"]["regio"])
    html = client.get("/vergunningen/").get_data(as_text=True)
    assert '<th class="utrecht-table__header-cell" scope="col" role="columnheader">Gemeente</th>' in html
    rijen = [r for r in _rijen(html) if "APV-2026-0001" in r]
    assert len(rijen) == 2
    cel = re.compile(r'data-label="Gemeente" role="cell">([^<]*)</td>')
    gemeenten = sorted(cel.search(r).group(1) for r in rijen)
    assert gemeenten == ["Dalveen", "Hoogmeer"]


def test_a_coordinator_of_one_gemeente_gets_no_gemeente_column(client, session, twee_registers):
    login(client, session, twee_registers["users"][("9901", Rol.COORDINATOR)])
    html = client.get("/vergunningen/").get_data(as_text=True)
    assert "APV-2026-0001" in html and "Club Dorp" not in html
    assert ">Gemeente</th>" not in html and 'data-label="Gemeente"' not in html


def test_every_cell_of_the_register_carries_its_label_for_a_phone(client, session, twee_registers):
    login(client, session, twee_registers["users"]["regio"])
    html = client.get("/vergunningen/").get_data(as_text=True)
    assert 'class="utrecht-table hh-table hh-table--stapel"' in html
    for rij in _rijen(html):
        cellen = re.findall(r"<td\b[^>]*>", rij)
        labels = [re.search(r'data-label="([^"]*)"', c).group(1) for c in cellen]
        assert labels == ["Zaaknummer", "Gemeente", "Soort", "Houder en inrichting", "Adres", "Status",
                          "Vervaldatum"]


def test_the_controles_list_and_the_week_name_the_gemeente_for_a_regional_coordinator(client, session, world):
    # Stored in UTC; noon today is on this week's page whatever the zone.
    middag = datetime.combine(vandaag(), time(12))
    for g, straat in ((world["a"], "Kanaalstraat"), (world["b"], "Dorpsstraat")):
        adres = add_adres(session, g, straat, 7, f"{g.code}AB")
        ControleFactory(gemeente=g, adres_id=adres.id, gepland_op=middag)
    session.commit()
    login(client, session, world["users"]["regio"])
    html = client.get("/controles/").get_data(as_text=True)
    assert {"Dalveen", "Hoogmeer"} <= set(re.findall(r'data-label="Gemeente" role="cell">([^<]*)<', html))
    week = client.get("/controles/week").get_data(as_text=True)
    assert "– Dalveen</span>" in week and "– Hoogmeer</span>" in week


def test_a_permit_number_on_a_persons_page_carries_its_gemeente_for_a_regional_user(client, session,
                                                                                    twee_registers):
    houder = twee_registers["va"].houder
    login(client, session, twee_registers["users"]["regio"])
    html = client.get(f"/subjecten/{houder.id}").get_data(as_text=True)
    assert "APV-2026-0001 (Dalveen)</a>" in html
