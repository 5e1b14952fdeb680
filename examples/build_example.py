"""Build the example province inventory (fictional data) in examples/.

A fictional mid-size agricultural province of the central plains: rice, sugarcane,
cassava starch and livestock, a sugar mill, a rice-husk power plant, a small cement
plant, eleven districts. All figures are invented but sized like a real province
of ~700,000 people, so that the totals and the shares of sectors are plausible.
The province code TH-62 is used only because every inventory must carry a real
ISO 3166-2:TH code; these are NOT Kamphaeng Phet's figures.

Run: python examples/build_example.py  (writes example_province.xlsx and .csv, and
example_province_2019.csv: a base year for the trend, every amount 10 % lower)
"""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
from openpyxl import Workbook

HERE = Path(__file__).parent
YEAR = 2023
# the base-year file: four years earlier, with 10 % less of every activity
BASE_YEAR = 2019
BASE_YEAR_ACTIVITY = 0.9
DISTRICTS = [
    "เมือง",
    "บ้านนา",
    "หนองแก",
    "ทุ่งทอง",
    "คลองใหญ่",
    "วังน้ำ",
    "ดอนสูง",
    "ท่าช้าง",
    "บึงใหญ่",
    "โพธิ์งาม",
    "นาดี",
]
COLUMNS = [
    "gpc_ref",
    "method",
    "activity",
    "amount",
    "unit",
    "notation_key",
    "data_quality",
    "activity_year",
    "source",
    "note",
    "param_season",
    "param_season_days",
    "param_oa_straw_short",
    "param_site_type",
    "param_flooded_rice",
    "param_fraction_burned",
    "param_technology",
    "param_treatment",
    "param_basis",
    "param_fuel_economy",
    "param_wastewater_per_product",
]
rng = np.random.default_rng(2566)
SHARES = rng.dirichlet(np.full(len(DISTRICTS), 6.0))
rows: list[dict] = []


def add(gpc_ref, method, activity, amount, unit, dq="M", source="", note="", **params):
    row = {
        "gpc_ref": gpc_ref,
        "method": method,
        "activity": activity,
        "amount": round(float(amount), 3),
        "unit": unit,
        "data_quality": dq,
        "source": source,
        "note": note,
    }
    row.update({f"param_{k}": v for k, v in params.items()})
    rows.append(row)


def key(gpc_ref, notation_key, note):
    rows.append({"gpc_ref": gpc_ref, "notation_key": notation_key, "note": note})


def by_district(gpc_ref, method, activity, total, unit, dq, source, **params):
    jitter = SHARES * rng.uniform(0.85, 1.15, len(DISTRICTS))
    for district, share in zip(DISTRICTS, jitter / jitter.sum(), strict=True):
        add(
            gpc_ref,
            method,
            activity,
            total * share,
            unit,
            dq,
            source,
            f"อำเภอ{district} / {district} district",
            **params,
        )


SALES = "ยอดจำหน่ายเชื้อเพลิงรายอำเภอ กรมธุรกิจพลังงาน 2566 (สมมติ) / DOEB fuel sales (fictional)"
PEA = "การไฟฟ้าส่วนภูมิภาค ยอดจำหน่ายไฟฟ้า 2566 (สมมติ) / PEA sales (fictional)"
SURVEY = "สำรวจครัวเรือน สสจ./สนง.สถิติ (สมมติ) / household survey (fictional)"

