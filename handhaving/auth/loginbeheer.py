"""Flask-Login wiring: which user a request belongs to, and where an anonymous one goes.

The only web code of the auth domain outside its views."""
from __future__ import annotations

from datetime import timedelta

from flask import flash, g, has_request_context, redirect, request, url_for
from flask_login import LoginManager

from handhaving.audit import services as audit
from handhaving.auth.acties import AuthActie
from handhaving.auth.sessies import (
    FASE_VOLLEDIG,
    end_session_independently,
    find_session,
    session_expired,
    touch_session,
)
from handhaving.db import get_session, utcnow
from handhaving.web import after_commit

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.session_protection = None  # server-side sessions do this job
login_manager.login_message = "Log in om verder te gaan."
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(token: str):
    session = get_session()
    sessie = find_session(session, token)
    if sessie is None or sessie.fase != FASE_VOLLEDIG:
        return None
    now = utcnow()
    reason = session_expired(sessie, now)
    if reason:
        if sessie.beeindigd_op is None:
            sessie_id = sessie.id
            after_commit(lambda: end_session_independently(sessie_id))
            audit.record_security_event(AuthActie.SESSIE_VERLOPEN, audit.SUCCES, object_type="sessie",
                                        object_id=sessie_id, actor_id=sessie.gebruiker_id,
                                        actor=sessie.gebruiker.gebruikersnaam, details={"reden": reason})
        g.session_ended_reason = reason
        return None
    if now - sessie.laatst_gezien_op > timedelta(seconds=60):
        # Written after the request in its own short transaction: a read-only
        # page must not need the SQLite write lock.
        sessie_id = sessie.id
        after_commit(lambda: touch_session(sessie_id, now))
    user = sessie.gebruiker
    user._sessie_token = token
    g.sessie = sessie
    return user


@login_manager.unauthorized_handler
def _unauthorized():
    reason = g.get("session_ended_reason")
    if reason in ("inactief", "maximale duur"):
        flash("Uw sessie is verlopen. Log opnieuw in; wat u niet had opgeslagen, moet u opnieuw invoeren.", "warning")
    elif reason in ("beeindigd", "gedeactiveerd"):
        flash("U bent uitgelogd. Log opnieuw in om verder te gaan.", "info")
    else:
        flash(login_manager.login_message, "info")
    nxt = request.full_path if request.method == "GET" else None
    if nxt and nxt.endswith("?"):
        nxt = nxt[:-1]
    return redirect(url_for("auth.login", next=nxt) if nxt and nxt != "/" else url_for("auth.login"))


def client_ip() -> str:
    return (request.remote_addr or "onbekend")[:45] if has_request_context() else "cli"
