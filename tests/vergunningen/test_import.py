"""Import of an existing permit register: dry run, all or nothing, idempotent, as a job with
progress; bad files refused with a Dutch message; pages scoped to the gemeente and the role."""
from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import func, select

from handhaving.audit.models import AuditRegel
from handhaving.errors import OngeldigeInvoer, OngeldigeOvergang
from handhaving.jobs.models import Achtergrondtaak, TaakStatus
from handhaving.security.rules import Rol
from handhaving.subjecten import services as subjecten
from handhaving.subjecten.models import Subject, SubjectSoort
from handhaving.vergunningen import importeren, taken
from handhaving.vergunningen.acties import VergunningActie
from handhaving.vergunningen.importeren_lezen import NAMEN, ImportFout
from handhaving.vergunningen.models import BetrokkeneRol, Vergunning, VergunningStatus, Voorschrift
from tests.factories import add_adres
from tests.helpers import csrf_for, login
from tests.jobs.conftest import drain, make_queue


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


@pytest.fixture
def adressen(world, session):
    a = world["a"]
    uit = {"12": add_adres(session, a, "Kerkstraat", 12, "6411AA"),
           "3a": add_adres(session, a, "Markt", 3, "6411AB", huisletter="A"),
           "7": add_adres(session, a, "Markt", 7, "6411AB")}
    session.commit()
    return uit


def rij(**kw) -> dict:
    return {k: kw.get(k, "") for k in NAMEN}


def club(**kw) -> dict:
    waarden = {"zaaknummer": "Z-2021-0142", "soort": "seksinrichting", "status": "verleend", "houder_naam": "Club Zuid B.V.",
                   "houder_kvk": "01234567", "postcode": "6411AA", "huisnummer": "12", "inrichting_naam": "Club Zuid",
                   "werkruimten": "6", "aanvraagdatum": "03-02-2021", "besluitdatum": "15-04-2021", "ingangsdatum": "15-04-2021",
                   "vervaldatum": "14-04-2026", "beheerders": "Jan de Vries|Fatima el Amrani", "voorschrift_nummer": "1",
                   "voorschrift_tekst": "Gesloten tussen 04.00 en 10.00 uur.", "voorschrift_categorie": "openingstijden"}
    waarden.update(kw)
    return rij(**waarden)


def goede_rijen() -> list[dict]:
    return [
        club(),
        rij(zaaknummer="Z-2021-0142", voorschrift_nummer="2", voorschrift_tekst="Een beheerder is aanwezig.",
            voorschrift_categorie="Beheer en aanwezigheid"),
        rij(zaaknummer="Z-2022-0031", soort="Horeca-exploitatievergunning", status="Verleend", houder_naam="Club Zuid",
            houder_kvk="1234567", postcode="6411 ab", huisnummer="3", huisletter="a", aanvraagdatum="2022-01-10",
            besluitdatum="2022-03-01", ingangsdatum="2022-03-01", beheerders="Jan de Vries",
            voorschrift_tekst="Geen geluidsoverlast na 23.00 uur."),
        rij(zaaknummer="Z-2023-0007", soort="escortbedrijf", status="aangevraagd", houder_voornamen="Renée",
            houder_voorvoegsel="van der", houder_geslachtsnaam="Berg", houder_geboortedatum="12-08-1985",
            aanvraagdatum="05-06-2023"),
    ]


def csv_bytes(rijen: list[dict], encoding="utf-8-sig", delimiter=";", kolommen=None) -> bytes:
    buf = io.StringIO()
    w = csv.DictWriter(buf, kolommen or NAMEN, delimiter=delimiter, lineterminator="\r\n", extrasaction="ignore")
    w.writeheader()
    w.writerows(rijen)
    return buf.getvalue().encode(encoding)


def proef(app, session, queue, gemeente, user, raw: bytes) -> taken.ImportStand:
    with app.app_context():
        import_id = taken.vraag_proef_aan(session, user, gemeente.id, raw, "register.csv")
        session.commit()
    assert drain(queue) == 1
    session.expire_all()
    return taken.get_import(session, [gemeente.id], import_id)


def uitvoeren(app, session, queue, stand, user) -> taken.ImportStand:
    with app.app_context():
        taken.vraag_uitvoering_aan(session, user, stand)
        session.commit()
    assert drain(queue) == 1
    session.expire_all()
    return taken.get_import(session, [stand.gemeente_id], stand.id)