# --- I Stationary energy
by_district("I.1.1", "fuel_combustion", "lpg", 19_500, "t", "H", SALES)
by_district("I.1.1", "fuel_combustion", "charcoal", 14_000, "t", "L", SURVEY)
by_district("I.1.1", "fuel_combustion", "fuel_wood", 38_000, "t", "L", SURVEY)
by_district("I.1.2", "electricity", "grid", 480_000, "MWh", "H", PEA)
add("I.2.1", "fuel_combustion", "lpg", 5_200, "t", "H", SALES, "ร้านอาหาร โรงแรม / restaurants")
add("I.2.1", "fuel_combustion", "diesel_b7", 1_900_000, "L", "M", SALES, "generators")
by_district("I.2.2", "electricity", "grid", 265_000, "MWh", "H", PEA)
FACTORY = "รายงาน รง.4 โรงงาน (สมมติ) / factory reports (fictional)"
add("I.3.1", "fuel_combustion", "bagasse", 910_000, "t", "M", FACTORY, "โรงงานน้ำตาล / sugar mill")
add("I.3.1", "fuel_combustion", "rice_husk", 145_000, "t", "M", FACTORY, "โรงสีข้าว / rice mills")
add(
    "I.3.1",
    "fuel_combustion",
    "sub_bituminous_coal",
    38_000,
    "t",
    "H",
    FACTORY,
    "cement kiln and starch dryers",
)
add("I.3.1", "fuel_combustion", "residual_fuel_oil", 5_100, "t", "H", FACTORY, "starch")
add("I.3.1", "fuel_combustion", "diesel_b7", 3_200, "m3", "M", SALES, "construction")
add("I.3.1", "fuel_combustion", "lpg", 2_300, "t", "H", SALES)
add(
    "I.3.1",
    "fuel_combustion",
    "biogas",
    450,
    "TJ",
    "L",
    FACTORY,
    "biogas from starch wastewater burnt in boilers: 21 million m3 x ~21.5 MJ/m3",
)
add("I.3.2", "electricity", "grid", 610_000, "MWh", "H", PEA)
key("I.4.1", "IE", "auxiliary use of the power plant is in I.3.2 / รวมใน I.3.2")
add(
    "I.4.4",
    "fuel_combustion",
    "rice_husk",
    182_000,
    "t",
    "H",
    FACTORY,
    "rice-husk power plant 20 MW, sold to the grid / โรงไฟฟ้าแกลบ",
)
by_district(
    "I.5.1",
    "fuel_combustion",
    "diesel_b7",
    44_000,
    "m3",
    "L",
    "สำนักงานเกษตรจังหวัด ประมาณการเครื่องจักรกล (สมมติ) / farm machinery (fictional)",
)
add("I.5.2", "electricity", "grid", 58_000, "MWh", "M", PEA, "irrigation pumps")
key("I.6.1", "NE", "no data on non-specified sources")
key("I.7.1", "NO", "no coal mining")
key("I.8.1", "NO", "no oil or gas systems")

# --- II Transportation
for fuel, total in (
    ("gasohol_e10", 52_000_000),
    ("gasohol_e20", 21_000_000),
    ("gasohol_e85", 2_400_000),
    ("diesel_b7", 148_000_000),
):
    by_district("II.1.1", "fuel_combustion", fuel, total, "L", "H", SALES)
by_district("II.1.1", "fuel_combustion", "lpg", 9_800, "t", "H", SALES)
by_district("II.1.1", "fuel_combustion", "cng", 6_500, "t", "M", SALES)
add("II.1.2", "electricity", "grid", 2_100, "MWh", "M", PEA, "EV charging stations")
BUS = "บขส. กิโลเมตรรถโดยสารนอกเขตจังหวัด (สมมติ) / interprovincial bus km (fictional)"
add(
    "II.1.3",
    "vehicle_km",
    "bus:diesel_b7",
    9_500_000,
    "km",
    "M",
    BUS,
    "share of interprovincial journeys outside the province",
    fuel_economy=31,
)
add(
    "II.1.3",
    "vehicle_km",
    "truck:diesel_b7",
    14_000_000,
    "km",
    "L",
    BUS,
    "sugarcane and rice haulage outside the province (operator logbooks)",
    fuel_economy=36,
)
add(
    "II.2.1",
    "fuel_combustion",
    "diesel",
    1_150,
    "m3",
    "H",
    "การรถไฟแห่งประเทศไทย (สมมติ) / SRT (fictional)",
    "diesel locomotives",
)
add("II.3.1", "fuel_combustion", "diesel_b7", 480, "m3", "L", SALES, "river boats")
key("II.4.1", "NO", "no airport in the province")
key("II.5.1", "IE", "farm and construction machinery are in I.5.1 and I.3.1")

