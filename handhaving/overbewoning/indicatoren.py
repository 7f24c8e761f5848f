"""Overbewoning indicators: explainable rules, each a signal and never proof (domain brief §7).

``bereken`` is the one definition in Python (the address page, the hotspot list's
explanations, tests on hand-made cases); ``sql_vlaggen`` states the same rules as SQL so the
hotspot list and the map can filter and sort at 300 000 addresses. A test holds them equal.
Nationality or origin is never an input.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sqlalchemy import and_, case, literal, or_
from sqlalchemy.orm import Session

from handhaving.instellingen import waarde
from handhaving.overbewoning import instellingen as inst

BOUWNORM = "bouwnorm"
VOLWASSENEN = "volwassenen"
VERLOOP = "verloop"
GEEN_WOONFUNCTIE = "geen_woonfunctie"

TITELS = {
    BOUWNORM: "Minder m² per persoon dan de norm",
    VOLWASSENEN: "Veel volwassenen zonder gezamenlijk huishouden",
    VERLOOP: "Veel inschrijvingen in 12 maanden",
    GEEN_WOONFUNCTIE: "Inschrijvingen op een object zonder woonfunctie",
}
VLAGGEN = tuple(TITELS)


@dataclass(frozen=True)
class Normen:
    m2: Decimal = Decimal("12")
    m2_standplaats: Decimal = Decimal("6")
    volwassenen: int = 4
    verloop: int = 6


def normen(session: Session, gemeente_id: int) -> Normen:
    """The gemeente's configured norms (defaults where it set none)."""
    return Normen(Decimal(waarde(session, gemeente_id, inst.NORM_M2)),
                  Decimal(waarde(session, gemeente_id, inst.NORM_STANDPLAATS_M2)),
                  int(waarde(session, gemeente_id, inst.VOLWASSENEN_DREMPEL)),
                  int(waarde(session, gemeente_id, inst.VERLOOP_DREMPEL)))


@dataclass(frozen=True)
class Regel:
    """One rule as the user reads it: the formula, the inputs filled in, and the outcome
    (True: flagged; False: not flagged; None: cannot be computed, with the reason)."""
    code: str
    titel: str
    formule: str
    invoer: str
    uitkomst: bool | None
    toelichting: str = ""


@dataclass
class Indicatoren:
    peildatum: date | None
    personen: int
    oppervlakte: int | None
    norm_m2: Decimal
    m2_per_persoon: Decimal | None = None
    max_personen: int | None = None
    overschot: int | None = None
    regels: list[Regel] = field(default_factory=list)

    @property
    def vlaggen(self) -> list[str]:
        return [r.code for r in self.regels if r.uitkomst]

    def als_dict(self) -> dict:
        """Codes and numbers only (kept with a beoordeling: what was judged)."""
        return {"peildatum": self.peildatum.isoformat() if self.peildatum else None,
                "personen": self.personen, "oppervlakte": self.oppervlakte, "norm_m2": str(self.norm_m2),
                "m2_per_persoon": str(self.m2_per_persoon) if self.m2_per_persoon is not None else None,
                "max_personen": self.max_personen, "overschot": self.overschot, "vlaggen": self.vlaggen}


def is_woonobject(object_type: str, gebruiksdoelen: list[str]) -> bool:
    """A ligplaats (woonboot) or standplaats (woonwagen), or a verblijfsobject with woonfunctie.
    A verblijfsobject whose gebruiksdoel is unknown counts as residential (no false signal)."""
    return object_type in ("LIG", "STA") or not gebruiksdoelen or "woonfunctie" in gebruiksdoelen


def gebruikte_oppervlakte(bag: int | None, opgegeven: int | None) -> int | None:
    """The area a rule uses: the BAG's gebruiksoppervlakte, else the one supplied with the count (the
    BRP file's or the beheerder's): the BAG gives a standplaats or ligplaats none."""
    return bag if bag else opgegeven


def sql_oppervlakte(bewoning, vbo):
    """:func:`gebruikte_oppervlakte` in SQL."""
    return case((vbo.oppervlakte > 0, vbo.oppervlakte), else_=bewoning.oppervlakte)


def _getal(d: Decimal) -> str:
    return f"{d:.1f}".replace(".", ",") if d != d.to_integral() else f"{int(d)}"


