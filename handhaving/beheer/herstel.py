"""Password and second-factor resets by a beheerder, with four eyes for confidential accounts.

Issue 22: a reset hands out a working login. For an account whose roles open Bibob dossiers
(Wet Bibob art. 28), special-category personal data (AVG art. 9) or beheer rights, one beheerder
alone must not be able to obtain one. So such a reset is a request that a second beheerder
approves (``Herstelaanvraag``), and the new password is split (split knowledge): the requester
sees part 1 when asking, the approver part 2 when approving; the user types both. Neither
beheerder alone knows a working password, and the user must replace it at the first login,
which is audited naming the reset and both beheerders. Other accounts stay single-beheerder.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from handhaving.audit import services as audit
from handhaving.auth.models import Gebruiker, Rol
from handhaving.auth.passwords import hash_password
from handhaving.auth.services import end_all_sessions
from handhaving.beheer.acties import BeheerActie
from handhaving.beheer.models import AanvraagStatus, HerstelSoort, Herstelaanvraag, HerstelStatus, Rolaanvraag
from handhaving.beheer.services import (_gebruikers_van, _weiger, controleer_accountbeheer, eerste_wachtwoord,
                                        vier_ogen_rollen, wachtwoorddeel)
from handhaving.db import utcnow
from handhaving.errors import OngeldigeInvoer, OngeldigeOvergang
from handhaving.security.policy import rollen_met_bijzondere_gegevens

# Long enough to reach a colleague on a working day, short enough that a forgotten request
# cannot be approved weeks later by surprise.
GELDIG = timedelta(hours=24)
# At most this many resets are remembered for the first-login audit row.
_MAX_HERSTEL = 5


@dataclass(frozen=True)
class Herstel:
    """What the requesting beheerder gets: the whole first password (single beheerder), or a
    waiting request and, for a password, part 1 of it (four eyes)."""
    wachtwoord: str | None = None
    aanvraag: Herstelaanvraag | None = None
    deel: str | None = None


def vertrouwelijke_rollen() -> frozenset[Rol]:
    """Roles whose login opens Bibob dossiers, special-category data or beheer rights: all
    derived from the policy (``security.policy``), so a policy change is a change here."""
    return vier_ogen_rollen() | rollen_met_bijzondere_gegevens()


def vraagt_vier_ogen(session: Session, user: Gebruiker) -> bool:
    """Roles held, and roles waiting for approval (else: reset alone now, role approved later)."""
    gevraagd = session.execute(select(Rolaanvraag.rol).where(
        Rolaanvraag.gebruiker_id == user.id, Rolaanvraag.status == AanvraagStatus.OPEN)).scalars().all()
    return bool((user.alle_rollen() | set(gevraagd)) & vertrouwelijke_rollen())


def _zet_wachtwoord(session: Session, user: Gebruiker, wachtwoord: str) -> int:
    user.wachtwoord_hash = hash_password(wachtwoord)
    user.wachtwoord_wijzigen_verplicht = True
    return end_all_sessions(session, user)


def _wis_tweede_factor(session: Session, user: Gebruiker) -> int:
    user.totp_secret = None
    user.totp_bevestigd = False
    user.totp_laatste_stap = None
    return end_all_sessions(session, user)


def _onthoud(user: Gebruiker, herstel: dict) -> None:
    """For the audit row of the first login after it (``auth.inloggen``)."""
    try:
        eerder = json.loads(user.herstel_sinds_inlog or "[]")
    except ValueError:
        eerder = []
    user.herstel_sinds_inlog = json.dumps((eerder + [herstel])[-_MAX_HERSTEL:])


def _actie(soort: HerstelSoort) -> BeheerActie:
    return BeheerActie.WACHTWOORD_HERSTELD if soort == HerstelSoort.WACHTWOORD else BeheerActie.TWEEDE_FACTOR_HERSTELD


def wachtwoord_herstellen(session: Session, gemeente_ids: list[int], actor: Gebruiker, user: Gebruiker,
                          reden: str) -> Herstel:
    """Forgotten password: a new first password, to be replaced at the next login."""
    return _herstellen(session, gemeente_ids, actor, user, HerstelSoort.WACHTWOORD, reden)


def tweede_factor_herstellen(session: Session, gemeente_ids: list[int], actor: Gebruiker, user: Gebruiker,
                             reden: str) -> Herstel:
    """Lost phone: the user links a new authenticator app at the next login."""
    return _herstellen(session, gemeente_ids, actor, user, HerstelSoort.TWEEDE_FACTOR, reden)


def _herstellen(session: Session, gemeente_ids: list[int], actor: Gebruiker, user: Gebruiker,
                soort: HerstelSoort, reden: str) -> Herstel:
    controleer_accountbeheer(session, gemeente_ids, actor, user, f"{soort.value}_herstellen")
    if vraagt_vier_ogen(session, user):
        return _aanvragen(session, actor, user, soort, reden)
    wachtwoord = None
    if soort == HerstelSoort.WACHTWOORD:
        wachtwoord = eerste_wachtwoord()
        ended = _zet_wachtwoord(session, user, wachtwoord)
    else:
        ended = _wis_tweede_factor(session, user)
    _onthoud(user, {"soort": soort.value, "aangevraagd_door": actor.id, "vier_ogen": False})
    session.flush()
    audit.record(session, _actie(soort), audit.SUCCES, object_type="gebruiker", object_id=user.id, reden=reden,
                 details={"sessies_beeindigd": ended, "vier_ogen": False})
    return Herstel(wachtwoord=wachtwoord)


def _aanvragen(session: Session, actor: Gebruiker, user: Gebruiker, soort: HerstelSoort, reden: str) -> Herstel:
    """Nothing changes on the account yet: the old password and phone keep working."""
    nu = utcnow()
    if session.execute(select(Herstelaanvraag.id).where(
            Herstelaanvraag.gebruiker_id == user.id, Herstelaanvraag.soort == soort,
            Herstelaanvraag.status == HerstelStatus.OPEN, Herstelaanvraag.verloopt_op > nu)).first():
        raise OngeldigeInvoer(f"Er wacht al een aanvraag ‘{soort.label.lower()}’ voor {user.naam} op een tweede "
                              "beheerder. Laat die goedkeuren, of trek hem in en vraag opnieuw.")
    deel = wachtwoorddeel() if soort == HerstelSoort.WACHTWOORD else None
    aanvraag = Herstelaanvraag(gebruiker_id=user.id, soort=soort, status=HerstelStatus.OPEN,
                               reden=reden.strip()[:500], aangevraagd_door_id=actor.id, aangevraagd_op=nu,
                               verloopt_op=nu + GELDIG, deel_a=deel)
    session.add(aanvraag)
    session.flush()
    audit.record(session, BeheerActie.HERSTEL_AANGEVRAAGD, audit.SUCCES, object_type="gebruiker",
                 object_id=user.id, reden=reden, details={"soort": soort.value, "aanvraag": aanvraag.id})
    return Herstel(aanvraag=aanvraag, deel=deel)


def open_herstelaanvragen(session: Session, gemeente_ids: list[int],
                          gebruiker_id: int | None = None) -> list[Herstelaanvraag]:
    """Waiting, not expired, for accounts of these gemeenten."""
    q = select(Herstelaanvraag).where(Herstelaanvraag.gebruiker_id.in_(_gebruikers_van(gemeente_ids)),
                                      Herstelaanvraag.status == HerstelStatus.OPEN,
                                      Herstelaanvraag.verloopt_op > utcnow())
    if gebruiker_id is not None:
        q = q.where(Herstelaanvraag.gebruiker_id == gebruiker_id)
    return session.execute(q.order_by(Herstelaanvraag.aangevraagd_op)).scalars().all()


def get_herstelaanvraag(session: Session, gemeente_ids: list[int], aanvraag_id: int) -> Herstelaanvraag | None:
    """Any status (a decided one answers 409, not 404); None for another gemeente's account."""
    return session.execute(select(Herstelaanvraag).where(
        Herstelaanvraag.id == aanvraag_id,
        Herstelaanvraag.gebruiker_id.in_(_gebruikers_van(gemeente_ids)))).scalar_one_or_none()


