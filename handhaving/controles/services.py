"""Controles: lists, and one service per step of the lifecycle (``workflow.py``).

Each step checks the user's right on *this* controle, the transition and the
version the user saw, then changes the status and writes the audit row; it
raises a domain exception otherwise and only flushes.
"""
from sqlalchemy import select
from sqlalchemy.orm import Session

from handhaving.audit import services as audit
from handhaving.controles import permissions, voorschriften
from handhaving.controles.acties import ControleActie
from handhaving.controles.models import AFGEROND, NA_UITVOERING, NA_VASTSTELLING, Controle, ControleStatus
from handhaving.controles.workflow import CONTROLE_WORKFLOW, UITKOMSTEN
from handhaving.db import utcnow
from handhaving.errors import Geweigerd, OngeldigeOvergang, VerouderdeVersie


def lijst(session: Session, gemeente_ids: list[int], limit: int = 200) -> list[Controle]:
    return session.execute(
        select(Controle).where(Controle.gemeente_id.in_(gemeente_ids))
        .order_by(Controle.gepland_op.desc()).limit(limit)
    ).scalars().all()


def get_controle(session: Session, gemeente_ids: list[int], controle_id: int) -> Controle | None:
    """A controle of the user's gemeenten, or None (another gemeente's does not exist: 404)."""
    return session.execute(
        select(Controle).where(Controle.id == controle_id, Controle.gemeente_id.in_(gemeente_ids))
    ).scalar_one_or_none()


def _overgang(session: Session, user, controle: Controle, naar: ControleStatus, versie: int,
              reden: str | None = None) -> Controle:
    if not permissions.mag_wijzigen(user, controle):
        audit.record_security_event(ControleActie.WIJZIGEN_GEWEIGERD, audit.GEWEIGERD, object_type="controle",
                                    object_id=controle.id, gemeente_id=controle.gemeente_id,
                                    details={"naar": naar.value})
        raise Geweigerd("Alleen de toegewezen toezichthouders en de coördinator kunnen deze controle wijzigen.")
    if versie != controle.versie:
        raise VerouderdeVersie("Iemand anders heeft deze controle intussen gewijzigd. Vernieuw de pagina: "
                               "u ziet dan de nieuwe stand, en kunt uw wijziging opnieuw doen.")
    overgang = CONTROLE_WORKFLOW.controleer(controle.status, naar)
    van = controle.status
    controle.status = naar
    # Each step's moment, if the caller did not set it (the database requires it: CHECK constraints).
    for kolom, statussen in (("uitgevoerd_op", NA_UITVOERING), ("vastgesteld_op", NA_VASTSTELLING),
                             ("afgerond_op", AFGEROND)):
        if naar.value in statussen and getattr(controle, kolom) is None:
            setattr(controle, kolom, utcnow())
    session.flush()  # version_id_col: a concurrent change makes this flush fail (StaleDataError)
    audit.record(session, ControleActie.STATUS_GEWIJZIGD, audit.SUCCES, object_type="controle",
                 object_id=controle.id, gemeente_id=controle.gemeente_id, reden=reden,
                 details={"van": van.value, "naar": naar.value, "handeling": overgang.handeling})
    return controle


def bereid_voor(session: Session, user, controle: Controle, versie: int) -> Controle:
    _overgang(session, user, controle, ControleStatus.VOORBEREID, versie)
    # A permit granted since planning: its voorschriften are checked too.
    voorschriften.vul_aan(session, controle)
    return controle


def terug_naar_planning(session: Session, user, controle: Controle, versie: int, reden: str) -> Controle:
    return _overgang(session, user, controle, ControleStatus.GEPLAND, versie, reden)


def leg_uitvoering_vast(session: Session, user, controle: Controle, versie: int) -> Controle:
    return _overgang(session, user, controle, ControleStatus.UITGEVOERD, versie)


def stel_rapport_op(session: Session, user, controle: Controle, versie: int) -> Controle:
    return _overgang(session, user, controle, ControleStatus.RAPPORT_CONCEPT, versie)


def rapport_terug(session: Session, user, controle: Controle, versie: int, reden: str) -> Controle:
    return _overgang(session, user, controle, ControleStatus.UITGEVOERD, versie, reden)


def stel_rapport_vast(session: Session, user, controle: Controle, versie: int) -> Controle:
    return _overgang(session, user, controle, ControleStatus.RAPPORT_VASTGESTELD, versie)


def rond_af(session: Session, user, controle: Controle, versie: int, uitkomst: ControleStatus,
            reden: str | None = None) -> Controle:
    if uitkomst not in UITKOMSTEN:
        raise OngeldigeOvergang(f"‘{uitkomst.label}’ is geen uitkomst van een controle.")
    return _overgang(session, user, controle, uitkomst, versie, reden)
