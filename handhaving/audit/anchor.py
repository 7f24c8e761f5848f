"""Anchoring the audit chain outside the database.

The hash chain proves that no row was changed or removed *between* two rows,
but whoever can delete rows can also delete the newest ones: the shorter chain
is still valid. A checkpoint (anchor) of the newest row's id and hash, kept
where the database cannot reach it, closes that gap: every anchored row must
still exist with exactly that hash.

Anchor file: one line per checkpoint, appended, never rewritten::

    2026-11-23T10:00:00Z<TAB>1234<TAB><sha256 hex of audit row 1234>

The same checkpoint goes to the logger ``handhaving.audit.anker`` so that a
syslog/journald forwarder keeps a copy on another machine.
"""
from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from handhaving.audit.models import AuditRegel
from handhaving.audit.services import GENESIS

log = logging.getLogger("handhaving.audit.anker")

DEFAULT_NAME = "audit-anker.log"
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_HASH_RE = re.compile(r"[0-9a-f]{64}")

OK, GEEN_ANKER, AANGETAST = "in_orde", "geen_anker", "aangetast"


def anchor_path(config) -> Path:
    """AUDIT_ANCHOR_PATH, or the file next to the instance data when it is empty.

    Resolved here rather than in load_config() so that an overridden
    INSTANCE_DIR (tests, a second installation) also moves the anchor file.
    """
    return Path(config.get("AUDIT_ANCHOR_PATH") or Path(config["INSTANCE_DIR"]) / DEFAULT_NAME)


@dataclass(frozen=True)
class Anchor:
    geschreven: datetime  # when the checkpoint was taken (aware, UTC)
    regel_id: int  # newest audit row at that moment; 0 = empty log
    hash: str

    def line(self) -> str:
        return f"{self.geschreven.strftime(_TIME_FORMAT)}\t{self.regel_id}\t{self.hash}\n"

    @property
    def wanneer(self) -> str:
        return self.geschreven.strftime("%Y-%m-%d %H:%M UTC")


def write_anchor(session: Session, path: Path | str) -> Anchor:
    """Append a checkpoint of the newest audit row to the anchor file."""
    newest = session.execute(
        select(AuditRegel.id, AuditRegel.hash).order_by(AuditRegel.id.desc()).limit(1)
    ).first()
    anchor = Anchor(datetime.now(timezone.utc).replace(microsecond=0),
                    newest.id if newest else 0, newest.hash if newest else GENESIS)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Mode "a" (O_APPEND) is the only write that `chattr +a` allows; fsync so a
    # crash right after the checkpoint cannot lose it.
    with open(path, "a", encoding="utf-8") as f:
        f.write(anchor.line())
        f.flush()
        os.fsync(f.fileno())
    log.info("audit-anker %s regel=%d hash=%s", anchor.geschreven.strftime(_TIME_FORMAT),
             anchor.regel_id, anchor.hash)
    return anchor


def _parse(line: str) -> Anchor | None:
    parts = line.split("\t")
    if len(parts) != 3 or not parts[1].isdigit() or not _HASH_RE.fullmatch(parts[2]):
        return None
    if int(parts[1]) == 0 and parts[2] != GENESIS:
        return None  # id 0 only ever anchors the empty log
    try:
        geschreven = datetime.strptime(parts[0], _TIME_FORMAT).replace(tzinfo=timezone.utc)
    except ValueError:
        return None
    return Anchor(geschreven, int(parts[1]), parts[2])


@dataclass
class AnchorResult:
    status: str  # OK, GEEN_ANKER or AANGETAST
    path: Path
    checked: int = 0  # readable anchor lines
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status == OK


def verify_anchors(session: Session, path: Path | str, batch: int = 500) -> AnchorResult:
    """Check every anchor against the table: the row exists with that hash, none is missing at the end."""
    path = Path(path)
    if not path.exists():
        return AnchorResult(GEEN_ANKER, path)
    anchors: list[Anchor] = []
    problems: list[str] = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for nr, raw in enumerate(f, start=1):
            line = raw.strip()
            if not line:
                continue
            anchor = _parse(line)
            if anchor is None:
                # A damaged anchor file is itself a finding: it may hide a deletion.
                problems.append(f"ankerbestand regel {nr} is onleesbaar: {line[:80]!r}")
            else:
                anchors.append(anchor)
    if not anchors and not problems:
        return AnchorResult(GEEN_ANKER, path)

    max_id = session.execute(select(func.max(AuditRegel.id))).scalar() or 0
    if anchors:
        newest = max(anchors, key=lambda a: (a.regel_id, a.geschreven))
        if newest.regel_id > max_id:
            missing = (f"regel {newest.regel_id} ontbreekt" if newest.regel_id == max_id + 1
                       else f"regels {max_id + 1} t/m {newest.regel_id} ontbreken")
            problems.append(f"de nieuwste regels zijn verwijderd: {missing} (anker van {newest.wanneer})")

    # One check per distinct (id, hash); rows beyond the table end are reported above.
    first: dict[tuple[int, str], Anchor] = {}
    for a in anchors:
        first.setdefault((a.regel_id, a.hash), a)
    first.pop((0, GENESIS), None)  # the empty log: nothing to look up
    ids = sorted({rid for rid, _ in first if rid <= max_id})
    stored: dict[int, str] = {}
    for i in range(0, len(ids), batch):
        chunk = ids[i:i + batch]
        stored.update(session.execute(
            select(AuditRegel.id, AuditRegel.hash).where(AuditRegel.id.in_(chunk))
        ).all())
    for (rid, h), a in sorted(first.items()):
        if rid > max_id:
            continue
        if rid not in stored:
            problems.append(f"regel {rid} ontbreekt (anker van {a.wanneer})")
        elif stored[rid] != h:
            problems.append(f"regel {rid} heeft een andere hash dan het anker van {a.wanneer}")
    return AnchorResult(AANGETAST if problems else OK, path, len(anchors), problems)