def mag_herstel_goedkeuren(actor: Gebruiker, aanvraag: Herstelaanvraag) -> bool:
    """The second pair of eyes: not whoever asked, and not the account itself."""
    return actor.id not in (aanvraag.aangevraagd_door_id, aanvraag.gebruiker_id)


def _nog_open(aanvraag: Herstelaanvraag, actor: Gebruiker, actie: str) -> None:
    if aanvraag.status != HerstelStatus.OPEN:
        reden = f"Deze aanvraag is al {aanvraag.status.label.lower()}; er verandert niets."
    elif aanvraag.verlopen(utcnow()):
        reden = (f"Deze aanvraag is verlopen (na {GELDIG.total_seconds() / 3600:.0f} uur); er verandert niets. "
                 "Vraag zo nodig opnieuw aan.")
    else:
        return
    audit.record_security_event(BeheerActie.GEWEIGERD, audit.GEWEIGERD, object_type="gebruiker",
                                object_id=aanvraag.gebruiker_id,
                                details={"actie": actie, "aanvraag": aanvraag.id, "reden": reden})
    raise OngeldigeOvergang(reden)


def _claim(session: Session, aanvraag: Herstelaanvraag, actor: Gebruiker, status: HerstelStatus,
           beoordeling: str | None) -> bool:
    """Decide an open, unexpired request: True for exactly one caller (no double approval).

    One conditional UPDATE, as ``auth.inloggen._claim_step``: a concurrent second one waits for
    the row lock (PostgreSQL) or the write lock (SQLite) and then matches nothing."""
    nu = utcnow()
    result = session.execute(
        update(Herstelaanvraag)
        .where(Herstelaanvraag.id == aanvraag.id, Herstelaanvraag.status == HerstelStatus.OPEN,
               Herstelaanvraag.verloopt_op > nu)
        .values(status=status, beoordeeld_door_id=actor.id, beoordeeld_op=nu, beoordeling=beoordeling,
                deel_a=None)
        .execution_options(synchronize_session=False))
    session.expire(aanvraag)
    return result.rowcount == 1


