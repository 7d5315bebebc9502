"""A lesson on the school network, in a real Chromium: the app is served on this machine's
network address (not 127.0.0.1), a phone-sized student opens the address the QR code holds,
joins and answers, and the projector view shows the class how it went without any right answer
until the teacher reveals them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import segno
from conftest import Classroom
from flask import Flask
from helpers import PHONE, log_in, needs_chromium, served, shoot
from playwright.sync_api import Browser, expect

from quizapp.domain.class_sessions import network_address

# The test needs an address other machines could reach; a host with loopback only has none.
pytestmark = [
    needs_chromium,
    pytest.mark.skipif(
        network_address() is None, reason="this machine has no network address besides loopback"
    ),
]
DESKTOP = {"width": 1280, "height": 800}


@pytest.fixture
def on_the_network(app: Flask, classroom: Classroom) -> Iterator[str]:
    """The app served on this machine's own network address, as `make run HOST=0.0.0.0`
    serves a classroom."""
    address = network_address()
    assert address is not None  # the module's skipif says why it would be missing
    with served(app, host=address) as base:
        yield base


def test_a_phone_joins_by_the_qr_code_and_the_projector_hides_the_answers(
    on_the_network: str, classroom: Classroom, browser: Browser, tmp_path: Path
) -> None:
    shots = tmp_path / "screenshots"
    shots.mkdir()
    teacher = browser.new_context(viewport=DESKTOP).new_page()
    log_in(teacher, on_the_network)

    teacher.goto(f"{on_the_network}/teach/sessions/{classroom.session_id}")
    typed = teacher.locator(".join-address").inner_text()
    assert typed == f"{on_the_network}/join"
    expect(teacher.locator(".warning")).to_have_count(0)
    # The QR code on the page is the join address with the code: the same drawing segno
    # makes of that address.
    scanned = f"{typed}?code={classroom.code}"
    drawn = teacher.locator("svg.qr path").get_attribute("d")
    expected = segno.make(scanned, error="m").svg_inline(scale=1, omitsize=True)
    assert drawn and f'd="{drawn}"' in expected

    phone = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    phone.goto(scanned)
    expect(phone.get_by_label("Class code")).to_have_value(classroom.code)
    phone.get_by_label("Your nickname").fill("Ann")
    phone.get_by_role("button", name="Join").click()
    phone.wait_for_url("**/questions/1")
    phone.locator("input[type=radio]").first.check()
    phone.get_by_role("button", name="Submit answer").click()
    phone.wait_for_url("**/questions/1/feedback")

    teacher.goto(f"{on_the_network}/teach/sessions/{classroom.session_id}/projector")
    live = teacher.locator("#projector-live")
    expect(live).to_contain_text("Ann")
    expect(live).to_contain_text("1 student joined")
    expect(live.locator(".is-right")).to_have_count(0)
    expect(live).not_to_contain_text("right answer")
    # The script redraws the live part; still nothing gives an answer away.
    expect(teacher.locator("time[data-local-time]")).not_to_contain_text("UTC", timeout=10_000)
    expect(live.locator(".is-right")).to_have_count(0)
    shoot(teacher, shots, "projector")

    teacher.get_by_role("link", name="Show the answers").click()
    expect(teacher.locator("#projector-live .is-right")).to_have_count(5)
    shoot(teacher, shots, "projector-answers")
    print(f"\nscreenshots in {shots}")
