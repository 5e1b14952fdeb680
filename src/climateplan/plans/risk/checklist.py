"""What the risk section still needs before it can be submitted (see
:class:`climateplan.plans.checklist.CheckItem`)."""

from __future__ import annotations

from typing import Any

from climateplan.errors import InputError
from climateplan.plans.checklist import CheckItem
from climateplan.plans.risk.inputs import RiskInputs
from climateplan.risk.index.framework import Framework
from climateplan.risk.index.values import normalise_period, normalise_scenario


def _applies(fw: Framework, ind_id: str, code: str | None) -> bool:
    provinces = fw.indicator_provinces(ind_id)
    return provinces is None or code is None or code in provinces


def missing_indicators(inputs: RiskInputs, fw: Framework, province: str | None = None) -> list[str]:
    """Indicators of the framework that apply to the province and have no value in
    the stored indicator rows or gridded rows (framework order)."""
    fw = fw.with_projection(inputs.scenario, inputs.period)
    given = {
        r["indicator"]
        for r in inputs.indicators
        if r.get("value") is not None and (province is None or r.get("province") == province)
    }
    grid = inputs.gridded_frame("province")
    offered = set()
    if grid is not None:
        offered = set(
            zip(
                grid["index"].astype(str).str.lower(),
                grid["period"].map(normalise_period),
                grid["scenario"].map(normalise_scenario),
                strict=True,
            )
        )
    out = []
    for ind_id in fw.used_indicators():
        if not _applies(fw, ind_id, province) or ind_id in given:
            continue
        g = fw.indicators[ind_id].gridded
        if (
            g is not None
            and (
                g.index.lower(),
                normalise_period(g.period),
                normalise_scenario(g.scenario),
            )
            in offered
        ):
            continue
        out.append(ind_id)
    return out


