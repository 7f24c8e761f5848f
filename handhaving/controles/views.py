from flask import Blueprint, render_template

from handhaving.controles import services
from handhaving.db import get_session
from handhaving.security.policy import gemeente_ids

bp = Blueprint("controles", __name__, template_folder="templates")


@bp.get("/")
def index():
    return render_template("controles/index.html", controles=services.lijst(get_session(), gemeente_ids()))
