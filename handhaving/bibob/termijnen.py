"""Deadlines of a Bibob investigation, computed from its dates (pure: no database).

- LBB advice within 8 weeks of the request, extended once by at most 4 (art. 15);
- the permit decision period is suspended from the LBB request until the advice arrives
  (art. 31): its end moves by the days the request was pending;
- an advice may be reused for another decision within the reuse period (art. 29);
- the betrokkene gets a term for a zienswijze (art. 33).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

OK, BINNENKORT, VERLOPEN, GEHAALD = "ok", "binnenkort", "verlopen", "gehaald"


@dataclass(frozen=True)
class Perioden:
    lbb_weken: int = 8
    verlenging_max_weken: int = 4
    hergebruik_jaren: int = 5
    zienswijze_weken: int = 2
    beslistermijn_weken: int = 8
    waarschuwing_dagen: int = 7


@dataclass(frozen=True)
class Termijn:
    naam: str
    datum: date
    status: str          # ok, binnenkort, verlopen, gehaald
    uitleg: str

    @property
    def open(self) -> bool:
        return self.status != GEHAALD


def _status(datum: date, gehaald: bool, vandaag: date, p: Perioden) -> str:
    if gehaald:
        return GEHAALD
    if datum < vandaag:
        return VERLOPEN
    return BINNENKORT if (datum - vandaag).days <= p.waarschuwing_dagen else OK


def lbb_uiterlijk(o, p: Perioden) -> date | None:
    """Last day for the LBB advice, with its extension if there was one."""
    if o.lbb_aangevraagd_op is None:
        return None
    return o.lbb_aangevraagd_op + timedelta(weeks=p.lbb_weken + (o.lbb_verlenging_weken or 0))


def opschorting_dagen(o, vandaag: date) -> int:
    """Days the decision period is suspended: from the LBB request until the advice (or today)."""
    if o.lbb_aangevraagd_op is None:
        return 0
    eind = o.advies_ontvangen_op or vandaag
    return max(0, (eind - o.lbb_aangevraagd_op).days)


def beslistermijn(o, vandaag: date, p: Perioden) -> date | None:
    """End of the decision period, moved by the suspension while the advice was pending."""
    basis = o.beslistermijn_tot
    if basis is None:
        start = o.aangemaakt_op.date() if getattr(o, "aangemaakt_op", None) else None
        if start is None:
            return None
        basis = start + timedelta(weeks=p.beslistermijn_weken)
    return basis + timedelta(days=opschorting_dagen(o, vandaag))


def hergebruik_tot(o, p: Perioden) -> date | None:
    """Until when this investigation's advice may be reused for another decision."""
    if o.advies_ontvangen_op is None or o.hergebruikt_advies_van_id is not None:
        return None
    try:
        return o.advies_ontvangen_op.replace(year=o.advies_ontvangen_op.year + p.hergebruik_jaren)
    except ValueError:  # 29 February
        return o.advies_ontvangen_op.replace(year=o.advies_ontvangen_op.year + p.hergebruik_jaren, day=28)


def termijnen(o, vandaag: date, p: Perioden) -> list[Termijn]:
    """Every deadline of the investigation that applies now, earliest first."""
    uit = []
    afgerond = o.besluit_op is not None
    lbb = lbb_uiterlijk(o, p)
    if lbb is not None:
        verlengd = f", verlengd met {o.lbb_verlenging_weken} weken" if o.lbb_verlenging_weken else ""
        uit.append(Termijn("Advies LBB", lbb, _status(lbb, o.advies_ontvangen_op is not None, vandaag, p),
                           f"{p.lbb_weken} weken na de aanvraag van {o.lbb_aangevraagd_op:%d-%m-%Y}{verlengd} "
                           "(art. 15 Wet Bibob)"))
    if o.zienswijze_gevraagd_op is not None:
        z = o.zienswijze_gevraagd_op + timedelta(weeks=p.zienswijze_weken)
        uit.append(Termijn("Zienswijze betrokkene", z,
                           _status(z, o.zienswijze_ontvangen_op is not None or o.zienswijze_afgezien or afgerond,
                                   vandaag, p),
                           f"{p.zienswijze_weken} weken na het verzoek van {o.zienswijze_gevraagd_op:%d-%m-%Y}"))
    b = beslistermijn(o, vandaag, p)
    if b is not None:
        dagen = opschorting_dagen(o, vandaag)
        extra = (f"; {dagen} dagen opgeschort zolang het advies van het LBB uitstond (art. 31)" if dagen else "")
        uit.append(Termijn("Beslistermijn", b, _status(b, afgerond, vandaag, p),
                           ("einddatum van de aanvraag" if o.beslistermijn_tot else
                            f"{p.beslistermijn_weken} weken na de start van het onderzoek") + extra))
    return sorted(uit, key=lambda t: t.datum)


def eerstvolgende(o, vandaag: date, p: Perioden) -> Termijn | None:
    open_ = [t for t in termijnen(o, vandaag, p) if t.open]
    return open_[0] if open_ else None
