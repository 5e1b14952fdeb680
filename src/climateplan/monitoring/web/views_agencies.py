"""The agencies page: the agencies actions may name and working groups seat, with their
level, province and source; filtered by level and province. Signed-in users read it;
national administrators keep the list in the administration."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Case, IntegerField, Value, When
from django.shortcuts import render
from django.views.decorators.http import require_GET

from climateplan.monitoring.web.models import Agency
from climateplan.reference.provinces import provinces
from climateplan.site.bilingual import is_thai
from climateplan.site.roles import role_of


def province_choices(lang: str) -> list[tuple[str, str]]:
    table = provinces()
    names = table["name_th"] if lang == "th" else table["name_en"]
    return sorted(zip(table["code"], names, strict=True), key=lambda c: c[1])


class AgencyFilter(forms.Form):
    """?level= and ?province= (unknown values are ignored: the page shows every agency)."""

    level = forms.ChoiceField(required=False, choices=[("", ""), *Agency.Level.choices])
    province = forms.RegexField(required=False, regex=r"^TH-\d{2}$")


@require_GET
@login_required
def agencies(request):
    lang = "th" if is_thai() else "en"
    form = AgencyFilter(request.GET)
    wanted = form.cleaned_data if form.is_valid() else {}
    # national bodies, provincial offices, local administrations, Bangkok's departments
    rank = Case(
        *(When(level=value, then=Value(i)) for i, value in enumerate(Agency.Level.values)),
        output_field=IntegerField(),
    )
    rows = Agency.objects.annotate(rank=rank).order_by("rank", "province", "code")
    level = wanted.get("level") or ""
    province = wanted.get("province") or ""
    if level:
        rows = rows.filter(level=level)
    if province:
        # the province's own agencies and those every province may name
        rows = rows.filter(province__in=["", province])
    names = dict(province_choices(lang))
    return render(
        request,
        "monitoring/agencies.html",
        {
            "agencies": [
                {
                    "agency": a,
                    "name": a.name(lang),
                    "province_name": names.get(a.province, a.province),
                }
                for a in rows
            ],
            "levels": Agency.Level.choices,
            "provinces": province_choices(lang),
            "level": level,
            "province": province,
            "is_admin": role_of(request.user).is_admin,
            "lang": lang,
        },
    )
