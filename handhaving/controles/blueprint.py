"""The controles blueprint; its routes live in ``views.py`` (field and planning) and
``views_beheer.py`` (control types, checklists, aanwijzingen)."""
from flask import Blueprint

bp = Blueprint("controles", __name__, template_folder="templates")
