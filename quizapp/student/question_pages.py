"""The question page, rendered once for every student who sees the same question the same
way, instead of once a request.

A class of 30 (or 1,000) reads the same 16 questions; what differs from one student's page to
the next is the attempt's token (in two addresses) and the form's CSRF token, and, where
choices are shuffled, their order. Rendering the layout and the form was most of the page's
time, so a page rendered for one student is kept with those two tokens taken out, and the next
student who sees the same question with the same choices in the same order gets it with their
own put in. Only the plain page is kept: not one with an error, a note flashed to show, or a
teacher's menu; the key holds everything else the page shows.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from flask import request, session

from quizapp.domain.attempts import AskedQuestion, AttemptView
from quizapp.request_path import csrf_token, teacher_signed_in

# The variants a process keeps: a quiz's questions in each order students see them, for
# several classes at once.
PAGES_KEPT = 2048
# Stand-ins for the two tokens, unlikely in any article: fresh for each process.
_TOKEN = f"attempt-{secrets.token_hex(16)}"
_CSRF = f"csrf-{secrets.token_hex(16)}"

_lock = threading.Lock()
_pages: OrderedDict[Hashable, str] = OrderedDict()


def question_page(
    attempt: AttemptView,
    number: int,
    asked: AskedQuestion,
    choices: list[str],
    render: Callable[[], str],
    alone: bool = False,
) -> str:
    """The page ``render`` makes for this student, from a page kept for another where there
    is one; rendered for this student ``alone`` when it shows something of theirs (an
    error)."""
    if alone or "_flashes" in session or teacher_signed_in():
        return render()  # an error, a note or a teacher's menu belongs to this page alone
    key = (
        request.script_root,
        attempt.quiz_title,
        attempt.total,
        number,
        asked.id,
        asked.prompt,
        tuple(choices),
    )
    csrf = csrf_token()  # the one the page would show
    with _lock:
        kept = _pages.get(key)
        if kept is not None:
            _pages.move_to_end(key)
    if kept is not None:
        return kept.replace(_TOKEN, attempt.token).replace(_CSRF, csrf)
    page = render()
    general = page.replace(attempt.token, _TOKEN).replace(csrf, _CSRF)
    if attempt.token in general or csrf in general:
        return page  # never: both are long and random, but no student gets another's token
    with _lock:
        _pages[key] = general
        while len(_pages) > PAGES_KEPT:
            _pages.popitem(last=False)
    return page
