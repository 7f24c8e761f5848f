"""Background jobs: work that must not run inside a request (PDF/DOCX, imports,
exports, RIEC submissions), queued with huey and recorded in ``achtergrondtaak``."""
