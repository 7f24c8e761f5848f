"""Handhaving: bestuurlijke aanpak van mensenhandel en uitbuiting."""
from __future__ import annotations

import logging

from flask import Flask, Request
from werkzeug.datastructures import ImmutableDict
from werkzeug.utils import cached_property
from werkzeug.routing import IntegerConverter, Map

from handhaving.config import PROJECT_ROOT, check_production_safety, load_config
from handhaving.errors import OngeldigVerzoek
from handhaving.invoer import AlleParameters, JsonMetGrenzen, Parameters


# Primary keys are 32-bit integers on both databases. A larger id in a URL
# cannot exist: it must not reach the database (PostgreSQL raises, SQLite
# overflows at 2**63) but simply not match, which gives a 404.
MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """``<int:…>`` in every route: 1 … 2**31-1, digits only, else no match."""

    def __init__(self, map, fixed_digits=0, min=1, max=MAX_ID, signed=False):
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


class HandhavingMap(Map):
    default_converters = ImmutableDict({**Map.default_converters, "int": IdConverter})


class HandhavingRequest(Request):
    """Numbers, decimals and JSON from the request are bounded (``handhaving.invoer``)."""

    parameter_storage_class = Parameters

    @cached_property
    def values(self):
        # Werkzeug combines args and form into a plain CombinedMultiDict, whose ``get`` would not
        # be bounded: the same sources (form only when not GET), with the bounded class.
        return AlleParameters([self.args] + ([self.form] if self.method != "GET" else []))

    def on_json_loading_failed(self, e):
        if e is None:  # not sent as JSON at all: Flask's 415
            return super().on_json_loading_failed(e)
        raise OngeldigVerzoek("De JSON in het verzoek is ongeldig, te groot of te diep genest "
                              "(NaN en Infinity zijn geen getallen).")


class HandhavingFlask(Flask):
    # No automatic OPTIONS answers, also not for the static route that Flask
    # adds in its constructor: every method a route answers is in the policy.
    default_config = ImmutableDict({**Flask.default_config, "PROVIDE_AUTOMATIC_OPTIONS": False})
    url_map_class = HandhavingMap
    request_class = HandhavingRequest
    json_provider_class = JsonMetGrenzen


def create_app(config_override: dict | None = None) -> Flask:
    """Build the app: configuration, extensions, blueprints. Nothing else."""
    app = HandhavingFlask(__name__, static_folder=str(PROJECT_ROOT / "static"), static_url_path="/static")
    app.config.update(load_config())
    if config_override:
        app.config.update(config_override)
    check_production_safety(app.config)
    logging.basicConfig(level=logging.INFO)

    from flask_wtf.csrf import CSRFProtect

    from handhaving import db, models, storage, templating, web  # noqa: F401  (models: complete metadata)
    from handhaving.auth.services import login_manager
    from handhaving.cli import register_cli
    from handhaving.domeinen import DOMEINEN
    from handhaving.security import policy, proxy

    if app.config.get("PROXY_HOPS"):
        from werkzeug.middleware.proxy_fix import ProxyFix
        hops = app.config["PROXY_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)
    proxy.init_app(app)  # warns when PROXY_HOPS is probably missing

    web.init_app(app)  # first: its after_request (commit, headers) runs last
    db.init_app(app)
    storage.init_app(app)  # photos, PDFs, attachments: local files or S3
    login_manager.init_app(app)
    CSRFProtect(app)
    templating.init_app(app, DOMEINEN)
    policy.init_app(app, DOMEINEN)
    for domein in DOMEINEN:
        app.register_blueprint(domein.blueprint, url_prefix=domein.url_prefix)
    register_cli(app)
    return app
