"""What every request costs, made cheaper where a profile of a page under load pointed, each
with the same outcome as the code it stands in for (README "Benchmarks" has the figures).

- ``QuizApp.ensure_sync``: Flask asks ``inspect`` whether every hook and view is a coroutine,
  six times a page; the answer never changes, so it is kept.
- ``VerifiedCookieSessions``: Flask checks the session cookie's signature (an HMAC over a key
  it derives again each time) and decodes it on every request. A student's browser sends the
  same cookie for many requests in a row, so the contents of a cookie whose signature was
  checked are kept, by the exact cookie text, and only its age is checked again.
- ``csrf_token``: a page's form carries Flask-WTF's token, signed with the time in seconds;
  the same token signed in the same second is the same text, so it is kept for that second.
- ``url_for`` in templates: the layout builds the same five addresses (the stylesheet, the
  script, the home page twice, the login page) on every page; an address without arguments
  (or a static file's) is kept per app and script root.
- ``teacher_signed_in``: the layout asks whether a teacher is logged in; Flask-Login's answer
  (a hash of the address and browser, a signal, the remember-cookie check) is asked for only
  when the request carries a login at all.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from flask import Flask, Request, current_app, g, has_request_context, request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask_login import COOKIE_NAME, current_user
from flask_wtf.csrf import generate_csrf
from itsdangerous import BadSignature, URLSafeTimedSerializer
from itsdangerous.encoding import base64_decode, bytes_to_int

# A bound on what each process keeps: the functions of its hooks and views; the cookies of a
# few classes' worth of browsers.
_SYNC_CACHE_SIZE = 512
_COOKIE_CACHE_SIZE = 4096


class QuizApp(Flask):
    """Flask, with ``ensure_sync``'s answer kept per function."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._synced: dict[Callable[..., Any], Callable[..., Any]] = {}

    def ensure_sync(self, func: Callable[..., Any]) -> Callable[..., Any]:
        """The function itself, or a synchronous wrapper of a coroutine function (Flask's)."""
        try:
            return self._synced[func]
        except (KeyError, TypeError):
            synced = super().ensure_sync(func)
            if len(self._synced) < _SYNC_CACHE_SIZE:  # after_this_request makes new ones
                try:
                    self._synced[func] = synced
                except TypeError:  # not hashable
                    pass
            return synced


class VerifiedCookieSessions(SecureCookieSessionInterface):
    """Flask's signed cookie sessions; a cookie whose signature was checked is not checked
    again while it is kept, but its age is, as Flask checks it (within
    PERMANENT_SESSION_LIFETIME, not from the future). What is kept is the cookie's decoded
    text, so every request gets its own session object. Keyed by the secret key too: a
    cookie signed with a key the app no longer has is never found."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._serializers: dict[tuple[Any, ...], URLSafeTimedSerializer] = {}
        # (secret key, cookie) -> (the payload's JSON text, when it was signed)
        self._verified: dict[tuple[Any, ...], tuple[str, int]] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """Flask's serializer, built once per secret key (and fallbacks) instead of per
        request."""
        if not app.secret_key:
            return None
        fallbacks = tuple(app.config.get("SECRET_KEY_FALLBACKS") or ())
        key = (app.secret_key, fallbacks)
        found = self._serializers.get(key)
        if found is None:
            found = super().get_signing_serializer(app)
            if found is None:
                return None
            with self._lock:
                self._serializers[key] = found
        return found

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        signer = self.get_signing_serializer(app)
        if signer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        max_age = int(app.permanent_session_lifetime.total_seconds())
        key = (app.secret_key, value)
        kept = self._verified.get(key)
        if kept is not None:
            payload, signed_at = kept
            age = int(time.time()) - signed_at
            if 0 <= age <= max_age:
                return self.session_class(self.serializer.loads(payload))
        try:
            data, signed = signer.loads(value, max_age=max_age, return_timestamp=True)
        except BadSignature:
            return self.session_class()
        with self._lock:
            if len(self._verified) >= _COOKIE_CACHE_SIZE:
                self._verified.clear()
            self._verified[key] = (self.serializer.dumps(data), int(signed.timestamp()))
        return self.session_class(data)


_signed_tokens: dict[tuple[Any, ...], str] = {}
_TOKEN_CACHE_SIZE = 4096


def csrf_token() -> str:
    """Flask-WTF's ``generate_csrf`` (the session's token, signed with the current second),
    answered from the tokens signed earlier in the same second when there is one."""
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    raw = session.get(field)
    if field in g or not isinstance(raw, str):
        return str(generate_csrf())
    secret = current_app.config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key
    token = _signed_tokens.get((secret, raw, int(time.time())))
    if token is None:
        token = str(generate_csrf())
        # Kept under the second it was signed in (read back from the token itself).
        signed_at = bytes_to_int(base64_decode(token.rsplit(".", 2)[1]))
        if len(_signed_tokens) >= _TOKEN_CACHE_SIZE:
            _signed_tokens.clear()
        _signed_tokens[(secret, raw, signed_at)] = token
    setattr(g, field, token)
    return token


_URL_CACHE_SIZE = 256


def url_for(endpoint: str, **values: Any) -> str:
    """Flask's ``url_for``; the address of a page that takes no arguments, or of a static
    file, is built once per app and script root (the same text every time: the app's map
    does not change once it serves)."""
    if (values and values.keys() != {"filename"}) or endpoint.startswith("."):
        return current_app.url_for(endpoint, **values)
    if not has_request_context():
        return current_app.url_for(endpoint, **values)
    urls: dict[tuple[Any, ...], str] = current_app.extensions.setdefault("quizapp_urls", {})
    key = (endpoint, values.get("filename"), request.script_root)
    found = urls.get(key)
    if found is None:
        found = current_app.url_for(endpoint, **values)
        if len(urls) < _URL_CACHE_SIZE:
            urls[key] = found
    return found


def teacher_signed_in() -> bool:
    """Whether a teacher is logged in (``current_user.is_authenticated``). Flask-Login can
    only find one in the session (``_user_id``) or in its remember cookie, so without either
    the answer is no, and Flask-Login is not asked."""
    remember = current_app.config.get("REMEMBER_COOKIE_NAME", COOKIE_NAME)
    if "_user_id" not in session and remember not in request.cookies:
        return False
    return bool(current_user.is_authenticated)


def lazy_current_user() -> dict[str, Any]:
    """``current_user`` for templates, loaded when a template reads it, not before every
    render (Flask-Login's own context processor loads it for every page)."""
    return {"current_user": current_user}


def cached_csrf_token() -> dict[str, Any]:
    """``csrf_token()`` for templates; it comes after Flask-WTF's context processor, so it is
    the one they call."""
    return {"csrf_token": csrf_token}


def install(app: Flask) -> None:
    """The cheaper session cookie, the layout's login check, Flask-Login's context processor
    replaced by the lazy one, and the kept CSRF tokens."""
    from flask_login.utils import _user_context_processor

    app.session_interface = VerifiedCookieSessions()
    app.add_template_global(teacher_signed_in)
    processors = app.template_context_processors[None]
    app.template_context_processors[None] = [
        lazy_current_user if processor is _user_context_processor else processor
        for processor in processors
    ]
    # The macros call it as a global (imported templates see no context processor).
    app.context_processor(cached_csrf_token)
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.jinja_env.globals["url_for"] = url_for
