# ruff: noqa: RUF012 - Django declares options as mutable class attributes
"""Forms of the plan pages (labels in both languages).

Years are typed as people read them: Buddhist Era on Thai pages, Common Era on
English ones. A year above :data:`BE_FROM` is a Buddhist Era year whichever page it
was typed on (the two eras' plausible ranges, 2000-2100 CE and 2543-2643 BE, do not
overlap), so an officer who types 2566 on the English page is understood too
(docs/decisions.md, 6). The services receive Common Era years and check the period.
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms

from climateplan.inventory.web.models import Inventory
from climateplan.plans.period import BE_OFFSET, to_ce
from climateplan.plans.web.access import SECTION_TRANSITIONS
from climateplan.plans.web.models import Plan, SectionKind
from climateplan.plans.web.services import USABLE_INVENTORY_STATES
from climateplan.site.bilingual import is_thai, tr, year_label

# A year typed above this is read as Buddhist Era (BE 2400 = CE 1857: no plan year).
BE_FROM = 2400
DATE_PATTERN = re.compile(r"^\s*(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})\s*$")
ISO_DATE_PATTERN = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def ce_year(value: int | None) -> int | None:
    """A typed year in the Common Era (a Buddhist Era year converted)."""
    if value is None:
        return None
    return to_ce(value) if value > BE_FROM else value


def shown_year(year_ce: int | None) -> int | None:
    """A stored (CE) year as the form shows it: BE on Thai pages."""
    if year_ce is None:
        return None
    return year_ce + BE_OFFSET if is_thai() else year_ce


def parse_meeting_date(text: str) -> dt.date | None:
    """``15/3/2567`` (day/month/year, the year in BE or CE) or ``2024-03-15``; None if blank.

    Raises ValueError naming what was expected."""
    text = (text or "").strip()
    if not text:
        return None
    match = DATE_PATTERN.match(text)
    if match:
        day, month, year = (int(g) for g in match.groups())
    else:
        match = ISO_DATE_PATTERN.match(text)
        if not match:
            raise ValueError(text)
        year, month, day = (int(g) for g in match.groups())
    year = ce_year(year)
    return dt.date(year, month, day)  # ValueError for 31/2


def inventory_label(inventory: Inventory) -> str:
    total = (
        f" · BASIC+ {inventory.total_basic_plus:,.0f} tCO2e"
        if inventory.total_basic_plus is not None
        else ""
    )
    state_en, state_th = inventory.get_state_display().split(" / ", 1)
    return (
        f"{tr('year', 'ปี')} {year_label(inventory.year)} · "
        f"{tr('version', 'ฉบับที่')} {inventory.version} · {tr(state_en, state_th)}{total}"
    )


def usable_inventories(province: str):
    """The province's approved or published inventories, newest year and version first."""
    return Inventory.objects.filter(province=province, state__in=USABLE_INVENTORY_STATES).order_by(
        "-year", "-version"
    )


