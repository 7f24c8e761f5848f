"""The request boundary: one place commits or rolls back, writes the audit
events that must survive a rollback, sets headers and renders error pages."""
from __future__ import annotations

import logging

from flask import Blueprint, abort, g, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException

from handhaving.audit.services import flush_pending
from handhaving.db import get_db
from handhaving.domein import Domein, Menu
from handhaving.errors import DomeinFout
from handhaving.security import headers
from handhaving.security.acties import KernActie
from handhaving.security.rules import AUTHENTICATED, PUBLIC
from handhaving.verzoek import niet_ingelogd_json, wants_json

log = logging.getLogger("handhaving")

bp = Blueprint("core", __name__)

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

ERROR_TEXT = {
    400: ("Ongeldig verzoek", "Het verzoek kon niet worden verwerkt. Controleer de invoer en probeer het opnieuw."),
    403: ("Geen toegang", "U heeft geen toegang tot deze pagina of dit gegeven. Denkt u dat dit niet klopt? Neem contact op met de functioneel beheerder."),
    409: ("Niet meer mogelijk", "Deze handeling past niet (meer) bij de huidige stand van zaken. Vernieuw de pagina en probeer het opnieuw."),
    404: ("Niet gevonden", "Deze pagina of dit gegeven bestaat niet, of valt buiten uw gemeente."),
    405: ("Niet toegestaan", "Deze handeling is op deze pagina niet mogelijk."),
    413: ("Te groot", "Het verstuurde bestand of formulier is te groot."),
    422: ("Ongeldige invoer", "De invoer kon niet worden verwerkt."),
    500: ("Er ging iets mis", "Er is een onverwachte fout opgetreden. Er is niets half opgeslagen. Probeer het later opnieuw; blijft het misgaan, meld het dan bij de functioneel beheerder."),
    503: ("Tijdelijk niet beschikbaar", "De database is even niet bereikbaar. Er is niets half opgeslagen. Probeer het over een minuut opnieuw."),
}


OPGESLAGEN = ("Uw wijziging is opgeslagen, maar deze pagina kan nu niet worden getoond. Vernieuw de pagina "
              "over een minuut; verstuur het formulier niet opnieuw.")


@bp.get("/health")
def health():
    """Load-balancer check: answers 200 only when the database answers."""
    try:
        with get_db().engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except DBAPIError:
        return {"status": "fout", "database": "onbereikbaar"}, 503, {"Retry-After": "30"}
    return {"status": "ok", "database": "ok"}


@bp.get("/")
def home():
    """Start page: what this user's roles give access to."""
    return render_template("core/home.html")


def render_error(code: int, message: str | None = None):
    title, text_ = ERROR_TEXT.get(code, ERROR_TEXT[500])
    return render_template("errors/error.html", code=code, title=title,
                           message=message or text_), code


