"""Logging in and out of the web pages (Flask-Login), and the role a page requires."""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_login import LoginManager, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import InputRequired

from web.db import db
from web.errors import error_response
from web.models import ROLES, User
from web.users import MAX_NAME, check_login

bp = Blueprint("auth", __name__)

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Connectez-vous pour accéder à cette page."
login_manager.login_message_category = "info"

REFUSED = "Identifiant ou mot de passe incorrect."
DISABLED = "Ce compte est désactivé : adressez-vous à la personne qui l'a créé."
EXPIRED = "La page de connexion a expiré : saisissez de nouveau vos identifiants."


class LoginForm(FlaskForm):
    """Name and password; ``suivant`` is the local page to go back to."""

    name = StringField(
        "Identifiant", [InputRequired("Saisissez votre identifiant.")], render_kw={"maxlength": 100}
    )
    password = PasswordField("Mot de passe", [InputRequired("Saisissez votre mot de passe.")])
    suivant = HiddenField()


@login_manager.user_loader
def _load_user(user_id: str) -> User | None:
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.is_active else None


def init_app(app: Flask) -> None:
    """Sessions: cookie flags, lifetime, the login manager."""
    config = app.config
    config["SESSION_COOKIE_HTTPONLY"] = True
    config["SESSION_COOKIE_SAMESITE"] = config["SESSION_COOKIE_SAMESITE"] or "Lax"
    config["SESSION_COOKIE_SECURE"] = bool(
        config["SESSION_COOKIE_SECURE"]
        or config["SECURE_COOKIES"]
        or config["PREFERRED_URL_SCHEME"] == "https"
    )
    config["PERMANENT_SESSION_LIFETIME"] = datetime.timedelta(hours=config["SESSION_HOURS"])
    login_manager.init_app(app)


def local_target(target: str | None) -> str:
    """``target`` if it is a path of this site, else the home page: no open redirect."""
    home = url_for("pages.home")
    if not target or not target.startswith("/") or target.startswith("//"):
        return home
    if "\\" in target or any(ord(c) < 32 or ord(c) == 127 for c in target):
        return home  # browsers read "/\evil" as "//evil" and drop tabs and newlines
    parts = urlsplit(target)
    return home if parts.scheme or parts.netloc else target


def refuse_unless(role: str) -> ResponseReturnValue | None:
    """None if the current user holds ``role``; else the login page, or 403 when logged in."""
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if not current_user.has_role(role):
        abort(403)
    return None


def role_required(role: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Let a view through only for a logged-in user holding ``role`` (``user`` or ``editor``)."""
    if role not in ROLES:
        raise ValueError(f"rôle inconnu : {role}")

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            return refuse_unless(role) or view(*args, **kwargs)

        return guarded

    return decorate


def _page(form: LoginForm, error: str | None = None, status: int = 200) -> ResponseReturnValue:
    form.password.data = ""
    return render_template("auth/login.html", form=form, error=error), status


@bp.route("/connexion", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    """The login form; on success, back to the page asked for (of this site only)."""
    form = LoginForm()
    if request.method == "GET":
        form.suivant.data = request.args.get("next", "")
        if current_user.is_authenticated:
            return redirect(local_target(form.suivant.data))
        return _page(form)
    if not form.validate():
        return _page(form, status=422)
    user = check_login(form.name.data, form.password.data)
    if user is None:
        return _page(form, REFUSED, 401)
    if not user.is_active:
        return _page(form, DISABLED, 403)
    target = local_target(form.suivant.data)
    session.clear()  # nothing of the anonymous session carries over
    login_user(user)
    session.permanent = True
    return redirect(target)


@bp.post("/deconnexion")
def logout() -> ResponseReturnValue:
    """End the session."""
    logout_user()
    session.clear()
    flash("Vous êtes déconnecté.", "info")
    return redirect(url_for("auth.login"))


@bp.errorhandler(CSRFError)
def _csrf_error(exc: CSRFError) -> ResponseReturnValue:
    if request.endpoint != "auth.login":
        return error_response(400, "La page a expiré : rechargez-la, puis recommencez.")
    form = LoginForm(formdata=None)
    form.name.data = request.form.get("name", "")[:MAX_NAME]
    form.suivant.data = request.form.get("suivant", "")
    return _page(form, EXPIRED, 400)
