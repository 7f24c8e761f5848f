"""``flask --app handhaving cbs …``: import the CBS Wijk- en Buurtkaart."""
from flask.cli import AppGroup

cbs_cli = AppGroup("cbs", help="CBS wijken en buurten importeren.")
