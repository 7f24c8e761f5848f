"""Demo wijken and buurten around the demo addresses, imported through the real importer."""


def seed_gebieden(session, gemeenten) -> None:
    """Wijk and buurt outlines for the demo gemeenten (filled in by the CBS import work)."""
