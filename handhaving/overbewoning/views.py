"""Hotspot list, planning a huisvestingscontrole from it, recording its outcome, BRP import."""
from flask import Blueprint

bp = Blueprint("overbewoning", __name__, template_folder="templates")


def adresblok(adres_id: int) -> dict:
    return {}
