"""The only door into Bibob for other domains (Wet Bibob art. 28: what an investigation holds is
shared only with whoever needs it for the decision). No other module reads Bibob's tables;
``tests/test_bibob_grens.py`` keeps it so.

Each read takes ``(session, user, gemeente_ids, …)``, applies Bibob's own rule — the SQL twin of
``rechten.mag_openen``, the rule that makes the dossier page a 404 — and returns small frozen
dataclasses. What they carry is what the Bibob list already shows whoever may open the dossier:
that it exists, its zaaknummer, and whether it still runs. Never an outcome (advice, conclusion,
decision): that is read on the dossier page, after a reason (``inzage.open_met_reden``), each
read an audit row with that reason. Each dossier named here is an audit row too, with the page it
was named on (``inzage.gelezen``). A running investigation is marked so: it is never "eerder" or
"uitgevoerd".

Everyone else — the toezichthouder, the burgemeester before the decision, a vergunningverlener
not assigned — learns nothing here, not even that there is a dossier: the permit's own register
date (``Vergunning.bibob_getoetst_op``, set at the decision) is all they have.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from handhaving.bibob import inzage, rechten, services
from handhaving.bibob.models import BibobBetrokkene, BibobMandaat, BibobOnderzoek
from handhaving.errors import OngeldigeInvoer
from handhaving.security.rules import Rol


@dataclass(frozen=True)
class Dossier:
    """A dossier the user may open: enough to find it, nothing of what it found."""
    id: int
    zaaknummer: str
    gemeente_id: int
    aanleiding: str
    gestart_op: date
    # Not yet at its decision: never shown as an earlier investigation or as a check done.
    lopend: bool


@dataclass(frozen=True)
class Vermelding:
    """A dossier about a subject, with the subject's role in it."""
    dossier: Dossier
    rol: str


@dataclass(frozen=True)
class Mandaat:
    id: int
    gebruiker_id: int
    gebruiker_naam: str
    gemeente_id: int
    besluit: str
    verleend_op: datetime
    ingetrokken_op: datetime | None


def _dossier(o: BibobOnderzoek) -> Dossier:
    return Dossier(id=o.id, zaaknummer=o.zaaknummer, gemeente_id=o.gemeente_id, aanleiding=o.aanleiding_label,
                   gestart_op=o.aangemaakt_op.date(), lopend=o.status not in rechten.BESLUITDOSSIER)


def bibob_gemeenten(session: Session, user, gemeente_ids: list[int]) -> list[int]:
    """Where this user may open any Bibob dossier at all (the right, or the decision file). Only
    there does another page say anything of Bibob, even "none"."""
    return sorted({g for g in rechten.recht_gemeenten(session, user) + rechten.besluit_gemeenten(user)
                   if g in gemeente_ids})


def dossiers_over_subjecten(session: Session, user, gemeente_ids: list[int], subjecten: Mapping[int, int], *,
                            weergave: str) -> dict[int, tuple[Vermelding, ...]]:
    """For subjects (id → their gemeente): the dossiers about them this user may open, newest
    first. A subject is a key only where the user may open Bibob dossiers in its gemeente.
    One audit row per dossier named, with ``weergave`` (the page)."""
    gemeenten = bibob_gemeenten(session, user, gemeente_ids)
    ids = [sid for sid, gid in subjecten.items() if gid in gemeenten]
    uit: dict[int, list[Vermelding]] = {sid: [] for sid in ids}
    if not ids:
        return {}
    # Two steps, each driven by its own key: the betrokkenen by subject, then their dossiers by id
    # under the visibility rule. In one join SQLite walked a gemeente index instead (40 000 dossiers
    # in one gemeente: 17 ms, up to 600 ms with another plan; two steps: 2-6 ms).
    betrokken = session.execute(
        select(BibobBetrokkene.subject_id, BibobBetrokkene.onderzoek_id, BibobBetrokkene.rol)
        .where(BibobBetrokkene.subject_id.in_(ids), (BibobBetrokkene.gemeente_id + 0).in_(gemeenten))).all()
    if not betrokken:
        return {sid: () for sid in ids}
    dossiers = {o.id: o for o in session.execute(select(BibobOnderzoek).where(
        BibobOnderzoek.id.in_(sorted({r.onderzoek_id for r in betrokken})),
        services.zichtbaar_filter(session, user, gemeenten))).scalars()}
    zichtbaar = [(dossiers[r.onderzoek_id], r.subject_id, r.rol) for r in betrokken if r.onderzoek_id in dossiers]
    for o, sid, rol in sorted(zichtbaar, key=lambda t: (t[0].aangemaakt_op, t[0].id), reverse=True):
        uit[sid].append(Vermelding(_dossier(o), rol.label))
    for o in sorted(dossiers.values(), key=lambda o: o.id):
        inzage.gelezen(o, weergave)
    return {sid: tuple(v) for sid, v in uit.items()}


