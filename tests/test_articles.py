"""The article reader: titles, paragraphs, boilerplate, and refusals that say what is wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.domain.article_text import (
    MAX_ARTICLE_BYTES,
    ArticleError,
    read_article,
    read_article_file,
)

SEED = Path(__file__).parent.parent / "seeds" / "000_e6c387ca501fc847.txt"


def test_seed_title_and_paragraphs() -> None:
    article = read_article_file(SEED)
    assert article.title == "Russian And U.S. Forces Reportedly Clash In Syria"
    assert len(article.paragraphs) == 7
    assert article.paragraphs[0].startswith("The Syrian conflict")


def test_related_news_is_removed_by_the_reader_not_the_file() -> None:
    assert SEED.read_text(encoding="utf-8").rstrip().endswith("Related News")
    article = read_article_file(SEED)
    assert "Related News" not in article.body
    assert article.body.endswith("between two more superpowers.")


def test_body_is_paragraphs_joined_by_one_blank_line() -> None:
    article = read_article("Title\n\nFirst  para\nwraps here.  \n\n\n\nSecond para.")
    assert article.paragraphs == ("First para wraps here.", "Second para.")
    assert article.body == "First para wraps here.\n\nSecond para."


def test_lines_without_blank_lines_are_paragraphs() -> None:
    article = read_article("Title\nOne line.\nAnother line.")
    assert article.paragraphs == ("One line.", "Another line.")


@pytest.mark.parametrize(
    "noise",
    ["Advertisement", "Share this article", "Facebook | Twitter | Email", "By Jane Doe",
     "Updated March 3, 2025 10:42 a.m.", "Related News", "Read more: other story"],
)  # fmt: skip
def test_boilerplate_at_the_edges_is_removed(noise: str) -> None:
    article = read_article(f"Title\n\n{noise}\n\nThe story itself.\n\n{noise}")
    assert article.paragraphs == ("The story itself.",)


def test_advertisement_inside_the_story_is_removed() -> None:
    article = read_article("Title\n\nFirst.\n\nAdvertisement\n\nSecond.")
    assert article.paragraphs == ("First.", "Second.")


def test_dateline_is_removed_from_the_first_paragraph() -> None:
    article = read_article("Title\n\nHARBOR CITY, Ore. (AP) — The council met on Tuesday.")
    assert article.paragraphs == ("The council met on Tuesday.",)


def test_pasted_text_with_a_title_keeps_every_line() -> None:
    article = read_article("First line of the story.\n\nSecond.", title="Given")
    assert article.title == "Given"
    assert article.paragraphs == ("First line of the story.", "Second.")


def test_html_becomes_its_text() -> None:
    html = (
        "<html><head><title>Harbour Vote</title></head><body><article>"
        "<p>The council voted 7-2 on Tuesday to approve the harbour plan for the town.</p>"
        "<p>Mayor Ann Lee said “We are ready for the storm season this year.”</p>"
        "</article></body></html>"
    )
    article = read_article(html)
    assert article.title == "Harbour Vote"
    assert "<p>" not in article.body
    assert "voted 7-2" in article.body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"  \n\t\n ", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        ("Title\n\nCaf\u00e9".encode("latin-1"), "not UTF-8"),
        (b"Title\n\n" + b"word " * (MAX_ARTICLE_BYTES // 5 + 10), "too large"),
        (b"A title\n\nRelated News\n", "no body"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(data: bytes, message: str) -> None:
    with pytest.raises(ArticleError, match=message):
        read_article(data)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ArticleError, match="no such file"):
        read_article_file(tmp_path / "missing.txt")


def test_a_byline_of_two_reporters_and_the_dateline_after_it_are_removed() -> None:
    text = "Title\n\nBy Anna Whitmore and James Ferreira\n\nLONDON (Reuters) - The Bank held rates."
    assert read_article(text).paragraphs == ("The Bank held rates.",)


def test_bullet_markers_are_layout_not_text() -> None:
    article = read_article("Title\n\n- First point here.\n* Second point.\n• Third point.")
    assert article.paragraphs == ("First point here.", "Second point.", "Third point.")


GERMAN = (
    "Berlin eröffnet neue Brücke\n\nDer Bürgermeister von Berlin hat am Samstag eine neue Brücke "
    "über die Spree eröffnet. Das Projekt kostete 40 Millionen Euro und dauerte drei Jahre.\n\n"
    "Die Bewohner können ab Montag zu Fuß und mit dem Fahrrad die Brücke überqueren, teilte "
    "die Stadt mit."
)


def test_an_article_in_another_language_is_refused_but_english_ones_are_read() -> None:
    with pytest.raises(ArticleError, match="does not look like English"):
        read_article(GERMAN)
    for path in [SEED, *sorted((Path(__file__).parent / "data").glob("*.txt"))]:
        assert read_article_file(path).paragraphs
    # English with foreign names, places and a quoted phrase is still English.
    english = (
        "Café owners in Saint-Étienne protest\n\nOwners of cafés in Saint-Étienne said on "
        "Monday that the new rules, which the mairie calls « la réforme », would cost them "
        "customers. Jean-Luc Mélenchon visited the Place Jean-Jaurès to hear their worries, "
        "and promised to raise them in Paris next week."
    )
    assert read_article(english).title == "Café owners in Saint-Étienne protest"
