"""The planning form in Chromium (issue 23 item 8): the type it opens with has its default partners
and legal bases ticked by the server, the script ticks another type's defaults on a change (from
the same table), and a refused post keeps the user's own ticks."""
from __future__ import annotations

import json

import pytest

from tests.browser.conftest import login

pytestmark = pytest.mark.browser

COORDINATOR = "coordinator.dalveen"


def _aangevinkt(page, naam: str) -> list[str]:
    return sorted(page.eval_on_selector_all(f"input[name={naam}]:checked", "els => els.map(e => e.value)"))


def test_defaults_are_ticked_on_opening_and_follow_a_change_of_type(page, db_session):
    login(page, db_session, COORDINATOR)
    page.goto("/controles/plannen")
    standaard = json.loads(page.locator("#type-standaard").text_content())
    keuze = page.locator("select[name=controletype_id]")
    eerste = keuze.input_value()
    assert _aangevinkt(page, "partners") == sorted(standaard[eerste]["partners"])
    assert _aangevinkt(page, "rechtsgronden") == sorted(standaard[eerste]["rechtsgronden"])
    andere = next(t for t, d in standaard.items() if t != eerste and d != standaard[eerste])
    keuze.select_option(andere)
    assert _aangevinkt(page, "partners") == sorted(standaard[andere]["partners"])
    assert _aangevinkt(page, "rechtsgronden") == sorted(standaard[andere]["rechtsgronden"])
    # The user's own ticks, then a refused post (no address, no team): they come back as sent.
    for el in page.locator("input[name=partners]:checked").all():
        el.uncheck()
    page.locator("input[name=partners][value=ggd]").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Plannen").click()
    # Chromium logs the refusal's 422 itself; exactly that one, nothing else, is expected.
    verwacht = [m for m in page.errors.messages if "status of 422" in m and "/controles/plannen" in m]
    assert len(verwacht) == 1, page.errors.messages
    page.errors.messages.remove(verwacht[0])
    assert page.locator("select[name=controletype_id]").input_value() == andere
    assert _aangevinkt(page, "partners") == ["ggd"]
    assert _aangevinkt(page, "rechtsgronden") == sorted(standaard[andere]["rechtsgronden"])
