"""The result of a BAG import and its Dutch summary (CLI, audit, demo)."""
from __future__ import annotations

from dataclasses import dataclass, field

SOORT_NAAM = {"VBO": ("verblijfsobject", "verblijfsobjecten"), "LIG": ("ligplaats", "ligplaatsen"),
              "STA": ("standplaats", "standplaatsen")}


@dataclass
class ImportReport:
    variant: str = ""
    encoding: str = ""
    rows: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    stopped: bool = False  # reading stopped after too many errors
    skipped_other_gemeente: dict[str, int] = field(default_factory=dict)
    regels_per_gemeente: dict[int, int] = field(default_factory=dict)  # gemeente id → lines found
    # Lines read as Windows-1252 because they were not UTF-8 (the first MAX_ERRORS; the count).
    regels_cp1252: list[int] = field(default_factory=list)
    cp1252_aantal: int = 0
    # Objects (verblijfsobject, ligplaats, standplaats) and addresses in the file.
    vbo_new: int = 0
    vbo_changed: int = 0
    vbo_unchanged: int = 0
    adres_new: int = 0
    adres_changed: int = 0
    adres_unchanged: int = 0
    objecten_per_soort: dict[str, int] = field(default_factory=dict)  # {"VBO": n, "LIG": n, "STA": n}
    nevenadressen: int = 0
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        lines = [f"Bestand: {self.variant}, codering {self.encoding}, {self.rows} rijen."]
        if self.cp1252_aantal and self.encoding != "cp1252":
            lines.append(self.gemengde_codering())
        if self.errors:
            lines.append(f"{len(self.errors)} fout(en); er is niets geïmporteerd:")
            lines += [f"  regel {n}: {msg}" for n, msg in self.errors[:50]]
            if len(self.errors) > 50:
                lines.append(f"  … en {len(self.errors) - 50} meer")
            return "\n".join(lines)
        if self.dry_run:
            lines.append("Proefimport: er is niets opgeslagen; dit zou er veranderen.")
        soorten = ", ".join(f"{n} {SOORT_NAAM[s][n != 1]}" for s, n in sorted(
            self.objecten_per_soort.items(), key=lambda kv: "VBO LIG STA".find(kv[0])) if n)
        lines.append(f"Objecten: {self.vbo_new} nieuw, {self.vbo_changed} gewijzigd, "
                     f"{self.vbo_unchanged} ongewijzigd{f' ({soorten})' if soorten else ''}.")
        neven = f" (waarvan {self.nevenadressen} nevenadressen)" if self.nevenadressen else ""
        lines.append(f"Adressen: {self.adres_new} nieuw, {self.adres_changed} gewijzigd, "
                     f"{self.adres_unchanged} ongewijzigd{neven}.")
        for naam, n in sorted(self.skipped_other_gemeente.items()):
            lines.append(f"Overgeslagen: {n} rijen van gemeente {naam} (niet in deze installatie).")
        return "\n".join(lines)

    def gemengde_codering(self) -> str:
        """Which lines were read as Windows-1252 in a file that is otherwise UTF-8."""
        nummers = ", ".join(map(str, self.regels_cp1252[:20]))
        meer = self.cp1252_aantal - min(20, len(self.regels_cp1252))
        woord = "regel" if self.cp1252_aantal == 1 else "regels"
        return ("Let op: het bestand mengt UTF-8 en Windows-1252. "
                f"Als Windows-1252 gelezen: {woord} {nummers}{f' … en {meer} meer' if meer > 0 else ''}. "
                "Controleer de tekst op die regels.")


Report = ImportReport
