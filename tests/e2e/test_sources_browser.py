"""Sources kept, in a real Chromium: a teacher uploads a saved web page through the form, and
its byline, publisher, date and address are credited on the question bank, the article page and
the worksheet; a date typed into the form's date box is kept. Photographed, at desktop and at
phone width, into the test's temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DATA, Classroom
from flask import Flask
from helpers import log_in, needs_chromium, served, shoot
from playwright.sync_api import Browser, expect

pytestmark = needs_chromium

DESKTOP = {"width": 1200, "height": 850}
URL = "https://harbourtimes.example/news/2025/03/12/harbour-firm-doubles-its-workforce"
HEAD = (
    '<meta name="author" content="Jane Doe">'
    '<meta property="article:published_time" content="2025-03-12T08:30:00Z">'
    '<meta property="og:site_name" content="Harbour Times">'
    f'<link rel="canonical" href="{URL}">'
)


@pytest.fixture
def server(app: Flask, classroom: Classroom) -> Iterator[str]:
    with served(app) as address:
        yield address


def test_an_uploaded_page_is_credited_in_chromium(
    server: str, browser: Browser, tmp_path: Path
) -> None:
    shots = tmp_path / "screenshots"
    shots.mkdir()
    title, *paragraphs = [p for p in (DATA / "business_story.txt").read_text().split("\n\n")]
    html = (
        f"<!doctype html><html><head><title>{title}</title>{HEAD}</head><body><article>"
        f"<h1>{title}</h1>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "</article></body></html>"
    )
    page = browser.new_context(viewport=DESKTOP).new_page()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else None)
    log_in(page, server)
    page.goto(server + "/teach/articles/new")
    page.get_by_label("Or upload a file").set_input_files(
        {"name": "harbour.html", "mimeType": "text/html", "buffer": html.encode()}
    )
    page.get_by_label("Date published").fill("2025-03-14")  # the teacher's, kept
    shoot(page, shots, "new-article")
    page.get_by_role("button", name="Add and generate questions").click()
    page.wait_for_url("**/teach/articles/*")
    credit = "By Jane Doe · Harbour Times · 14 March 2025 · The original at harbourtimes.example"
    expect(page.locator(".credit")).to_have_text(credit)
    shoot(page, shots, "bank")

    page.get_by_role("link", name="Read the article").click()
    expect(page.locator("article.reading .credit")).to_have_text(credit)
    expect(page.get_by_role("link", name="The original at harbourtimes.example")).to_have_attribute(
        "href", URL
    )
    shoot(page, shots, "article")
    page.screenshot(path=str(shots / "article-top.png"))

    page.go_back()
    page.get_by_role("button", name="Approve all that pass the checks").click()
    page.get_by_role("link", name="Make a quiz").click()
    page.get_by_label("How many of the best").fill("4")
    page.get_by_role("button", name="Create the quiz").click()
    page.get_by_role("link", name="Printable worksheet").click()
    expect(page.locator(".sheet-article .credit")).to_have_text(
        f"Source: By Jane Doe · Harbour Times · 14 March 2025 · {URL}"
    )
    shoot(page, shots, "worksheet")
    page.emulate_media(media="print")
    page.screenshot(path=str(shots / "worksheet-print.png"))
    print(f"\nscreenshots in {shots}")
    assert not refused, refused