def checklist(
    inputs: RiskInputs, document: dict[str, Any] | None, province: str | None = None
) -> list[CheckItem]:
    """The section's checklist, in the order an officer works through it. The province
    (which indicators apply: coastal ones only on the coast) is taken from ``province``,
    else the document, else the stored rows."""
    items: list[CheckItem] = []
    try:
        fw = inputs.framework()
    except InputError as error:
        first = error.problems[0] if error.problems else None
        return [
            CheckItem(
                "framework",
                False,
                "กรอบดัชนีที่อัปโหลดใช้ไม่ได้",
                "The uploaded framework is not valid",
                hint_th=first.format("th") if first else "",
                hint_en=first.format("en") if first else "",
            )
        ]
    if province is not None:
        from climateplan.plans.risk.geo import province_code

        province = province_code(province)
    else:
        province = (document or {}).get("province", {}).get("code")
    for rows in (inputs.indicators, inputs.gridded):
        if province is None and rows:
            province = rows[0].get("province")
    missing = missing_indicators(inputs, fw, province)
    table_missing = [i for i in missing if fw.indicators[i].gridded is None]
    grid_missing = [i for i in missing if fw.indicators[i].gridded is not None]
    hint_th = "; ".join(
        f"{fw.indicators[i].name.th}: {fw.indicators[i].source}" for i in table_missing
    )
    hint_en = "; ".join(
        f"{fw.indicators[i].name.en}: {fw.indicators[i].source}" for i in table_missing
    )
    items.append(
        CheckItem(
            "indicators",
            not table_missing,
            "มีค่าตัวชี้วัดครบทุกตัวของกรอบดัชนี"
            if not table_missing
            else f"ยังขาดค่าตัวชี้วัด {len(table_missing)} ตัว: "
            + ", ".join(f"{fw.indicators[i].name.th} ({i})" for i in table_missing),
            "Every indicator of the framework has a value"
            if not table_missing
            else f"{len(table_missing)} indicator value(s) missing: " + ", ".join(table_missing),
            hint_th=("หาค่าได้จาก " + hint_th) if table_missing else "",
            hint_en=("Where to find them: " + hint_en) if table_missing else "",
        )
    )
    has_grid = inputs.has_gridded()
    items.append(
        CheckItem(
            "gridded",
            has_grid and not grid_missing,
            "มีดัชนีภูมิอากาศแบบกริดครบ"
            if has_grid and not grid_missing
            else (
                "ยังไม่มีดัชนีภูมิอากาศแบบกริด"
                if not has_grid
                else f"ดัชนีภูมิอากาศแบบกริดยังขาด {len(grid_missing)} ตัว: " + ", ".join(grid_missing)
            ),
            "Gridded climate indices are present"
            if has_grid and not grid_missing
            else (
                "No gridded climate indices yet"
                if not has_grid
                else f"{len(grid_missing)} gridded indicator(s) missing: " + ", ".join(grid_missing)
            ),
            hint_th="อัปโหลดไฟล์ NetCDF รายวัน (tasmax, tasmin, pr) ให้ระบบคำนวณ หรืออัปโหลดตารางดัชนีจาก "
            "climateplan risk indices",
            hint_en="Upload daily NetCDF files (tasmax, tasmin, pr) to compute them, or upload the "
            "table of climateplan risk indices",
        )
    )
    computed = document is not None
    items.append(
        CheckItem(
            "computed",
            computed,
            "คำนวณโปรไฟล์ความเสี่ยงแล้ว" if computed else "ยังไม่ได้คำนวณโปรไฟล์ความเสี่ยง",
            "The risk profile is computed" if computed else "The risk profile is not computed yet",
            hint_th="" if computed else "กดปุ่มคำนวณเมื่อข้อมูลครบ",
            hint_en="" if computed else "Press compute once the inputs are in",
        )
    )
    current = computed and document.get("inputs_digest") == inputs.digest()
    items.append(
        CheckItem(
            "up_to_date",
            current,
            "ผลการคำนวณตรงกับข้อมูลนำเข้าล่าสุด" if current else "ข้อมูลนำเข้าเปลี่ยนหลังการคำนวณครั้งล่าสุด",
            "The result matches the latest inputs"
            if current
            else "The inputs changed after the last computation",
            hint_th="" if current else "คำนวณใหม่เพื่อให้ผลตรงกับข้อมูลล่าสุด",
            hint_en="" if current else "Compute again so the result matches the inputs",
        )
    )
    synthetic = inputs.is_synthetic() or bool((document or {}).get("synthetic"))
    items.append(
        CheckItem(
            "real_data",
            not synthetic,
            "ข้อมูลนำเข้าเป็นข้อมูลจริง" if not synthetic else "ยังใช้ข้อมูลสังเคราะห์ (ข้อมูลตัวอย่าง)",
            "The inputs are real data"
            if not synthetic
            else "Synthetic (example) inputs are still in use",
            hint_th="" if not synthetic else "แทนที่ข้อมูลตัวอย่างด้วยข้อมูลจริงของจังหวัดก่อนเผยแพร่",
            hint_en=""
            if not synthetic
            else "Replace the example data with the province's own data",
            blocking=False,
        )
    )
    register = (document or {}).get("register") or []
    levelled = bool(register) and all(r.get("risk_level") is not None for r in register)
    items.append(
        CheckItem(
            "register",
            levelled,
            "ทุกภัยในทะเบียนความเสี่ยงมีระดับความเสี่ยง"
            if levelled
            else "ทะเบียนความเสี่ยงยังไม่มีระดับความเสี่ยงครบทุกภัย",
            "Every register entry has a risk level"
            if levelled
            else "The register lacks a risk level for some hazards",
            hint_th="" if levelled else "ระดับมาจากค่าตัวชี้วัด: เติมค่าที่ขาดแล้วคำนวณใหม่",
            hint_en=""
            if levelled
            else "Levels come from the indicators: fill the gaps and compute",
        )
    )
    return items