def herstel_goedkeuren(session: Session, gemeente_ids: list[int], actor: Gebruiker,
                       aanvraag: Herstelaanvraag) -> str | None:
    """Carry out the reset; returns part 2 of the password (None for a second-factor reset)."""
    user = aanvraag.gebruiker
    if not mag_herstel_goedkeuren(actor, aanvraag):
        raise _weiger(user, "herstel_goedkeuren", "Een tweede beheerder moet dit herstel goedkeuren: niet wie "
                      "het aanvroeg en niet de eigenaar van het account.")
    # The approver too must manage every gemeente the account works for.
    controleer_accountbeheer(session, gemeente_ids, actor, user, "herstel_goedkeuren")
    _nog_open(aanvraag, actor, "herstel_goedkeuren")
    soort, deel_a, aangevraagd_door = aanvraag.soort, aanvraag.deel_a, aanvraag.aangevraagd_door_id
    if soort == HerstelSoort.WACHTWOORD and not deel_a:
        raise OngeldigeOvergang("Deze aanvraag is onvolledig; trek hem in en vraag opnieuw aan.")
    if not _claim(session, aanvraag, actor, HerstelStatus.GOEDGEKEURD, None):
        raise OngeldigeOvergang("Deze aanvraag is zojuist al beoordeeld; er verandert niets.")
    deel_b = None
    if soort == HerstelSoort.WACHTWOORD:
        deel_b = wachtwoorddeel()
        ended = _zet_wachtwoord(session, user, f"{deel_a} {deel_b}")
    else:
        ended = _wis_tweede_factor(session, user)
    _onthoud(user, {"soort": soort.value, "aanvraag": aanvraag.id, "aangevraagd_door": aangevraagd_door,
                    "goedgekeurd_door": actor.id, "vier_ogen": True})
    session.flush()
    audit.record(session, _actie(soort), audit.SUCCES, object_type="gebruiker", object_id=user.id,
                 reden=aanvraag.reden, details={"aanvraag": aanvraag.id, "aangevraagd_door": aangevraagd_door,
                                                "vier_ogen": True, "sessies_beeindigd": ended})
    return deel_b


def herstel_afwijzen(session: Session, actor: Gebruiker, aanvraag: Herstelaanvraag, reden: str) -> HerstelStatus:
    """The requester withdraws; any other beheerder of the account's gemeente refuses."""
    if actor.id == aanvraag.gebruiker_id:
        raise _weiger(aanvraag.gebruiker, "herstel_afwijzen", "Over een herstel van uw eigen account beslist "
                      "een andere beheerder.")
    _nog_open(aanvraag, actor, "herstel_afwijzen")
    status = HerstelStatus.INGETROKKEN if actor.id == aanvraag.aangevraagd_door_id else HerstelStatus.AFGEWEZEN
    if not _claim(session, aanvraag, actor, status, reden.strip()[:500]):
        raise OngeldigeOvergang("Deze aanvraag is zojuist al beoordeeld; er verandert niets.")
    audit.record(session, BeheerActie.HERSTEL_INGETROKKEN if status == HerstelStatus.INGETROKKEN
                 else BeheerActie.HERSTEL_AFGEWEZEN, audit.SUCCES, object_type="gebruiker",
                 object_id=aanvraag.gebruiker_id, reden=reden,
                 details={"soort": aanvraag.soort.value, "aanvraag": aanvraag.id})
    return status
