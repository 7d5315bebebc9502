"""Read an article: raw bytes or pasted text become an ArticleText, a title and clean paragraphs,
with its Credit (byline, publisher, date, address) when a saved web page gives them.

The cleaned body (the paragraphs joined as ``generation.paragraphs`` defines) is the text that
questions cite, so every offset the generator gives points into the stored article's body.
Boilerplate that news pages carry around the story ("Related News", "Advertisement", share
buttons, bylines, datelines) is removed here, never by editing the source file.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from quizapp.generation import paragraphs as body_text
from quizapp.generation.quality import fold

MAX_ARTICLE_BYTES = 200 * 1024  # what is read: a web page's markup weighs more than its text
# What the generator works on: about 5,000 words, a long feature. Generation time grows with
# the text (a 200 KB article held a worker for 15 s and made 1,918 questions).
MAX_BODY_CHARS = 30_000
MAX_TITLE_CHARS = 200
MAX_CREDIT_CHARS = 200  # a byline or a publisher
MAX_URL_CHARS = 500

_SOCIAL = r"(share|tweet|email|print|facebook|twitter|whatsapp|linkedin|copy link)"
_BOILERPLATE_PATTERNS = [
    r"related( news| stories| articles| coverage| content)?(:.*)?",
    r"(read|see) (more|also)(:.*)?",
    r"more (news|stories)( from .*)?",
    r"advertisement|sponsored( content)?|ad",
    r"share( this( article| story)?)?( on \w+)?( via \w+)?",
    _SOCIAL + r"([ |/·,]+" + _SOCIAL + r")*",
    r"(photo|image|file photo)( credit)?:.*",
    r"(by|written by|reporting by|editing by) [A-Z][\w.'’-]*( [A-Z][\w.'’-]*){0,3}"
    r"((,| and) [A-Z][\w.'’-]*( [A-Z][\w.'’-]*){0,3})*([,;] .*)?",
    r"(published|updated|posted|last updated)( on)?:? .{0,60}",
    r"(copyright|©) .*",
    r"all rights reserved",
    r"subscribe( now| to our newsletter)?.*",
    r"sign up for .*",
    r"comments?( \(\d+\))?",
    # A video widget's caption: "Fox News Flash top headlines for Nov. 19 are here. Check out
    # what's clicking today in entertainment."
    r"[\w .,'’&-]{0,80}\bheadlines for [\w .,]{1,20}?( are here)?(\. (check out|watch) .*)?",
]
MAX_BOILERPLATE_CHARS = 160  # a paragraph longer than this is the story, whatever it says
_BOILERPLATE_LINE = re.compile(
    "^(" + "|".join(f"(?:{pattern})" for pattern in _BOILERPLATE_PATTERNS) + ")$", re.IGNORECASE
)
# "HARBOR CITY, Ore. (AP) — The council …": an all-caps place, an optional agency, a dash.
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'’-]{1,40}(, [A-Z][\w.]*\.?( [A-Z][\w.]*)?)?"
    r"( \((AP|Reuters|AFP|UPI|CNN|BBC|dpa)\))?\s*[—–-]{1,2}\s+(?=[A-Z“\"])"
)
_LOOKS_LIKE_HTML = re.compile(
    r"<\s*(html|body|head|p|div|article|section|br|span|h[1-6]|ul|li|a|b|i|em|strong|!doctype)\b",
    re.IGNORECASE,
)


class ArticleError(ValueError):
    """Input that cannot become an article; the message says what is wrong."""


@dataclass(frozen=True)
class Credit:
    """Where an article comes from, to credit it: who wrote it, who published it, when, and its
    web address. Each may be missing; the names are the stored article's columns."""

    byline: str | None = None
    publisher: str | None = None
    published_on: date | None = None
    url: str | None = None

    def __bool__(self) -> bool:
        return any(getattr(self, field.name) for field in dataclasses.fields(self))

    def over(self, other: Credit) -> Credit:
        """This credit, with ``other``'s value wherever this one has none."""
        return Credit(
            **{
                field.name: getattr(self, field.name) or getattr(other, field.name)
                for field in dataclasses.fields(self)
            }
        )

    @property
    def parts(self) -> list[str]:
        """The credit line's words: "By Jane Doe", the publisher, "12 March 2025"."""
        parts = [f"By {self.byline}"] if self.byline else []
        if self.publisher:
            parts.append(self.publisher)
        if self.published_on:
            parts.append(f"{self.published_on.day} {self.published_on:%B %Y}")
        return parts

    @property
    def site(self) -> str:
        """The address's host without "www.", to name the link: "harbourtimes.example"."""
        host = urlsplit(self.url or "").hostname or ""
        return host.removeprefix("www.")


