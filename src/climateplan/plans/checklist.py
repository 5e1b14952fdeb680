"""The completeness checklist of a plan section: what is still missing before it can be
submitted. Officers see it beside every section; reviewers see the same list."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CheckItem:
    """One thing a section needs. ``blocking`` items must be done before submission;
    the others are advice (shown, never in the way)."""

    key: str
    done: bool
    th: str
    en: str
    hint_th: str = ""
    hint_en: str = ""
    blocking: bool = True

    def text(self, lang: str) -> str:
        return self.th if lang == "th" else self.en

    def hint(self, lang: str) -> str:
        return self.hint_th if lang == "th" else self.hint_en

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "done": self.done,
            "th": self.th,
            "en": self.en,
            "hint_th": self.hint_th,
            "hint_en": self.hint_en,
            "blocking": self.blocking,
        }


def missing(items: list[CheckItem]) -> list[CheckItem]:
    """The blocking items not yet done (empty: the section may be submitted)."""
    return [item for item in items if item.blocking and not item.done]
