"""quizapp's own request stack around the ceiling's short page: the second reference.

The same app as `make serve` (signed session cookie, Flask-Login, Flask-WTF's CSRF check,
the NUL check and the security headers) with one more route that returns bare_app's page, so the
load benchmark can tell what any quizapp page costs before it reads the database or renders a
template from what the question page itself costs.
"""

from bare_app import index

from quizapp import create_app

app = create_app()
app.add_url_rule("/short-page", "short_page", index)
