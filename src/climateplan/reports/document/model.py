"""The plan document as a list of chapters of simple blocks, rendered by :mod:`.pdf`
and :mod:`.word` alike, so the PDF and the DOCX hold the same chapters and tables."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Heading:
    text: str
    level: int = 2  # 2: a part of a chapter, 3: below it


@dataclass
class Paragraph:
    text: str
    kind: str = ""  # "" plain, "note" small print, "notice" a framed warning


@dataclass
class Table:
    caption: str
    columns: list[str]
    rows: list[list[str]]
    numeric: frozenset[int] = frozenset()  # column indexes aligned right
    key: str = ""  # a stable name (tests and styles)
    widths: list[float] | None = None  # relative widths of the columns


@dataclass
class Figure:
    png: bytes
    caption: str
    key: str = ""


@dataclass
class Chapter:
    key: str
    title: str
    blocks: list = field(default_factory=list)

    def add(self, *blocks) -> Chapter:
        self.blocks.extend(b for b in blocks if b is not None)
        return self


@dataclass
class Document:
    lang: str
    title: str
    subtitle: str
    province: str
    period: str
    running_head: str  # the province and the plan period, on every page
    made_on: str  # the date the document was made (BE on Thai documents)
    chapters: list[Chapter] = field(default_factory=list)
    version_note: str = ""

    def tables(self) -> list[Table]:
        return [b for c in self.chapters for b in c.blocks if isinstance(b, Table)]

    def figures(self) -> list[Figure]:
        return [b for c in self.chapters for b in c.blocks if isinstance(b, Figure)]
