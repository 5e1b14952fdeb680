"""Thai and English side by side, chosen by the active language.

The site keeps each user-facing text in both languages at the place it is used
(as the calculation core does with ``message_en`` / ``message_th``), so a text
can never exist in one language only and no compiled catalogue is needed.
Years are shown in the Buddhist Era in Thai (CE + 543) and the Common Era in English.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import get_language

from climateplan.plans.period import BE_OFFSET, ENGLISH_MONTHS, THAI_MONTHS

BUDDHIST_ERA_OFFSET = BE_OFFSET  # BE = CE + 543 (Thai solar calendar), kept in plans.period


def is_thai() -> bool:
    return (get_language() or "th").startswith("th")


def tr(en: str, th: str) -> str:
    """The text in the active language."""
    return th if is_thai() else en


def year_label(year: int | None) -> str:
    """A year as users read it: 2566 in Thai, 2023 in English."""
    if year is None:
        return ""
    return str(int(year) + BUDDHIST_ERA_OFFSET) if is_thai() else str(int(year))


def pick(record, field: str) -> str:
    """``record[field_th]`` or ``record[field_en]`` (dicts, rows or objects)."""
    suffix = "_th" if is_thai() else "_en"
    key = field + suffix
    if isinstance(record, dict):
        return str(record.get(key, "") or "")
    if hasattr(record, "__getitem__") and not hasattr(record, key):
        try:
            return str(record[key])
        except (KeyError, IndexError, TypeError):
            return ""
    return str(getattr(record, key, "") or "")


def date_label(value: dt.date | dt.datetime | None) -> str:
    """A date as users read it: 6 ธ.ค. 2569 in Thai, 6 Dec 2026 in English."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    if is_thai():
        return f"{value.day} {THAI_MONTHS[value.month - 1]} {value.year + BUDDHIST_ERA_OFFSET}"
    return f"{value.day} {ENGLISH_MONTHS[value.month - 1]} {value.year}"


def datetime_label(value: dt.datetime | None) -> str:
    """A moment in the site's time zone: 6 ธ.ค. 2569 14:05 in Thai, 6 Dec 2026 14:05 in English."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{date_label(local)} {local:%H:%M}"
