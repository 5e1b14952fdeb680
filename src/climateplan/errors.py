"""Bilingual, location-aware input errors shared by every capability.

A provincial officer must be able to act on an error without help, so each
problem names where it is (file, sheet, row, column), what was found and what
was expected, in Thai and in English. Validators collect every problem before
raising, so one run reports all of them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Problem:
    """One problem in the input, located as precisely as the input allows."""

    message_en: str
    message_th: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None  # 1-based, as a spreadsheet shows it (header is row 1)
    column: str | None = None
    value: str | None = None

    def where(self, lang: str = "en") -> str:
        labels = (
            {"file": "ไฟล์", "sheet": "ชีต", "row": "แถว", "column": "คอลัมน์"}
            if lang == "th"
            else {"file": "file", "sheet": "sheet", "row": "row", "column": "column"}
        )
        parts = []
        for key in ("file", "sheet", "row", "column"):
            val = getattr(self, key)
            if val is not None and val != "":
                parts.append(f"{labels[key]} {val}")
        return ", ".join(parts)

    def format(self, lang: str = "en") -> str:
        msg = self.message_th if lang == "th" else self.message_en
        where = self.where(lang)
        return f"{where}: {msg}" if where else msg

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class InputError(Exception):
    """Raised with every problem found in one input; nothing has been written."""

    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.summary())

    def summary(self, lang: str = "en") -> str:
        n = len(self.problems)
        head = f"พบปัญหา {n} รายการในข้อมูลนำเข้า" if lang == "th" else f"{n} problem(s) in the input"
        return head + "\n" + "\n".join("- " + p.format(lang) for p in self.problems)

    def __str__(self) -> str:
        return self.summary("en")


class ProblemCollector:
    """Collects problems while validating; raises them all at once."""

    def __init__(self, **location: str | None) -> None:
        self.location = location
        self.problems: list[Problem] = []

    def add(self, message_en: str, message_th: str, **where) -> None:
        self.problems.append(Problem(message_en, message_th, **{**self.location, **where}))

    def extend(self, problems: list[Problem]) -> None:
        self.problems.extend(problems)

    def __bool__(self) -> bool:
        return bool(self.problems)

    def raise_if_any(self) -> None:
        """Raise every problem at once, in reading order (sheet, row, column)."""
        if self.problems:
            raise InputError(sort_problems(self.problems))


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """File-level problems first, then by sheet, row and column."""
    return sorted(
        problems,
        key=lambda p: (p.file or "", p.sheet or "", p.row or 0, p.column or ""),
    )
