"""The permit register in headless Chromium on an iPad: a vergunningverlener registers a permit
with two voorschriften, a toezichthouder finds one breached at a controle, and the permit page
shows it (and the list filter "overtredingen in de laatste 12 maanden" finds it).

axe-core: no serious or critical violation on the register's pages; no console or CSP error in
either browser context (``page`` and ``extra_pages`` fixtures).
"""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import exists, select

from tests.browser.conftest import login
from tests.browser.test_controles import (  # noqa: F401  (extra_pages, controletypen are fixtures)
    COORDINATOR,
    GEMEENTE,
    TOEZICHTHOUDER,
    TYPE_CODE,
    Axe,
    controletypen,
    db_read,
    extra_pages,
)

pytestmark = pytest.mark.browser

VERGUNNINGVERLENER = "vergunningverlener.dalveen"
VOORSCHRIFT_1 = "Het bedrijf is gesloten tussen 04.00 en 10.00 uur."
VOORSCHRIFT_2 = "Tijdens de openingstijden is een beheerder van het aanhangsel aanwezig."


def vrij_adres(browser_app):
    """An address of Dalveen without permits or controles (the demo fills others)."""
    from handhaving.auth.models import Gemeente
    from handhaving.controles.models import Controle
    from handhaving.locaties.models import Adres
    from handhaving.vergunningen.models import Vergunning

    def zoek(s):
        gemeente = s.execute(select(Gemeente).where(Gemeente.naam == GEMEENTE)).scalar_one()
        a = s.execute(select(Adres).where(
            Adres.gemeente_id == gemeente.id, Adres.huisletter.is_(None), Adres.toevoeging.is_(None),
            Adres.is_nevenadres.is_(False), Adres.postcode.is_not(None),
            ~exists().where(Vergunning.adres_id == Adres.id), ~exists().where(Controle.adres_id == Adres.id))
            .order_by(Adres.id).offset(40).limit(1)).scalar_one()
        return a.id, a.postcode, a.huisnummer, a.regel1

    return db_read(browser_app, zoek)


def plan_en_start(browser_app, adres_id: int) -> int:
    """The coördinator plans a controle today at the address; the toezichthouder starts it."""
    import uuid
    from datetime import time

    from handhaving.auth.models import Gebruiker
    from handhaving.controles import planning, vastlegging
    from handhaving.controles.demo import plan_vooraf
    from handhaving.controles.models import Controletype
    from handhaving.db import unit_of_work
    from handhaving.locaties.models import Adres
    from handhaving.tijd import vandaag

    with browser_app.app_context(), unit_of_work() as s:
        users = {u.gebruikersnaam: u for u in s.execute(select(Gebruiker).where(
            Gebruiker.gebruikersnaam.in_([COORDINATOR, TOEZICHTHOUDER]))).scalars()}
        adres = s.get(Adres, adres_id)
        ct = s.execute(select(Controletype).where(Controletype.gemeente_id == adres.gemeente_id,
                                                  Controletype.code == TYPE_CODE)).scalar_one()
        [c] = plan_vooraf(s, users[COORDINATOR], adres.gemeente_id, planning.Plan(  # 08:00 today at any hour
            uuid=str(uuid.uuid4()), controletype_id=ct.id, adres_ids=[adres.id], datum=vandaag(),
            van=time(8, 0), tot=time(9, 0), toezichthouder_ids=[users[TOEZICHTHOUDER].id]))
        vastlegging.start(s, users[TOEZICHTHOUDER], c)
        return c.id


