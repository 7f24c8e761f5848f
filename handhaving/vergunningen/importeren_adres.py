"""A permit's address in the file against the gemeente's BAG addresses, also as case systems
export it: the huisletter in the toevoeging column ('12' + 'A'), or all of it in the huisnummer
column ('12A', '12-A', '12 a'). No database here: ``importeren.laad_register`` loads the rows.

Exact first: what the file says is looked up as it says it (by its column, or by notation: a
letter right after the number or after a space is a huisletter, anything after a dash a
toevoeging). Only without an exact match are huisletter and toevoeging compared as one addition
without separators or case ('A', '-A' and 'a' are all 'A'): one BAG address with that addition is
the match, two or more are an error that names them. Without any match the error names what the
BAG has at that number, so the user can correct the file.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# (postcode, huisnummer, huisletter or None, toevoeging or None), letters upper case.
Sleutel = tuple[str, int, str | None, str | None]

_NUMMER = re.compile(r"^(\d+)(.*)$")
_TOEVOEGING = re.compile(r"^[A-Z0-9]{1,4}$")
MAX_GENOEMD = 5


class Ongeldig(ValueError):
    """The huisnummer cannot be read; the message is Dutch."""


def splits_huisnummer(waarde: str) -> tuple[int, str | None, str | None]:
    """'12' → (12, None, None); '12A', '12 a' → (12, 'A', None); '12-A' → (12, None, 'A');
    '12A-1' → (12, 'A', '1').

    :raise Ongeldig: no number 1–99999 in front, or an addition BAG cannot have."""
    m = _NUMMER.match(waarde)
    if not m or not 1 <= int(m.group(1)) <= 99999:
        raise Ongeldig(f"‘{waarde[:10]}’ is geen huisnummer.")
    rest = m.group(2).strip().upper()
    letter = None
    if rest[:1].isalpha():
        letter, rest = rest[0], rest[1:].strip()
    toevoeging = rest.lstrip("-/").strip() or None
    if rest and rest[0] not in "-/" and letter is None and not rest[0].isdigit():
        raise Ongeldig(f"‘{waarde[:10]}’ is geen huisnummer.")
    if toevoeging is not None and not _TOEVOEGING.match(toevoeging.replace(" ", "")):
        raise Ongeldig(f"‘{waarde[:10]}’ is geen huisnummer met toevoeging (maximaal 4 letters of cijfers).")
    return int(m.group(1)), letter, toevoeging


def _samen(letter: str | None, toevoeging: str | None) -> str:
    return re.sub(r"[^A-Z0-9]", "", f"{letter or ''}{toevoeging or ''}".upper())


def weergave(nummer: int, letter: str | None, toevoeging: str | None) -> str:
    """As the BAG writes it: 12A-1."""
    return f"{nummer}{letter or ''}{'-' + toevoeging if toevoeging else ''}"


@dataclass
class BagAdressen:
    """The gemeente's addresses at the file's postcodes; the first row per key wins (the caller
    loads hoofdadressen before nevenadressen)."""
    exact: dict[Sleutel, int] = field(default_factory=dict)
    per_nummer: dict[tuple[str, int], list[tuple[str | None, str | None, int]]] = field(default_factory=dict)

    def voeg_toe(self, adres_id: int, postcode: str, nummer: int, letter: str | None, toevoeging: str | None):
        letter, toevoeging = (letter or "").upper() or None, (toevoeging or "").upper() or None
        sleutel = (postcode, nummer, letter, toevoeging)
        if sleutel not in self.exact:
            self.exact[sleutel] = adres_id
            self.per_nummer.setdefault((postcode, nummer), []).append((letter, toevoeging, adres_id))

    def zoek(self, adres: Sleutel) -> tuple[int | None, str, str]:
        """(adres id, '', '') or (None, the column to blame, the Dutch message)."""
        gevonden = self.exact.get(adres)
        if gevonden is not None:
            return gevonden, "", ""
        postcode, nummer, letter, toevoeging = adres
        hier = self.per_nummer.get((postcode, nummer), [])
        gezocht = _samen(letter, toevoeging)
        passend = [(bl, bt, i) for bl, bt, i in hier if _samen(bl, bt) == gezocht]
        naam = f"{postcode} {weergave(nummer, letter, toevoeging)}"
        if len(passend) == 1:
            return passend[0][2], "", ""
        if passend:
            return None, "toevoeging", (
                f"Adres {naam} is niet eenduidig: de BAG kent op dit nummer {_lijst(nummer, passend)}. Zet een "
                "huisletter in de kolom huisletter en een toevoeging in de kolom toevoeging.")
        melding = f"Adres {naam} staat niet in de BAG-adressen van deze gemeente."
        if hier:
            melding += f" Wel bekend op dit nummer: {_lijst(nummer, hier)}."
        return None, "postcode", melding


def _lijst(nummer: int, adressen: list[tuple[str | None, str | None, int]]) -> str:
    namen = sorted(weergave(nummer, letter, toevoeging) for letter, toevoeging, _ in adressen)
    if len(namen) > MAX_GENOEMD:
        return ", ".join(namen[:MAX_GENOEMD]) + f" en nog {len(namen) - MAX_GENOEMD}"
    return namen[0] if len(namen) == 1 else ", ".join(namen[:-1]) + " en " + namen[-1]
