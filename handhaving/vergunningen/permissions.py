"""Who may use which page of the permit register.

Reading: everyone who works with permits in the gemeente (the field checks the voorschriften,
the burgemeester decides on closures). Writing: the vergunningverlener. The beheerder
configures the permit types of the gemeente. Bibob content is never shown here.
"""
from handhaving.security.rules import Rol

V, C, B, T, BH = Rol.VERGUNNINGVERLENER, Rol.COORDINATOR, Rol.BURGEMEESTER, Rol.TOEZICHTHOUDER, Rol.BEHEERDER
LEZERS = frozenset({V, C, B, T})
SCHRIJVERS = frozenset({V})
BEHEER = frozenset({BH})

POLICY = {
    "vergunningen.index": {"GET": LEZERS},
    "vergunningen.detail": {"GET": LEZERS},
    "vergunningen.nieuw": {"GET": SCHRIJVERS, "POST": SCHRIJVERS},
    "vergunningen.wijzigen": {"GET": SCHRIJVERS, "POST": SCHRIJVERS},
    "vergunningen.status": {"POST": SCHRIJVERS},
    "vergunningen.betrokkene_toevoegen": {"POST": SCHRIJVERS},
    "vergunningen.betrokkene_verwijderen": {"POST": SCHRIJVERS},
    "vergunningen.voorschrift_toevoegen": {"POST": SCHRIJVERS},
    "vergunningen.voorschrift_vervallen": {"POST": SCHRIJVERS},
    # Import of an existing register (views_import.py): upload + dry run, progress, apply.
    "vergunningen.importeren": {"GET": SCHRIJVERS, "POST": SCHRIJVERS},
    "vergunningen.import_status": {"GET": SCHRIJVERS},
    "vergunningen.import_uitvoeren": {"POST": SCHRIJVERS},
    # Beheer: the permit types of the gemeente and the article that grounds each.
    "vergunningen.typen": {"GET": BEHEER},
    "vergunningen.type_wijzigen": {"POST": BEHEER},
    "vergunningen.typen_aanvullen": {"POST": BEHEER},
}


def _rollen(user, gemeente_id: int) -> set:
    return user.rollen_per_gemeente().get(gemeente_id, set())


def mag_wijzigen(user, vergunning) -> bool:
    return bool(_rollen(user, vergunning.gemeente_id) & SCHRIJVERS)


def mag_subjecten_zien(user, gemeente_id: int) -> bool:
    """Links to the people and companies register (need-to-know: not the field or the mayor)."""
    return bool(_rollen(user, gemeente_id) & {V, C})
