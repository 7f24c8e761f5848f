"""The web BRP import as background jobs: the dry run job, then the apply job; queued after
commit, idempotent, refused files never stored, progress in huey's key-value store."""
from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest
from sqlalchemy import func, select

from handhaving.audit.models import AuditRegel
from handhaving.errors import OngeldigeOvergang
from handhaving.jobs.models import Achtergrondtaak
from handhaving.overbewoning import taken
from handhaving.overbewoning.acties import OverbewoningActie
from handhaving.overbewoning.importeren import ImportFout
from handhaving.overbewoning.models import BrpImport, Bewoning
from handhaving.security.rules import Rol
from handhaving.storage import get_opslag
from tests.factories.overbewoning import brp_csv
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


def beheerder(w, code="9901"):
    return w["users"][(code, Rol.BEHEERDER)]


def proef(app, session, queue, gemeente, user, raw: bytes, peildatum: date | None = None) -> taken.ImportStand:
    with app.app_context():
        import_id = taken.vraag_proef_aan(session, user, gemeente.id, raw, "brp.csv", peildatum=peildatum)
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


def tel(session, model=Bewoning) -> int:
    return session.scalar(select(func.count()).select_from(model))


def test_proef_schrijft_niets_en_toepassen_schrijft_alles(app, session, queue, buurt):
    raw = brp_csv(f"{buurt['a1'].nummeraanduiding_id};2026-11-30;4;3;2;2;1",
                  f"{buurt['neven'].nummeraanduiding_id};2026-11-30;2;2;1;1;0",
                  f"{buurt['a2'].nummeraanduiding_id};2026-11-30;2;;;;")
    stand = proef(app, session, queue, buurt["a"], beheerder(buurt), raw)
    assert stand.fase == "proef_klaar" and stand.klaar and stand.kan_uitvoeren and stand.proef_fouten == 0
    r = rapport(app, stand)
    assert r.proef and not r.uitgevoerd and r.rijen == 3 and r.objecten == 2 and r.samengeteld == 1
    assert r.aantallen == {"nieuw": 2, "gewijzigd": 0, "ongewijzigd": 0}
    assert tel(session) == 0 and tel(session, BrpImport) == 0

    stand = uitvoeren(app, session, queue, stand, beheerder(buurt))
    assert stand.fase == "uitgevoerd" and not stand.kan_uitvoeren
    r = rapport(app, stand)
    assert r.uitgevoerd and r.aantallen["nieuw"] == 2 and r.import_id == stand.brp_import_id
    assert tel(session) == 2 and tel(session, BrpImport) == 1
    b = session.execute(select(Bewoning).where(Bewoning.verblijfsobject_id == buurt["a1"].verblijfsobject_id)).scalar_one()
    assert (b.personen, b.volwassenen, b.actueel) == (6, 5, True)
    # Audit rows with counts and the report's key, never the file's content.
    for actie in (OverbewoningActie.BRP_PROEF, OverbewoningActie.BRP_TOEGEPAST):
        regel = session.execute(select(AuditRegel).where(AuditRegel.actie == actie,
                                                         AuditRegel.object_id == str(stand.id))).scalar_one()
        details = json.loads(regel.details)
        assert regel.resultaat == "succes" and regel.actor_id == beheerder(buurt).id
        assert details["rijen"] == 3 and details["fouten"] == 0 and "rapport" in details
        assert buurt["a1"].nummeraanduiding_id not in regel.details
    assert session.scalar(select(func.count()).select_from(AuditRegel)
                          .where(AuditRegel.actie == OverbewoningActie.BRP_IMPORT)) == 1


