"""quizapp: turns a news article into a quiz that students take in the browser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, SecurityError
from werkzeug.exceptions import NotFound as HTTPNotFound

from quizapp.domain.errors import NotFound


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: settings, extensions, blueprints and commands; nothing else."""
    from quizapp.config import instance_secret_key, settings_from_environment, shipped
    from quizapp.request_path import QuizApp

    app = QuizApp(
        __name__,
        instance_relative_config=True,
        template_folder=str(shipped("templates")),
        static_folder=str(shipped("static")),
    )

    app.config.from_mapping(settings_from_environment(app.instance_path))
    if test_config is not None:
        app.config.from_mapping(test_config)
    if not app.config["SECRET_KEY"]:
        # Only now: a key given by the environment or the caller needs no file in instance/.
        app.config["SECRET_KEY"] = instance_secret_key(Path(app.instance_path))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)

    from quizapp.extensions import csrf, db, login_manager, migrate

    db.init_app(app)
    migrate.init_app(app, db)
    csrf.init_app(app)
    login_manager.init_app(app)

    from quizapp import request_path

    request_path.install(app)

    from quizapp import cli, health
    from quizapp.auth.views import bp as auth_pages
    from quizapp.domain import question_bank
    from quizapp.security import init_security
    from quizapp.student.views import bp as student_pages
    from quizapp.teacher.views import bp as teacher_pages
    from quizapp.wording import counted

    init_security(app)
    app.add_template_filter(counted)
    app.add_template_filter(question_bank.described)
    app.register_blueprint(student_pages)
    app.register_blueprint(health.bp)
    app.register_blueprint(auth_pages)
    app.register_blueprint(teacher_pages)
    cli.register(app)
    register_error_pages(app)
    return app


ERROR_PAGES = (400, 403, 404, 413, 429, 500)


def register_error_pages(app: Flask) -> None:
    """Errors get a page in the site's layout, with a way back, instead of Werkzeug's text."""

    def render_error(error: HTTPException) -> tuple[str, int]:
        code = error.code or 500
        if isinstance(error, SecurityError):
            # A host not in TRUSTED_HOSTS: no address of the site can be built for it, so
            # the page has no layout (its links would need one).
            return "This site does not answer to that host name.", 400
        if code == 500:
            from quizapp.extensions import db

            # A failed flush leaves the session unusable, and the layout still reads from it
            # (the logged-in teacher's name); nothing of the failed request is kept.
            db.session.rollback()
        expired_form = isinstance(error, CSRFError)
        # A message the app wrote (abort(429, "…")), rather than Werkzeug's stock text.
        told = error.description if error.description != type(error).description else None
        page = render_template(
            f"errors/{code}.html", error=error, expired_form=expired_form, told=told
        )
        return page, code

    def render_not_found(missing: NotFound) -> tuple[str, int]:
        """The domain's NotFound (a missing row, or someone else's) is the 404 page."""
        return render_error(HTTPNotFound(missing.message or None))

    for code in ERROR_PAGES:
        app.register_error_handler(code, render_error)
    app.register_error_handler(NotFound, render_not_found)
