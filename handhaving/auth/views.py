"""Login, second factor, logout and the own-account page."""
from __future__ import annotations

import io
from urllib.parse import urlsplit

import pyotp
import qrcode
import qrcode.image.svg
from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user
from markupsafe import Markup

from handhaving.auth import services
from handhaving.auth.forms import LoginForm, TweedeFactorForm, WachtwoordWijzigenForm
from handhaving.auth.services import LoginStatus
from handhaving.auth.throttle import Blokkade
from handhaving.db import get_session
from handhaving.errors import OngeldigeInvoer

bp = Blueprint("auth", __name__, template_folder="templates")

# What a user whose password was set by a beheerder may still do.
EERST_WACHTWOORD = frozenset({"auth.account", "auth.logout", "static"})


@bp.before_app_request
def _eerst_eigen_wachtwoord():
    """A beheerder chose this password: nothing else until the user chose an own one.
    Runs after the policy check, so only for pages the user may open anyway."""
    if (current_user.is_authenticated and current_user.wachtwoord_wijzigen_verplicht
            and request.endpoint not in EERST_WACHTWOORD):
        flash("Kies eerst een eigen wachtwoord. Het wachtwoord dat u van de beheerder kreeg, kent de "
              "beheerder ook.", "warning")
        return redirect(url_for("auth.account"))
    return None


def _safe_next(target: str | None) -> str:
    """Only local paths: no open redirect to another site, and nothing that could
    break the Location header (CR/LF) or that browsers read as a host (``/\\evil``)."""
    if (target and len(target) <= 2000 and target.startswith("/") and not target.startswith("//")
            and "\\" not in target and all(ch.isprintable() and not ch.isspace() for ch in target)
            and not urlsplit(target).netloc):
        return target
    return url_for("core.home")


def _melding(result, fout: str) -> str:
    """The words for a refused login step (the services only say why)."""
    t = result.throttle
    if t is None:
        return fout
    if t.reden == Blokkade.VERGRENDELD:
        return (f"Te veel mislukte pogingen. Probeer het over {t.seconden // 60} minuten opnieuw, "
                "of vraag de functioneel beheerder om hulp.")
    netwerk = " vanaf dit netwerk" if t.reden == Blokkade.WACHT_NETWERK else ""
    return f"Te veel mislukte pogingen{netwerk}. Wacht {t.seconden} seconden en probeer het opnieuw."


def _finish_login(result) -> object:
    # A fresh cookie session at login: nothing from before (fixation) survives.
    nxt = session.get("next")
    session.clear()
    result.user._sessie_token = result.token
    login_user(result.user)
    flash(f"Welkom, {result.user.naam}.", "success")
    return redirect(_safe_next(nxt))


@bp.route("/inloggen", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm()
    if request.method == "GET" and request.args.get("next"):
        session["next"] = _safe_next(request.args.get("next"))
    error = None
    if form.validate_on_submit():
        result = services.authenticate(get_session(), form.gebruikersnaam.data, form.wachtwoord.data,
                                       services.client_ip(), request.user_agent.string)
        if result.status == LoginStatus.OK:
            return _finish_login(result)
        if result.status in (LoginStatus.MFA, LoginStatus.MFA_INSTELLEN):
            session["mfa_token"] = result.token
            return redirect(url_for("auth.tweede_factor"))
        error = _melding(result, "Onjuiste gebruikersnaam of wachtwoord.")
    elif request.method == "POST":
        error = "Controleer de gemarkeerde velden."
    # The password is never echoed back; the username is.
    form.wachtwoord.data = None
    return render_template("auth/login.html", form=form, error=error), (200 if error is None else 422)


def _qr_svg(uri: str) -> Markup:
    img = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buf = io.BytesIO()
    img.save(buf)
    svg = buf.getvalue().decode()
    svg = svg[svg.find("<svg"):]
    # Our own generated SVG (paths only; the URI is encoded in the pattern, not as text).
    labelled = svg.replace("<svg ", '<svg role="img" aria-label="QR-code voor de authenticator-app" ', 1)
    return Markup(labelled)  # nosec B704


@bp.route("/inloggen/tweede-factor", methods=["GET", "POST"])
def tweede_factor():
    db = get_session()
    sessie = services.pending_mfa_session(db, session.get("mfa_token"))
    if sessie is None:
        session.pop("mfa_token", None)
        flash("Uw inlogpoging is verlopen. Log opnieuw in.", "warning")
        return redirect(url_for("auth.login"))
    user = sessie.gebruiker
    form = TweedeFactorForm()
    error = None
    if form.validate_on_submit():
        result = services.verify_second_factor(db, sessie, form.code.data, services.client_ip())
        if result.status == LoginStatus.OK:
            return _finish_login(result)
        error = _melding(result, "De code is onjuist of al gebruikt. Wacht op de volgende code en probeer het opnieuw.")
    elif request.method == "POST":
        error = form.code.errors[0] if form.code.errors else "Vul de code van 6 cijfers in."
    instellen = not user.totp_bevestigd
    qr = secret = None
    if instellen:
        secret = user.totp_secret
        uri = pyotp.TOTP(secret).provisioning_uri(name=user.gebruikersnaam, issuer_name="Handhaving")
        qr = _qr_svg(uri)
    form.code.data = None
    return render_template("auth/tweede_factor.html", form=form, error=error, instellen=instellen,
                           qr=qr, secret=secret), (200 if error is None else 422)


@bp.post("/uitloggen")
def logout():
    services.logout(get_session(), current_user, g.get("sessie"))
    logout_user()
    session.clear()
    flash("U bent uitgelogd.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET", "POST"])
def account():
    """Own account: roles, second factor, and changing the password."""
    form = WachtwoordWijzigenForm()
    problems: list[str] = []
    if form.validate_on_submit():
        try:
            services.change_password(get_session(), current_user, form.huidig.data, form.nieuw.data,
                                     g.get("sessie"))
        except OngeldigeInvoer as exc:
            problems = exc.problemen
        else:
            flash("Uw wachtwoord is gewijzigd. Op andere apparaten bent u uitgelogd.", "success")
            return redirect(url_for("auth.account"))
    elif request.method == "POST":
        problems = [e for errors in form.errors.values() for e in errors]
    # Passwords are never sent back to the browser.
    form.huidig.data = form.nieuw.data = form.herhaal.data = None
    status = 422 if problems else 200
    return render_template("auth/account.html", form=form, problems=problems,
                           min_length=current_app.config["PASSWORD_MIN_LENGTH"],
                           sessies=services.live_sessions(get_session(), current_user),
                           huidige_sessie=g.get("sessie")), status


@bp.post("/account/sessies")
def andere_sessies_beeindigen():
    ended = services.end_other_sessions(get_session(), current_user, g.get("sessie"))
    flash(f"U bent op {ended} ander(e) apparaat/apparaten uitgelogd." if ended
          else "Er waren geen andere sessies.", "success")
    return redirect(url_for("auth.account"))
