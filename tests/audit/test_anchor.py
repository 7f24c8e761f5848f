"""Anchors outside the database: deleting the newest audit rows is found."""
import logging
from types import SimpleNamespace

from sqlalchemy import select, text

from handhaving.audit import services as audit
from handhaving.audit.anchor import AANGETAST, GEEN_ANKER, OK, verify_anchors, write_anchor
from handhaving.audit.models import AuditRegel


def _rows(session, n):
    for i in range(n):
        audit.record(session, "test.anker", audit.SUCCES, object_type="test", object_id=i, actor="tester")
    session.commit()
    # Plain values: the tests delete rows, which would expire ORM objects.
    return [SimpleNamespace(id=r.id, hash=r.hash) for r in
            session.execute(select(AuditRegel.id, AuditRegel.hash).order_by(AuditRegel.id))]


def _guard_off(session):
    """What the owner or a superuser could do: switch the append-only guard off."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update"))
    else:
        session.execute(text("DROP TRIGGER audit_log_no_update"))
        session.execute(text("DROP TRIGGER audit_log_no_delete"))


def _delete_from(session, first_id):
    _guard_off(session)
    session.execute(text("DELETE FROM audit_log WHERE id >= :id"), {"id": first_id})
    session.commit()
    session.expire_all()


def test_anchor_is_appended_and_logged(session, tmp_path, caplog):
    rows = _rows(session, 3)
    path = tmp_path / "sub" / "anker.log"
    with caplog.at_level(logging.INFO, logger="handhaving.audit.anker"):
        first = write_anchor(session, path)
        write_anchor(session, path)
    assert (first.regel_id, first.hash) == (rows[-1].id, rows[-1].hash)
    lines = path.read_text().splitlines()
    assert len(lines) == 2 and lines[0].split("\t")[1:] == [str(rows[-1].id), rows[-1].hash]
    assert sum(rows[-1].hash in r.getMessage() for r in caplog.records) == 2


def test_empty_log_anchors_genesis(session, tmp_path):
    _rows(session, 1)
    _delete_from(session, 0)
    anchor = write_anchor(session, tmp_path / "anker.log")
    assert (anchor.regel_id, anchor.hash) == (0, audit.GENESIS)
    _rows(session, 2)
    assert verify_anchors(session, tmp_path / "anker.log").status == OK


def test_intact_log_with_anchors_is_in_orde(session, tmp_path):
    path = tmp_path / "anker.log"
    _rows(session, 2)
    write_anchor(session, path)
    _rows(session, 2)
    write_anchor(session, path)
    write_anchor(session, path)  # nothing new: same row anchored twice
    _rows(session, 1)  # written after the last anchor: fine
    result = verify_anchors(session, path)
    assert result.status == OK and result.checked == 3 and result.problems == []


def test_deleting_the_newest_rows_is_found(session, tmp_path):
    rows = _rows(session, 5)
    write_anchor(session, tmp_path / "anker.log")
    _delete_from(session, rows[3].id)
    # The chain alone cannot see it: what is left is a valid, shorter chain.
    assert audit.verify_chain(session).ok
    result = verify_anchors(session, tmp_path / "anker.log")
    assert result.status == AANGETAST
    [problem] = result.problems
    assert problem.startswith(f"de nieuwste regels zijn verwijderd: regels {rows[3].id} t/m "
                              f"{rows[4].id} ontbreken (anker van ")
    assert problem.endswith(" UTC)")


def test_deleted_rows_replaced_by_new_ones_are_found(session, tmp_path):
    """Deleting the tail and letting new rows follow still leaves the anchored row missing or different."""
    rows = _rows(session, 4)
    write_anchor(session, tmp_path / "anker.log")
    _delete_from(session, rows[2].id)
    _rows(session, 3)
    assert audit.verify_chain(session).ok
    result = verify_anchors(session, tmp_path / "anker.log")
    anchored = rows[3].id
    assert result.status == AANGETAST
    assert any(p.startswith((f"regel {anchored} ontbreekt", f"regel {anchored} heeft een andere hash"))
               for p in result.problems), result.problems


def test_rewritten_chain_differs_from_the_anchor(session, tmp_path):
    """Changing a row and recomputing every hash after it fools the chain, not the anchor."""
    rows = _rows(session, 4)
    write_anchor(session, tmp_path / "anker.log")
    _guard_off(session)
    session.execute(text("UPDATE audit_log SET actor = 'iemand anders' WHERE id = :id"), {"id": rows[1].id})
    session.expire_all()
    vorige = rows[0].hash
    for row in session.execute(select(AuditRegel).where(AuditRegel.id >= rows[1].id)
                               .order_by(AuditRegel.id)).scalars().all():
        new = audit.compute_hash(vorige, row)
        session.execute(text("UPDATE audit_log SET vorige_hash = :v, hash = :h WHERE id = :id"),
                        {"v": vorige, "h": new, "id": row.id})
        vorige = new
    session.commit()
    session.expire_all()
    assert audit.verify_chain(session).ok
    result = verify_anchors(session, tmp_path / "anker.log")
    assert result.status == AANGETAST
    assert result.problems[0].startswith(f"regel {rows[3].id} heeft een andere hash dan het anker van ")


def test_missing_anchor_file_is_a_distinct_status(session, tmp_path):
    _rows(session, 1)
    assert verify_anchors(session, tmp_path / "bestaat-niet.log").status == GEEN_ANKER
    (tmp_path / "leeg.log").write_text("\n")
    assert verify_anchors(session, tmp_path / "leeg.log").status == GEEN_ANKER


def test_malformed_anchor_line_is_reported_with_its_number(session, tmp_path):
    path = tmp_path / "anker.log"
    _rows(session, 2)
    write_anchor(session, path)
    with open(path, "a") as f:
        f.write("\nkapotte regel\n")
    write_anchor(session, path)
    result = verify_anchors(session, path)
    assert result.status == AANGETAST and result.checked == 2
    assert result.problems == ["ankerbestand regel 3 is onleesbaar: 'kapotte regel'"]


def test_cli_anker_and_verify(app, db, session, tmp_path, monkeypatch):
    path = tmp_path / "anker.log"
    monkeypatch.setitem(app.config, "AUDIT_ANCHOR_PATH", str(path))
    rows = _rows(session, 4)
    runner = app.test_cli_runner()

    result = runner.invoke(args=["audit", "anker"], catch_exceptions=False)
    assert result.exit_code == 0
    assert f"Anker geschreven: regel {rows[-1].id}, hash {rows[-1].hash[:12]}… in {path}" in result.output
    assert path.read_text().count("\n") == 1

    result = runner.invoke(args=["audit", "verify"], catch_exceptions=False)
    assert result.exit_code == 0
    assert "in orde" in result.output and "1 ankers gecontroleerd" in result.output
    assert path.read_text().count("\n") == 1  # verify never writes an anchor

    _delete_from(session, rows[2].id)
    result = runner.invoke(args=["audit", "verify"], catch_exceptions=False)
    assert result.exit_code == 1
    assert "AUDITLOG AANGETAST" in result.output
    assert f"regels {rows[2].id} t/m {rows[3].id} ontbreken" in result.output


def test_cli_verify_without_anchor_warns(app, db, session, tmp_path, monkeypatch):
    path = tmp_path / "geen.log"
    monkeypatch.setitem(app.config, "AUDIT_ANCHOR_PATH", str(path))
    _rows(session, 1)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["audit", "verify"], catch_exceptions=False)
    assert result.exit_code == 0 and "in orde" in result.output
    assert (f"Geen anker gevonden in {path}: het verwijderen van de nieuwste regels kan niet "
            "worden vastgesteld") in result.output
    # For cron in production (the default there): exit code 2.
    result = runner.invoke(args=["audit", "verify", "--anker-verplicht"], catch_exceptions=False)
    assert result.exit_code == 2 and "Geen anker gevonden" in result.output
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    assert runner.invoke(args=["audit", "verify"]).exit_code == 2


def test_cli_verify_reports_malformed_anchor_file(app, db, session, tmp_path, monkeypatch):
    path = tmp_path / "anker.log"
    path.write_text("2026-11-23T10:00:00Z\t12\tgeen-hash\n")
    monkeypatch.setitem(app.config, "AUDIT_ANCHOR_PATH", str(path))
    _rows(session, 1)
    result = app.test_cli_runner().invoke(args=["audit", "verify"], catch_exceptions=False)
    assert result.exit_code == 1 and "ankerbestand regel 1 is onleesbaar" in result.output