_BY = re.compile(r"^by\s+", re.IGNORECASE)


def credit_from(
    byline: str | None = None,
    publisher: str | None = None,
    published_on: date | None = None,
    url: str | None = None,
) -> Credit:
    """A Credit from what a page or a teacher gave, tidied: one line each, "By " taken off a
    byline, lengths cut to the columns', an address kept only when it is a web address."""
    byline = _BY.sub("", _clean_line(byline or ""))[:MAX_CREDIT_CHARS]
    publisher = _clean_line(publisher or "")[:MAX_CREDIT_CHARS]
    url = (url or "").strip()
    return Credit(
        byline or None,
        publisher or None,
        published_on,
        url if address_problem(url) is None else None,
    )


def address_problem(url: str) -> str | None:
    """What is wrong with ``url`` as an article's web address, or None when it will do."""
    if len(url) > MAX_URL_CHARS:
        return f"The address is too long: at most {MAX_URL_CHARS} characters."
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return "Give the web address in full, starting with http:// or https://."
    if any(ch.isspace() or unicodedata.category(ch) == "Cc" for ch in url):
        return "A web address has no spaces in it."
    return None


@dataclass(frozen=True)
class ArticleText:
    """A cleaned article before it is stored: its title, its paragraphs, in order, and its
    credit (empty unless a web page or the teacher gave one)."""

    title: str
    paragraphs: tuple[str, ...]
    credit: Credit = Credit()

    @property
    def body(self) -> str:
        """The text that questions cite, as the stored article keeps it."""
        return body_text.join(self.paragraphs)


def read_article_file(path: str | Path) -> ArticleText:
    """Read an article from a file whose first line is its title."""
    path = Path(path)
    if not path.is_file():
        raise ArticleError(f"{path}: no such file.")
    with path.open("rb") as handle:
        # Read one byte past the limit so a huge file is refused without loading it whole.
        data = handle.read(MAX_ARTICLE_BYTES + 1)
    return read_article(data)


def read_article(data: bytes | str, *, title: str | None = None) -> ArticleText:
    """Turn raw bytes or pasted text into an ArticleText, or raise ArticleError saying why not.

    Without ``title`` the first line is the title, as in ``seeds/``; with it, all the text
    is the body (a pasted article whose title came from a form field).
    """
    text = decode_text(data)
    credit = Credit()
    if _LOOKS_LIKE_HTML.search(text):
        text, html_title, credit = _html_to_text(text)
        title = title or html_title
    lines = [_clean_line(line) for line in text.split("\n")]
    if title is None:
        title, lines = _split_title(lines)
    paragraphs = _strip_boilerplate(_paragraphs(lines))
    title = _clean_line(title)[:MAX_TITLE_CHARS]
    if paragraphs and fold(paragraphs[0]) == fold(title):
        paragraphs = paragraphs[1:]
    if not paragraphs:
        raise ArticleError("The article has no body text after its title.")
    if not title:
        title = _title_from(paragraphs[0])
    _refuse_too_long(paragraphs)
    _refuse_other_languages(paragraphs)
    return ArticleText(title=title, paragraphs=tuple(paragraphs), credit=credit)


def _refuse_too_long(paragraphs: list[str]) -> None:
    body = body_text.join(paragraphs)
    if len(body) > MAX_BODY_CHARS:
        words = len(body.split())
        limit = round(words * MAX_BODY_CHARS / len(body), -2)
        raise ArticleError(
            f"This article is {words:,} words long; quizapp makes questions from articles of "
            f"up to about {limit:,.0f} words ({MAX_BODY_CHARS:,} characters). Paste the part "
            "you want the quiz on."
        )


# English prose is 40 to 50 % function words ("the", "of", "said"...); French, German or
# Spanish news scores under 10 % against the English list. Short texts are left to the
# generator, which says when it finds nothing to ask.
_ENGLISH_SHARE = 0.2
_LANGUAGE_SAMPLE_WORDS = 30
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def _refuse_other_languages(paragraphs: list[str]) -> None:
    """An article in another language is refused with a message: the English pipeline would
    turn it into questions that read as nonsense (seen with a French article: true-or-false
    statements that swapped a job title in with a name)."""
    from spacy.lang.en.stop_words import STOP_WORDS  # spaCy's own list; loaded on first use

    words = _WORD.findall(" ".join(paragraphs).lower())
    if len(words) < _LANGUAGE_SAMPLE_WORDS:
        return
    if sum(word in STOP_WORDS for word in words) < _ENGLISH_SHARE * len(words):
        raise ArticleError(
            "This does not look like English prose. quizapp writes its questions from the "
            "sentences of English articles only."
        )


