"""Which jobs exist: ``@taak`` registers a function under a stable name.

Imports nothing of the app. A job module must be imported by the code that
enqueues it (a domain's services), so the web process and the worker (which
builds the same app with ``create_app()``) know the same jobs.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

_TAKEN: dict[str, Taak] = {}


@dataclass(frozen=True)
class Taak:
    naam: str
    func: Callable  # func(session, sleutel, *args): runs in a unit of work, safe to re-run
    retries: int
    retry_delay: float
    retry_backoff: float
    write: bool
    omschrijving: str

    def __call__(self, session, sleutel: str, *args):
        """Run the body here and now (tests, a CLI command that does not queue)."""
        return self.func(session, sleutel, *args)


def taak(retries: int = 3, retry_delay: float = 30, retry_backoff: float = 2, naam: str | None = None,
         write: bool = True, omschrijving: str | None = None):
    """Register a background job.

    The body is called as ``func(session, sleutel, *args)`` inside its own
    ``unit_of_work(write=...)`` in an app context: it commits when it returns and
    rolls back when it raises. A failed run is retried ``retries`` times, the
    first after ``retry_delay`` seconds, each next one ``retry_backoff`` times later;
    then the job is ``mislukt`` and shown to the beheerder. The body may run more
    than once for one key (a retry after its commit but before "klaar" was
    recorded, a beheerder's "opnieuw"): it must be idempotent, e.g. write its
    result under the key and skip when it is there.
    """
    def decorator(func):
        name = naam or f"{func.__module__.removeprefix('handhaving.')}.{func.__name__}"
        if name in _TAKEN and _TAKEN[name].func is not func:
            raise ValueError(f"Er is al een achtergrondtaak met de naam {name}")
        definitie = Taak(naam=name, func=func, retries=retries, retry_delay=retry_delay,
                         retry_backoff=retry_backoff, write=write,
                         omschrijving=omschrijving or (func.__doc__ or name).strip().splitlines()[0])
        _TAKEN[name] = definitie
        return definitie
    return decorator


def get_taak(naam: str) -> Taak | None:
    return _TAKEN.get(naam)


def alle_taken() -> dict[str, Taak]:
    return dict(_TAKEN)