def dossiers_van_vergunning(session: Session, user, gemeente_ids: list[int], vergunning_id: int, *,
                            weergave: str = "vergunning") -> tuple[Dossier, ...]:
    """The dossiers about this permit that this user may open, newest first (audited)."""
    gemeenten = bibob_gemeenten(session, user, gemeente_ids)
    if not gemeenten:
        return ()
    # By the permit's index first, then the rule by id (as above: else the gemeente's index is walked).
    ids = session.execute(select(BibobOnderzoek.id)
                          .where(BibobOnderzoek.vergunning_id == vergunning_id)).scalars().all()
    if not ids:
        return ()
    rows = session.execute(select(BibobOnderzoek).where(
        BibobOnderzoek.id.in_(ids), services.zichtbaar_filter(session, user, gemeenten))
        .order_by(BibobOnderzoek.aangemaakt_op.desc(), BibobOnderzoek.id.desc())).scalars().all()
    for o in rows:
        inzage.gelezen(o, weergave)
    return tuple(_dossier(o) for o in rows)


# ---------------------------------------------------------------------------- mandates (beheer)

def _beheert(user, gemeente_ids: list[int]) -> list[int]:
    """The gemeenten of the scope where this user is beheerder: mandates are recorded there."""
    rollen = user.rollen_per_gemeente()
    return [g for g in gemeente_ids if Rol.BEHEERDER in rollen.get(g, set())]


def _mandaat(m: BibobMandaat) -> Mandaat:
    return Mandaat(id=m.id, gebruiker_id=m.gebruiker_id, gebruiker_naam=m.gebruiker.naam, gemeente_id=m.gemeente_id,
                   besluit=m.besluit, verleend_op=m.verleend_op, ingetrokken_op=m.ingetrokken_op)


def mandaten(session: Session, user, gemeente_ids: list[int], gebruiker_id: int) -> tuple[Mandaat, ...]:
    """A user's Bibob mandates in the gemeenten this beheerder manages (withdrawn ones too)."""
    gemeenten = _beheert(user, gemeente_ids)
    if not gemeenten:
        return ()
    return tuple(_mandaat(m) for m in session.execute(
        select(BibobMandaat).where(BibobMandaat.gebruiker_id == gebruiker_id, BibobMandaat.gemeente_id.in_(gemeenten))
        .order_by(BibobMandaat.ingetrokken_op.is_not(None), BibobMandaat.gemeente_id, BibobMandaat.id)).scalars())


def verleen_mandaat(session: Session, user, gemeente_ids: list[int], gemeente_id: int | None, gebruiker,
                    besluit: str) -> Mandaat:
    """:raise OngeldigeInvoer: not a gemeente this beheerder manages, or what ``services`` refuses."""
    if gemeente_id not in _beheert(user, gemeente_ids):
        raise OngeldigeInvoer("Kies de gemeente van het mandaat.")
    return _mandaat(services.verleen_mandaat(session, user, gemeente_id, gebruiker, besluit))


def _get_mandaat(session: Session, user, gemeente_ids: list[int], mandaat_id: int) -> BibobMandaat | None:
    m = session.get(BibobMandaat, mandaat_id)
    return m if m is not None and m.gemeente_id in _beheert(user, gemeente_ids) else None


def mandaat(session: Session, user, gemeente_ids: list[int], mandaat_id: int) -> Mandaat | None:
    """One mandate; None (404) outside this beheerder's gemeenten."""
    m = _get_mandaat(session, user, gemeente_ids, mandaat_id)
    return _mandaat(m) if m is not None else None


def trek_mandaat_in(session: Session, user, gemeente_ids: list[int], mandaat_id: int) -> Mandaat | None:
    """None (404) for a mandate outside this beheerder's gemeenten; nothing is changed then.
    :raise OngeldigeInvoer: already withdrawn."""
    m = _get_mandaat(session, user, gemeente_ids, mandaat_id)
    if m is None:
        return None
    services.trek_mandaat_in(session, user, m)
    return _mandaat(m)