def test_toepassen_twee_keer_vraagt_een_taak_en_de_taak_is_idempotent(app, session, queue, buurt):
    raw = brp_csv(f"{buurt['a2'].nummeraanduiding_id};2026-11-30;2;;;;")
    stand = proef(app, session, queue, buurt["a"], beheerder(buurt), raw)
    with app.app_context():
        een = taken.vraag_uitvoering_aan(session, beheerder(buurt), stand)
        session.commit()
        session.expire_all()
        stand = taken.get_import(session, [buurt["a"].id], stand.id)
        twee = taken.vraag_uitvoering_aan(session, beheerder(buurt), stand)
        session.commit()
    assert een.id == twee.id
    assert drain(queue) == 1
    # The body again (a retry after its commit, a second delivery): nothing changes, no second row.
    with app.app_context():
        taken.import_uitvoeren(session, "x", stand.id)
        taken.import_proef(session, stand.proef_taak.taak_sleutel, buurt["a"].id, "0" * 64, "", None, None)
        session.commit()
    assert tel(session) == 1 and tel(session, BrpImport) == 1
    for actie in (OverbewoningActie.BRP_PROEF, OverbewoningActie.BRP_TOEGEPAST):
        assert session.scalar(select(func.count()).select_from(AuditRegel).where(AuditRegel.actie == actie)) == 1


def test_afgewezen_regels_dan_geen_toepassen(app, session, queue, buurt):
    raw = brp_csv(f"{buurt['a1'].nummeraanduiding_id};2026-11-30;-1;;;;", "9901200000000001;2026-11-30;1;;;;")
    stand = proef(app, session, queue, buurt["a"], beheerder(buurt), raw)
    assert stand.fase == "proef_klaar" and stand.proef_fouten == 2 and not stand.kan_uitvoeren
    r = rapport(app, stand)
    assert {f["regel"] for f in r.fouten} == {2, 3}
    regel = session.execute(select(AuditRegel).where(AuditRegel.actie == OverbewoningActie.BRP_PROEF)).scalar_one()
    assert regel.resultaat == "mislukt"
    with app.app_context(), pytest.raises(OngeldigeOvergang):
        taken.vraag_uitvoering_aan(session, beheerder(buurt), stand)
    session.rollback()
    assert drain(queue) == 0
    assert session.scalar(select(func.count()).select_from(Achtergrondtaak)) == 1 and tel(session) == 0


@pytest.mark.parametrize("raw", [
    brp_csv("9901200000000001;2026-11-30;1;x", kop="nummeraanduiding_id;peildatum;personen;BSN"),
    brp_csv("9901200000000001;2026-11-30;1;;;111222333;"),
])
def test_persoonsgegevens_geweigerd_voordat_iets_is_opgeslagen(app, session, queue, buurt, raw):
    with app.app_context():
        with pytest.raises(ImportFout) as e:
            taken.vraag_proef_aan(session, beheerder(buurt), buurt["a"].id, raw, "brp.csv")
        assert not get_opslag().exists(hashlib.sha256(raw).hexdigest())
    assert "geweigerd" in e.value.message
    session.rollback()
    assert session.scalar(select(func.count()).select_from(Achtergrondtaak)) == 0
    assert drain(queue) == 0


def test_opgegeven_peildatum_gaat_mee_naar_beide_taken(app, session, queue, buurt):
    vbo = buurt["a2"].verblijfsobject
    raw = f"verblijfsobject_id;personen\n{vbo.bag_id};3\n".encode()
    stand = proef(app, session, queue, buurt["a"], beheerder(buurt), raw, peildatum=date(2026, 6, 30))
    assert stand.peildatum == date(2026, 6, 30) and stand.kan_uitvoeren
    uitvoeren(app, session, queue, stand, beheerder(buurt))
    assert session.execute(select(Bewoning.peildatum, Bewoning.personen)).one() == (date(2026, 6, 30), 3)


def test_voortgang_en_andere_gemeente(app, session, queue, buurt):
    raw = brp_csv(f"{buurt['a2'].nummeraanduiding_id};2026-11-30;2;;;;")
    with app.app_context():
        import_id = taken.vraag_proef_aan(session, beheerder(buurt), buurt["a"].id, raw, "brp.csv")
        session.commit()
        stand = taken.get_import(session, [buurt["a"].id], import_id)
        assert stand.fase == "proef" and not stand.klaar and taken.voortgang(import_id) is None
    drain(queue)
    with app.app_context():
        v = taken.voortgang(import_id)
    assert v["proef"] is True and v["stap"] in ("lezen", "zoeken", "vergelijken", "schrijven")
    assert taken.get_import(session, [buurt["b"].id], import_id) is None
    with app.app_context():
        assert [s.id for s in taken.recente_imports(session, [buurt["a"].id])] == [import_id]
        assert taken.recente_imports(session, [buurt["b"].id]) == []
