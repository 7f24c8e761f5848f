"""Demo BRP counts for the demo addresses, with a handful of hotspots."""


def seed_bewoning(session, gemeenten, gebruikers) -> None:
    """BRP counts through the real importer (filled in by the overbewoning work)."""
