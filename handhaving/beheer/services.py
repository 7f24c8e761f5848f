"""Functional administration: accounts of the beheerder's own gemeenten, audit log."""
import secrets

from sqlalchemy import String, cast, func, select, union
from sqlalchemy.orm import Session

from handhaving.audit import services as audit
from handhaving.audit.models import AuditRegel
from handhaving.auth.models import Gebruiker, Gemeente, Rol, Roltoewijzing
from handhaving.auth.passwords import hash_password
from handhaving.auth.services import create_user, normalise_username, set_active
from handhaving.beheer.models import AanvraagStatus, Rolaanvraag
from handhaving import instellingen
from handhaving.db import utcnow
from handhaving.errors import Geweigerd, OngeldigeInvoer
from handhaving.security.policy import rollen_met_bibob_toegang
from handhaving.beheer.acties import BeheerActie

# Words for a first password that is easy to pass on by phone (four words ≈ 50 bits).
_WOORDEN = """appel boom brug duin eik fiets gracht haven hek ijs jas kade kerk klok kraan lamp
maan molen mos noord oever paard plein poort regen rivier ster storm straat toren tulp uil vaart
veld vis vlag wind wolk zand zee zon zwaan beek berg dijk hoeve kasteel laan mast polder sluis""".split()


def eerste_wachtwoord() -> str:
    return " ".join(secrets.choice(_WOORDEN) for _ in range(4)) + f" {secrets.randbelow(90) + 10}"


def wachtwoorddeel() -> str:
    """Half a first password, for split knowledge between two beheerders: two words and a
    number (≈ 18 bits; the other half and the login throttle keep a beheerder who knows one
    half from guessing the other)."""
    return " ".join(secrets.choice(_WOORDEN) for _ in range(2)) + f" {secrets.randbelow(90) + 10}"


def gemeenten(session: Session, gemeente_ids: list[int]) -> list[Gemeente]:
    return session.execute(select(Gemeente).where(Gemeente.id.in_(gemeente_ids))
                           .order_by(Gemeente.naam)).scalars().all()


# Names that are never handed out. Refused with the same words as a name that is
# taken in another gemeente, so the answer does not confirm that gemeente's accounts.
_GERESERVEERD = {"admin", "administrator", "root", "beheer", "systeem", "system", "test", "demo"}
NIET_BESCHIKBAAR = ("Deze gebruikersnaam kan niet worden gebruikt. Kies een andere, bijvoorbeeld met de "
                    "naam van uw gemeente erachter.")


def vier_ogen_rollen() -> frozenset[Rol]:
    """Roles a beheerder cannot grant alone: Bibob access (art. 28) and beheer rights.

    Beheer is included because a second beheerder account would otherwise be
    a way to approve one's own requests."""
    return rollen_met_bibob_toegang() | {Rol.BEHEERDER}


def _weiger(user: Gebruiker | None, actie: str, reden: str, gemeente_id: int | None = None):
    audit.record_security_event(BeheerActie.GEWEIGERD, audit.GEWEIGERD, object_type="gebruiker",
                                object_id=user.id if user else None, gemeente_id=gemeente_id,
                                details={"actie": actie, "reden": reden})
    return Geweigerd(reden)


def account_gemeenten(session: Session, user: Gebruiker) -> set[int]:
    """Every gemeente the account works for, or is about to (open role requests)."""
    open_ids = session.execute(
        select(Rolaanvraag.gemeente_id).where(Rolaanvraag.gebruiker_id == user.id,
                                              Rolaanvraag.status == AanvraagStatus.OPEN)
    ).scalars().all()
    return {t.gemeente_id for t in user.rollen} | set(open_ids)


def andere_gemeenten(session: Session, gemeente_ids: list[int], user: Gebruiker) -> list[Gemeente]:
    """Gemeenten the account works for that this beheerder does not manage."""
    ids = account_gemeenten(session, user) - set(gemeente_ids)
    if not ids:
        return []
    return session.execute(select(Gemeente).where(Gemeente.id.in_(ids)).order_by(Gemeente.naam)).scalars().all()


