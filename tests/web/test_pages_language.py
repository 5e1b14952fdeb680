"""One language per page: no English-only text on Thai pages, no Thai on English pages.

The crawler opens the main pages in each language and reads their visible text. On a
Thai page it flags every English text of the site's own catalogue (the English side of
each ``{% tr "English" "ไทย" %}`` and ``tr("English", "ไทย")``); on an English page it
flags any Thai letter. Data people typed (sources, comments) and text marked with its
own ``lang`` are not the page's language and are skipped.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

from climateplan.inventory.web import services
from climateplan.inventory.web.models import Population, State

from .conftest import advance, quick_inventory

pytestmark = pytest.mark.django_db

SRC = Path(__file__).resolve().parents[2] / "src" / "climateplan"
THAI = re.compile(r"[\u0E00-\u0E7F]")
SKIPPED_TAGS = {"head", "script", "style", "template", "title"}
VOID = {"br", "img", "input", "meta", "link", "hr", "wbr", "source", "col", "area", "base"}
# elements holding data rather than the page's own words
DATA_CLASSES = {"source", "comment", "data"}


class VisibleText(HTMLParser):
    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.stack: list[bool] = []  # True: inside skipped content
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        attrs = dict(attrs)
        classes = set((attrs.get("class") or "").split())
        skipped = (
            tag in SKIPPED_TAGS
            or attrs.get("lang", self.language) != self.language
            or bool(classes & DATA_CLASSES)
            or tag == "details"
        )
        self.stack.append(skipped or (bool(self.stack) and self.stack[-1]))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1]:
            return
        text = " ".join(data.split())
        if text:
            self.texts.append(text)


def visible_texts(html: str, language: str) -> list[str]:
    """The text a reader sees in the page's language (``language``: th or en)."""
    parser = VisibleText(language)
    parser.feed(html)
    return parser.texts


def english_catalogue() -> set[str]:
    """The English side of every bilingual text of the pages (templates and views)."""
    texts = set()
    pattern_tag = re.compile(r'{%\s*tr\s+"([^"]+)"\s+"[^"]*"\s*%}')
    pattern_call = re.compile(r'\btr\(\s*f?"([^"{]+)",\s*f?"[^"]*"\s*\)')
    for path in [*SRC.glob("*/web/templates/**/*.html"), *SRC.glob("site/templates/**/*.html")]:
        texts.update(pattern_tag.findall(path.read_text(encoding="utf-8")))
    for path in [*SRC.glob("*/web/*.py"), *SRC.glob("site/*.py")]:
        texts.update(pattern_call.findall(path.read_text(encoding="utf-8")))
    # words, not codes: at least two letters in lower case (skips BASIC, GPC, CSV, NK)
    return {t.strip() for t in texts if len(re.findall(r"[a-z]", t)) >= 2}


@pytest.fixture
def demo_world(users, draft):
    """Published, returned (with line comments and an answer), submitted inventories."""
    published = quick_inventory("TH-50", 2022, State.PUBLISHED)
    quick_inventory("TH-52", 2023, State.PUBLISHED)
    Population.objects.create(
        province="TH-50",
        year=2023,
        population=1_800_000,
        source="approximate, rounded; demo only / ค่าประมาณสำหรับการสาธิตเท่านั้น",
    )
    returned = advance(draft, users, "submit")
    services.add_comment(
        users["reviewer"], returned, "which report?", line=returned.lines.get(position=3)
    )
    returned = advance(returned, users, "return")
    return {"published": published, "returned": returned}


def _pages(world) -> list[tuple[str, str]]:
    published, returned = world["published"], world["returned"]
    return [
        ("editor", "/"),
        ("editor", "/provinces/TH-50/"),
        ("editor", f"/inventories/{published.pk}/"),
        ("editor", f"/inventories/{returned.pk}/"),
        ("editor", f"/inventories/{returned.pk}/history/"),
        ("editor", f"/inventories/{returned.pk}/lines/new/"),
        ("reviewer", f"/inventories/{returned.pk}/"),
        ("editor", "/compare/?province=TH-50&province=TH-52"),
        ("admin", "/factors/?q=diesel"),
        ("editor", "/no-such-page/"),
        (None, "/accounts/login/"),
    ]


def _crawl(client, users, world, language):
    from django.test import Client

    found = {}
    for who, url in _pages(world):
        browser = Client()
        if who:
            browser.force_login(users[who])
        browser.post(reverse("site:set_language"), {"language": language, "next": "/"})
        answer = browser.get(url)
        assert answer.status_code in (200, 404), (url, answer.status_code)
        texts = visible_texts(answer.content.decode(), language)
        assert len(texts) > 8, (url, texts)  # the page was read, not skipped whole
        found[url] = (answer.content.decode(), texts)
    return found


def test_thai_pages_have_no_english_labels(client, users, demo_world):
    catalogue = english_catalogue()
    assert len(catalogue) > 150  # the catalogue was read (a broken pattern finds nothing)
    wrong = []
    crawled = _crawl(client, users, demo_world, "th")
    for url, (_, texts) in crawled.items():
        for text in texts:
            if text in catalogue or any(
                text.startswith(label + " ") or text.startswith(label + ":")
                for label in catalogue
                if len(label) > 12
            ):
                wrong.append((url, text))
    assert wrong == []


def test_english_pages_have_no_thai(client, users, demo_world):
    wrong = []
    for url, (_, texts) in _crawl(client, users, demo_world, "en").items():
        wrong += [(url, text) for text in texts if THAI.search(text)]
    assert wrong == []


def test_the_crawler_flags_text_in_the_wrong_language():
    """The checks above can fail: a Thai page with an English label, an English page with Thai."""
    html = (
        '<html lang="th"><body><h1>บัญชี</h1><p>Review comments</p><button lang="en">English</button>'
        '<td class="source">ยอดขาย</td><p>ฉบับ</p></body></html>'
    )
    texts = visible_texts(html, "th")
    assert texts == ["บัญชี", "Review comments", "ฉบับ"]
    assert "Review comments" in english_catalogue()


def test_admin_names_are_not_made_up_plurals(client, users):
    from climateplan.inventory.web.models import EmissionFactor, ReviewComment
    from climateplan.site.models import Profile

    for model in (Profile, Population, EmissionFactor, ReviewComment):
        plural = str(model._meta.verbose_name_plural)
        assert not re.search(r"[\u0E00-\u0E7F]s\b", plural), plural  # no "ข้อมูลผู้ใช้s"
    client.force_login(users["admin"])
    users["admin"].is_staff = True
    users["admin"].save()
    text = client.get("/admin/").content.decode()
    assert not re.search(r"[\u0E00-\u0E7F]s\b", text)
    assert "การจัดการระบบ ClimatePlan TH" in text and "Django" not in text.split("<h1")[1][:200]
    client.post(reverse("site:set_language"), {"language": "en", "next": "/"})
    assert "ClimatePlan TH administration" in client.get("/admin/").content.decode()
