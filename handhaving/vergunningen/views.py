from flask import Blueprint, render_template

from handhaving.db import get_session
from handhaving.security.policy import gemeente_ids
from handhaving.vergunningen import services

bp = Blueprint("vergunningen", __name__, template_folder="templates")


@bp.get("/")
def index():
    return render_template("vergunningen/index.html", vergunningen=services.lijst(get_session(), gemeente_ids()))
