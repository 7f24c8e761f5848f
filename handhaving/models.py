"""Every model, so that Base.metadata is complete (Alembic, tests).

Domain models come from the domains' declarations; the rest is shared infrastructure.
"""
from importlib import import_module

from handhaving.audit.models import AuditRegel  # noqa: F401
from handhaving.db import Base  # noqa: F401
from handhaving.eenmalig.models import Verzendsleutel  # noqa: F401
from handhaving.jobs.models import Achtergrondtaak  # noqa: F401
from handhaving.domeinen import DOMEINEN
from handhaving.instellingen import GemeenteInstelling  # noqa: F401

for _domein in DOMEINEN:
    if _domein.modellen:
        import_module(_domein.modellen)
