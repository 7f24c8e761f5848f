"""Times: stored as naive UTC, entered and shown in Dutch local time."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def nu_lokaal() -> datetime:
    return datetime.now(AMSTERDAM)


def vandaag() -> date:
    """Today in the Netherlands (not in UTC: at 00:30 local it is still yesterday in UTC)."""
    return nu_lokaal().date()


def naar_utc(dag: date, tijdstip: time) -> datetime:
    """A local wall-clock moment → naive UTC for storage."""
    return datetime.combine(dag, tijdstip, tzinfo=AMSTERDAM).astimezone(timezone.utc).replace(tzinfo=None)


def naar_lokaal(value: datetime) -> datetime:
    return value.replace(tzinfo=timezone.utc).astimezone(AMSTERDAM)


def dag_grenzen(dag: date, dagen: int = 1) -> tuple[datetime, datetime]:
    """[start, end) in naive UTC of ``dagen`` local days from ``dag``."""
    return naar_utc(dag, time(0, 0)), naar_utc(dag + timedelta(days=dagen), time(0, 0))