def rapport(app, stand):
    with app.app_context():
        return stand.rapport()


def tel(session, model, gemeente) -> int:
    return session.scalar(select(func.count()).select_from(model).where(model.gemeente_id == gemeente.id))


def vv(world):
    return world["users"][("9901", Rol.VERGUNNINGVERLENER)]


# --- dry run and import --------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "cp1252"])
def test_good_file_dry_run_writes_nothing_then_imports_everything(app, session, queue, world, adressen, encoding):
    a, user = world["a"], vv(world)
    delimiter = "," if encoding == "utf-8" else ";"
    stand = proef(app, session, queue, a, user, csv_bytes(goede_rijen(), encoding, delimiter))
    assert stand.fase == "proef_klaar" and stand.kan_uitvoeren
    r = rapport(app, stand)
    assert r.fouten == [] and r.proef and not r.uitgevoerd
    assert r.rijen == 4 and r.vergunningen == 3
    assert r.aantallen["vergunning_nieuw"] == 3 and r.aantallen["voorschrift_nieuw"] == 3
    # Club Zuid (twice, as 01234567 and 1234567), Jan de Vries, Fatima el Amrani, Renée van der Berg.
    assert r.aantallen["subject_nieuw"] == 4
    assert tel(session, Vergunning, a) == 0 and tel(session, Subject, a) == 0  # a dry run writes nothing

    stand = uitvoeren(app, session, queue, stand, user)
    assert stand.fase == "uitgevoerd"
    r = rapport(app, stand)
    assert r.uitgevoerd and r.fouten == []
    vergunningen = {v.zaaknummer: v for v in session.execute(select(Vergunning).where(
        Vergunning.gemeente_id == a.id)).scalars()}
    assert set(vergunningen) == {"Z-2021-0142", "Z-2022-0031", "Z-2023-0007"}
    v = vergunningen["Z-2021-0142"]
    assert v.status == VergunningStatus.VERLEEND and v.adres_id == adressen["12"].id and v.werkruimten == 6
    assert [(x.nummer, x.categorie.value) for x in v.voorschriften] == [("1", "openingstijden"), ("2", "beheer")]
    assert sorted(b.subject.weergavenaam for b in v.betrokkenen if b.rol == BetrokkeneRol.BEHEERDER) == [
        "Fatima el Amrani", "Jan de Vries"]
    assert vergunningen["Z-2022-0031"].adres_id == adressen["3a"].id
    assert vergunningen["Z-2022-0031"].houder_id == v.houder_id  # one company, one subject
    assert v.houder.kvk_nummer == "01234567"
    renee = vergunningen["Z-2023-0007"].houder
    assert renee.soort == SubjectSoort.PERSOON and renee.voornamen == "Renée" and renee.voorvoegsel == "van der"
    assert tel(session, Subject, a) == 4
    regel = session.execute(select(AuditRegel).where(AuditRegel.actie == VergunningActie.IMPORT_UITGEVOERD.value)
                            ).scalar_one()
    assert regel.resultaat == "succes" and json.loads(regel.details)["vergunning_nieuw"] == 3
    assert regel.actor == user.gebruikersnaam


def test_same_file_twice_changes_nothing_and_makes_no_duplicates(app, session, queue, world, adressen):
    a, user = world["a"], vv(world)
    raw = csv_bytes(goede_rijen())
    uitvoeren(app, session, queue, proef(app, session, queue, a, user, raw), user)
    aantallen = (tel(session, Vergunning, a), tel(session, Subject, a), tel(session, Voorschrift, a))
    gewijzigd_voor = session.scalar(select(func.count()).select_from(AuditRegel).where(
        AuditRegel.actie == VergunningActie.GEWIJZIGD.value))

    stand = proef(app, session, queue, a, user, raw)
    r = rapport(app, stand)
    assert r.aantallen["vergunning_ongewijzigd"] == 3 and r.aantallen["voorschrift_ongewijzigd"] == 3
    assert all(r.aantallen[k] == 0 for k in ("vergunning_nieuw", "vergunning_gewijzigd", "voorschrift_nieuw",
                                             "voorschrift_gewijzigd", "subject_nieuw", "beheerder_toegevoegd",
                                             "beheerder_verwijderd"))
    stand = uitvoeren(app, session, queue, stand, user)
    assert rapport(app, stand).aantallen["vergunning_ongewijzigd"] == 3
    assert (tel(session, Vergunning, a), tel(session, Subject, a), tel(session, Voorschrift, a)) == aantallen
    assert session.scalar(select(func.count()).select_from(AuditRegel).where(
        AuditRegel.actie == VergunningActie.GEWIJZIGD.value)) == gewijzigd_voor


