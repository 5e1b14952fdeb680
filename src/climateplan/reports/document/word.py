"""The plan document as DOCX (python-docx), for the province to edit before signing.

The same chapters, tables and charts as the PDF. Headings use Word's own heading
styles, so the table of contents (a Word TOC field, listed already with the chapter
titles) and the navigation pane follow them; each page's header names the province
and the plan period, its footer carries the page number (a PAGE field); table header
rows repeat on each page and rows never split across pages. Text is set in Sarabun,
for Thai (Word's complex-script font) and Latin alike.
"""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from climateplan.reports.document.model import Document, Figure, Heading, Paragraph, Table

FONT = "Sarabun"
BODY_PT = 12
TABLE_PT = 9.5
CONTENT_WIDTH_CM = 17.0  # A4 less the margins
HEADER_FILL = "E6EEF2"


def _set_fonts(style, size: float | None = None) -> None:
    style.font.name = FONT
    if size:
        style.font.size = Pt(size)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _run_fonts(run, size: float | None = None, bold: bool = False) -> None:
    run.font.name = FONT
    if size:
        run.font.size = Pt(size)
        rpr = run._element.get_or_add_rPr()
        cs = OxmlElement("w:szCs")
        cs.set(qn("w:val"), str(int(size * 2)))
        rpr.append(cs)
    if bold:
        run.bold = True
        rpr = run._element.get_or_add_rPr()
        rpr.append(OxmlElement("w:bCs"))
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:cs"), FONT)


def _field(paragraph, instruction: str, shown: str = "") -> None:
    """A Word field (PAGE, NUMPAGES, TOC) with the text shown until Word updates it."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run._r.append(begin)
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    run = paragraph.add_run()
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run._r.append(sep)
    if shown:
        paragraph.add_run(shown)
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


def _row_props(row, header: bool) -> None:
    props = row._tr.get_or_add_trPr()
    props.append(OxmlElement("w:cantSplit"))
    if header:
        props.append(OxmlElement("w:tblHeader"))


def _shade(cell, fill: str) -> None:
    props = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    props.append(shading)


def _cell_text(cell, text: str, right: bool, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _run_fonts(paragraph.add_run(text), TABLE_PT, bold)


def _table(docx, block: Table, number: int, word: str) -> None:
    caption = docx.add_paragraph(style="Caption")
    caption.paragraph_format.keep_with_next = True
    _run_fonts(caption.add_run(f"{word} {number}: {block.caption}"), 10, True)
    table = docx.add_table(rows=1, cols=len(block.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = table.rows[0]
    _row_props(header, header=True)
    for i, name in enumerate(block.columns):
        _cell_text(header.cells[i], name, i in block.numeric, bold=True)
        _shade(header.cells[i], HEADER_FILL)
    for values in block.rows:
        row = table.add_row()
        _row_props(row, header=False)
        for i, value in enumerate(values):
            _cell_text(row.cells[i], value, i in block.numeric)
    if block.widths and len(block.widths) == len(block.columns):
        total = sum(block.widths)
        for i, width in enumerate(block.widths):
            for cell in table.columns[i].cells:
                cell.width = Cm(CONTENT_WIDTH_CM * width / total)
    docx.add_paragraph()


def _figure(docx, block: Figure, number: int, word: str) -> None:
    picture = docx.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.keep_with_next = True
    picture.add_run().add_picture(io.BytesIO(block.png), width=Cm(16))
    caption = docx.add_paragraph(style="Caption")
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run_fonts(caption.add_run(f"{word} {number}: {block.caption}"), 10)


def _header_footer(section, doc: Document) -> None:
    head = section.header.paragraphs[0]
    _run_fonts(head.add_run(doc.running_head), 9)
    foot = section.footer.paragraphs[0]
    foot.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run_fonts(foot.add_run("หน้า " if doc.lang == "th" else "Page "), 9)
    _field(foot, "PAGE", "1")
    _run_fonts(foot.add_run(" / "), 9)
    _field(foot, "NUMPAGES", "1")


def render_docx(doc: Document) -> bytes:
    th = doc.lang == "th"
    docx = new_docx()
    docx.core_properties.title = doc.title
    docx.core_properties.subject = doc.running_head
    docx.core_properties.language = "th-TH" if th else "en-GB"
    for name in ("Normal", "Caption", "Title", "Heading 1", "Heading 2", "Heading 3"):
        _set_fonts(docx.styles[name], BODY_PT if name == "Normal" else None)
    for name, size in (("Heading 1", 18), ("Heading 2", 14), ("Heading 3", 12)):
        docx.styles[name].font.size = Pt(size)
        docx.styles[name].font.color.rgb = RGBColor(0x1F, 0x4E, 0x66)
    section = docx.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.0), Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    _header_footer(section, doc)

    # cover
    for _ in range(6):
        docx.add_paragraph()
    title = docx.add_paragraph(style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run_fonts(title.add_run(doc.title), 24, True)
    subtitle = docx.add_paragraph()
    subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run_fonts(subtitle.add_run(doc.subtitle), 16)
    meta = docx.add_paragraph()
    meta.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run_fonts(meta.add_run(doc.version_note), 12)
    made = docx.add_paragraph()
    made.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run_fonts(made.add_run(("จัดทำเมื่อ " if th else "Made on ") + doc.made_on), 12)
    docx.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    # contents: a TOC field, listing the chapters until Word fills in the pages
    toc_title = docx.add_paragraph()
    _run_fonts(toc_title.add_run("สารบัญ" if th else "Contents"), 16, True)
    listed = "\n".join(f"{i}. {c.title}" for i, c in enumerate(doc.chapters, start=1))
    toc = docx.add_paragraph()
    _field(toc, 'TOC \\o "1-2" \\h \\z \\u', listed)
    settings = docx.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)

    tables = figures = 0
    table_word = "ตารางที่" if th else "Table"
    figure_word = "ภาพที่" if th else "Figure"
    for number, chapter in enumerate(doc.chapters, start=1):
        heading = docx.add_heading(f"{number}. {chapter.title}", level=1)
        heading.paragraph_format.page_break_before = True
        for block in chapter.blocks:
            if isinstance(block, Heading):
                docx.add_heading(block.text, level=min(block.level, 3))
            elif isinstance(block, Paragraph):
                paragraph = docx.add_paragraph()
                run = paragraph.add_run(block.text)
                if block.kind == "note":
                    _run_fonts(run, 10)
                    run.font.color.rgb = RGBColor(0x44, 0x44, 0x44)
                elif block.kind == "notice":
                    _run_fonts(run, BODY_PT, True)
                    run.font.color.rgb = RGBColor(0x8A, 0x4B, 0x00)
            elif isinstance(block, Table):
                tables += 1
                _table(docx, block, tables, table_word)
            elif isinstance(block, Figure):
                figures += 1
                _figure(docx, block, figures, figure_word)
    out = io.BytesIO()
    docx.save(out)
    return out.getvalue()


__all__ = ["render_docx"]
