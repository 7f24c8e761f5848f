"""Imports every domain's models so that Base.metadata is complete (Alembic, tests)."""
from handhaving.audit.models import AuditRegel  # noqa: F401
from handhaving.auth.models import Gebruiker, Gemeente, Inlogpoging, Roltoewijzing, Sessie  # noqa: F401
from handhaving.beheer.models import Rolaanvraag  # noqa: F401
from handhaving.bibob.models import BibobOnderzoek  # noqa: F401
from handhaving.controles.models import Bevinding, Controle  # noqa: F401
from handhaving.db import Base  # noqa: F401
from handhaving.locaties.models import Adres, Verblijfsobject  # noqa: F401
from handhaving.vergunningen.models import Vergunning, Voorschrift  # noqa: F401
