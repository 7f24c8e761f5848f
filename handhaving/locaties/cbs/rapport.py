"""The result of a CBS import and its Dutch summary (CLI, audit, demo)."""
from __future__ import annotations

from dataclasses import dataclass, field

MAX_FOUTEN_GETOOND = 50
SOORT_MEERVOUD = {"wijk": "Wijken", "buurt": "Buurten"}


@dataclass
class Telling:
    nieuw: int = 0
    gewijzigd: int = 0
    ongewijzigd: int = 0

    def tekst(self) -> str:
        return f"{self.nieuw} nieuw, {self.gewijzigd} gewijzigd, {self.ongewijzigd} ongewijzigd"


@dataclass
class CbsRapport:
    formaat: str = ""
    bron_srid: int | None = None
    jaar: int | None = None
    objecten: int = 0  # features read (all layers, all gemeenten)
    # (place, message): place is "object 3" or "laag buurten, object 12".
    fouten: list[tuple[str, str]] = field(default_factory=list)
    opmerkingen: list[str] = field(default_factory=list)  # repaired geometry, assumed CRS, …
    overgeslagen_gemeente: dict[str, int] = field(default_factory=dict)  # gemeentecode → features
    overgeslagen_overig: int = 0  # gemeente features in a combined file, etc.
    wijken: Telling = field(default_factory=Telling)
    buurten: Telling = field(default_factory=Telling)
    # Pairs of buurten that overlap (overlap.Overlap), also as text in ``opmerkingen``.
    overlappingen: list = field(default_factory=list)
    # Verblijfsobjecten whose buurt changed by the assignment after the import.
    toegewezen: int | None = None
    zonder_buurt: int | None = None
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.fouten

    def telling(self, soort: str) -> Telling:
        return self.wijken if soort == "wijk" else self.buurten

    def samenvatting(self) -> str:
        srs = f", EPSG:{self.bron_srid}" if self.bron_srid else ""
        jaar = f", jaar {self.jaar}" if self.jaar else ""
        lines = [f"Bestand: {self.formaat}{srs}{jaar}, {self.objecten} objecten gelezen."]
        if self.fouten:
            lines.append(f"{len(self.fouten)} object(en) afgekeurd; er is niets geïmporteerd:")
            lines += [f"  {plaats}: {melding}" for plaats, melding in self.fouten[:MAX_FOUTEN_GETOOND]]
            if len(self.fouten) > MAX_FOUTEN_GETOOND:
                lines.append(f"  … en {len(self.fouten) - MAX_FOUTEN_GETOOND} meer")
            return "\n".join(lines)
        if self.dry_run:
            lines.append("Proefimport: er is niets opgeslagen; dit zou er veranderen.")
        lines.append(f"Wijken {self.jaar or ''}: {self.wijken.tekst()}.".replace("  ", " "))
        lines.append(f"Buurten {self.jaar or ''}: {self.buurten.tekst()}.".replace("  ", " "))
        for code, n in sorted(self.overgeslagen_gemeente.items()):
            lines.append(f"Overgeslagen: {n} objecten van gemeente {code} (niet in deze installatie "
                         "of niet gekozen).")
        if self.overgeslagen_overig:
            lines.append(f"Overgeslagen: {self.overgeslagen_overig} objecten die geen wijk of buurt zijn "
                         "(bijvoorbeeld gemeentegrenzen).")
        lines += [f"Let op: {o}" for o in self.opmerkingen[:MAX_FOUTEN_GETOOND]]
        if self.toegewezen is not None:
            zonder = f"; {self.zonder_buurt} liggen in geen enkele buurt" if self.zonder_buurt else ""
            lines.append(f"Adressen: bij {self.toegewezen} verblijfsobjecten is de buurt bijgewerkt{zonder}.")
        return "\n".join(lines)