# --- III Waste
LANDFILL = "เทศบาลนคร บันทึกน้ำหนักขยะเข้าหลุม (สมมติ) / weighbridge records (fictional)"
for year in range(2012, YEAR + 1):
    add(
        "III.1.1",
        "landfill_fod",
        "msw",
        52_000 * 1.025 ** (year - 2012),
        "t",
        "H",
        LANDFILL,
        "sanitary landfill / หลุมฝังกลบถูกหลักสุขาภิบาล",
        site_type="managed_anaerobic",
    )
    rows[-1]["activity_year"] = year
for year in range(2003, 2016):
    add(
        "III.1.1",
        "landfill_fod",
        "msw",
        31_000 * 1.02 ** (year - 2003),
        "t",
        "L",
        "อปท. ประมาณการ (สมมติ) / local estimates (fictional)",
        "open dump closed in 2015 / บ่อขยะกองบนพื้น ปิดปี 2558",
        site_type="unmanaged_shallow",
    )
    rows[-1]["activity_year"] = year
add(
    "III.1.2",
    "landfill_commitment",
    "msw",
    6_200,
    "t",
    "M",
    LANDFILL,
    "waste sent to a neighbouring province's landfill",
    site_type="managed_anaerobic",
)
key("III.1.3", "NO", "no waste received from other provinces")
add(
    "III.2.1",
    "biological_treatment",
    "composting",
    3_100,
    "t",
    "M",
    "โครงการปุ๋ยหมักชุมชน (สมมติ) / community composting (fictional)",
    basis="wet",
)
add(
    "III.2.1",
    "biological_treatment",
    "anaerobic_digestion",
    1_400,
    "t",
    "M",
    "market waste digester (fictional)",
    basis="wet",
)
key("III.3.1", "NO", "no incinerator")
rows[-1]["method"] = "incineration"
add(
    "III.3.1",
    "open_burning",
    "msw",
    7_800,
    "t",
    "L",
    "กรมควบคุมมลพิษ ประมาณการเผากลางแจ้ง (สมมติ) / PCD estimate (fictional)",
)
SEWER = "ทะเบียนราษฎร์และสำรวจระบบบำบัด (สมมติ) / population by sanitation (fictional)"
for system, people in (
    ("septic_system", 455_000),
    ("latrine_wet", 98_000),
    ("untreated_sea_river_lake", 79_000),
    ("aerobic_well_managed", 71_000),
):
    add("III.4.1", "wastewater_domestic", system, people, "person", "M", SEWER)
for industry, tonnes, treatment, extra in (
    ("sugar_refining", 176_000, "anaerobic_lagoon_deep", {"wastewater_per_product": 9}),
    ("starch", 118_000, "anaerobic_reactor", {}),
    ("meat_poultry", 21_000, "anaerobic_lagoon_shallow", {}),
):
    add(
        "III.4.1",
        "wastewater_industrial",
        industry,
        tonnes,
        "t",
        "M",
        FACTORY,
        "production (sugar: wastewater metered by the mill)",
        treatment=treatment,
        **extra,
    )

# --- IV IPPU
add("IV.1", "cement_clinker", "clinker", 310_000, "t", "H", FACTORY, "small cement plant")
add(
    "IV.2",
    "direct",
    "HFC-134a",
    1.8,
    "t",
    "L",
    "ประมาณการจากจำนวนรถยนต์และตู้เย็น (สมมติ) / vehicle and refrigeration stock (fictional)",
)
add("IV.2", "direct", "SF6", 0.04, "t", "M", PEA, "switchgear leakage")

# --- V AFOLU
LIVESTOCK = "สำนักงานปศุสัตว์จังหวัด จำนวนปศุสัตว์ 2566 (สมมติ) / livestock census (fictional)"
heads = {
    "dairy_cattle": 8_200,
    "other_cattle": 121_000,
    "buffalo": 44_000,
    "swine": 182_000,
    "goats": 6_100,
    "sheep": 900,
}
for animal, n in heads.items():
    add("V.1", "enteric_fermentation", animal, n, "head", "H", LIVESTOCK)
poultry = {"broilers": 4_100_000, "layers": 880_000, "native_chicken": 1_450_000, "ducks": 310_000}
for animal, n in {**heads, **poultry}.items():
    add("V.1", "manure_management", animal, n, "head", "H", LIVESTOCK)
