"""Plan periods and years: stored in Common Era, entered and shown in Buddhist Era on
Thai pages (BE = CE + 543)."""

from __future__ import annotations

from climateplan.errors import Problem

BE_OFFSET = 543
# A provincial plan runs five years (e.g. 2566-2570 BE); Bangkok's master plan ten
# (2564-2573 BE). Longer periods are refused as a likely typing mistake.
MAX_PERIOD_YEARS = 15
FIRST_YEAR = 2000  # CE: no plan of the platform starts earlier
LAST_YEAR = 2100
# Abbreviated month names: Thai as the Royal Institute writes them (ม.ค. ... ธ.ค.), English.
THAI_MONTHS = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
ENGLISH_MONTHS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def to_be(year_ce: int) -> int:
    return int(year_ce) + BE_OFFSET


def to_ce(year_be: int) -> int:
    return int(year_be) - BE_OFFSET


def year_label(year_ce: int, lang: str) -> str:
    """A year as users of the language read it (BE in Thai, CE in English)."""
    return str(to_be(year_ce)) if lang == "th" else str(int(year_ce))


def period_label(start_ce: int, end_ce: int, lang: str) -> str:
    if lang == "th":
        return f"พ.ศ. {to_be(start_ce)}-{to_be(end_ce)}"
    return f"{int(start_ce)}-{int(end_ce)}"


def check_period(start_ce: int, end_ce: int, base_year_ce: int | None = None) -> list[Problem]:
    """Every problem of a plan period (and its base year), in both languages."""
    problems: list[Problem] = []
    for name, year in (("start", start_ce), ("end", end_ce)):
        if not FIRST_YEAR <= year <= LAST_YEAR:
            problems.append(
                Problem(
                    f"the plan's {name} year {year} (BE {to_be(year)}) is outside "
                    f"{FIRST_YEAR}-{LAST_YEAR} (BE {to_be(FIRST_YEAR)}-{to_be(LAST_YEAR)})",
                    f"ปี{'เริ่มต้น' if name == 'start' else 'สิ้นสุด'}ของแผน พ.ศ. {to_be(year)} อยู่นอกช่วง "
                    f"พ.ศ. {to_be(FIRST_YEAR)}-{to_be(LAST_YEAR)}",
                    column=f"{name}_year",
                    value=str(year),
                )
            )
    if problems:
        return problems
    if end_ce < start_ce:
        problems.append(
            Problem(
                f"the plan ends ({end_ce}) before it starts ({start_ce})",
                f"ปีสิ้นสุดของแผน (พ.ศ. {to_be(end_ce)}) มาก่อนปีเริ่มต้น (พ.ศ. {to_be(start_ce)})",
                column="end_year",
                value=str(end_ce),
            )
        )
    elif end_ce - start_ce + 1 > MAX_PERIOD_YEARS:
        problems.append(
            Problem(
                f"a plan period of {end_ce - start_ce + 1} years is longer than "
                f"{MAX_PERIOD_YEARS}: check the years",
                f"ช่วงเวลาของแผน {end_ce - start_ce + 1} ปี ยาวกว่า {MAX_PERIOD_YEARS} ปี "
                "กรุณาตรวจสอบปีอีกครั้ง",
                column="end_year",
                value=str(end_ce),
            )
        )
    if base_year_ce is not None and base_year_ce > start_ce:
        problems.append(
            Problem(
                f"the base year {base_year_ce} is after the plan starts ({start_ce}): the base "
                "year is an inventory year before or at the start of the plan",
                f"ปีฐาน พ.ศ. {to_be(base_year_ce)} อยู่หลังปีเริ่มต้นของแผน (พ.ศ. {to_be(start_ce)}) "
                "ปีฐานต้องเป็นปีของบัญชีก๊าซเรือนกระจกก่อนหรือในปีที่แผนเริ่ม",
                column="base_year",
                value=str(base_year_ce),
            )
        )
    return problems
