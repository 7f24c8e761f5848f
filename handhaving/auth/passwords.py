"""Password hashing (Argon2id) and the password policy (ASVS 6.2, no composition rules)."""
from __future__ import annotations

import re
from functools import lru_cache

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

# OWASP minimum is 19 MiB, t=2, p=1; we take more memory since one login per
# session is cheap. Measured in benchmarks/ (see README).
HASHER = PasswordHasher(time_cost=2, memory_cost=47104, parallelism=1, hash_len=32,
                        salt_len=16, type=Type.ID)
MAX_LENGTH = 256

# A valid hash to verify against when the account does not exist, so that an
# unknown username costs the same time as a wrong password.
_DUMMY_HASH = None


def hash_password(password: str) -> str:
    return HASHER.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    global _DUMMY_HASH
    if stored_hash is None:
        if _DUMMY_HASH is None:
            _DUMMY_HASH = HASHER.hash("niet-bestaand-account-dummy")
        stored_hash, password = _DUMMY_HASH, password + "\x00"
    try:
        return HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(stored_hash: str) -> bool:
    return HASHER.check_needs_rehash(stored_hash)


# Dutch passwords that the (English) zxcvbn list lacks.
DUTCH_COMMON = """
welkom welkom01 welkom123 welkomwelkom wachtwoord wachtwoord1 wachtwoord123 wachtwoord01
geheim geheim123 voorjaar zomer najaar winter lente herfst gemeente gemeente123
amsterdam rotterdam utrecht denhaag eindhoven groningen maastricht heerlen nederland
holland ajax feyenoord psv oranje hallo hallo123 hoihoi dankjewel doeidoei
schatje liefde konijn poesje hondje vakantie fietsen voetbal zonnetje appeltaart
handhaving toezicht burgemeester beheerder vergunning controle welkom2024 welkom2025
welkom2026 zomer2025 zomer2026 winter2025 winter2026
""".split()


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"]) | frozenset(DUTCH_COMMON)


def _core(password: str) -> str:
    """Lower-case without the digits and symbols people add to meet rules."""
    return re.sub(r"[\d\W_]+$", "", re.sub(r"^[\d\W_]+", "", password.lower()))


def password_problems(password: str, min_length: int, username: str | None = None,
                      naam: str | None = None) -> list[str]:
    """Reasons (in Dutch) why a new password is refused; empty when it is fine."""
    problems = []
    if len(password) < min_length:
        problems.append(f"Gebruik minstens {min_length} tekens. Een zin van een paar woorden werkt goed.")
    if len(password) > MAX_LENGTH:
        problems.append(f"Gebruik hoogstens {MAX_LENGTH} tekens.")
    lowered = password.lower()
    common = common_passwords()
    if lowered in common or _core(password) in common or (len(set(lowered)) <= 2 and lowered):
        problems.append("Dit wachtwoord staat op de lijst van veelgebruikte of gelekte wachtwoorden. Kies iets dat niet te raden is.")
    elif password and len(password) <= MAX_LENGTH:
        from zxcvbn import zxcvbn

        # Guessability, not composition rules: repeats, keyboard runs, years.
        # Only the first 72 characters: beyond that length guessing is hopeless
        # anyway, and zxcvbn's time grows fast with length.
        if zxcvbn(password[:72], user_inputs=[v for v in (username, naam) if v])["score"] < 3:
            problems.append("Dit wachtwoord is te makkelijk te raden (herhalingen, toetsenbordreeksen of "
                            "jaartallen). Een zin van vier losse woorden werkt goed.")
    for own in (username, naam):
        if own and len(own) >= 3 and own.lower().replace(" ", "") in lowered.replace(" ", ""):
            problems.append("Het wachtwoord mag uw gebruikersnaam of naam niet bevatten.")
            break
    return problems
