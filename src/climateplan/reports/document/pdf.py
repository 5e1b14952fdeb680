"""The plan document as PDF: HTML from a Jinja2 template, laid out by WeasyPrint.

Fonts come from pip packages (Sarabun, the usual typeface of Thai official documents,
from ``fontpkg-sarabun``; Noto Sans Thai from ``fontpkg-noto-sans-thai`` as the
fallback) through ``@font-face`` file URLs. Nothing is fetched from the network:
the URL fetcher serves the charts (data URLs) and the font files only.

Thai SARA AM is written decomposed (:func:`text_for_pdf`) so that the PDF's text copies
and searches as it reads. Every page carries the province and the plan period in its
header and the page number in its footer; the table of contents gives each chapter's
page; table headers repeat on each page and no table row is split across pages.
"""

from __future__ import annotations

import base64
from pathlib import Path

import jinja2
import markupsafe

from climateplan.reports.document.model import Document, Figure, Heading, Paragraph, Table


def font_files() -> dict[str, Path]:
    """The font files of the document: Sarabun regular and bold, Noto Sans Thai."""
    out: dict[str, Path] = {}
    try:
        import fontpkg_sarabun

        root = Path(fontpkg_sarabun.ROOT)
        for weight, name in (("regular", "Sarabun-Regular.ttf"), ("bold", "Sarabun-Bold.ttf")):
            found = next(iter(sorted(root.rglob(name))), None)
            if found is not None:
                out[f"sarabun_{weight}"] = found
    except ImportError:
        pass
    try:
        import fontpkg_noto_sans_thai

        found = next(iter(sorted(Path(fontpkg_noto_sans_thai.ROOT).rglob("*.ttf"))), None)
        if found is not None:
            out["noto"] = found
    except ImportError:
        pass
    return out


CSS = """
{% for face in faces %}@font-face { font-family: "{{ face.family }}"; src: url("{{ face.url }}");
  font-weight: {{ face.weight }}; }
{% endfor %}
@page {
  size: A4; margin: 22mm 18mm 20mm 20mm;
  @top-left { content: "{{ running_head }}"; font-size: 9pt; color: #555; width: 100%; }
  @bottom-center { content: "{{ page_word }} " counter(page) " / " counter(pages);
    font-size: 9pt; color: #555; }
}
@page cover { @top-left { content: none; }
  @bottom-center { content: "{{ running_head }}"; } }
html { font-family: "Sarabun", "Noto Sans Thai", sans-serif; font-size: 11.5pt; line-height: 1.45;
  color: #111; }
.cover { page: cover; text-align: center; padding-top: 55mm; }
.cover h1 { font-size: 24pt; line-height: 1.3; margin: 0 0 8mm 0; string-set: none; }
.cover .subtitle { font-size: 16pt; }
.cover .meta { margin-top: 30mm; font-size: 12pt; color: #333; }
nav.toc { break-before: page; }
nav.toc h2 { font-size: 16pt; }
nav.toc ol { list-style: none; padding: 0; }
nav.toc li { margin: 2mm 0; }
nav.toc a { color: #111; text-decoration: none; }
nav.toc a::after { content: leader('.') target-counter(attr(href), page); }
section.chapter { break-before: page; }
h1.chapter-title { font-size: 18pt; color: #1f4e66; border-bottom: 1.5pt solid #1f4e66;
  padding-bottom: 2mm; margin: 0 0 5mm 0; }
h2 { font-size: 14pt; color: #1f4e66; margin: 6mm 0 2mm 0; break-after: avoid; }
h3 { font-size: 12pt; margin: 4mm 0 2mm 0; break-after: avoid; }
p { margin: 0 0 3mm 0; text-align: left; }
p.note { font-size: 9.5pt; color: #444; }
p.notice { border: 1pt solid #c47f00; background: #fff7e6; padding: 2mm 3mm; }
table { width: 100%; border-collapse: collapse; margin: 1mm 0 5mm 0; font-size: 9.5pt; }
caption { caption-side: top; text-align: left; font-weight: bold; padding-bottom: 1.5mm;
  break-after: avoid; }
thead { display: table-header-group; }
th { background: #e6eef2; border: 0.6pt solid #9bb; padding: 1.2mm 1.5mm; text-align: left;
  vertical-align: bottom; }
td { border: 0.6pt solid #bcc; padding: 1mm 1.5mm; vertical-align: top; }
tr { break-inside: avoid; }
td.num, th.num { text-align: right; white-space: nowrap; }
figure { margin: 2mm 0 6mm 0; break-inside: avoid; text-align: center; }
figure img { max-width: 100%; max-height: 200mm; }
figcaption { font-size: 9.5pt; color: #333; margin-top: 1.5mm; }
"""

