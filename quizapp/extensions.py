"""Flask extensions, created unbound so that create_app() can attach them to any app."""

from pathlib import Path

from flask import Response, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy.orm import DeclarativeBase

from quizapp.security import READING


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)
csrf = CSRFProtect()
# Alembic's revisions live inside the package, so an installed app can upgrade its database.
migrate = Migrate(directory=str(Path(__file__).parent / "migrations"), render_as_batch=True)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Log in to open the teacher pages."
login_manager.login_message_category = "info"
# Limits count failed logins and joins per client address (RATELIMIT_STORAGE_URI: Redis when
# REDIS_URL is set, so that every app server shares the counts; memory otherwise).
limiter = Limiter(key_func=get_remote_address)


@limiter.request_filter
def _reading_a_page() -> bool:
    """Only form posts are limited (logins and joins): reading a page skips the limiter's
    lookups, which cost a question page a tenth of its time. The filter covers every limit,
    so a limit on a GET would need this changed."""
    return request.method in READING


def refused(response: Response) -> bool:
    """Only refused attempts count towards a limit: a form shown again with errors is a 400."""
    return response.status_code == 400
