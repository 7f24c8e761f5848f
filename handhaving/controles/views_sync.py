"""The sync API of the offline tablet (issue 14): bundles of drafts and resumable photo uploads."""
from handhaving.controles.blueprint import bp  # noqa: F401
