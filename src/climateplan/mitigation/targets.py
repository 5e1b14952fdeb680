"""Targets, target paths and the gap between scenarios and targets.

A target set (``name``) is one or more points; its path runs linearly from the
base year's emissions through each point, and stays at the last point after it.
Kinds of point:

- ``bau_relative``: reduction_pct below BAU in ``year`` (the NDC form: Thailand's
  30 % unconditional / 40 % conditional below BAU in 2030);
- ``base_relative``: reduction_pct below the emissions of ``reference_year``
  (default: the base year);
- ``bau_tonnes``: at least ``value`` t CO2e below BAU in ``year``;
- ``absolute``: ``value`` t CO2e in ``year``;
- ``net_zero``: 0 t CO2e in ``year`` (net of the removals the basis counts: use a
  net basis, ``net_basic_plus`` for net zero GHG, ``net_co2`` for carbon neutrality).

Table format (CSV, or sheet ``targets``)::

    name, kind, year, reduction_pct, value, reference_year, basis, valid_from,
    valid_to, source, note

``basis`` is the total the target is set on; blank = the plan's basis (``--basis``,
default BASIC+: it holds agriculture and IPPU, which BASIC leaves out and which
matter in most Thai provinces). Bases: basic, basic_plus, territorial,
basic_plus_no_land (BASIC+ without land use V.2), net_basic_plus, net_territorial,
net_co2 (see aggregate.py). On the command line:
``--target "ndc30=bau:30@2030,netzero@2065"`` (``bau:P@Y``, ``bau_t:T@Y``,
``base:P@Y``, ``abs:V@Y``, ``netzero@Y``; ``name=`` optional; an item
``basis=net_basic_plus`` sets the set's basis) or ``--target ndc`` for the shipped
national targets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from climateplan.errors import ProblemCollector
from climateplan.mitigation._tables import (
    CellReader,
    check_columns,
    drop_blank_rows,
    normalise_key,
    parse_number,
    parse_year,
    read_table,
)
from climateplan.mitigation.aggregate import BASIS_LABELS, basis_label
from climateplan.reference._data import data_path

KINDS = {
    "baurelative": "bau_relative",
    "bau": "bau_relative",
    "baserelative": "base_relative",
    "base": "base_relative",
    "absolute": "absolute",
    "abs": "absolute",
    "bautonnes": "bau_tonnes",
    "baut": "bau_tonnes",
    "netzero": "net_zero",
}
BASES = {normalise_key(b): b for b in BASIS_LABELS if not b.startswith("scope")}
OPTIONAL = (
    "name",
    "reduction_pct",
    "value",
    "reference_year",
    "basis",
    "valid_from",
    "valid_to",
    "source",
    "note",
)


@dataclass(frozen=True)
class Target:
    name: str
    kind: str
    year: int
    reduction: float = 0.0  # fraction (bau_relative, base_relative)
    value: float = 0.0  # t CO2e (absolute)
    reference_year: int | None = None  # base_relative; None = base year
    basis: str | None = None  # None: the plan's basis
    source: str = ""
    valid_from: str = ""
    valid_to: str = ""
    row: int | None = None
    file: str | None = None
    sheet: str | None = None

    def describe(self, lang: str = "en") -> str:
        if self.kind == "bau_relative":
            return (
                f"ลดลง {self.reduction * 100:g}% จากกรณีปกติ (BAU) ในปี {self.year + 543}"
                if lang == "th"
                else f"{self.reduction * 100:g} % below BAU in {self.year}"
            )
        if self.kind == "base_relative":
            ref = self.reference_year or "base year"
            return (
                f"ลดลง {self.reduction * 100:g}% จากปี {ref} ภายในปี {self.year + 543}"
                if lang == "th"
                else f"{self.reduction * 100:g} % below {ref} by {self.year}"
            )
        if self.kind == "bau_tonnes":
            return (
                f"ต่ำกว่ากรณีปกติ (BAU) อย่างน้อย {self.value:,.0f} tCO2e ในปี {self.year + 543}"
                if lang == "th"
                else f"at least {self.value:,.0f} tCO2e below BAU in {self.year}"
            )
        if self.kind == "absolute":
            return (
                f"ไม่เกิน {self.value:,.0f} tCO2e ในปี {self.year + 543}"
                if lang == "th"
                else f"{self.value:,.0f} tCO2e in {self.year}"
            )
        if self.basis == "net_co2":
            return (
                f"ความเป็นกลางทางคาร์บอน (CO2 สุทธิเป็นศูนย์) ในปี {self.year + 543}"
                if lang == "th"
                else f"carbon neutrality (net zero CO2) by {self.year}"
            )
        return f"สุทธิเป็นศูนย์ในปี {self.year + 543}" if lang == "th" else f"net zero by {self.year}"

    def basis_text(self, lang: str = "en") -> str:
        return basis_label(self.basis, lang) if self.basis else ""


_SPEC_ITEM = re.compile(
    r"^\s*(?P<kind>bau_t|bau|base|abs|absolute|netzero|net_zero)\s*"
    r"(?::\s*(?P<num>[-+0-9.,eE%]+))?\s*@\s*(?P<year>\d{4})\s*$",
    re.IGNORECASE,
)
_SPEC_BASIS = re.compile(r"^\s*basis\s*=\s*(?P<basis>[A-Za-z0-9_+ ]+?)\s*$", re.IGNORECASE)
_SPEC_NAME = re.compile(r"^\s*(?P<name>[A-Za-z][\w\-]*)\s*=(?P<body>.*)$")
SPEC_HELP_EN = (
    "write bau:30@2030, bau_t:50000@2030, base:25@2030, abs:150000@2030 or netzero@2065 "
    "(several joined by ',', optional 'name=' first, optional item basis=net_basic_plus)"
)
SPEC_HELP_TH = (
    "ให้เขียนเช่น bau:30@2030, bau_t:50000@2030, base:25@2030, abs:150000@2030 หรือ netzero@2065 "
    "(หลายค่าคั่นด้วย ',' ขึ้นต้นด้วย 'ชื่อ=' ได้ และระบุยอดรวมด้วย basis=net_basic_plus ได้)"
)


def parse_target_spec(
    text: str, *, collector: ProblemCollector, option: str = "--target"
) -> list[Target]:
    """``"[name=]kind[:number]@year[,...]"`` or ``"ndc"`` -> targets (problems to collector)."""
    text = str(text).strip()
    if text.lower() in ("ndc", "national"):
        return list(national_targets())
    name = "target"
    body = text
    named = _SPEC_NAME.match(text)
    if named is not None and named["name"].lower() != "basis":
        name, body = named["name"].lower(), named["body"]
    out = []
    basis = None
    for item in body.split(","):
        stated = _SPEC_BASIS.match(item)
        if stated is not None:
            basis = BASES.get(normalise_key(stated["basis"]))
            if basis is None:
                collector.add(
                    f"unknown basis {stated['basis']!r} in the target {text!r}: expected one of "
                    f"{', '.join(sorted(set(BASES.values())))}",
                    f"ไม่รู้จักยอดรวม (basis) {stated['basis']!r} ในเป้าหมาย {text!r}: ต้องเป็นหนึ่งใน "
                    f"{', '.join(sorted(set(BASES.values())))}",
                    column=option,
                    value=item.strip(),
                )
            continue
        match = _SPEC_ITEM.match(item)
        if match is None:
            collector.add(
                f"cannot read the target {item.strip()!r}: {SPEC_HELP_EN}",
                f"อ่านเป้าหมาย {item.strip()!r} ไม่ได้: {SPEC_HELP_TH}",
                column=option,
                value=item.strip(),
            )
            continue
        kind = KINDS[match["kind"].lower().replace("_", "")]
        year = parse_year(match["year"])
        number = parse_number(match["num"]) if match["num"] else None
        if year is None:
            collector.add(
                f"target year {match['year']} is not a year",
                f"ปีเป้าหมาย {match['year']} ไม่ใช่ปีที่ถูกต้อง",
                column=option,
            )
            continue
        if kind != "net_zero" and number is None:
            collector.add(
                f"the target {item.strip()!r} needs a number after ':'",
                f"เป้าหมาย {item.strip()!r} ต้องมีตัวเลขหลัง ':'",
                column=option,
            )
            continue
        if kind in ("bau_relative", "base_relative") and not 0 <= number <= 100:
            collector.add(
                f"reduction {number:g} % must be between 0 and 100",
                f"ร้อยละการลด {number:g} ต้องอยู่ระหว่าง 0 ถึง 100",
                column=option,
            )
            continue
        if kind in ("absolute", "bau_tonnes") and number < 0:
            collector.add(
                f"the target {item.strip()!r} needs a number of tonnes >= 0",
                f"เป้าหมาย {item.strip()!r} ต้องมีจำนวนตันไม่ติดลบ",
                column=option,
            )
            continue
        tonnes = kind in ("absolute", "bau_tonnes")
        out.append(
            Target(
                name=name,
                kind=kind,
                year=year,
                reduction=0.0 if tonnes else (number or 0.0) / 100.0,
                value=(number or 0.0) if tonnes else 0.0,
            )
        )
    if basis is not None:
        out = [replace(t, basis=basis) for t in out]
    return out


def read_targets(
    source: str | Path | pd.DataFrame, *, collector: ProblemCollector | None = None
) -> list[Target]:
    """Read and check a targets table; problems to ``collector`` or raised at once."""
    own = collector is None
    collector = ProblemCollector() if collector is None else collector
    table = read_table(source, sheet="targets", collector=collector)
    out: list[Target] = []
    if table is not None and check_columns(
        table,
        required=("kind", "year"),
        optional=OPTIONAL,
        collector=collector,
        what_en="targets",
        what_th="เป้าหมาย (targets)",
    ):
        cells = CellReader(table, collector)
        frame = drop_blank_rows(table.frame)
        for row in frame.index:
            kind = cells.choice(row, "kind", KINDS)
            year = cells.year(row, "year")
            basis = cells.choice(row, "basis", BASES, default="")
            reduction = value = None
            if kind in ("bau_relative", "base_relative"):
                reduction = cells.number(
                    row, "reduction_pct", required=True, minimum=0.0, maximum=100.0, unit=" %"
                )
            elif kind in ("absolute", "bau_tonnes"):
                value = cells.number(row, "value", required=True, minimum=0.0, unit=" t CO2e")
            reference = cells.year(row, "reference_year", required=False)
            if None in (kind, year) or (kind != "net_zero" and reduction is None and value is None):
                continue
            out.append(
                Target(
                    name=(frame.at[row, "name"] or "target").lower(),
                    kind=kind,
                    year=year,
                    reduction=(reduction or 0.0) / 100.0,
                    value=value or 0.0,
                    reference_year=reference,
                    basis=basis or None,
                    source=frame.at[row, "source"],
                    valid_from=frame.at[row, "valid_from"],
                    valid_to=frame.at[row, "valid_to"],
                    row=int(row),
                    file=table.file,
                    sheet=table.sheet,
                )
            )
    if own:
        collector.raise_if_any()
    return out


def national_targets(as_of: date | None = None) -> tuple[Target, ...]:
    """Thailand's national targets as shipped (reference/data/mitigation_national_targets.csv)
    that are valid on ``as_of`` (default today): a new NDC is a change of that file."""
    day = (as_of or date.today()).isoformat()
    return tuple(
        t
        for t in _national_targets()
        if (not t.valid_from or t.valid_from <= day) and (not t.valid_to or day <= t.valid_to)
    )


@lru_cache(maxsize=1)
def _national_targets() -> tuple[Target, ...]:
    return tuple(read_targets(data_path("mitigation_national_targets.csv")))


def with_basis(targets: list[Target], basis: str) -> list[Target]:
    """Targets that state no basis take the plan's (or the roll-up's) basis."""
    return [t if t.basis else replace(t, basis=basis) for t in targets]


def national_targets_table() -> pd.DataFrame:
    return pd.read_csv(
        data_path("mitigation_national_targets.csv"), dtype=str, keep_default_na=False
    )


def target_sets(targets: list[Target]) -> dict[str, list[Target]]:
    sets: dict[str, list[Target]] = {}
    for t in targets:
        sets.setdefault(t.name, []).append(t)
    return {k: sorted(v, key=lambda t: t.year) for k, v in sets.items()}


def check_targets(
    targets: list[Target],
    base_year: int,
    collector: ProblemCollector,
    *,
    last_year: int | None = None,
) -> None:
    """Target years after the base year (and within the projection), one basis per set."""
    for t in targets:
        loc = {"file": t.file, "row": t.row}
        if t.sheet:
            loc["sheet"] = t.sheet
        if t.year <= base_year:
            collector.add(
                f"target {t.name!r}: the target year {t.year} is not after the base year "
                f"{base_year}",
                f"เป้าหมาย {t.name!r}: ปีเป้าหมาย {t.year} (พ.ศ. {t.year + 543}) ไม่ได้อยู่หลังปีฐาน "
                f"{base_year} (พ.ศ. {base_year + 543})",
                column="year",
                **loc,
            )
        elif last_year is not None and t.year > last_year:
            collector.add(
                f"target {t.name!r}: the target year {t.year} is after the end of the projection "
                f"{last_year}: project further (--to {t.year})",
                f"เป้าหมาย {t.name!r}: ปีเป้าหมาย {t.year} อยู่หลังปีสิ้นสุดการคาดการณ์ {last_year}: "
                f"ให้คาดการณ์ถึงปี {t.year} (--to {t.year})",
                column="year",
                **loc,
            )
        if t.reference_year is not None and (
            t.reference_year < base_year or (last_year is not None and t.reference_year > last_year)
        ):
            collector.add(
                f"target {t.name!r}: reference year {t.reference_year} is outside the projected "
                f"years {base_year}-{last_year}",
                f"เป้าหมาย {t.name!r}: ปีอ้างอิง {t.reference_year} อยู่นอกช่วงปีที่คาดการณ์ "
                f"{base_year}-{last_year}",
                column="reference_year",
                **loc,
            )
    for name, members in target_sets(targets).items():
        if len({t.basis for t in members}) > 1:
            rows = ", ".join(str(t.row) for t in members if t.row is not None)
            collector.add(
                f"target {name!r} mixes bases ({', '.join(sorted({t.basis for t in members}))}): "
                "one target set is set on one total",
                f"เป้าหมาย {name!r} ใช้ยอดรวมหลายแบบปนกัน: เป้าหมายชุดหนึ่งต้องใช้ยอดรวมแบบเดียว",
                column="basis",
                file=members[0].file,
                value=rows or None,
            )
        years = [t.year for t in members]
        if len(set(years)) < len(years):
            collector.add(
                f"target {name!r} has two points in the same year",
                f"เป้าหมาย {name!r} มีสองค่าในปีเดียวกัน",
                column="year",
            )


def target_path(
    members: list[Target], years: np.ndarray, base_value: float, bau: np.ndarray
) -> np.ndarray:
    """The target path of one set over ``years`` (years[0] is the base year).

    Linear from (base year, base_value) through each point; flat after the last.
    ``bau``: the BAU total of the set's basis for every year (same length).
    """
    years = np.asarray(years, int)
    base_year = int(years[0])
    xs, ys = [base_year], [float(base_value)]
    for t in sorted(members, key=lambda t: t.year):
        i = t.year - base_year
        if t.kind == "bau_relative":
            value = (1.0 - t.reduction) * bau[i]
        elif t.kind == "base_relative":
            ref = (t.reference_year or base_year) - base_year
            value = (1.0 - t.reduction) * bau[ref]
        elif t.kind == "bau_tonnes":
            value = bau[i] - t.value
        elif t.kind == "absolute":
            value = t.value
        else:
            value = 0.0
        xs.append(t.year)
        ys.append(float(value))
    return np.interp(years, xs, ys)
