"""A zienswijze is the betrokkene's statutory response before an adverse decision (art. 33 Wet
Bibob, Awb 4:8): every one that is recorded is kept. A second never replaces the first, also
not when two arrive at the same moment."""
from __future__ import annotations

import os
import subprocess
import threading
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from handhaving import create_app
from handhaving.bibob import services
from handhaving.bibob.models import BibobStap, BibobStatus
from handhaving.cli import alembic_config
from handhaving.db import make_engine, writing
from handhaving.security.rules import Rol
from tests.bibob.conftest import dag, maak_dossier
from tests.factories import make_gemeente, make_user
from tests.helpers import csrf_for, login

S = BibobStatus
ROOT = Path(__file__).resolve().parents[2]
REDEN = "Beoordeling van de aanvraag exploitatievergunning"
EERSTE = "Schriftelijke zienswijze: betrokkene betwist het advies."
TWEEDE = "Aanvulling van de advocaat: de financiering is inmiddels verantwoord."


def _zienswijzen(session, o) -> list[str]:
    session.expire_all()
    return [z.tekst for z in session.get(type(o), o.id).zienswijzen]


def test_a_second_zienswijze_is_kept_next_to_the_first(app_ctx, session, world):
    coord = world["users"][("9901", Rol.COORDINATOR)]
    o = maak_dossier(session, world["a"], coord, status=S.ZIENSWIJZE)
    services.leg_zienswijze_vast(session, coord, o, datum=dag(-2), tekst=EERSTE)
    services.leg_zienswijze_vast(session, coord, o, datum=dag(-1), tekst=TWEEDE)
    assert _zienswijzen(session, o) == [EERSTE, TWEEDE]
    o = session.get(type(o), o.id)
    # The decision comes after the last one (Awb 4:8: it must be able to weigh them all).
    assert o.zienswijze_ontvangen_op == dag(-1) and not o.zienswijze_afgezien


def test_a_zienswijze_after_letting_the_term_pass_is_kept_too(app_ctx, session, world):
    coord = world["users"][("9901", Rol.COORDINATOR)]
    o = maak_dossier(session, world["a"], coord, status=S.ZIENSWIJZE)
    services.leg_zienswijze_vast(session, coord, o, datum=dag(-2), afgezien=True)
    session.expire_all()
    assert session.get(type(o), o.id).zienswijze_afgezien
    services.leg_zienswijze_vast(session, coord, o, datum=dag(-1), tekst=TWEEDE)
    session.expire_all()
    o = session.get(type(o), o.id)
    assert [(z.afgezien, z.tekst) for z in o.zienswijzen] == [(True, ""), (False, TWEEDE)]
    assert not o.zienswijze_afgezien


def test_the_dossier_page_shows_every_zienswijze(client, app, session, world):
    coord = world["users"][("9901", Rol.COORDINATOR)]
    with app.app_context():
        o = maak_dossier(session, world["a"], coord, status=S.ZIENSWIJZE)
        session.commit()
    login(client, session, coord)
    token = csrf_for(client)
    assert client.post(f"/bibob/{o.id}/openen", data={"csrf_token": token, "reden": REDEN}).status_code == 302
    for datum, tekst in ((dag(-2), EERSTE), (dag(-1), TWEEDE)):
        resp = client.post(f"/bibob/{o.id}/zienswijze", data={"csrf_token": token, "datum": datum.isoformat(),
                                                               "zienswijze": tekst})
        assert resp.status_code == 302
    pagina = client.get(f"/bibob/{o.id}").get_data(as_text=True)
    assert EERSTE in pagina and TWEEDE in pagina


# --------------------------------------------------------------------------- two at once

