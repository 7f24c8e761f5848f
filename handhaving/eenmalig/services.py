"""Reserve a form key, record what its submit created, forget old keys. Flush only."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy import delete, event, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, object_session

from handhaving.db import Base, utcnow
from handhaving.eenmalig.models import Verzendsleutel
from handhaving.errors import DomeinFout

SLEUTEL_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
# session.info key: while a decorated view runs, the first row it inserts is noted here.
VOLG = "eenmalig_volg"
# Rows that are bookkeeping, not the thing the form created.
NIET_HET_OBJECT = {"verzendsleutel", "audit_log"}
# Kept this long beyond the CSRF token's lifetime (clock skew, a slow cron): then forgotten.
BEWAREN_NA_CSRF = timedelta(days=1)


class AlVerstuurd(DomeinFout):
    """The key was used on another form, or its first submit has no result to show."""
    status = 409
    code = "al_verstuurd"


def is_sleutel(waarde: str) -> bool:
    return bool(SLEUTEL_RE.match(waarde or ""))


def _zoek(session: Session, gebruiker_id: int, sleutel: str) -> Verzendsleutel | None:
    return session.execute(select(Verzendsleutel).where(Verzendsleutel.gebruiker_id == gebruiker_id,
                                                        Verzendsleutel.sleutel == sleutel)).scalar_one_or_none()


def reserveer(session: Session, actor, endpoint: str, sleutel: str) -> tuple[Verzendsleutel, bool]:
    """Claim ``sleutel`` for this submit: ``(row, False)``, or ``(first row, True)`` when it was used.

    The insert runs in a SAVEPOINT: on PostgreSQL a concurrent submit with the same key waits
    on the unique index until the first transaction ends, then either fails (the first
    committed: its row is read and returned) or succeeds (the first rolled back: this submit
    goes ahead). Raises ``AlVerstuurd`` for a key used on another form.
    """
    eerder = _zoek(session, actor.id, sleutel)
    if eerder is None:
        rij = Verzendsleutel(sleutel=sleutel, gebruiker_id=actor.id, endpoint=endpoint)
        try:
            with session.begin_nested():
                session.add(rij)
        except IntegrityError:
            eerder = _zoek(session, actor.id, sleutel)
            if eerder is None:
                raise
        else:
            return rij, False
    if eerder.endpoint != endpoint or not eerder.doel:
        raise AlVerstuurd("Dit formulier is al verstuurd. Vernieuw de pagina en controleer of uw invoer "
                          "is opgeslagen voordat u het opnieuw probeert.")
    return eerder, True


def begin_volgen(session: Session) -> None:
    """Note the first row inserted from now on (``after_insert`` below)."""
    session.info[VOLG] = {}


def gemaakt(session: Session) -> dict | None:
    """What was inserted since ``begin_volgen`` (table, id, gemeente), or None; stops following."""
    return session.info.pop(VOLG, None) or None


def leg_vast(session: Session, rij: Verzendsleutel, doel: str, object_: dict) -> None:
    """Record the submit's result on its key, in the transaction that created it."""
    rij.doel = doel[:2000]
    rij.object_type, rij.object_id = object_["type"], object_["id"]
    rij.gemeente_id = object_["gemeente_id"]
    session.flush()


def vrijgeven(session: Session, rij: Verzendsleutel) -> None:
    """The submit created nothing (a refused or re-shown form): the key may be sent again."""
    session.delete(rij)
    session.flush()


def opschonen(session: Session, bewaren: timedelta, now: datetime | None = None) -> int:
    """Forget keys older than ``bewaren``. Safe once that exceeds the CSRF token's lifetime:
    a form that old can no longer be submitted at all (its token is refused first)."""
    grens = (now or utcnow()) - bewaren
    return session.execute(delete(Verzendsleutel).where(Verzendsleutel.aangemaakt_op < grens)).rowcount or 0


@event.listens_for(Session, "do_orm_execute")
def _insert_statement(state):
    # A Core-style INSERT through the session (the job queue's ON CONFLICT insert): no ORM
    # object to point at, but something was created.
    volg = state.session.info.get(VOLG)
    if volg is None or volg or not state.is_insert:
        return
    tabel = getattr(state.statement, "table", None)
    if tabel is not None and tabel.name not in NIET_HET_OBJECT:
        volg.update(type=tabel.name, id=None, gemeente_id=None)


@event.listens_for(Base, "after_insert", propagate=True)
def _na_insert(mapper, _connection, target):
    session = object_session(target)
    volg = session.info.get(VOLG) if session is not None else None
    if volg is None or volg or mapper.local_table.name in NIET_HET_OBJECT:
        return
    pk = mapper.primary_key_from_instance(target)
    volg.update(type=mapper.local_table.name, id=pk[0] if len(pk) == 1 and isinstance(pk[0], int) else None,
                gemeente_id=getattr(target, "gemeente_id", None))