TEMPLATE = """<!DOCTYPE html>
<html lang="{{ doc.lang }}"><head><meta charset="utf-8"><title>{{ doc.title }}</title>
<style>{{ css }}</style></head><body>
<div class="cover">
  <h1>{{ doc.title }}</h1>
  <p class="subtitle">{{ doc.subtitle }}</p>
  <p class="meta">{{ doc.version_note }}<br>{{ made_word }} {{ doc.made_on }}</p>
</div>
<nav class="toc"><h2>{{ toc_word }}</h2><ol>
{% for c in doc.chapters %}<li><a href="#ch-{{ c.key }}">{{ loop.index }}. {{ c.title }}</a></li>
{% endfor %}</ol></nav>
{% for c in doc.chapters %}{% set chapter_no = loop.index %}
<section class="chapter" id="ch-{{ c.key }}">
<h1 class="chapter-title">{{ chapter_no }}. {{ c.title }}</h1>
{% for b in c.blocks %}
{% if b.kind_of == "heading" %}<h{{ b.level }}>{{ b.text }}</h{{ b.level }}>
{% elif b.kind_of == "paragraph" %}<p class="{{ b.kind }}">{{ b.text }}</p>
{% elif b.kind_of == "figure" %}<figure><img src="{{ b.src }}" alt="{{ b.caption }}">
<figcaption>{{ figure_word }} {{ b.number }}: {{ b.caption }}</figcaption></figure>
{% elif b.kind_of == "table" %}<table class="t-{{ b.key }}">
<caption>{{ table_word }} {{ b.number }}: {{ b.caption }}</caption>
{% if b.widths %}<colgroup>{% for w in b.widths %}
<col style="width: {{ w }}%">{% endfor %}</colgroup>{% endif %}
<thead><tr>{% for col in b.columns %}
<th{% if loop.index0 in b.numeric %} class="num"{% endif %}>{{ col }}</th>{% endfor %}
</tr></thead>
<tbody>{% for row in b.rows %}<tr>{% for cell in row %}
<td{% if loop.index0 in b.numeric %} class="num"{% endif %}>{{ cell }}</td>{% endfor %}</tr>
{% endfor %}</tbody></table>
{% endif %}{% endfor %}
</section>{% endfor %}
</body></html>
"""

_ENV = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
_CSS_ENV = jinja2.Environment(autoescape=False, undefined=jinja2.StrictUndefined)


def _css_string(text: str) -> str:
    """Text made safe inside a CSS string literal."""
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def _blocks(doc: Document) -> list[dict]:
    """The chapters with numbered tables and figures, in the template's terms."""
    tables = figures = 0
    chapters = []
    for chapter in doc.chapters:
        blocks = []
        for b in chapter.blocks:
            if isinstance(b, Heading):
                blocks.append({"kind_of": "heading", "level": b.level, "text": b.text})
            elif isinstance(b, Paragraph):
                blocks.append({"kind_of": "paragraph", "text": b.text, "kind": b.kind})
            elif isinstance(b, Figure):
                figures += 1
                src = "data:image/png;base64," + base64.b64encode(b.png).decode("ascii")
                blocks.append(
                    {"kind_of": "figure", "src": src, "caption": b.caption, "number": figures}
                )
            elif isinstance(b, Table):
                tables += 1
                widths = None
                if b.widths and len(b.widths) == len(b.columns):
                    total = sum(b.widths)
                    widths = [round(100 * x / total, 2) for x in b.widths]
                blocks.append(
                    {
                        "kind_of": "table",
                        "key": b.key,
                        "caption": b.caption,
                        "columns": b.columns,
                        "rows": b.rows,
                        "numeric": b.numeric,
                        "number": tables,
                        "widths": widths,
                    }
                )
        chapters.append({"key": chapter.key, "title": chapter.title, "blocks": blocks})
    return chapters


def html(doc: Document) -> str:
    th = doc.lang == "th"
    fonts = font_files()
    faces = []
    if "sarabun_regular" in fonts:
        faces.append({"family": "Sarabun", "url": fonts["sarabun_regular"].as_uri(), "weight": 400})
    if "sarabun_bold" in fonts:
        faces.append({"family": "Sarabun", "url": fonts["sarabun_bold"].as_uri(), "weight": 700})
    if "noto" in fonts:
        faces.append({"family": "Noto Sans Thai", "url": fonts["noto"].as_uri(), "weight": 400})
    css = _CSS_ENV.from_string(CSS).render(
        faces=faces,
        running_head=_css_string(doc.running_head),
        page_word="หน้า" if th else "Page",
    )

    view = {
        "lang": doc.lang,
        "title": doc.title,
        "subtitle": doc.subtitle,
        "version_note": doc.version_note,
        "made_on": doc.made_on,
        "chapters": _blocks(doc),
    }
    page = _ENV.from_string(TEMPLATE).render(
        doc=view,
        css=markupsafe.Markup(css),
        toc_word="สารบัญ" if th else "Contents",
        table_word="ตารางที่" if th else "Table",
        figure_word="ภาพที่" if th else "Figure",
        made_word="จัดทำเมื่อ" if th else "Made on",
    )
    return text_for_pdf(page)


def text_for_pdf(text: str) -> str:
    """SARA AM written as NIKHAHIT + SARA AA, its compatibility decomposition (NFKC).

    The Thai fonts draw SARA AM with the SARA AA glyph, and a PDF maps each glyph back to
    one text only: with SARA AM in the text, every SARA AA of the document copies and
    searches as SARA AM (or the other way round). Written decomposed, it looks the same
    and every glyph maps back to its own character.
    """
    return text.replace("\u0e33", "\u0e4d\u0e32")


def _fetcher(allowed: set[Path]):
    """WeasyPrint URL fetcher: data URLs and the font files, nothing else (no network,
    no other file)."""
    from weasyprint.urls import URLFetcher

    allowed_uris = {p.as_uri() for p in allowed}

    class DocumentFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:") or url.split("?")[0] in allowed_uris:
                return super().fetch(url, headers)
            raise ValueError(f"the plan document loads no outside resource ({url[:80]})")

    return DocumentFetcher(allowed_protocols={"data", "file"}, allow_redirects=False)


def render_pdf(doc: Document) -> bytes:
    import weasyprint

    fonts = set(font_files().values())
    document = weasyprint.HTML(string=html(doc), url_fetcher=_fetcher(fonts), base_url=None)
    return document.write_pdf()


__all__ = ["font_files", "html", "render_pdf", "text_for_pdf"]
