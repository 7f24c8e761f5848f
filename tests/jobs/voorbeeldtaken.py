"""Jobs for the tests: they note every run in RUNS and change a gemeente's regio."""
from handhaving.auth.models import Gemeente
from handhaving.jobs.registry import taak

RUNS: list[tuple[str, str, tuple]] = []


@taak(retries=0, retry_delay=0, naam="test.regio_zetten", omschrijving="Regio zetten (test)")
def regio_zetten(session, sleutel: str, gemeente_id: int, regio: str) -> None:
    RUNS.append(("regio_zetten", sleutel, (gemeente_id, regio)))
    session.get(Gemeente, gemeente_id).regio = regio


@taak(retries=2, retry_delay=0, naam="test.faalt", omschrijving="Mislukt altijd (test)")
def faalt(session, sleutel: str, gemeente_id: int) -> None:
    RUNS.append(("faalt", sleutel, (gemeente_id,)))
    # A write that must be rolled back with the failed run.
    session.get(Gemeente, gemeente_id).regio = "half geschreven"
    session.flush()
    raise RuntimeError("Bestand rapport-42.pdf\nkon niet worden geschreven")


@taak(retries=1, retry_delay=60, naam="test.faalt_een_keer", omschrijving="Lukt de tweede keer (test)")
def faalt_een_keer(session, sleutel: str) -> None:
    RUNS.append(("faalt_een_keer", sleutel, ()))
    if sum(1 for r in RUNS if r[0] == "faalt_een_keer" and r[1] == sleutel) == 1:
        raise ConnectionError("RIEC-koppeling niet bereikbaar")
