from flask import Blueprint

bp = Blueprint("subjecten", __name__, template_folder="templates")
