"""The plan help pages: plain-language guides written in Markdown, shown as HTML.

The guides live in the package (``plans/web/templates/plans/help/<slug>.md``, the
Thai text in ``<slug>.th.md``), so they ship with it; ``docs/plans/README.md``
links to them. Four longer documents of the source tree (``docs/``) are shown too
when the site runs from a source checkout (the editable install the README sets up).

Only the slugs of :data:`PAGES` exist (any other answers 404), so a slug can never
name another file. Markdown is rendered without raw HTML (``html: False``): a
guide cannot carry a script, and markdown-it refuses ``javascript:`` links.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from markdown_it import MarkdownIt

HELP_DIR = Path(__file__).parent / "templates" / "plans" / "help"
# src/climateplan/plans/web/help.py -> the source checkout's docs/ folder
DOCS_DIR = Path(__file__).resolve().parents[4] / "docs"


@dataclass(frozen=True)
class HelpPage:
    slug: str
    title_en: str
    title_th: str
    path: Path  # the English (or only) text
    path_th: Path | None = None  # the Thai text, when there is one

    def exists(self) -> bool:
        return self.path.is_file()

    def source(self, lang: str) -> Path:
        if lang == "th" and self.path_th is not None and self.path_th.is_file():
            return self.path_th
        return self.path


def _guide(slug: str, en: str, th: str) -> HelpPage:
    return HelpPage(slug, en, th, HELP_DIR / f"{slug}.md", HELP_DIR / f"{slug}.th.md")


def _doc(slug: str, en: str, th: str, relative: str) -> HelpPage:
    return HelpPage(slug, en, th, DOCS_DIR / relative)


# The order of the help index: the steps of a plan, then the reference documents.
PAGES: dict[str, HelpPage] = {
    page.slug: page
    for page in (
        _guide("plan", "What a plan is, and its steps", "แผนคืออะไร และขั้นตอนการจัดทำ"),
        _guide("inventory", "Step 1: the base-year inventory", "ขั้นที่ 1 บัญชีก๊าซเรือนกระจกปีฐาน"),
        _guide("reduction", "Step 2: the GHG reduction plan", "ขั้นที่ 2 แผนลดก๊าซเรือนกระจก"),
        _guide("risk", "Step 3: the climate risk profile", "ขั้นที่ 3 ข้อมูลความเสี่ยงจากสภาพภูมิอากาศ"),
        _guide("adaptation", "Step 4: the adaptation action plan", "ขั้นที่ 4 แผนปฏิบัติการด้านการปรับตัว"),
        _guide(
            "endorsement",
            "Step 5: endorsement, submission and review",
            "ขั้นที่ 5 การให้ความเห็นชอบ การส่งตรวจ และการตรวจ",
        ),
        _guide(
            "monitoring",
            "Step 6: from plan to action (monitoring)",
            "ขั้นที่ 6 การขับเคลื่อนแผนสู่การปฏิบัติและการติดตามผล",
        ),
        _guide("review", "Step 7: the mid-term and end-of-plan review", "ขั้นที่ 7 การทบทวนแผน"),
        _doc(
            "input-format",
            "Reference: the activity workbook",
            "เอกสารอ้างอิง: เวิร์กบุ๊กข้อมูลกิจกรรม",
            "inventory/input-format.md",
        ),
        _doc(
            "mitigation",
            "Reference: reduction planning methods",
            "เอกสารอ้างอิง: วิธีวางแผนลดก๊าซเรือนกระจก",
            "mitigation.md",
        ),
        _doc(
            "risk-profile",
            "Reference: the risk profile methods",
            "เอกสารอ้างอิง: วิธีจัดทำข้อมูลความเสี่ยง",
            "risk/index.md",
        ),
        _doc(
            "adaptation-methods",
            "Reference: adaptation prioritisation",
            "เอกสารอ้างอิง: การจัดลำดับมาตรการปรับตัว",
            "adaptation.md",
        ),
    )
}


@lru_cache(maxsize=1)
def _renderer() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def available() -> list[HelpPage]:
    return [page for page in PAGES.values() if page.exists()]


def find(slug: str) -> HelpPage | None:
    """The page of a whitelisted slug whose text is there; None otherwise (a 404)."""
    page = PAGES.get(slug)
    if page is None or not page.exists():
        return None
    return page


def render(page: HelpPage, lang: str) -> str:
    """The page's Markdown as HTML (raw HTML in the text is escaped, not passed on)."""
    text = page.source(lang).read_text(encoding="utf-8")
    return _renderer().render(text)