def controleer_accountbeheer(session: Session, gemeente_ids: list[int], actor: Gebruiker, user: Gebruiker,
                             actie: str) -> None:
    """Password, second factor and (de)activation act on the whole account, in every
    gemeente it works for. So only someone who is beheerder of all those gemeenten
    (a regional beheerder is simply that) may do them; never on the own account."""
    if user.id == actor.id:
        raise _weiger(user, actie, "Uw eigen account wijzigt u via ‘Mijn account’, niet hier.")
    anders = andere_gemeenten(session, gemeente_ids, user)
    if anders:
        namen = ", ".join(g.naam for g in anders)
        raise _weiger(user, actie,
                      f"Dit account werkt ook voor {namen}. Alleen een beheerder van alle gemeenten waarvoor "
                      "het werkt, mag het wachtwoord, de tweede inlogstap of de status wijzigen. U kunt wel de "
                      "rollen in uw eigen gemeente intrekken.")


def nieuwe_gebruiker(session: Session, gemeente_ids: list[int], actor: Gebruiker, gebruikersnaam: str,
                     naam: str, email: str | None, gemeente_id: int, rol: Rol,
                     reden: str | None = None) -> tuple[Gebruiker, str, Rolaanvraag | None]:
    """Create an account with one role; returns (user, first password, open request).

    A role that needs four eyes is not granted yet: it waits for a second beheerder. Then the
    account gets no working password yet either (else the requester alone would hold a login
    once the role is approved): the returned password is part 1, the approver gets part 2.
    The first password must be changed at the first login."""
    if gemeente_id not in gemeente_ids:
        raise _weiger(None, "gebruiker_aanmaken", "U kunt alleen gebruikers aanmaken voor uw eigen gemeente(n).")
    username = normalise_username(gebruikersnaam)
    bestaand = session.execute(select(Gebruiker).where(Gebruiker.gebruikersnaam == username)).scalar_one_or_none()
    if bestaand is not None and account_gemeenten(session, bestaand) & set(gemeente_ids):
        raise OngeldigeInvoer("Deze gebruikersnaam bestaat al in uw gemeente. Kies een andere.")
    if bestaand is not None or username in _GERESERVEERD:
        raise OngeldigeInvoer(NIET_BESCHIKBAAR)
    vier_ogen = rol in vier_ogen_rollen()
    if vier_ogen and not (reden or "").strip():
        raise OngeldigeInvoer(f"Geef een toelichting: de rol {rol.label} wordt pas actief als een tweede "
                              "beheerder die goedkeurt.")
    gemeente = session.get(Gemeente, gemeente_id)
    wachtwoord = wachtwoorddeel() if vier_ogen else eerste_wachtwoord()
    # With four eyes the stored hash is of a random secret nobody sees: no login until approval.
    user = create_user(session, username, naam.strip(), secrets.token_urlsafe(32) if vier_ogen else wachtwoord,
                       [] if vier_ogen else [(gemeente, rol)], email=email or None)
    user.wachtwoord_wijzigen_verplicht = True
    aanvraag = None
    if vier_ogen:
        aanvraag = _vraag_rol_aan(session, actor, user, gemeente, rol, reden)
        aanvraag.deel_a = wachtwoord
    session.flush()
    return user, wachtwoord, aanvraag


def _vraag_rol_aan(session: Session, actor: Gebruiker, user: Gebruiker, gemeente: Gemeente, rol: Rol,
                   reden: str) -> Rolaanvraag:
    aanvraag = Rolaanvraag(gebruiker_id=user.id, gemeente_id=gemeente.id, rol=rol, reden=reden.strip()[:500],
                           aangevraagd_door_id=actor.id, status=AanvraagStatus.OPEN)
    session.add(aanvraag)
    session.flush()
    audit.record(session, BeheerActie.ROL_AANGEVRAAGD, audit.SUCCES, object_type="gebruiker", object_id=user.id,
                 gemeente_id=gemeente.id, reden=reden, details={"rol": rol.value, "aanvraag": aanvraag.id})
    return aanvraag