def decode_text(data: bytes | str) -> str:
    """Decode and normalise article input, refusing what is not plain text of a sane size."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if len(raw) > MAX_ARTICLE_BYTES:
        raise ArticleError(
            f"The article is too large ({len(raw) // 1024} KB); the limit is "
            f"{MAX_ARTICLE_BYTES // 1024} KB."
        )
    if b"\x00" in raw:
        raise ArticleError("This looks like a binary file, not text; save the article as text.")
    try:
        text = raw.decode("utf-8-sig") if isinstance(data, bytes) else data
    except UnicodeDecodeError as error:
        raise ArticleError(
            f"The article is not UTF-8 text (bad byte at position {error.start}); "
            "save it as UTF-8 and try again."
        ) from None
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    if _control_share(text) > 0.01:
        raise ArticleError("This looks like a binary file, not text; save the article as text.")
    if not text.strip():
        raise ArticleError("The article is empty.")
    return text


def _control_share(text: str) -> float:
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\n\t")
    return controls / max(len(text), 1)


_BULLET = re.compile(r"^\s*(?:[-*•·–]|\d{1,2}[.)])\s+")


def _clean_line(line: str) -> str:
    line = "".join(" " if unicodedata.category(ch) in ("Cc", "Zs") else ch for ch in line)
    return " ".join(_BULLET.sub("", line).split())  # a bullet marker is layout, not text


def _split_title(lines: list[str]) -> tuple[str, list[str]]:
    content = [index for index, line in enumerate(lines) if line]
    first = content[0]
    if len(content) == 1:
        # A single line is a body without a title, not a title without a body.
        return "", lines
    return lines[first], lines[first + 1 :]


def _paragraphs(lines: list[str]) -> list[str]:
    """Blank lines separate paragraphs; where there are none, every line is one."""
    filled = [index for index, line in enumerate(lines) if line]
    if not filled:
        return []
    lines = lines[filled[0] : filled[-1] + 1]
    if "" not in lines:
        return lines
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line:
            current.append(line)
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    return paragraphs


def _strip_boilerplate(paragraphs: list[str]) -> list[str]:
    kept = [p for p in paragraphs if not _is_advertisement(p)]
    while kept and _is_boilerplate(kept[0]):
        kept.pop(0)
    while kept and _is_boilerplate(kept[-1]):
        kept.pop()
    if kept:
        kept[0] = _DATELINE.sub("", kept[0], count=1)
    return kept


def _is_boilerplate(paragraph: str) -> bool:
    return len(paragraph) <= MAX_BOILERPLATE_CHARS and bool(
        _BOILERPLATE_LINE.match(paragraph.rstrip(".:"))
    )


def _is_advertisement(paragraph: str) -> bool:
    """Advertisement markers are dropped anywhere; other boilerplate only at the edges."""
    return paragraph.lower().rstrip(".:") in {"advertisement", "ad", "sponsored content"}


def _title_from(paragraph: str) -> str:
    words = paragraph.split()
    return " ".join(words[:10]) + ("…" if len(words) > 10 else "")


def _html_to_text(html: str) -> tuple[str, str | None, Credit]:
    """A saved web page becomes its main text, title and credit through trafilatura, not
    through regexes."""
    import trafilatura

    text = trafilatura.extract(html, include_comments=False, include_tables=False)
    # Not extensive: a date only from the page's markup (its meta tags, <time>), never one
    # guessed from the text, which took "copyright 2019" for 1 January 2019.
    metadata = trafilatura.extract_metadata(html, extensive=False)
    if not text:
        raise ArticleError("No article text could be found in this HTML page.")
    title, credit = None, Credit()
    if metadata is not None:
        title = metadata.title or None
        credit = credit_from(
            _names(metadata.author), metadata.sitename, _iso_date(metadata.date), metadata.url
        )
    # trafilatura puts one paragraph per line; make the paragraph breaks explicit.
    return body_text.join(text.split("\n")), title, credit


def _names(authors: str | None) -> str | None:
    """trafilatura's "Jane Doe; Bob Roe" as a byline: "Jane Doe and Bob Roe"."""
    names = [name.strip() for name in (authors or "").split(";") if name.strip()]
    if len(names) < 2:
        return names[0] if names else None
    return ", ".join(names[:-1]) + " and " + names[-1]


def _iso_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def slugify(text: str) -> str:
    """A URL-safe, readable slug: "U.S. Forces Clash" becomes "u-s-forces-clash"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:80].rstrip("-") or "article"