@pytest.fixture(scope="module")
def eigen_db(tmp_path_factory):
    """A migrated database of its own, where sessions commit (the suite's savepoints cannot
    show one session's rows to another): PostgreSQL when the suite runs on it, else a file."""
    suite_url = os.environ.get("TEST_DATABASE_URL", "")
    naam = None
    if suite_url.startswith("postgresql"):
        naam = f"{make_url(suite_url).database}_zienswijze"
        out = subprocess.run(["bash", str(ROOT / "scripts" / "test_db.sh"), naam], cwd=ROOT,
                             check=True, capture_output=True, text=True)
        url = out.stdout.strip().splitlines()[-1]
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('zienswijze') / 'zienswijze.db'}"
    command.upgrade(alembic_config(url), "head")
    app = create_app({"DATABASE_URL": url, "TESTING": True, "SECRET_KEY": "test-secret-" + "x" * 40,
                      "INSTANCE_DIR": str(tmp_path_factory.mktemp("instance-zienswijze"))})
    yield app
    app.extensions["handhaving_db"].engine.dispose()
    if naam:
        admin = create_engine(make_url(url).set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{naam}" WITH (FORCE)'))
        admin.dispose()


def test_two_zienswijzen_arriving_at_once_are_both_kept(eigen_db):
    app, database = eigen_db, eigen_db.extensions["handhaving_db"]
    with app.app_context():
        s = database.new_session()
        g = make_gemeente(s, "9901", "Dalveen")
        coord = make_user(s, "coord.parallel", [(g, Rol.COORDINATOR)])
        o = maak_dossier(s, g, coord, status=S.ZIENSWIJZE)
        s.commit()
        onderzoek_id, coord_id = o.id, coord.id
        s.close()

    postgres = database.engine.dialect.name == "postgresql"
    samen = threading.Barrier(2, timeout=30)
    gezien: list[int] = []
    fouten: list[BaseException] = []
    Onderzoek, Gebruiker = type(o), type(coord)

    def leg_vast(tekst: str, datum):
        try:
            # writing(): as in a POST request, SQLite takes its write lock at BEGIN.
            with app.app_context(), writing():
                s = database.new_session()
                try:
                    if not postgres:
                        samen.wait()  # SQLite has one writer at a time: start together, the second waits
                    user, o = s.get(Gebruiker, coord_id), s.get(Onderzoek, onderzoek_id)
                    gezien.append(len(o.zienswijzen))
                    if postgres:
                        samen.wait()  # both have read the dossier; now both write
                    services.leg_zienswijze_vast(s, user, o, datum=datum, tekst=tekst)
                    s.commit()
                finally:
                    s.close()
        except BaseException as e:  # noqa: BLE001 - asserted below, with the thread's exception
            fouten.append(e)

    threads = [threading.Thread(target=leg_vast, args=(EERSTE, dag(-2))),
               threading.Thread(target=leg_vast, args=(TWEEDE, dag(-1)))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not fouten, fouten
    if postgres:
        assert gezien == [0, 0]  # really at once: neither saw the other's

    with app.app_context():
        s = database.new_session()
        o = s.get(Onderzoek, onderzoek_id)
        assert sorted(z.tekst for z in o.zienswijzen) == sorted([EERSTE, TWEEDE])
        stappen = s.execute(select(func.count()).select_from(BibobStap).where(
            BibobStap.onderzoek_id == onderzoek_id, BibobStap.handeling == "Zienswijze ontvangen")).scalar_one()
        assert stappen == 2
        s.close()


# --------------------------------------------------------------------------- the migration



def test_the_migration_keeps_recorded_zienswijzen_both_ways(lege_database):
    url = lege_database("zienswijze_migratie")
    cfg = alembic_config(url)
    command.upgrade(cfg, "ebaef4269f94")
    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("INSERT INTO gemeente (id, code, naam, regio, mfa_alle_rollen) "
                              "VALUES (1, '9901', 'Dalveen', 'Midden', false)"))
            for i, (ontvangen, afgezien, tekst) in enumerate([("2026-11-02", False, EERSTE), ("2026-11-03", True, ""),
                                                                 (None, False, "")], start=1):
                conn.execute(text(
                    "INSERT INTO bibob_onderzoek (id, gemeente_id, zaaknummer, status, aanleiding, aangemaakt_op, "
                    "zienswijze_ontvangen_op, zienswijze_afgezien, zienswijze) VALUES (:id, 1, :nr, 'zienswijze', "
                    "'aanvraag', '2026-10-01 09:00:00', :ontvangen, :afgezien, :tekst)"),
                    {"id": i, "nr": f"B-{i}", "ontvangen": ontvangen, "afgezien": afgezien, "tekst": tekst})
        command.upgrade(cfg, "h22uploads01")
        with engine.connect() as conn:
            rijen = conn.execute(text("SELECT onderzoek_id, ontvangen_op, afgezien, tekst FROM bibob_zienswijze "
                                      "ORDER BY onderzoek_id")).all()
            assert [(r[0], str(r[1]), bool(r[2]), r[3]) for r in rijen] == [
                (1, "2026-11-02", False, EERSTE), (2, "2026-11-03", True, "")]
            conn.execute(text("INSERT INTO bibob_zienswijze (onderzoek_id, gemeente_id, ontvangen_op, tekst, afgezien, "
                              "vastgelegd_op) VALUES (1, 1, '2026-11-04', :t, false, '2026-11-04 10:00:00')"),
                         {"t": TWEEDE})
            conn.commit()
        command.downgrade(cfg, "ebaef4269f94")
        with engine.connect() as conn:
            terug = conn.execute(text("SELECT id, zienswijze_ontvangen_op, zienswijze_afgezien, zienswijze "
                                      "FROM bibob_onderzoek ORDER BY id")).all()
        assert [(r[0], r[1] and str(r[1]), bool(r[2])) for r in terug] == [
            (1, "2026-11-04", False), (2, "2026-11-03", True), (3, None, False)]
        assert EERSTE in terug[0][3] and TWEEDE in terug[0][3] and terug[1][3] == terug[2][3] == ""
    finally:
        engine.dispose()