class PlanForm(forms.Form):
    """A plan's own fields: titles, kind, period, base year and base inventory."""

    title_th = forms.CharField(max_length=300, required=False)
    title_en = forms.CharField(max_length=300, required=False)
    kind = forms.ChoiceField()
    start_year = forms.IntegerField()
    end_year = forms.IntegerField()
    base_year = forms.IntegerField(required=False)
    base_inventory = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    calibration = forms.TypedMultipleChoiceField(
        coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, province: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.province = province
        self.inventories = {inv.pk: inv for inv in usable_inventories(province)}
        era = tr("CE", "พ.ศ.")
        labels = {
            "title_th": ("Title in Thai", "ชื่อแผน (ภาษาไทย)"),
            "title_en": ("Title in English (optional)", "ชื่อแผน (ภาษาอังกฤษ ไม่บังคับ)"),
            "kind": ("Kind of plan", "ประเภทของแผน"),
            "start_year": (f"First year of the plan ({era})", f"ปีเริ่มต้นของแผน ({era})"),
            "end_year": (f"Last year of the plan ({era})", f"ปีสิ้นสุดของแผน ({era})"),
            "base_year": (
                f"Base year ({era}; blank: the base inventory's year)",
                f"ปีฐาน ({era} เว้นว่างได้: ใช้ปีของบัญชีปีฐาน)",
            ),
            "base_inventory": ("Base-year GHG inventory", "บัญชีก๊าซเรือนกระจกปีฐาน"),
            "calibration": (
                "Earlier inventories to calibrate the trends (optional)",
                "บัญชีปีก่อนหน้าสำหรับปรับเทียบแนวโน้ม (ไม่บังคับ)",
            ),
        }
        for name, (en, th) in labels.items():
            self.fields[name].label = tr(en, th)
        self.fields["kind"].choices = [
            (value, tr(*label.split(" / ", 1))) for value, label in Plan.Kind.choices
        ]
        choices = [(pk, inventory_label(inv)) for pk, inv in self.inventories.items()]
        self.fields["base_inventory"].choices = [("", "-"), *choices]
        self.fields["calibration"].choices = choices
        for name in ("start_year", "end_year", "base_year"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric"})
        self.fields["title_th"].widget.attrs["lang"] = "th"
        self.fields["title_en"].widget.attrs["lang"] = "en"

    @classmethod
    def initial_of(cls, plan: Plan) -> dict:
        return {
            "title_th": plan.title_th,
            "title_en": plan.title_en,
            "kind": plan.kind,
            "start_year": shown_year(plan.start_year),
            "end_year": shown_year(plan.end_year),
            "base_year": shown_year(plan.base_year),
            "base_inventory": plan.base_inventory_id,
            "calibration": list(plan.calibration_inventories.values_list("pk", flat=True)),
            "revision": plan.revision,
        }

    def clean_start_year(self):
        return ce_year(self.cleaned_data.get("start_year"))

    def clean_end_year(self):
        return ce_year(self.cleaned_data.get("end_year"))

    def clean_base_year(self):
        return ce_year(self.cleaned_data.get("base_year"))

    def clean(self):
        cleaned = super().clean()
        base = self.inventories.get(cleaned.get("base_inventory"))
        cleaned["base_inventory_obj"] = base
        cleaned["calibration_objs"] = [
            self.inventories[pk]
            for pk in cleaned.get("calibration") or []
            if pk in self.inventories
        ]
        if cleaned.get("base_year") is None:
            if base is not None:
                cleaned["base_year"] = base.year
            elif "base_year" not in self.errors:
                self.add_error(
                    "base_year",
                    tr(
                        "give the base year, or choose the base inventory",
                        "กรุณาระบุปีฐาน หรือเลือกบัญชีปีฐาน",
                    ),
                )
        return cleaned


class EndorseForm(forms.Form):
    """The province's endorsement: which body, which meeting, when, who signed."""

    revision = forms.IntegerField(widget=forms.HiddenInput)
    body = forms.CharField(max_length=300, required=False)
    meeting = forms.CharField(max_length=32, required=False)
    date = forms.CharField(max_length=20, required=False)
    authority = forms.CharField(max_length=300, required=False)
    note = forms.CharField(
        max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    LABELS = {
        "body": (
            "Endorsed by (working group or committee)",
            "ผู้ให้ความเห็นชอบ (คณะทำงานหรือคณะกรรมการ)",
        ),
        "meeting": ("Meeting number (e.g. 1/2567)", "การประชุมครั้งที่ (เช่น 1/2567)"),
        "date": ("Meeting date (day/month/year)", "วันที่ประชุม (วัน/เดือน/ปี พ.ศ.)"),
        "authority": (
            "Endorsing authority (chair and position)",
            "ผู้มีอำนาจให้ความเห็นชอบ (ประธานและตำแหน่ง)",
        ),
        "note": ("Note (optional)", "หมายเหตุ (ไม่บังคับ)"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (en, th) in self.LABELS.items():
            self.fields[name].label = tr(en, th)
        self.fields["date"].widget.attrs["placeholder"] = tr("15/3/2024", "15/3/2567")
        self.fields["meeting"].widget.attrs["placeholder"] = "1/2567"

    def clean_date(self):
        try:
            return parse_meeting_date(self.cleaned_data.get("date") or "")
        except ValueError as exc:
            raise forms.ValidationError(
                tr(
                    "write the date as day/month/year, e.g. 15/3/2024 (or 15/3/2567 in BE)",
                    "กรุณาเขียนวันที่เป็น วัน/เดือน/ปี พ.ศ. เช่น 15/3/2567",
                )
            ) from exc


class TransitionForm(forms.Form):
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)
    action = forms.CharField(max_length=16)
    comment = forms.CharField(required=False, max_length=4000)
    kind = forms.ChoiceField(required=False, choices=[("", ""), *list(SectionKind.choices)])
    back = forms.CharField(required=False, max_length=16)


class ReviewForm(forms.Form):
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=[(a, a) for a in SECTION_TRANSITIONS])
    comment = forms.CharField(required=False, max_length=4000)
    item = forms.CharField(required=False, max_length=80)
    back = forms.CharField(required=False, max_length=16)


class CommentForm(forms.Form):
    """A comment on the plan, a section or an item, or a reply (``parent``)."""

    text = forms.CharField(required=False, max_length=4000)
    section_kind = forms.ChoiceField(required=False, choices=[("", ""), *list(SectionKind.choices)])
    item = forms.CharField(required=False, max_length=80)
    parent = forms.IntegerField(required=False)
    back = forms.CharField(required=False, max_length=16)
