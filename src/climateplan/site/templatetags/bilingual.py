"""Template tags and filters: ``{% tr "English" "ไทย" %}``, ``|be_year``, ``|be_date``,
``|be_datetime``, ``|tco2e``, ``|pick``, ``|bi``."""

from __future__ import annotations

import math

from django import template

from climateplan.site.bilingual import date_label, datetime_label, year_label
from climateplan.site.bilingual import pick as pick_field
from climateplan.site.bilingual import tr as translate

register = template.Library()


@register.simple_tag
def tr(en: str, th: str) -> str:
    return translate(en, th)


@register.filter
def be_year(year) -> str:
    try:
        return year_label(int(year))
    except (TypeError, ValueError):
        return ""


@register.filter
def be_date(value) -> str:
    """A date in the Buddhist Era in Thai (6 ธ.ค. 2569), the Common Era in English."""
    import datetime as dt

    if isinstance(value, str) and value.strip():
        try:
            value = dt.date.fromisoformat(value.strip()[:10])
        except ValueError:
            return value
    if not isinstance(value, dt.date):
        return ""  # blank, None, NaN from a table
    return date_label(value)


@register.filter
def be_datetime(value) -> str:
    """A moment in the Buddhist Era in Thai (6 ธ.ค. 2569 14:05), the Common Era in English."""
    if not value:
        return ""
    return datetime_label(value)


@register.filter
def tco2e(value, digits: int = 0) -> str:
    """A number with thousands separators; blank for missing values."""
    if value is None or value == "":
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(number):
        return ""
    return f"{number:,.{int(digits)}f}"


@register.filter
def pick(record, field: str) -> str:
    return pick_field(record, field)


@register.filter
def get_item(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def bi(label) -> str:
    """Pick one side of an "English / ไทย" label."""
    text = str(label or "")
    if " / " not in text:
        return text
    en, th = text.split(" / ", 1)
    return translate(en, th)