def bereken(*, object_type: str, oppervlakte: int | None, gebruiksdoelen: list[str], personen: int,
            volwassenen: int | None = None, huishoudens: int | None = None, achternamen: int | None = None,
            inschrijvingen_12m: int | None = None, peildatum: date | None = None,
            normen: Normen = Normen(), opgegeven_oppervlakte: int | None = None) -> Indicatoren:
    """Every rule for one verblijfsobject (its addresses counted together). ``oppervlakte`` is the
    BAG's; ``opgegeven_oppervlakte`` the one supplied with the count, used only without a BAG area."""
    opgegeven = not oppervlakte and bool(opgegeven_oppervlakte)
    oppervlakte = gebruikte_oppervlakte(oppervlakte, opgegeven_oppervlakte)
    norm = normen.m2_standplaats if object_type == "STA" else normen.m2
    soort_norm = "standplaats (woonwagen)" if object_type == "STA" else "woning"
    uitkomst = Indicatoren(peildatum=peildatum, personen=personen, oppervlakte=oppervlakte, norm_m2=norm)
    woon = is_woonobject(object_type, gebruiksdoelen)

    formule = f"gebruiksoppervlakte ÷ ingeschreven personen < {_getal(norm)} m² ({soort_norm})"
    if not oppervlakte:
        waarom = ("De BAG geeft een standplaats of ligplaats geen oppervlakte: de beheerder kan die opgeven "
                  "(BRP-tellingen → Oppervlakte opgeven), of het BRP-bestand levert haar in de kolom oppervlakte."
                  if object_type in ("STA", "LIG") else "Zonder gebruiksoppervlakte in de BAG is dit niet te berekenen.")
        uitkomst.regels.append(Regel(BOUWNORM, TITELS[BOUWNORM], formule,
                                     f"oppervlakte {'0 m²' if oppervlakte == 0 else 'onbekend'}, {personen} personen",
                                     None, waarom))
    else:
        uitkomst.max_personen = math.floor(Decimal(oppervlakte) / norm)
        uitkomst.overschot = max(0, personen - uitkomst.max_personen)
        if personen == 0:
            uitkomst.regels.append(Regel(BOUWNORM, TITELS[BOUWNORM], formule,
                                         f"{oppervlakte} m²{' (opgegeven)' if opgegeven else ''}, 0 personen", False,
                                         "Niemand ingeschreven."))
        else:
            m2 = (Decimal(oppervlakte) / personen).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
            uitkomst.m2_per_persoon = m2
            # Compare exactly (area < norm × persons), not the rounded quotient.
            onder = Decimal(oppervlakte) < norm * personen
            invoer = (f"{oppervlakte} m²{' (opgegeven, niet uit de BAG)' if opgegeven else ''} ÷ {personen} personen "
                      f"= {_getal(m2)} m² per persoon; "
                      f"hoogstens {uitkomst.max_personen} personen (⌊{oppervlakte} ÷ {_getal(norm)}⌋)")
            if not woon:
                uitkomst.regels.append(Regel(BOUWNORM, TITELS[BOUWNORM], formule, invoer, False,
                                             "De norm geldt voor een woonfunctie; dit object heeft er geen "
                                             "(zie het signaal hieronder)."))
            else:
                toel = f"{uitkomst.overschot} personen boven de norm." if onder else ""
                uitkomst.regels.append(Regel(BOUWNORM, TITELS[BOUWNORM], formule, invoer, onder, toel))

    formule = (f"volwassenen ≥ {normen.volwassenen} en meer dan één huishouden "
               f"(of, zonder huishoudens in het bestand, meer dan één achternaam)")
    groepen, groep_naam = (huishoudens, "huishoudens") if huishoudens is not None else (achternamen, "achternamen")
    if volwassenen is None or groepen is None:
        uitkomst.regels.append(Regel(VOLWASSENEN, TITELS[VOLWASSENEN], formule, "niet aangeleverd", None,
                                     "Het BRP-bestand bevat geen volwassenen of huishoudens voor dit object."))
    else:
        uitkomst.regels.append(Regel(VOLWASSENEN, TITELS[VOLWASSENEN], formule,
                                     f"{volwassenen} volwassenen, {groepen} {groep_naam}",
                                     volwassenen >= normen.volwassenen and groepen > 1))

    formule = f"inschrijvingen in de laatste 12 maanden ≥ {normen.verloop}"
    if inschrijvingen_12m is None:
        uitkomst.regels.append(Regel(VERLOOP, TITELS[VERLOOP], formule, "niet aangeleverd", None))
    else:
        uitkomst.regels.append(Regel(VERLOOP, TITELS[VERLOOP], formule, f"{inschrijvingen_12m} inschrijvingen",
                                     inschrijvingen_12m >= normen.verloop))

    formule = "ingeschreven personen > 0 op een verblijfsobject zonder woonfunctie"
    doelen = ", ".join(gebruiksdoelen) or "onbekend"
    uitkomst.regels.append(Regel(GEEN_WOONFUNCTIE, TITELS[GEEN_WOONFUNCTIE], formule,
                                 f"{personen} personen; gebruiksdoel {doelen}", personen > 0 and not woon,
                                 "Een signaal voor bijvoorbeeld een bedrijfsverzamelgebouw." if personen > 0 and not woon
                                 else ""))
    return uitkomst


def sql_vlaggen(bewoning, vbo, normen_per_gemeente: dict[int, Normen]) -> dict:
    """The same rules as boolean SQL expressions over ``bewoning`` and ``verblijfsobject``
    (mapped classes or aliases), with each gemeente's norms. Keys are the flag codes."""
    def per_gemeente(attr, default):
        if not normen_per_gemeente:
            return literal(default)
        return case({gid: getattr(n, attr) for gid, n in normen_per_gemeente.items()},
                    value=bewoning.gemeente_id, else_=default)

    norm = case((vbo.object_type == "STA", per_gemeente("m2_standplaats", Decimal("6"))),
                else_=per_gemeente("m2", Decimal("12")))
    woon = or_(vbo.object_type.in_(("LIG", "STA")), vbo.gebruiksdoelen.is_(None), vbo.gebruiksdoelen == "",
               vbo.gebruiksdoelen.like("%woonfunctie%"))
    groepen = case((bewoning.huishoudens.is_not(None), bewoning.huishoudens), else_=bewoning.achternamen)
    opp = sql_oppervlakte(bewoning, vbo)
    return {
        BOUWNORM: and_(woon, opp > 0, bewoning.personen > 0, opp < norm * bewoning.personen),
        VOLWASSENEN: and_(bewoning.volwassenen >= per_gemeente("volwassenen", 4), groepen > 1),
        VERLOOP: bewoning.inschrijvingen_12m >= per_gemeente("verloop", 6),
        GEEN_WOONFUNCTIE: and_(bewoning.personen > 0, ~woon),
    }
