"""Dutch names and registry numbers: normalising and checking, no database.

A KvK number is 8 digits and its leading zeros count; a vestigingsnummer (12 digits) and an
RSIN (9 digits, elfproef) are different numbers (``../shared/domain/data-formats.md`` §4).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from handhaving.errors import OngeldigeInvoer

# Longest first, so "van der" is taken before "van".
VOORVOEGSELS = sorted((
    "van der", "van den", "van de", "van 't", "van het", "in 't", "in het", "in de", "op de", "op den", "op 't",
    "uit de", "uit den", "de la", "de le", "van", "de", "den", "der", "het", "'t", "te", "ten", "ter", "la", "le",
    "el", "al", "von", "zu", "von der", "da", "di", "dos", "du",
), key=len, reverse=True)


def normaliseer_kvk(value: str | None) -> str:
    """``'0123 45.67'`` → ``'01234567'``; 7 digits get their leading zero back.

    :raise OngeldigeInvoer: anything that is not a KvK number, with what it looks like instead.
    """
    ruw = (value or "").strip()
    cijfers = re.sub(r"[\s.]", "", ruw)
    if not cijfers:
        raise OngeldigeInvoer("Vul het KvK-nummer in (8 cijfers).")
    if not cijfers.isdigit() or not cijfers.isascii():
        raise OngeldigeInvoer(f"‘{ruw[:40]}’ is geen KvK-nummer: een KvK-nummer bestaat uit 8 cijfers.")
    if len(cijfers) == 12:
        raise OngeldigeInvoer(f"{cijfers} is een vestigingsnummer (12 cijfers), geen KvK-nummer. Het KvK-nummer "
                              "(8 cijfers) staat op het uittreksel bij ‘KvK-nummer’.")
    if len(cijfers) == 9:
        raise OngeldigeInvoer(f"{cijfers} heeft 9 cijfers: dat is een RSIN of BSN, geen KvK-nummer (8 cijfers).")
    if len(cijfers) == 7:
        cijfers = "0" + cijfers
    if len(cijfers) != 8:
        raise OngeldigeInvoer(f"{cijfers} heeft {len(cijfers)} cijfers; een KvK-nummer heeft er 8.")
    return cijfers


def elfproef(nummer: str) -> bool:
    """The 11-check of a BSN or RSIN (9 digits, last weight −1)."""
    if len(nummer) != 9 or not nummer.isdigit():
        return False
    som = sum(int(c) * w for c, w in zip(nummer[:8], range(9, 1, -1))) - int(nummer[8])
    return som % 11 == 0 and nummer != "000000000"


def normaliseer_bsn(value: str | None) -> str:
    cijfers = re.sub(r"[\s.]", "", value or "")
    if len(cijfers) == 8 and cijfers.isdigit():
        cijfers = "0" + cijfers
    if not elfproef(cijfers):
        raise OngeldigeInvoer("Dit is geen geldig burgerservicenummer (9 cijfers die aan de elfproef voldoen).")
    return cijfers


def zonder_accenten(value: str) -> str:
    value = unicodedata.normalize("NFKD", value or "")
    return "".join(ch for ch in value if not unicodedata.combining(ch))


@lru_cache(maxsize=50000)
def zoektekst(value: str) -> str:
    """Lower case, no diacritics, only letters, digits and single spaces."""
    value = zonder_accenten(value).lower().replace("’", "'")
    return " ".join(re.sub(r"[^a-z0-9' ]+", " ", value).split())


def splits_achternaam(achternaam: str) -> tuple[str, str]:
    """``'van der Berg'`` → ``('van der', 'Berg')``; ``'Vries, de'`` → ``('de', 'Vries')``."""
    achternaam = " ".join((achternaam or "").split())
    if "," in achternaam:
        naam, _, vv = achternaam.partition(",")
        return vv.strip().lower(), naam.strip()
    laag = achternaam.lower()
    for vv in VOORVOEGSELS:
        if laag.startswith(vv + " ") and len(achternaam) > len(vv) + 1:
            return vv, achternaam[len(vv) + 1:]
    return "", achternaam


def zoeknaam_persoon(voornamen: str, voorvoegsel: str, geslachtsnaam: str) -> str:
    """Surname first, particles after it: ``'vries de jan'`` matches "de Vries" and "Vries, J. de"."""
    return zoektekst(" ".join(p for p in (geslachtsnaam, voorvoegsel, voornamen) if p))


def zoeknaam_rechtspersoon(naam: str, handelsnamen: list[str]) -> str:
    return zoektekst(" | ".join([naam, *handelsnamen]))[:400]


# --- sound-alike keys for the history search ----------------------------------------------------

# Single words that are particles (of ``VOORVOEGSELS``) and legal-form words of company names:
# they carry no identity, so they get no key.
_GEEN_SLEUTEL = frozenset(w for vv in VOORVOEGSELS for w in vv.replace("'", "").split()) | {
    "t", "bv", "nv", "vof", "cv", "en", "holding", "b", "v"}

# In this order: later rules see the output of earlier ones.
_KLANKREGELS = (
    (re.compile(r"sch"), "s"),           # Schouten ~ Souten, Bosch ~ Bos
    (re.compile(r"ph"), "f"),            # Philips ~ Filips
    (re.compile(r"th"), "t"),            # Thijssen ~ Tijssen
    (re.compile(r"ck|ch|q"), "k"),       # Backer ~ Bakker, Christiaan ~ Kristiaan
    (re.compile(r"c(?=[aou])"), "k"),    # Cornelis ~ Kornelis
    (re.compile(r"x"), "ks"),
    (re.compile(r"ij"), "y"),            # Dijkstra ~ Dykstra, IJzerman ~ Yzerman
    (re.compile(r"ei|ey"), "y"),         # Meijer ~ Meyer ~ Meier ~ Mijer
    (re.compile(r"y"), "i"),             # Yilmaz ~ Ijlmaz
    (re.compile(r"ie"), "i"),            # Vries ~ Vriës (after the diacritics are gone)
    (re.compile(r"ou"), "au"),           # Bouwman ~ Bauwman
    (re.compile(r"z"), "s"),             # Zwart ~ Swart, Yilmaz ~ Yilmas
    (re.compile(r"v"), "f"),             # Vries ~ Fries
    (re.compile(r"dt$|d$"), "t"),        # Smidt ~ Smid ~ Smit
    (re.compile(r"(.)\1+"), r"\1"),      # Janssen ~ Jansen, Mohammed ~ Mohamed, Claassen ~ Clasen
)


@lru_cache(maxsize=50000)
def klanksleutel(woord: str) -> str:
    """The sound-alike key of one word (Dutch-aware, deliberately simple): lower case, no
    diacritics, the spellings above made equal, and a final ``s`` of a longer word dropped
    (Jansens ~ Jansen, Pieters ~ Pieter). ``''`` for particles and single letters."""
    w = re.sub(r"[^a-z]", "", zonder_accenten(woord).lower())
    if len(w) < 2 or w in _GEEN_SLEUTEL:
        return ""
    for patroon, vervanging in _KLANKREGELS:
        w = patroon.sub(vervanging, w)
    if len(w) > 4 and w.endswith("s"):
        w = w[:-1]
    return w


def zoeksleutel(*delen: str) -> str:
    """Space-separated sound-alike keys of every word of the name parts, particles left out,
    each key once: ``zoeksleutel('Janssen', 'Jan')`` → ``'jansen jan'``. Stored next to
    ``zoeknaam`` so the history search finds spelling variants in SQL (``LIKE '% key %'``)."""
    sleutels: list[str] = []
    for deel in delen:
        for woord in re.split(r"[\s\-./,&|()]+", deel or ""):
            k = klanksleutel(woord)
            if k and k not in sleutels:
                sleutels.append(k)
    uit = ""
    for k in sleutels:
        if len(uit) + len(k) + 1 > 400:
            break
        uit = f"{uit} {k}" if uit else k
    return uit
