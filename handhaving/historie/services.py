"""The history of the subjects a search found: permits (refusals and revocations included),
controles at those permits' addresses with their findings, and — only the Bibob dossiers the user
may open — which dossiers there are, running or concluded.

Read only. Every query is limited to the gemeenten passed in. Bibob comes through ``bibob.api``
(Wet Bibob art. 28): the same rule as the dossier page's 404, one audit row per dossier named,
and never an outcome — that is read in the dossier, after a reason. A user who may open no
dossier in a gemeente gets nothing of Bibob from it, not even whether there is any.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, lazyload, selectinload

from handhaving.audit import services as audit
from handhaving.auth.models import Gemeente
from handhaving.bibob import api as bibob_api
from handhaving.controles.models import Bevinding, Controle
from handhaving.controles.permissions import CONTROLE_ROLLEN
from handhaving.controles.permissions import mag_zien as mag_controle_zien
from handhaving.historie.acties import HistorieActie
from handhaving.historie.zoeken import Treffer, Zoekvraag, zoek
from handhaving.locaties.models import Adres
from handhaving.subjecten.models import Subject, SubjectRelatie
from handhaving.vergunningen.models import Vergunning, VergunningBetrokkene

MAX_RESULTATEN = 25


def _binnen(kolom, gemeente_ids: list[int]):
    """``gemeente_id IN (…)`` that the planner does not take for the index to use: every query
    here selects on a far more selective column (subject, address, controle); SQLite would
    otherwise walk the gemeente index (a 90 ms permit query at 50 000 subjects instead of 1 ms)."""
    return (kolom + 0).in_(gemeente_ids)
LAATSTE = 3


@dataclass
class Historie:
    """One subject found, with why and what is known about it."""
    subject: Subject
    treffer: Treffer
    gemeente: str
    vergunningen: list[tuple[Vergunning, str]] = field(default_factory=list)
    aantal_controles: int = 0
    controles: list[tuple[Controle, bool]] = field(default_factory=list)   # (controle, may open it)
    aantal_bevindingen: int = 0
    bevindingen: list[Bevinding] = field(default_factory=list)
    # None: no Bibob dossier this user may open in the subject's gemeente; the page shows nothing of Bibob.
    bibob: tuple[bibob_api.Vermelding, ...] | None = None

    @property
    def bibob_lopend(self) -> list[bibob_api.Vermelding]:
        return [m for m in self.bibob or () if m.dossier.lopend]

    @property
    def bibob_eerder(self) -> list[bibob_api.Vermelding]:
        """Concluded only: a running investigation is never "eerder"."""
        return [m for m in self.bibob or () if not m.dossier.lopend]


@dataclass
class Uitkomst:
    resultaten: list[Historie]
    totaal: int

    @property
    def meer(self) -> bool:
        return self.totaal > len(self.resultaten)


def zoek_historie(session: Session, user, gemeente_ids: list[int], vraag: Zoekvraag,
                  limit: int = MAX_RESULTATEN) -> Uitkomst:
    """The best ``limit`` subjects for the query with their history. Writes the audit rows: one
    per Bibob investigation shown, and one for the search (the ids shown, never the query)."""
    controle_gemeenten = [g for g, rollen in user.rollen_per_gemeente().items() if rollen & CONTROLE_ROLLEN]
    treffers = zoek(session, gemeente_ids, vraag, controle_gemeenten)
    getoond = treffers[:limit]
    ids = [t.subject_id for t in getoond]
    subjecten = {s.id: s for s in session.execute(select(Subject).where(Subject.id.in_(ids))).scalars()} if ids else {}
    namen = dict(session.execute(select(Gemeente.id, Gemeente.naam).where(Gemeente.id.in_(gemeente_ids))).all())
    resultaten = {t.subject_id: Historie(subjecten[t.subject_id], t, namen.get(t.gemeente_id, ""))
                  for t in getoond}
    if resultaten:
        _vergunningen(session, gemeente_ids, resultaten)
        _controles(session, user, gemeente_ids, resultaten)
        _bibob(session, user, gemeente_ids, resultaten)
    audit.record_security_event(HistorieActie.GEZOCHT, audit.SUCCES, object_type="subject",
                                details={"subject_ids": ids, "totaal": len(treffers)})
    return Uitkomst(list(resultaten.values()), len(treffers))


def _vergunningen(session: Session, gemeente_ids: list[int], resultaten: dict[int, Historie]) -> None:
    ids = list(resultaten)
    for v in session.execute(select(Vergunning).options(selectinload(Vergunning.adres))
                             .where(Vergunning.houder_id.in_(ids), _binnen(Vergunning.gemeente_id, gemeente_ids))).scalars():
        resultaten[v.houder_id].vergunningen.append((v, "Vergunninghouder"))
    for b, v in session.execute(select(VergunningBetrokkene, Vergunning)
                                .join(Vergunning, Vergunning.id == VergunningBetrokkene.vergunning_id)
                                .options(selectinload(Vergunning.adres), lazyload(VergunningBetrokkene.subject))
                                .where(VergunningBetrokkene.subject_id.in_(ids),
                                       _binnen(Vergunning.gemeente_id, gemeente_ids))).all():
        resultaten[b.subject_id].vergunningen.append((v, f"{b.rol.label} (aanhangsel)"))
    # A director (or owner, financier, who controls): the permits of the companies concerned.
    relaties = session.execute(select(SubjectRelatie, Subject).join(Subject, Subject.id == SubjectRelatie.rechtspersoon_id)
                               .where(SubjectRelatie.betrokkene_id.in_(ids),
                                      _binnen(SubjectRelatie.gemeente_id, gemeente_ids))).all()
    via: dict[int, list[tuple[int, str]]] = {}
    for r, bedrijf in relaties:
        periode = f", tot {r.tot:%d-%m-%Y}" if r.tot else ""
        via.setdefault(bedrijf.id, []).append((r.betrokkene_id, f"{r.soort.label} van {bedrijf.naam}{periode}"))
    if via:
        for v in session.execute(select(Vergunning).options(selectinload(Vergunning.adres))
                                 .where(Vergunning.houder_id.in_(list(via)),
                                        _binnen(Vergunning.gemeente_id, gemeente_ids))).scalars():
            for sid, rol in via[v.houder_id]:
                if all(bestaand.id != v.id for bestaand, _ in resultaten[sid].vergunningen):
                    resultaten[sid].vergunningen.append((v, rol))
    for h in resultaten.values():
        h.vergunningen.sort(key=lambda p: (p[0].aanvraagdatum or p[0].aangemaakt_op.date(), p[0].id), reverse=True)


def _controles(session: Session, user, gemeente_ids: list[int], resultaten: dict[int, Historie]) -> None:
    """Controles at the addresses of each subject's permits (another address of the same
    verblijfsobject counts too), newest first, and their findings."""
    adres_van: dict[int, set[int]] = {}
    for sid, h in resultaten.items():
        for v, _ in h.vergunningen:
            if v.adres_id is not None:
                adres_van.setdefault(v.adres_id, set()).add(sid)
    if not adres_van:
        return
    vbo_van = dict(session.execute(select(Adres.id, Adres.verblijfsobject_id)
                                   .where(Adres.id.in_(list(adres_van)))).all())
    per_vbo: dict[int, set[int]] = {}
    for adres_id, sids in adres_van.items():
        per_vbo.setdefault(vbo_van[adres_id], set()).update(sids)
    subjecten_van: dict[int, set[int]] = {}
    for a_id, vbo in session.execute(select(Adres.id, Adres.verblijfsobject_id).where(
            Adres.verblijfsobject_id.in_(list(per_vbo)), _binnen(Adres.gemeente_id, gemeente_ids))).all():
        subjecten_van[a_id] = per_vbo[vbo]
    controles = session.execute(select(Controle).options(lazyload(Controle.toezichthouders)).where(Controle.adres_id.in_(list(subjecten_van)),
                                                       _binnen(Controle.gemeente_id, gemeente_ids))
                                .order_by(Controle.gepland_op.desc().nulls_last(), Controle.id.desc())).unique().scalars().all()
    if not controles:
        return
    bevindingen_van: dict[int, list[Bevinding]] = {}
    for b in session.execute(select(Bevinding).where(Bevinding.controle_id.in_([c.id for c in controles]),
                                                     _binnen(Bevinding.gemeente_id, gemeente_ids))
                             .order_by(Bevinding.waargenomen_op.desc(), Bevinding.id.desc())).scalars():
        bevindingen_van.setdefault(b.controle_id, []).append(b)
    for c in controles:
        for sid in subjecten_van[c.adres_id]:
            h = resultaten[sid]
            h.aantal_controles += 1
            if len(h.controles) < LAATSTE:
                h.controles.append((c, mag_controle_zien(user, c)))
            gevonden = bevindingen_van.get(c.id, [])
            h.aantal_bevindingen += len(gevonden)
            h.bevindingen.extend(gevonden[:max(0, LAATSTE - len(h.bevindingen))])


def _bibob(session: Session, user, gemeente_ids: list[int], resultaten: dict[int, Historie]) -> None:
    """Through Bibob's own door: the dossiers the user may open, one audit row each."""
    per_subject = bibob_api.dossiers_over_subjecten(
        session, user, gemeente_ids, {sid: h.subject.gemeente_id for sid, h in resultaten.items()},
        weergave="historie")
    for sid, vermeldingen in per_subject.items():
        resultaten[sid].bibob = vermeldingen