def init_app(app) -> None:
    @app.before_request
    def _mark_writes():
        g.db_write = request.method not in SAFE_METHODS

    @app.before_request
    def _refuse_nul_bytes():
        # No form or URL can carry a NUL byte legitimately, and PostgreSQL refuses
        # them in text: answer with a clear 400 instead of failing deep down.
        for values in (request.args, request.form):
            if any("\x00" in v for v in values.values()) or any("\x00" in k for k in values.keys()):
                abort(400, description="nul-byte")

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        g.rollback = True
        if exc.code in (301, 302, 303, 307, 308):
            return exc
        message = None
        if isinstance(exc, CSRFError) and request.endpoint == "auth.login":
            # An expired login page: show it again with the username kept.
            from handhaving.auth.forms import LoginForm
            form = LoginForm(meta={"csrf": True})
            form.wachtwoord.data = None
            return render_template("auth/login.html", form=form, error=(
                "Het inlogformulier was verlopen. Vul uw wachtwoord opnieuw in.")), 400
        if exc.code == 400 and exc.description == "nul-byte":
            message = "De invoer bevat een ongeldig teken. Controleer wat u hebt geplakt en probeer het opnieuw."
        if isinstance(exc, CSRFError):
            message = ("Uw formulier was verlopen of onvolledig verstuurd (beveiligingstoken ontbreekt). "
                       "Ga terug, vernieuw de pagina en verstuur het opnieuw; uw invoer is niet opgeslagen.")
        if wants_json():
            # The tablet's sync: an ended session shows as a CSRF failure (the token belongs to
            # the session); answer 401 so the client asks for a new login and keeps its drafts.
            if isinstance(exc, CSRFError) and not current_user.is_authenticated:
                return niet_ingelogd_json()
            return {"fout": "beveiligingstoken" if isinstance(exc, CSRFError) else "http",
                    "melding": message or ERROR_TEXT.get(exc.code, ERROR_TEXT[500])[1]}, exc.code or 500
        return render_error(exc.code or 500, message)

    @app.errorhandler(DomeinFout)
    def _domain_error(exc: DomeinFout):
        """The one place that turns a service's refusal into an answer."""
        g.rollback = True
        if wants_json():
            return {**exc.details, "fout": exc.code, "melding": exc.message, "problemen": exc.problemen}, exc.status
        return render_error(exc.status, exc.message)

    @app.errorhandler(OperationalError)
    def _db_unavailable(exc):
        g.rollback = True
        log.exception("Database error")
        body, code = render_error(503)
        return body, code, {"Retry-After": "30"}

    @app.errorhandler(Exception)
    def _unexpected(exc):
        g.rollback = True
        log.exception("Unhandled error on %s %s", request.method, request.path)
        return render_error(500)

    @app.after_request
    def _finish(response):
        # Registered first, so it runs last of the after_request functions.
        sess = g.pop("_db_session", None)
        committed = False
        try:
            if sess is not None:
                if not g.get("db_write") and sess.info.get("wrote") and not g.get("rollback"):
                    # No state change on GET: a programming error, refused and made visible.
                    log.error("Write during %s %s refused", request.method, request.path)
                    response = app.make_response(render_error(500))
                    sess.rollback()
                elif g.get("rollback"):
                    sess.rollback()
                else:
                    sess.commit()
                    committed = True
        except DBAPIError:
            log.exception("Commit failed")
            sess.rollback()
            response = _unavailable()
        finally:
            if sess is not None:
                sess.close()
        # Security events (also after a rollback) and housekeeping, each in a
        # transaction of its own now that the request's connection is free.
        try:
            flush_pending()
        except DBAPIError:
            # Fail closed: what could not be audited is not shown. But a committed
            # change is kept, and the user must hear so (and not send it again).
            log.exception("Audit write failed")
            response = _unavailable(OPGESLAGEN if committed and g.get("db_write") else None)
        after = g.pop("after_commit", [])
        if committed or sess is None:
            for job in after:
                try:
                    job()
                except Exception:
                    # The request's data is committed: a failing follow-up step
                    # (housekeeping, handing a job to the queue) is logged and
                    # never turns the answer into "niets opgeslagen".
                    log.exception("After-commit step failed on %s %s", request.method, request.path)
        return headers.apply(response)

    def _unavailable(message: str | None = None):
        # The user object may be detached now: render the page as for a visitor.
        from flask_login import AnonymousUserMixin
        g._login_user = AnonymousUserMixin()
        body, code = render_error(503, message)
        return app.make_response((body, code, {"Retry-After": "30"}))


CORE_POLICY = {
    "core.health": {"GET": PUBLIC},
    "core.home": {"GET": AUTHENTICATED},
}

KERN = Domein(naam="core", blueprint=bp, url_prefix=None, policy=CORE_POLICY,
              menu=Menu("core.home", "Start"), audit_acties=KernActie)


def after_commit(job) -> None:
    """Run ``job`` after the request's transaction committed (e.g. housekeeping writes)."""
    g.setdefault("after_commit", []).append(job)