def test_changed_row_updates_the_permit_and_is_audited(app, session, queue, world, adressen):
    a, user = world["a"], vv(world)
    uitvoeren(app, session, queue, proef(app, session, queue, a, user, csv_bytes(goede_rijen())), user)
    rijen = goede_rijen()
    rijen[0] = club(status="geschorst", vervaldatum="14-04-2027", beheerders="Jan de Vries",
                    voorschrift_tekst="Gesloten tussen 03.00 en 10.00 uur.")
    stand = proef(app, session, queue, a, user, csv_bytes(rijen))
    r = rapport(app, stand)
    assert r.aantallen["vergunning_gewijzigd"] == 1 and r.aantallen["vergunning_ongewijzigd"] == 2
    assert r.aantallen["voorschrift_gewijzigd"] == 1 and r.aantallen["beheerder_verwijderd"] == 1
    assert r.wijzigingen == [{"zaaknummer": "Z-2021-0142", "actie": "gewijzigd",
                              "velden": ["status", "vervaldatum", "voorschriften", "beheerders"]}]
    uitvoeren(app, session, queue, stand, user)
    v = session.execute(select(Vergunning).where(Vergunning.zaaknummer == "Z-2021-0142")).scalar_one()
    assert v.status == VergunningStatus.GESCHORST and v.vervaldatum.year == 2027
    assert v.voorschriften[0].tekst.startswith("Gesloten tussen 03.00")
    assert [b.subject.weergavenaam for b in v.betrokkenen] == ["Jan de Vries"]
    assert v.besluiten[-1].van_status == VergunningStatus.VERLEEND
    regel = session.execute(select(AuditRegel).where(AuditRegel.actie == VergunningActie.GEWIJZIGD.value,
                                                     AuditRegel.object_id == str(v.id))).scalar_one()
    assert json.loads(regel.details)["bron"] == "import"


def test_one_company_on_three_permits_stays_one_subject(app, session, queue, world, adressen):
    a, user = world["a"], vv(world)
    with app.app_context():  # the company is already in the register
        bestaand = subjecten.maak_rechtspersoon(session, None, a.id, subjecten.RechtspersoonInvoer(
            naam="Club Zuid B.V.", kvk_nummer="01234567"))
        session.commit()
    rijen = [club(zaaknummer=f"Z-{i}", houder_kvk=kvk, beheerders="", voorschrift_nummer="",
                  voorschrift_tekst="")
             for i, kvk in enumerate(["01234567", "0123 4567", "1234567"])]
    stand = uitvoeren(app, session, queue, proef(app, session, queue, a, user, csv_bytes(rijen)), user)
    assert rapport(app, stand).aantallen["subject_nieuw"] == 0
    houders = set(session.execute(select(Vergunning.houder_id).where(Vergunning.gemeente_id == a.id)).scalars())
    assert houders == {bestaand.id}
    assert tel(session, Subject, a) == 1


# --- bad input --------------------------------------------------------------------------------------

def test_row_errors_are_listed_with_row_and_column_and_nothing_is_written(app, session, queue, world, adressen):
    a, user = world["a"], vv(world)
    rijen = goede_rijen() + [
        club(zaaknummer="Z-9", houder_kvk="1234"),                                         # line 6
        club(zaaknummer="Z-10", postcode="9999ZZ", huisnummer="1"),                         # line 7
        club(zaaknummer="Z-11", ingangsdatum="01-05-2024", vervaldatum="30-04-2024"),       # line 8
        club(zaaknummer="Z-12", soort="kermisvergunning"),                                  # line 9
    ]
    stand = proef(app, session, queue, a, user, csv_bytes(rijen))
    assert stand.fase == "proef_klaar" and not stand.kan_uitvoeren and stand.proef_fouten == 4
    fouten = [(f["regel"], f["kolom"]) for f in rapport(app, stand).fouten]
    assert fouten == [(6, "houder_kvk"), (7, "postcode"), (8, "vervaldatum"), (9, "soort")]
    meldingen = " ".join(f["melding"] for f in rapport(app, stand).fouten)
    assert "een KvK-nummer heeft er 8" in meldingen and "9999ZZ 1 staat niet in de BAG" in meldingen
    assert "vervaldatum ligt vóór de ingangsdatum" in meldingen and "kermisvergunning" in meldingen
    with app.app_context(), pytest.raises(OngeldigeOvergang):
        taken.vraag_uitvoering_aan(session, user, stand)
    session.rollback()
    assert tel(session, Vergunning, a) == 0 and tel(session, Subject, a) == 0


