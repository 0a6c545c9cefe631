"""The printable workshop handout: what it shows, what it never shows, one page, a readable QR."""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import io
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import zxingcpp
from conftest import CHROMIUM, missing_prerequisite
from html_tree import parse
from PIL import Image
from test_report_context import HANDOUT, template_names
from workshop_bundle import small_bundle

from assessment.content.questionnaires import load_bundle
from assessment.model.questionnaire import Bundle
from assessment.report.brand import Brand
from assessment.report.context_docs import undocumented
from assessment.report.handout import (
    HANDOUT_CSP,
    HandoutContext,
    estimated_minutes,
    handout_context,
    questions_text,
    render_handout,
)
from assessment.report.pdf import html_to_pdf, with_paper
from assessment.services.handout import engagement_handout, join_link
from assessment.services.workshop import qr_png
from assessment.storage.records import Engagement
from assessment.storage.store import Store

B = small_bundle()
BASE = "https://crm.example.org"
BRAND = Brand(name="Northwind Advisory", primary="#0b6e4f", contact="hello@northwind.example")
DAY = dt.date(2026, 12, 2)
HOSTILE = "<script>x</script>"
LOGO = b'<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#0b6e4f"/><circle cx="20" cy="20" r="12" fill="#fff"/></svg>'  # noqa: E501


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store(f"sqlite:///{tmp_path / 'handout.db'}")
    yield s
    s.close()


def workshop(store: Store, organisation: str = "Acme Ltd") -> Engagement:
    return store.create_engagement("mini", "1.0", B.sha256, organisation=organisation,
                                   passcode="secret1")  # fmt: skip


def handout(e: Engagement, bundle: Bundle = B, **kw: Any) -> str:
    kw = {"brand": BRAND, "facilitator": "Maria Lopez", "generated": DAY} | kw
    return engagement_handout(e, bundle, join_link(e, BASE), **kw)


def test_the_handout_shows_the_invitation(store: Store) -> None:
    e = workshop(store)
    doc = parse(handout(e))
    text = doc.text
    url = f"{BASE}/?join={e.code}"
    assert doc.find("span", **{"class": "url"}).text == url
    assert doc.find("p", **{"class": "code"}).text == f"{e.code[:5]}-{e.code[5:]}"
    assert doc.find("h1").text == "Mini readiness check"
    assert "for Acme Ltd" in text
    assert "4 questions fewer for some roles" in text  # the leaders' question: others answer 3
    assert "about 5 minutes" in text
    assert [li.text for li in doc.find("ul", **{"class": "areas"}).children] == [
        "Strategy",
        "People",
    ]
    assert "in two areas:" in text
    assert (
        "Results by role are shown only for groups of at least 3 people; smaller groups are "
        "combined with others or left out."
    ) in text
    assert "Your facilitator: Maria Lopez" in text
    assert "Northwind Advisory · hello@northwind.example" in text
    assert doc.find("header").text.startswith("Northwind Advisory")
    assert "--brand: #0b6e4f" in doc.find("style").text
    assert doc.find("meta", http_equiv="Content-Security-Policy").attrs["content"] == HANDOUT_CSP
    assert doc.find_all("script") == [] and doc.find_all("link") == []
    assert [i.attrs["src"][:22] for i in doc.find_all("img")] == ["data:image/png;base64,"]


def test_the_template_uses_exactly_the_documented_context() -> None:
    assert template_names(HANDOUT) == {f.name for f in dataclasses.fields(HandoutContext)}
    assert undocumented(HandoutContext) == []


