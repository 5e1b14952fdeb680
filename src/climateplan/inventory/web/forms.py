# ruff: noqa: RUF012 - Django and DRF declare options as mutable class attributes
"""Forms of the inventory pages (labels in both languages)."""

from __future__ import annotations

from django import forms

from climateplan.inventory.activity import (
    DATA_QUALITY,
    NOTATION_KEYS,
    TEXT_LIMITS,
    check_line_cells,
)
from climateplan.inventory.methods import methods
from climateplan.inventory.web.models import GWP_CHOICES
from climateplan.reference import gpc_catalogue
from climateplan.reference import provinces as province_table
from climateplan.site.bilingual import tr

MIN_YEAR, MAX_YEAR = 1990, 2100


def _gpc_choices() -> list[tuple[str, str]]:
    cat = gpc_catalogue()
    return [
        (ref, f"{ref} ({row.scope}) {tr(row.subsector_en, row.subsector_th)}")
        for ref, row in cat.iterrows()
    ]


def _method_choices() -> list[tuple[str, str]]:
    return [("", "-")] + [
        (name, f"{name}: {tr(spec.title_en, spec.title_th)}")
        for name, spec in sorted(methods().items())
    ]


class CreateInventoryForm(forms.Form):
    province = forms.ChoiceField()
    year = forms.IntegerField(min_value=MIN_YEAR, max_value=MAX_YEAR + 543)
    gwp = forms.ChoiceField(choices=GWP_CHOICES, initial="AR5")

    def __init__(self, *args, provinces: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (r.code, f"{r.code} {tr(r.name_en, r.name_th)}") for r in province_table().itertuples()
        ]
        if provinces is not None:
            choices = [c for c in choices if c[0] in provinces]
        self.fields["province"].choices = choices
        self.fields["province"].label = tr("Province", "จังหวัด")
        self.fields["year"].label = tr("Year (CE or BE)", "ปี (พ.ศ. หรือ ค.ศ.)")
        self.fields["gwp"].label = tr("GWP set", "ชุดค่า GWP")

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if year > MAX_YEAR:
            year -= 543  # a Buddhist Era year
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise forms.ValidationError(
                tr(f"a year between {MIN_YEAR} and {MAX_YEAR}", f"ปี ค.ศ. {MIN_YEAR}-{MAX_YEAR}")
            )
        return year


class RevisionForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput)


class UploadForm(RevisionForm):
    file = forms.FileField()
    mode = forms.ChoiceField(
        choices=[("replace", "replace"), ("append", "append")], initial="replace"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = tr(
            "Activity workbook (.xlsx) or CSV", "เวิร์กบุ๊กข้อมูลกิจกรรม (.xlsx) หรือ CSV"
        )
        self.fields["file"].widget.attrs["accept"] = ".xlsx,.csv"
        self.fields["mode"].label = tr("Lines already there", "รายการที่มีอยู่")
        self.fields["mode"].choices = [
            ("replace", tr("replace them with the file", "แทนที่ด้วยไฟล์")),
            ("append", tr("keep them and add the file's lines", "เก็บไว้และเพิ่มรายการจากไฟล์")),
        ]


class TransitionForm(RevisionForm):
    action = forms.CharField(widget=forms.HiddenInput)
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(forms.Form):
    """A comment, a reply to a thread (``parent``), or a thread marked resolved (``resolve``)."""

    text = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )
    line = forms.IntegerField(required=False, widget=forms.HiddenInput)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    resolve = forms.ChoiceField(
        required=False, choices=[("", ""), ("1", "1"), ("0", "0")], widget=forms.HiddenInput
    )


class LineForm(RevisionForm):
    """One activity line, as a row of the engine's input table."""

    gpc_ref = forms.ChoiceField()
    method = forms.ChoiceField(required=False)
    activity = forms.CharField(required=False, max_length=TEXT_LIMITS["activity"])
    amount = forms.FloatField(required=False)
    unit = forms.CharField(required=False, max_length=TEXT_LIMITS["unit"])
    notation_key = forms.ChoiceField(required=False)
    data_quality = forms.ChoiceField(required=False)
    activity_year = forms.IntegerField(required=False, min_value=MIN_YEAR, max_value=MAX_YEAR + 543)
    uncertainty_pct = forms.FloatField(required=False, min_value=0)
    source = forms.CharField(required=False, max_length=TEXT_LIMITS["source"])
    note = forms.CharField(required=False, max_length=TEXT_LIMITS["note"])
    params = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "param_name = value"}),
    )

    LABELS = {
        "gpc_ref": ("GPC reference", "รหัส GPC"),
        "method": ("Method", "วิธีคำนวณ"),
        "activity": ("Activity (fuel, waste type, animal...)", "กิจกรรม (เชื้อเพลิง ประเภทขยะ สัตว์...)"),
        "amount": ("Amount", "ปริมาณ"),
        "unit": ("Unit", "หน่วย"),
        "notation_key": ("Notation key", "สัญลักษณ์ (notation key)"),
        "data_quality": ("Data quality", "คุณภาพข้อมูล"),
        "activity_year": ("Activity year (landfill deposits)", "ปีของกิจกรรม (การฝังกลบ)"),
        "uncertainty_pct": ("Uncertainty (%)", "ความไม่แน่นอน (%)"),
        "source": ("Data source", "แหล่งข้อมูล"),
        "note": ("Note", "หมายเหตุ"),
        "params": (
            "Method parameters, one per line: param_name = value",
            "พารามิเตอร์ของวิธีคำนวณ บรรทัดละหนึ่งค่า: param_name = ค่า",
        ),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gpc_ref"].choices = _gpc_choices()
        self.fields["method"].choices = _method_choices()
        self.fields["notation_key"].choices = [("", "-")] + [
            (k, f"{k}: {tr(en, th)}") for k, (en, th) in NOTATION_KEYS.items()
        ]
        self.fields["data_quality"].choices = [("", "-")] + [
            (k, f"{k}: {tr(en, th)}") for k, (en, th) in DATA_QUALITY.items()
        ]
        for name, (en, th) in self.LABELS.items():
            self.fields[name].label = tr(en, th)

    def clean_activity_year(self):
        year = self.cleaned_data.get("activity_year")
        if year is not None and year > MAX_YEAR:
            year -= 543
        return year

    def clean_params(self) -> dict[str, str]:
        text = self.cleaned_data.get("params") or ""
        params: dict[str, str] = {}
        for number, raw in enumerate(text.splitlines(), start=1):
            if not raw.strip():
                continue
            if "=" not in raw:
                raise forms.ValidationError(
                    tr(
                        f"line {number}: write param_name = value",
                        f"บรรทัด {number}: ให้เขียนในรูป param_name = ค่า",
                    )
                )
            name, value = (part.strip() for part in raw.split("=", 1))
            name = name if name.startswith("param_") else f"param_{name}"
            params[name] = value
        return params

    def clean(self):
        """The core's line rules (climateplan.inventory.activity.check_line_cells), the
        same the upload and the API apply: unknown parameters, lengths."""
        cleaned = super().clean()
        cells = {
            k: v for k, v in cleaned.items() if k not in ("revision", "params") and v is not None
        }
        cells.update(cleaned.get("params") or {})
        for problem in check_line_cells(cells):
            field = problem.column if problem.column in self.fields else "params"
            self.add_error(field, tr(problem.message_en, problem.message_th))
        return cleaned

    @staticmethod
    def params_text(params: dict) -> str:
        return "\n".join(f"{k} = {v}" for k, v in (params or {}).items())
