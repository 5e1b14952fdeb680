"""The chapters of a review report, in order: the same list for the review page and the
review document. Each chapter has a key (the key of its narrative in
``PlanReview.narrative``), its Thai and English titles, and the figures it shows (a key
of :func:`climateplan.plans.review.figures.review_figures`, or "" for text only)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Chapter:
    key: str
    title_en: str
    title_th: str
    figures: str = ""  # the part of the figures shown with the chapter's text

    def title(self, lang: str) -> str:
        return self.title_th if lang == "th" else self.title_en


CHAPTERS: tuple[Chapter, ...] = (
    Chapter("summary", "Summary", "บทสรุปผู้บริหาร"),
    Chapter(
        "emissions",
        "Emissions since the base year",
        "การปล่อยก๊าซเรือนกระจกตั้งแต่ปีฐาน",
        "trend",
    ),
    Chapter(
        "reductions",
        "Reductions achieved against the plan",
        "ปริมาณก๊าซเรือนกระจกที่ลดได้เทียบกับแผน",
        "reductions",
    ),
    Chapter(
        "implementation",
        "Implementation of the actions",
        "ผลการดำเนินงานตามมาตรการและกิจกรรม",
        "actions",
    ),
    Chapter("budget", "Budget and funding", "งบประมาณและแหล่งเงิน", "budget"),
    Chapter(
        "adaptation",
        "Adaptation outcomes and outputs",
        "ผลลัพธ์และผลผลิตของการปรับตัว",
        "indicators",
    ),
    Chapter("risks", "Climate risks before and after", "ความเสี่ยงด้านภูมิอากาศก่อนและหลัง", "risk"),
    Chapter("lessons", "Lessons learned", "บทเรียนที่ได้รับ"),
    Chapter(
        "recommendations",
        "Recommendations for the next plan",
        "ข้อเสนอแนะสำหรับแผนฉบับถัดไป",
    ),
)


def chapter_keys() -> list[str]:
    return [c.key for c in CHAPTERS]


__all__ = ["CHAPTERS", "Chapter", "chapter_keys"]
