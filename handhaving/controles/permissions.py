"""Who may use which controle page (policy), and who may see or change one controle.

The policy says which roles reach an endpoint at all; ``gemeente_ids()`` then limits
every query to the gemeenten where the user has such a role. The object rules below
decide per controle.
"""
from handhaving.security.rules import PUBLIC, Rol

T, C, B = Rol.TOEZICHTHOUDER, Rol.COORDINATOR, Rol.BEHEERDER
CONTROLE_ROLLEN = frozenset({T, C})
PLANNERS = frozenset({C})
BEHEER = frozenset({B})
BEHEER_EN_PLANNERS = frozenset({B, C})

POLICY = {
    # Planning and overviews
    "controles.index": {"GET": CONTROLE_ROLLEN},
    "controles.week": {"GET": CONTROLE_ROLLEN},
    "controles.vandaag": {"GET": CONTROLE_ROLLEN},
    "controles.suggesties": {"GET": PLANNERS},
    "controles.plannen": {"GET": PLANNERS, "POST": PLANNERS},
    "controles.planning_wijzigen": {"GET": PLANNERS, "POST": PLANNERS},
    # One controle
    "controles.detail": {"GET": CONTROLE_ROLLEN},
    "controles.voorbereiden": {"POST": CONTROLE_ROLLEN},
    "controles.terug_naar_planning": {"POST": CONTROLE_ROLLEN},
    "controles.starten": {"POST": CONTROLE_ROLLEN},
    "controles.vastleggen": {"GET": CONTROLE_ROLLEN, "POST": CONTROLE_ROLLEN},
    "controles.bevinding_toevoegen": {"POST": CONTROLE_ROLLEN},
    "controles.bevinding_verwijderen": {"POST": CONTROLE_ROLLEN},
    "controles.bevinding_opgelost": {"POST": CONTROLE_ROLLEN},
    "controles.bevinding_tijd": {"GET": CONTROLE_ROLLEN, "POST": CONTROLE_ROLLEN},
    "controles.persoon_toevoegen": {"POST": CONTROLE_ROLLEN},
    "controles.persoon_verwijderen": {"POST": CONTROLE_ROLLEN},
    "controles.foto_toevoegen": {"POST": CONTROLE_ROLLEN},
    "controles.foto": {"GET": CONTROLE_ROLLEN},
    "controles.foto_verwijderen": {"POST": CONTROLE_ROLLEN},
    "controles.afronden": {"GET": CONTROLE_ROLLEN, "POST": CONTROLE_ROLLEN},
    "controles.rapport_terug": {"POST": CONTROLE_ROLLEN},
    "controles.ondertekenen": {"POST": frozenset({T})},  # who was there signs: the team
    "controles.vaststellen": {"POST": CONTROLE_ROLLEN},
    "controles.uitkomst": {"GET": CONTROLE_ROLLEN, "POST": CONTROLE_ROLLEN},
    "controles.addendum": {"POST": CONTROLE_ROLLEN},
    "controles.handtekening": {"GET": CONTROLE_ROLLEN},
    "controles.rapport_pdf": {"GET": CONTROLE_ROLLEN},
    "controles.rapport_opnieuw": {"POST": CONTROLE_ROLLEN},
    "controles.rapport_html": {"GET": CONTROLE_ROLLEN},
    # The offline tablet's sync API (views_sync.py)
    "controles.sync": {"POST": CONTROLE_ROLLEN},
    "controles.foto_delen": {"GET": CONTROLE_ROLLEN, "POST": CONTROLE_ROLLEN},
    "controles.offline_pakket": {"GET": CONTROLE_ROLLEN},
    # Offline tablet (issue 14): the app shell, the device key, and the service worker script
    # (no data in it; a logged-out update check must get the script, not a login page)
    "controles.offline": {"GET": CONTROLE_ROLLEN},
    "controles.offline_sleutel": {"GET": CONTROLE_ROLLEN},
    "controles.service_worker": {"GET": PUBLIC},
    # Beheer: control types and their checklists, toezichthouders' aanwijzingen
    "controles.typen": {"GET": BEHEER},
    "controles.standaard_laden": {"POST": BEHEER},
    "controles.type_detail": {"GET": BEHEER},
    "controles.concept_maken": {"POST": BEHEER},
    "controles.sectie_toevoegen": {"POST": BEHEER},
    "controles.item_toevoegen": {"POST": BEHEER},
    "controles.item_wijzigen": {"POST": BEHEER},
    "controles.item_verplaatsen": {"POST": BEHEER},
    "controles.item_vervallen": {"POST": BEHEER},
    "controles.sjabloon_publiceren": {"POST": BEHEER},
    "controles.toezichthouders": {"GET": BEHEER_EN_PLANNERS},
    "controles.aanwijzing": {"POST": BEHEER},
}


def _rollen(user, controle) -> set:
    return user.rollen_per_gemeente().get(controle.gemeente_id, set())


def mag_zien(user, controle) -> bool:
    """Toezichthouders and coördinatoren of the controle's gemeente."""
    return bool(_rollen(user, controle) & CONTROLE_ROLLEN)


def in_team(user, controle) -> bool:
    return any(t.id == user.id for t in controle.toezichthouders)


def mag_wijzigen(user, controle) -> bool:
    """The coördinator of that gemeente, or a toezichthouder assigned to this controle."""
    rollen = _rollen(user, controle)
    if C in rollen:
        return True
    return T in rollen and in_team(user, controle)


def mag_sekswerkers_zien(user, controle) -> bool:
    """Special-category data: only who needs it for this controle (its team and the coördinator)."""
    return mag_wijzigen(user, controle)


def mag_plannen(user, gemeente_id: int) -> bool:
    return C in user.rollen_per_gemeente().get(gemeente_id, set())