@pytest.mark.parametrize("kolommen, woorden", [
    (["zaaknr" if k == "zaaknummer" else k for k in NAMEN], ["Onbekende kolom", "zaaknr", "ontbreekt: zaaknummer"]),
    ([k for k in NAMEN if k != "status"], ["verplichte kolom ontbreekt: status", "Verwachte kolommen"]),
])
def test_wrong_or_missing_column_is_one_dutch_message(app, session, queue, world, kolommen, woorden):
    a, user = world["a"], vv(world)
    rijen = [{("zaaknr" if k == "zaaknummer" else k): v for k, v in r.items()} for r in goede_rijen()]
    with app.app_context(), pytest.raises(ImportFout) as e:
        taken.vraag_proef_aan(session, user, a.id, csv_bytes(rijen, kolommen=kolommen), "fout.csv")
    for w in woorden:
        assert w in e.value.message
    assert "niets geïmporteerd" in e.value.message
    assert session.scalar(select(func.count()).select_from(Achtergrondtaak)) == 0


def test_error_found_only_while_writing_rolls_back_everything(app, session, queue, world, adressen, monkeypatch):
    a, user = world["a"], vv(world)
    stand = proef(app, session, queue, a, user, csv_bytes(goede_rijen()))
    assert stand.kan_uitvoeren
    geschreven = {}

    def weigert(session_, gemeente_id, reg, nieuw):
        # Called after everything was written and flushed, before the commit.
        geschreven["vergunningen"] = session_.scalar(select(func.count()).select_from(Vergunning))
        raise OngeldigeInvoer("Deze persoon is intussen afgeschermd.")

    monkeypatch.setattr(importeren, "controleer_resultaat", weigert)
    stand = uitvoeren(app, session, queue, stand, user)
    # The job ended normally: its outcome is the report, nothing of the register was kept.
    assert stand.uitvoer_taak.status == TaakStatus.KLAAR and stand.fase == "uitgevoerd"
    r = rapport(app, stand)
    assert geschreven == {"vergunningen": 3}
    assert not r.uitgevoerd and "intussen afgeschermd" in r.fouten[0]["melding"]
    assert tel(session, Vergunning, a) == 0 and tel(session, Subject, a) == 0 and tel(session, Voorschrift, a) == 0
    assert session.scalar(select(func.count()).select_from(AuditRegel).where(
        AuditRegel.actie.in_(["subject.aangemaakt", VergunningActie.GEWIJZIGD.value]))) == 0
    regel = session.execute(select(AuditRegel).where(AuditRegel.actie == VergunningActie.IMPORT_UITGEVOERD.value)
                            ).scalar_one()
    assert regel.resultaat == "mislukt"


# --- the pages ------------------------------------------------------------------------------------

def _client(make_client, session, user):
    c = make_client()
    login(c, session, user)
    return c


