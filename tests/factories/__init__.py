"""factory_boy factories per domain; each flushes into the test's session."""
from tests.factories.controles import ControleFactory  # noqa: F401
from tests.factories.gebruikers import GebruikerFactory, GemeenteFactory, make_gemeente, make_user  # noqa: F401
from tests.factories.locaties import AdresFactory, VerblijfsobjectFactory, add_adres  # noqa: F401