def test_vergunning_registreren_voorschrift_overtreden_en_naleving(page, extra_pages, db_session,  # noqa: F811
                                                                   browser_app, controletypen):  # noqa: F811
    axe = Axe()
    adres_id, postcode, huisnummer, regel1 = vrij_adres(browser_app)
    vandaag = date.today()

    # 1. The vergunningverlener registers a permit granted earlier, with two voorschriften.
    login(page, db_session, VERGUNNINGVERLENER)
    page.goto("/vergunningen/")
    axe.check(page, "vergunningen (lijst)")
    page.get_by_role("link", name="Vergunning registreren").click()
    page.wait_for_url(re.compile(r"/vergunningen/nieuw"))
    page.get_by_label("Soort vergunning").select_option("seksinrichting")
    page.get_by_label("KvK-nummer van de houder").fill("0765 4321")
    page.get_by_label("Naam van de onderneming (bij een nieuwe KvK-inschrijving)").fill("Club Kanaalzicht B.V.")
    page.get_by_label("Postcode", exact=True).fill(postcode)
    page.get_by_label("Huisnummer met letter of toevoeging").fill(str(huisnummer))
    page.get_by_label("Naam van de inrichting").fill("Club Kanaalzicht")
    page.get_by_label("Aantal werkruimten of kamers").fill("6")
    page.get_by_label("Stand van zaken").select_option("verleend")
    page.get_by_label("Besluitdatum").fill((vandaag - timedelta(days=30)).isoformat())
    page.get_by_label("Ingangsdatum").fill((vandaag - timedelta(days=30)).isoformat())
    page.get_by_label("Vervaldatum").fill((vandaag + timedelta(days=1065)).isoformat())
    page.get_by_label("Voorschriften, één per regel").fill(f"{VOORSCHRIFT_1}\n{VOORSCHRIFT_2}")
    axe.check(page, "vergunning registreren (ingevuld)")
    with page.expect_navigation(url=re.compile(r"/vergunningen/\d+$")):
        page.get_by_role("button", name="Registreren").click()
    vergunning_url = page.url
    tekst = page.locator("main").inner_text()
    assert "Club Kanaalzicht B.V." in tekst and "07654321" in tekst and regel1 in tekst
    assert VOORSCHRIFT_1 in tekst and VOORSCHRIFT_2 in tekst and tekst.count("Nog niet gecontroleerd.") == 2
    axe.check(page, "vergunning (geregistreerd)")

    # 2. A controle at the address gets a check per voorschrift; they are recorded on the online
    # page, the office's (the team records today's controles in the offline app).
    controle_id = plan_en_start(browser_app, adres_id)
    th = extra_pages()
    login(th, db_session, COORDINATOR)
    th.goto(f"/controles/{controle_id}/vastleggen")
    sectie = th.locator("#voorschriften")
    assert VOORSCHRIFT_1 in sectie.inner_text() and VOORSCHRIFT_2 in sectie.inner_text()
    th.locator("[data-voorschrift]", has_text=VOORSCHRIFT_1).get_by_label("Nageleefd").check()
    th.locator("[data-voorschrift]", has_text=VOORSCHRIFT_2).get_by_label("Overtreden").check()
    th.wait_for_function("() => document.getElementById('opslagstatus').dataset.status === 'opgeslagen'"
                         " && document.getElementById('opslagstatus').textContent.startsWith('Opgeslagen om')")
    axe.check(th, "vastleggen met voorschriften")

    # 3. The permit page shows the breach, linked to the controle; the list filter finds it.
    page.goto(vergunning_url)
    blokken = page.locator(".hh-voorschrift")
    eerste, tweede = blokken.filter(has_text=VOORSCHRIFT_1), blokken.filter(has_text=VOORSCHRIFT_2)
    assert "Nageleefd" in eerste.inner_text() and "Overtreden" in tweede.inner_text()
    assert "Nog niet gecontroleerd." not in page.locator("main").inner_text()
    axe.check(page, "vergunning met naleving")
    page.goto("/vergunningen/?overtredingen=1&q=Kanaalzicht")
    rij = page.locator("tbody tr", has_text="Club Kanaalzicht")
    assert rij.count() == 1 and "overtreding" in rij.inner_text()
    axe.check(page, "vergunningen (filter overtredingen)")
    th.goto(vergunning_url)  # the field reads the permit too, with the link to its controle
    assert th.locator(f"a[href='/controles/{controle_id}']").count() >= 1
    axe.check(th, "vergunning (toezichthouder)")
    assert not axe.problemen, "\n".join(axe.problemen)