def test_pages_upload_dry_run_progress_and_import(app, make_client, session, queue, world, adressen):
    a = world["a"]
    client = _client(make_client, session, vv(world))
    page = client.get("/vergunningen/importeren")
    assert page.status_code == 200 and "vergunningen-voorbeeld.csv" in page.get_data(as_text=True)
    assert client.get("/static/voorbeelden/vergunningen-voorbeeld.csv").status_code == 200
    resp = client.post("/vergunningen/importeren", data={
        "csrf_token": csrf_for(client), "bestand": (io.BytesIO(csv_bytes(goede_rijen())), "register.csv")},
        content_type="multipart/form-data")
    assert resp.status_code == 302, resp.get_data(as_text=True)[:500]
    url = resp.headers["Location"]
    # Queued, not run yet: the page shows progress and polls its JSON.
    html = client.get(url).get_data(as_text=True)
    assert 'id="import-voortgang"' in html and "import-voortgang.js" in html and "<script>" not in html
    state = client.get(url, headers={"Accept": "application/json"}).json
    assert state["fase"] == "proef" and state["klaar"] is False
    assert drain(queue) == 1
    state = client.get(url, headers={"Accept": "application/json"}).json
    assert state["fase"] == "proef_klaar" and state["klaar"] is True
    html = client.get(url).get_data(as_text=True)
    assert "Nieuwe vergunningen" in html and "Importeren</button>" in html and "Z-2021-0142" in html
    resp = client.post(url + "/uitvoeren", data={"csrf_token": csrf_for(client)})
    assert resp.status_code == 302
    client.post(url + "/uitvoeren", data={"csrf_token": csrf_for(client)})  # twice: queued once
    assert drain(queue) == 1
    html = client.get(url).get_data(as_text=True)
    assert "Het register is geïmporteerd" in html
    assert tel(session, Vergunning, a) == 3


def test_upload_with_a_wrong_column_answers_on_the_form(app, make_client, session, queue, world):
    client = _client(make_client, session, vv(world))
    kolommen = ["zaak" if k == "zaaknummer" else k for k in NAMEN]
    resp = client.post("/vergunningen/importeren", data={
        "csrf_token": csrf_for(client),
        "bestand": (io.BytesIO(csv_bytes([], kolommen=kolommen)), "fout.csv")}, content_type="multipart/form-data")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422 and "Onbekende kolom in de kopregel: zaak" in html
    assert session.scalar(select(func.count()).select_from(Achtergrondtaak)) == 0


def test_import_of_another_gemeente_is_not_found(app, make_client, session, queue, world, adressen):
    stand = proef(app, session, queue, world["a"], vv(world), csv_bytes(goede_rijen()))
    client = _client(make_client, session, world["users"][("9902", Rol.VERGUNNINGVERLENER)])
    assert client.get(f"/vergunningen/importeren/{stand.id}").status_code == 404
    assert client.get(f"/vergunningen/importeren/{stand.id}", headers={"Accept": "application/json"}).status_code == 404
    resp = client.post(f"/vergunningen/importeren/{stand.id}/uitvoeren", data={"csrf_token": csrf_for(client)})
    assert resp.status_code == 404
    assert taken.get_import(session, [world["b"].id], stand.id) is None


def test_toezichthouder_may_not_import(app, make_client, session, queue, world, adressen):
    stand = proef(app, session, queue, world["a"], vv(world), csv_bytes(goede_rijen()))
    client = _client(make_client, session, world["users"][("9901", Rol.TOEZICHTHOUDER)])
    assert client.get("/vergunningen/importeren").status_code == 403
    assert client.get(f"/vergunningen/importeren/{stand.id}").status_code == 403
    resp = client.post(f"/vergunningen/importeren/{stand.id}/uitvoeren", data={"csrf_token": csrf_for(client)})
    assert resp.status_code == 403


@pytest.mark.parametrize("naam,raw", [("register.csv", b"\xff\xd8\xff\xe0" + b"\x00JFIF" * 50),
                                      ("register.csv", b"PK\x03\x04" + b"\x00" * 200),
                                      ("register.csv", b"<html><body><script>alert(1)</script></body></html>\n"),
                                      ("groot.csv", b"zaaknummer;soort\n" + b"x;y\n" * 2000)])
def test_an_import_that_is_no_csv_or_too_large_is_refused_on_the_form(app, make_client, session, queue, world,
                                                                       monkeypatch, naam, raw):
    """A data file is not a document: not re-encoded, but capped in size and parsed (header) before
    anything is stored or queued."""
    monkeypatch.setitem(app.config, "VERGUNNING_IMPORT_MAX_BYTES", 4096)
    client = _client(make_client, session, vv(world))
    resp = client.post("/vergunningen/importeren", data={"csrf_token": csrf_for(client),
                                                         "bestand": (io.BytesIO(raw), naam)},
                       content_type="multipart/form-data")
    assert resp.status_code == 422, resp.get_data(as_text=True)[:500]
    assert session.scalar(select(func.count()).select_from(Achtergrondtaak)) == 0
