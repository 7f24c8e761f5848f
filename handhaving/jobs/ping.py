"""A job that does nothing: ``flask taken ping`` uses it to show that a worker runs, and how fast."""
from handhaving.jobs.registry import taak


@taak(retries=0, naam="taken.ping", write=False, omschrijving="Controle of de worker draait")
def ping(session, sleutel: str) -> None:
    return None
