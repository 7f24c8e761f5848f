"""The permit register's blueprint: routes in ``views.py`` (register, permit, voorschriften, types)
and ``views_import.py`` (import of an existing register)."""
from flask import Blueprint

bp = Blueprint("vergunningen", __name__, template_folder="templates")
