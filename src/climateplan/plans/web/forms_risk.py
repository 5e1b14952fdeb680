"""Forms of the risk section's pages (the core checks the values themselves)."""

from __future__ import annotations

from django import forms

from climateplan.site.bilingual import BUDDHIST_ERA_OFFSET, tr

# Scenario and projection period of the projected climate indicators. The shipped
# framework uses SSP2-4.5 for 2021-2050; the example gridded table also has SSP5-8.5
# and 2051-2080 (docs/risk/index.md, "Default framework for Thai provinces").
SCENARIOS = (
    ("ssp245", "SSP2-4.5", "SSP2-4.5 (intermediate emissions)", "SSP2-4.5 (การปล่อยระดับปานกลาง)"),
    ("ssp585", "SSP5-8.5", "SSP5-8.5 (very high emissions)", "SSP5-8.5 (การปล่อยระดับสูงมาก)"),
)
PERIODS = (("2021-2050", 2021, 2050), ("2051-2080", 2051, 2080))
NETCDF_SCENARIOS = (
    ("historical", "historical", "ช่วงอดีต (historical)"),
    *((sid, en, th) for sid, _short, en, th in SCENARIOS),
)


def scenario_choices() -> list[tuple[str, str]]:
    return [(sid, tr(en, th)) for sid, _short, en, th in SCENARIOS]


def period_choices() -> list[tuple[str, str]]:
    return [
        (
            pid,
            tr(
                f"{start}-{end}",
                f"พ.ศ. {start + BUDDHIST_ERA_OFFSET}-{end + BUDDHIST_ERA_OFFSET}",
            ),
        )
        for pid, start, end in PERIODS
    ]


class RevisionForm(forms.Form):
    revision = forms.IntegerField(min_value=1)


class FrameworkForm(RevisionForm):
    scenario = forms.ChoiceField(choices=())
    period = forms.ChoiceField(choices=())

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scenario"].choices = scenario_choices()
        self.fields["period"].choices = period_choices()


class UploadForm(RevisionForm):
    file = forms.FileField()


class NetcdfForm(RevisionForm):
    scenario = forms.ChoiceField(choices=(), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scenario"].choices = [("", tr("as the files say", "ตามที่ระบุในไฟล์"))] + [
            (sid, tr(en, th)) for sid, en, th in NETCDF_SCENARIOS
        ]


class IndicatorTableForm(RevisionForm):
    """The province's indicator values as a table: ``value_<id>``, ``year_<id>`` and
    ``source_<id>`` per indicator of the framework. Only the type is checked here; the
    rows then go through the core's indicator reader like an uploaded table."""

    def __init__(self, *args, indicators: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        for ind in indicators:
            self.fields[f"value_{ind}"] = forms.CharField(required=False, max_length=40)
            self.fields[f"year_{ind}"] = forms.CharField(required=False, max_length=9)
            self.fields[f"source_{ind}"] = forms.CharField(required=False, max_length=300)

    def rows(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "indicator": ind,
                "value": (data.get(f"value_{ind}") or "").strip(),
                "year": (data.get(f"year_{ind}") or "").strip(),
                "source": (data.get(f"source_{ind}") or "").strip(),
            }
            for ind in self.indicators
        ]


class CancelForm(forms.Form):
    job = forms.IntegerField(min_value=1)
