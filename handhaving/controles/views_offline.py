"""The offline tablet (issue 14): the offline page, its service worker, the day's package and the device key."""
from handhaving.controles.blueprint import bp  # noqa: F401