def test_the_anonymity_sentence_follows_the_threshold(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CRM_READINESS_MIN_GROUP", "5")
    assert "groups of at least 5 people;" in parse(handout(workshop(store))).text


def test_without_facilitator_or_brand_it_reads_plainly(store: Store) -> None:
    doc = parse(handout(workshop(store), brand=None, facilitator=None))
    assert doc.find("header").text.startswith("CRM readiness workshop")
    assert "Questions? Ask the facilitator in the room." in doc.text
    assert "Your facilitator" not in doc.text


@pytest.mark.parametrize(
    ("questionnaire", "questions", "note", "minutes"),
    [
        ("crm-readiness", "52 questions", "fewer for some roles", 35),
        ("executive-quick-check", "15 questions", "fewer for some roles", 10),
    ],
)
def test_questions_and_minutes_of_the_bundled_questionnaires(
    questionnaire: str, questions: str, note: str, minutes: int
) -> None:
    q = load_bundle(questionnaire).questionnaire
    assert questions_text(q) == (questions, note)
    assert estimated_minutes(q) == minutes


def test_user_text_stays_text(store: Store) -> None:
    e = workshop(store, organisation=HOSTILE)
    html = handout(e, facilitator=HOSTILE, brand=Brand(name="<b>Bold & Co</b>", contact=HOSTILE))
    assert "<script>" not in html and "<b>Bold" not in html
    assert html.count("&lt;script&gt;x&lt;/script&gt;") >= 3  # title, organisation, facilitator
    doc = parse(html)
    assert doc.find("p", **{"class": "for"}).text == f"for {HOSTILE}"
    assert doc.find("span", **{"class": "name"}).text == HOSTILE
    assert "&lt;b&gt;Bold &amp; Co&lt;/b&gt;" in html


def test_no_participant_data_even_when_people_answered(store: Store) -> None:
    e = workshop(store)
    empty = handout(e)
    for role, name in (("executive", "Ana Secretname"), ("frontline", "Kim Hiddenname")):
        token = store.join(e.code, role, name)
        store.save_participant_answer(token, "strategy-vision", 2)
        store.save_participant_note(token, "strategy-vision", f"private note of {name}")
    full = handout(e)
    assert "Secretname" not in full and "Hiddenname" not in full and "private note" not in full
    assert "Some people try" not in full  # an answer's label
    assert full == empty  # nothing about who joined or answered changes the handout


def test_the_workshop_public_address_wins(store: Store) -> None:
    e = store.set_public_url(workshop(store), "https://room.example.net/crm")
    assert join_link(e, BASE) == f"https://room.example.net/crm/?join={e.code}"


def decode(image: Image.Image) -> list[str]:
    return [r.text for r in zxingcpp.read_barcodes(image)]


def test_the_qr_image_decodes_to_the_join_link() -> None:
    url = f"{BASE}/?join=ABCDE23456"
    assert decode(Image.open(io.BytesIO(qr_png(url)))) == [url]


def test_a_paper_size_can_be_forced() -> None:
    assert with_paper("<html><head></head></html>", "letter") == (
        "<html><head><style>@page { size: letter; }</style></head></html>"
    )
    with pytest.raises(ValueError, match="paper must be one of A4, letter, not 'A5'"):
        with_paper("<html></html>", "A5")


def chromium() -> str:
    if not (Path(CHROMIUM).exists() or shutil.which("chromium")):
        missing_prerequisite("Debian chromium is not installed (apt-get install chromium)")
    return CHROMIUM if Path(CHROMIUM).exists() else str(shutil.which("chromium"))


def long_handout() -> str:
    """The fullest handout: the long questionnaire, a long link, a long name, logo and brand."""
    bundle = load_bundle("crm-readiness")
    url = "https://crm-readiness.consulting-partners.example.com/workshops/?join=ABCDE23456"
    logo = "data:image/svg+xml;base64," + base64.b64encode(LOGO).decode()
    context = handout_context(
        bundle.questionnaire,
        organisation="The Very Long Name Manufacturing and Distribution Company Limited",
        join_url=url,
        join_code="ABCDE-23456",
        qr_png=qr_png(url),
        min_group=3,
        brand=Brand(
            name="Northwind Advisory Partners",
            logo_data_uri=logo,
            contact="hello@northwind-advisory.example",
        ),  # fmt: skip
        facilitator="Maria Fernanda Lopez de la Cruz",
        generated=DAY,
    )
    return render_handout(context)


@pytest.mark.browser
@pytest.mark.parametrize(("paper", "width", "height"), [("A4", 595.9, 841.9), ("letter", 612, 792)])
def test_the_handout_prints_on_one_page(paper: str, width: float, height: float) -> None:
    from pypdf import PdfReader

    pdf = html_to_pdf(long_handout(), chromium=chromium(), paper=paper)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((width, height), abs=1)
    text = " ".join(reader.pages[0].extract_text().split())
    assert "ABCDE-23456" in text and "Your answers stay anonymous" in text


@pytest.mark.browser
def test_the_printed_qr_code_decodes_to_the_join_link(browser: Any, tmp_path: Path) -> None:
    page_file = tmp_path / "handout.html"
    page_file.write_text(long_handout(), encoding="utf-8")
    page = browser.new_page(viewport={"width": 794, "height": 600})  # A4's width at 96 dpi
    page.goto(page_file.as_uri())
    page.emulate_media(media="print")
    shot = page.screenshot(full_page=True)
    height = page.evaluate("document.querySelector('.sheet').getBoundingClientRect().bottom")
    page.close()
    url = "https://crm-readiness.consulting-partners.example.com/workshops/?join=ABCDE23456"
    assert decode(Image.open(io.BytesIO(shot))) == [url]
    assert height <= 964  # 255 mm: letter's height inside 12 mm margins
