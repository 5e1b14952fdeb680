"""Template tags and filters: ``{% tr "English" "ไทย" %}``, ``|be_year``, ``|tco2e``, ``|pick``."""

from __future__ import annotations

import math

from django import template

from climateplan.site.bilingual import pick as pick_field
from climateplan.site.bilingual import tr as translate
from climateplan.site.bilingual import year_label

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