def rol_toevoegen(session: Session, gemeente_ids: list[int], actor: Gebruiker, user: Gebruiker,
                  gemeente_id: int, rol: Rol, reden: str | None = None) -> Rolaanvraag | None:
    """Grant a role at once, or, for a four-eyes role, open a request (returned)."""
    if user.id == actor.id:
        raise _weiger(user, "rol_toekennen", "U kunt uzelf geen rollen geven. Vraag een andere beheerder.",
                      gemeente_id if gemeente_id in gemeente_ids else None)
    if gemeente_id not in gemeente_ids:
        raise _weiger(user, "rol_toekennen", "U kunt alleen rollen in uw eigen gemeente(n) toekennen.")
    if any(t.gemeente_id == gemeente_id and t.rol == rol for t in user.rollen):
        raise OngeldigeInvoer("Deze gebruiker heeft die rol al in die gemeente.")
    if rol in vier_ogen_rollen():
        if session.execute(select(Rolaanvraag.id).where(
                Rolaanvraag.gebruiker_id == user.id, Rolaanvraag.gemeente_id == gemeente_id,
                Rolaanvraag.rol == rol, Rolaanvraag.status == AanvraagStatus.OPEN)).first():
            raise OngeldigeInvoer("Deze rol is al aangevraagd en wacht op goedkeuring.")
        if not (reden or "").strip():
            raise OngeldigeInvoer(f"Geef een toelichting: de rol {rol.label} wordt pas actief als een tweede "
                                  "beheerder die goedkeurt.")
        return _vraag_rol_aan(session, actor, user, session.get(Gemeente, gemeente_id), rol, reden)
    user.rollen.append(Roltoewijzing(gemeente_id=gemeente_id, rol=rol))
    session.flush()
    audit.record(session, BeheerActie.ROL_TOEGEKEND, audit.SUCCES, object_type="gebruiker", object_id=user.id,
                 gemeente_id=gemeente_id, reden=reden or None, details={"rol": rol.value})
    return None


def open_aanvragen(session: Session, gemeente_ids: list[int], gebruiker_id: int | None = None) -> list[Rolaanvraag]:
    q = select(Rolaanvraag).where(Rolaanvraag.gemeente_id.in_(gemeente_ids),
                                  Rolaanvraag.status == AanvraagStatus.OPEN)
    if gebruiker_id is not None:
        q = q.where(Rolaanvraag.gebruiker_id == gebruiker_id)
    return session.execute(q.order_by(Rolaanvraag.aangevraagd_op)).scalars().all()


def get_open_aanvraag(session: Session, gemeente_ids: list[int], aanvraag_id: int) -> Rolaanvraag | None:
    return session.execute(select(Rolaanvraag).where(
        Rolaanvraag.id == aanvraag_id, Rolaanvraag.gemeente_id.in_(gemeente_ids),
        Rolaanvraag.status == AanvraagStatus.OPEN)).scalar_one_or_none()


def mag_goedkeuren(actor: Gebruiker, aanvraag: Rolaanvraag) -> bool:
    """The second pair of eyes: not whoever asked, and not the person who gets the role."""
    return actor.id not in (aanvraag.aangevraagd_door_id, aanvraag.gebruiker_id)


