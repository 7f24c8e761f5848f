"""``flask --app handhaving brp …``: import BRP occupancy counts."""
from flask.cli import AppGroup

brp_cli = AppGroup("brp", help="BRP-tellingen (bewoning per adres) importeren.")
