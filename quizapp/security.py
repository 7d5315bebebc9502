"""Security headers on every response, and the checks that keep hostile input out of queries.

The Content-Security-Policy allows scripts and styles from this site only: no inline script,
so text from an article, a nickname or an edited question can never run as code even if a
template forgot to escape it.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, abort, request
from werkzeug.routing import IntegerConverter, Map

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


_SECURITY_HEADER_NAMES = {name.lower(): name for name in SECURITY_HEADERS}


def add_security_headers(response: Response) -> Response:
    """Set the headers unless a view chose its own value (one pass over the response's
    headers: setdefault scanned them once a header, on every request)."""
    present = {key.lower() for key in response.headers.keys()}
    for key, name in _SECURITY_HEADER_NAMES.items():
        if key not in present:
            response.headers.add(name, SECURITY_HEADERS[name])
    return response


READING = ("GET", "HEAD", "OPTIONS")


class RowIdConverter(IntegerConverter):
    """``<id:quiz_id>``: a row id in an address, a whole number that fits an integer column.

    A larger number is no address at all (a 404): passed on, it would overflow the query,
    which SQLite raises as OverflowError and PostgreSQL as "integer out of range", a 500.
    """

    def __init__(self, map: Map, *args: Any, **kwargs: Any) -> None:
        super().__init__(map, min=1, max=2**31 - 1)


def refuse_nul_characters() -> None:
    """A NUL character in the address or a form is refused with a 400, before any query.

    PostgreSQL cannot hold NUL in text and fails the query with a 500; no person types one,
    so only a forged request sends it.
    """
    # The address's query names a NUL as %00 (the only way it decodes to one), or sends it
    # raw: looking at its bytes spares parsing it on every request.
    query = request.query_string
    raw_nul = b"%00" in query or b"\x00" in query
    fields = request.form.items(multi=True) if request.method not in READING else iter(())
    if raw_nul or "\x00" in request.path or any("\x00" in key + value for key, value in fields):
        abort(400, "The request holds a NUL character, which no page of this site sends.")


def init_security(app: Flask) -> None:
    """Headers, the id converter, the NUL check; behind a reverse proxy, trust its headers."""
    app.after_request(add_security_headers)
    app.url_map.converters["id"] = RowIdConverter
    app.before_request(refuse_nul_characters)
    if app.config.get("BEHIND_PROXY"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
