"""The mid-term and end-of-plan review of a plan: its figures assembled from plain
inputs (:mod:`.figures`) and the chapters of its report (:mod:`.chapters`). No Django:
the web layer reads the records and stores what :func:`review_figures` returns."""

from climateplan.plans.review.chapters import CHAPTERS, Chapter, chapter_keys
from climateplan.plans.review.figures import ReviewInputs, review_figures

__all__ = ["CHAPTERS", "Chapter", "ReviewInputs", "chapter_keys", "review_figures"]