def aanvraag_goedkeuren(session: Session, actor: Gebruiker, aanvraag: Rolaanvraag) -> str | None:
    """Grant the role; for a new account also its first password, of which the approver gets
    part 2 (returned; None for an existing account, whose password does not change)."""
    if not mag_goedkeuren(actor, aanvraag):
        raise _weiger(aanvraag.gebruiker, "rol_goedkeuren",
                      "Een tweede beheerder moet deze rol goedkeuren: niet wie hem aanvroeg en niet wie hem krijgt.",
                      aanvraag.gemeente_id)
    user = aanvraag.gebruiker
    toewijzing = next((t for t in user.rollen if t.gemeente_id == aanvraag.gemeente_id and t.rol == aanvraag.rol), None)
    if toewijzing is None:
        toewijzing = Roltoewijzing(gemeente_id=aanvraag.gemeente_id, rol=aanvraag.rol)
        user.rollen.append(toewijzing)
    aanvraag.status = AanvraagStatus.GOEDGEKEURD
    aanvraag.beoordeeld_door_id = actor.id
    aanvraag.beoordeeld_op = utcnow()
    deel_b = None
    if aanvraag.deel_a:
        deel_b = wachtwoorddeel()
        user.wachtwoord_hash = hash_password(f"{aanvraag.deel_a} {deel_b}")
        user.wachtwoord_wijzigen_verplicht = True
        aanvraag.deel_a = None
    session.flush()
    audit.record(session, BeheerActie.ROL_TOEGEKEND, audit.SUCCES, object_type="gebruiker", object_id=user.id,
                 gemeente_id=aanvraag.gemeente_id, reden=aanvraag.reden,
                 details={"rol": aanvraag.rol.value, "aanvraag": aanvraag.id,
                          "aangevraagd_door": aanvraag.aangevraagd_door_id, "vier_ogen": True,
                          "eerste_wachtwoord": deel_b is not None})
    return deel_b


def aanvraag_afwijzen(session: Session, actor: Gebruiker, aanvraag: Rolaanvraag, reden: str) -> None:
    """Any beheerder of the gemeente may refuse; the one who asked may withdraw."""
    aanvraag.status = AanvraagStatus.AFGEWEZEN
    aanvraag.deel_a = None
    aanvraag.beoordeeld_door_id = actor.id
    aanvraag.beoordeeld_op = utcnow()
    session.flush()
    audit.record(session, BeheerActie.ROL_AFGEWEZEN, audit.SUCCES, object_type="gebruiker",
                 object_id=aanvraag.gebruiker_id, gemeente_id=aanvraag.gemeente_id, reden=reden,
                 details={"rol": aanvraag.rol.value, "aanvraag": aanvraag.id})


def rol_intrekken(session: Session, gemeente_ids: list[int], user: Gebruiker, toewijzing_id: int) -> None:
    """Takes effect on the user's next request: roles are read per request."""
    toewijzing = next((t for t in user.rollen if t.id == toewijzing_id), None)
    if toewijzing is None or toewijzing.gemeente_id not in gemeente_ids:
        raise OngeldigeInvoer("Deze rol bestaat niet of hoort niet bij uw gemeente(n).")
    user.rollen.remove(toewijzing)
    session.flush()
    audit.record(session, BeheerActie.ROL_INGETROKKEN, audit.SUCCES, object_type="gebruiker", object_id=user.id,
                 gemeente_id=toewijzing.gemeente_id, details={"rol": toewijzing.rol.value})


def _gebruikers_van(gemeente_ids: list[int]):
    """Users with a role, or an open role request, in these gemeenten."""
    return union(
        select(Roltoewijzing.gebruiker_id).where(Roltoewijzing.gemeente_id.in_(gemeente_ids)),
        select(Rolaanvraag.gebruiker_id).where(Rolaanvraag.gemeente_id.in_(gemeente_ids),
                                               Rolaanvraag.status == AanvraagStatus.OPEN))


def gebruikers(session: Session, gemeente_ids: list[int]) -> list[Gebruiker]:
    ids = _gebruikers_van(gemeente_ids)
    return session.execute(
        select(Gebruiker).where(Gebruiker.id.in_(ids)).order_by(Gebruiker.naam)
    ).scalars().all()


def get_gebruiker(session: Session, gemeente_ids: list[int], gebruiker_id: int) -> Gebruiker | None:
    ids = _gebruikers_van(gemeente_ids)
    return session.execute(
        select(Gebruiker).where(Gebruiker.id == gebruiker_id, Gebruiker.id.in_(ids))
    ).scalar_one_or_none()


