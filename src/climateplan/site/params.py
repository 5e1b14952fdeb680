"""Query parameters of the pages, read through Django forms: never a 500 on odd input.

``int()`` accepts text that ``str.isdigit()`` promised would be a number ("²" is a
digit to Python but not a number), and a year of twenty digits overflows the
database's integers; a form checks the type and the range in one place.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages

from climateplan.site.bilingual import BUDDHIST_ERA_OFFSET, tr

FIRST_YEAR = 1990  # inventories start with the UNFCCC base year
LAST_YEAR = 2100  # the end of the national long-term strategy's horizon


class YearForm(forms.Form):
    """?year= in the Common Era or the Buddhist Era (a year after LAST_YEAR is BE)."""

    year = forms.IntegerField(min_value=FIRST_YEAR, max_value=LAST_YEAR + BUDDHIST_ERA_OFFSET)

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if year > LAST_YEAR:
            year -= BUDDHIST_ERA_OFFSET
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise forms.ValidationError("year out of range")
        return year


def year_param(request) -> int | None:
    """The page's ``?year=`` as a CE year, or None (absent or not a year: then the
    page shows every year and says why, in the user's language)."""
    text = request.GET.get("year", "")
    if not text.strip():
        return None
    form = YearForm({"year": text})
    if form.is_valid():
        return form.cleaned_data["year"]
    messages.warning(
        request,
        tr(
            f"'year' must be a year between {FIRST_YEAR} and {LAST_YEAR} "
            f"(or {FIRST_YEAR + BUDDHIST_ERA_OFFSET} and {LAST_YEAR + BUDDHIST_ERA_OFFSET} BE): "
            "showing every year.",
            f"'year' ต้องเป็นปี พ.ศ. {FIRST_YEAR + BUDDHIST_ERA_OFFSET}–"
            f"{LAST_YEAR + BUDDHIST_ERA_OFFSET} (หรือ ค.ศ. {FIRST_YEAR}–{LAST_YEAR}): "
            "แสดงทุกปี",
        ),
    )
    return None
