from flask import Blueprint, render_template
from flask_login import current_user

from handhaving.bibob import services
from handhaving.db import get_session
from handhaving.security.policy import gemeente_ids

bp = Blueprint("bibob", __name__, template_folder="templates")


@bp.get("/")
def index():
    return render_template("bibob/index.html",
                           onderzoeken=services.lijst(get_session(), current_user, gemeente_ids()))