def recente_auditregels(session: Session, gemeente_ids: list[int], limit: int = 100) -> list[AuditRegel]:
    """Recent events of these gemeenten and of their users.

    Rows without a gemeente (logins, and changes to a whole account such as a password
    reset) are shown to the beheerders of every gemeente that user works for: a change
    to a shared account is the business of each of them."""
    user_ids = select(Roltoewijzing.gebruiker_id).where(Roltoewijzing.gemeente_id.in_(gemeente_ids))
    user_id_texts = select(cast(Roltoewijzing.gebruiker_id, String)).where(
        Roltoewijzing.gemeente_id.in_(gemeente_ids))
    return session.execute(
        # Rows of another gemeente stay hidden, also when the actor works here too.
        select(AuditRegel).where(AuditRegel.gemeente_id.in_(gemeente_ids) |
                                 (AuditRegel.gemeente_id.is_(None) &
                                  (AuditRegel.actor_id.in_(user_ids) |
                                   ((AuditRegel.object_type == "gebruiker") &
                                    AuditRegel.object_id.in_(user_id_texts)))))
        .order_by(AuditRegel.id.desc()).limit(limit)
    ).scalars().all()


def aantal_auditregels(session: Session) -> int:
    return session.execute(select(func.count()).select_from(AuditRegel)).scalar()


def activering(session: Session, gemeente_ids: list[int], actor: Gebruiker, user: Gebruiker, actief: bool,
               reden: str) -> int:
    """(De)activate a whole account; returns the number of sessions ended."""
    controleer_accountbeheer(session, gemeente_ids, actor, user, "activering")
    return set_active(session, user, actief, reden)


def mfa_alle_rollen_instellen(session: Session, gemeente: Gemeente, aan: bool, reden: str) -> None:
    gemeente.mfa_alle_rollen = aan
    session.flush()
    audit.record(session, BeheerActie.GEMEENTE_INSTELLING_GEWIJZIGD, audit.SUCCES, object_type="gemeente",
                 object_id=gemeente.id, gemeente_id=gemeente.id, reden=reden,
                 details={"mfa_alle_rollen": aan})


def instellingen_overzicht(session: Session, gemeente: Gemeente) -> list[dict]:
    """Every declared setting with this gemeente's value, for the settings page."""
    gezet = instellingen.waarden(session, gemeente.id)
    return [{"domein": domein, "instelling": i, "waarde": gezet.get(i.sleutel, i.toon(i.standaard)),
             "standaard": i.sleutel not in gezet} for domein, i in instellingen.gedeclareerd()]


def instelling_wijzigen(session: Session, actor: Gebruiker, gemeente: Gemeente, sleutel: str, tekst: str,
                        reden: str) -> None:
    """Validate and store one setting of one gemeente; audited with old and new value."""
    instelling = next((i for _, i in instellingen.gedeclareerd() if i.sleutel == sleutel), None)
    if instelling is None:
        raise OngeldigeInvoer("Deze instelling bestaat niet.")
    nieuw = instelling.toon(instelling.lees(tekst))
    rij = session.execute(select(instellingen.GemeenteInstelling).where(
        instellingen.GemeenteInstelling.gemeente_id == gemeente.id,
        instellingen.GemeenteInstelling.sleutel == sleutel)).scalar_one_or_none()
    oud = rij.waarde if rij else instelling.toon(instelling.standaard)
    if rij is None:
        rij = instellingen.GemeenteInstelling(gemeente_id=gemeente.id, sleutel=sleutel)
        session.add(rij)
    rij.waarde, rij.gewijzigd_op, rij.gewijzigd_door_id = nieuw, utcnow(), actor.id
    session.flush()
    audit.record(session, BeheerActie.GEMEENTE_INSTELLING_GEWIJZIGD, audit.SUCCES, object_type="gemeente",
                 object_id=gemeente.id, gemeente_id=gemeente.id, reden=reden,
                 details={"instelling": sleutel, "van": oud, "naar": nieuw})