key("V.2", "NE", "land-use change not yet estimated / ยังไม่ได้ประเมิน")
RICE = "สำนักงานเกษตรจังหวัด พื้นที่เพาะปลูกข้าว (สมมติ) / rice area (fictional)"
add(
    "V.3",
    "rice_cultivation",
    "rainfed_regular",
    1_180_000,
    "rai",
    "M",
    RICE,
    "นาปี / main season",
    season="major",
)
add(
    "V.3",
    "rice_cultivation",
    "irrigated_single_drainage",
    310_000,
    "rai",
    "M",
    RICE,
    "นาปี เขตชลประทาน / main season, irrigated",
    season="major",
    oa_straw_short=2.0,
)
add(
    "V.3",
    "rice_cultivation",
    "irrigated_continuous",
    390_000,
    "rai",
    "M",
    RICE,
    "นาปรัง / second crop",
    season="second",
    oa_straw_short=1.5,
)
add(
    "V.3",
    "rice_cultivation",
    "irrigated_multiple_drainage",
    52_000,
    "rai",
    "M",
    RICE,
    "นาปรัง เปียกสลับแห้ง / second crop, AWD",
    season="second",
)
FERT = "สำนักงานเศรษฐกิจการเกษตร ยอดจำหน่ายปุ๋ย (สมมติ) / fertiliser sales (fictional)"
add("V.3", "soils_direct_n2o", "urea_46_0_0", 41_000, "t", "M", FERT, "upland crops")
add("V.3", "soils_direct_n2o", "urea_46_0_0", 19_000, "t", "M", FERT, "paddy", flooded_rice="yes")
add("V.3", "soils_direct_n2o", "npk_16_20_0", 30_000, "t", "M", FERT, "paddy", flooded_rice="yes")
add("V.3", "soils_direct_n2o", "npk_15_15_15", 24_000, "t", "M", FERT, "sugarcane, cassava")
add("V.3", "soils_direct_n2o", "ammonium_sulphate_21_0_0", 9_500, "t", "M", FERT)
add("V.3", "urea_application", "urea_46_0_0", 60_000, "t", "M", FERT)
CROPS = "GISTDA จุดความร้อน และผลผลิตพืช (สมมติ) / hotspots and crop output (fictional)"
add(
    "V.3",
    "crop_residue_burning",
    "rice",
    1_120_000,
    "t",
    "L",
    CROPS,
    "rice straw",
    fraction_burned=0.25,
)
add(
    "V.3",
    "crop_residue_burning",
    "sugarcane",
    3_450_000,
    "t",
    "L",
    CROPS,
    "pre-harvest burning",
    fraction_burned=0.30,
)
add(
    "V.3",
    "crop_residue_burning",
    "maize",
    12_500,
    "ha",
    "L",
    CROPS,
    "burned area from hotspots / พื้นที่เผาจากจุดความร้อน",
)


def write() -> None:
    book = Workbook()
    meta = book.active
    meta.title = "meta"
    for k, v in (
        ("province", "TH-62"),
        ("year", YEAR + 543),
        ("gwp", "AR5"),
        ("name", "จังหวัดตัวอย่าง (ข้อมูลสมมติ) / Example province (fictional data)"),
    ):
        meta.append([k, v])
    sheet = book.create_sheet("activity")
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append([row.get(c, "") for c in COLUMNS])
    book.save(HERE / "example_province.xlsx")
    with open(HERE / "example_province.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({c: row.get(c, "") for c in COLUMNS})
    with open(HERE / f"example_province_{BASE_YEAR}.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({c: _base_year(row).get(c, "") for c in COLUMNS})
    print(f"{len(rows)} lines written")


def _base_year(row: dict) -> dict:
    """The line in the base year: amounts 10 % lower, deposit years four years earlier."""
    out = dict(row)
    if out.get("amount", "") != "":
        out["amount"] = round(float(out["amount"]) * BASE_YEAR_ACTIVITY, 3)
    if out.get("activity_year", "") != "":
        out["activity_year"] = int(out["activity_year"]) - (YEAR - BASE_YEAR)
    return out


if __name__ == "__main__":
    write()
