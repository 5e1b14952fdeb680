"""The risk index framework: hazards, dimensions, categories, components, indicators.

A framework is a YAML file (the shipped default is ``risk/data/risk_framework_th.yaml``;
its schema is documented in docs/risk/index.md). Loading validates the whole file and
reports every problem at once, each with the file, the YAML line and the path inside
the document (``components.flood.indicators[2].weight``), in English and Thai.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from climateplan.errors import ProblemCollector

DIMENSIONS = ("hazard_exposure", "vulnerability", "lack_of_coping_capacity")
DIRECTIONS = ("higher_is_worse", "higher_is_better")
TRANSFORMS = ("linear", "log")
STATISTICS = ("value", "change", "change_pct")
ROLES_BY_DIMENSION = {
    "hazard_exposure": ("hazard", "hazard_projected", "exposure"),
    "vulnerability": ("vulnerability",),
    "lack_of_coping_capacity": ("coping",),
}
ALL_HAZARDS = "all"
HISTORICAL = "historical"
_INDICATOR_KEYS = (
    "name",
    "unit",
    "direction",
    "transform",
    "min",
    "max",
    "bounds_note",
    "hazards",
    "nap_sectors",
    "role",
    "value_from",
    "source",
    "year",
)
_COMPONENT_KEYS = ("name", "hazards", "indicators", "components")
_HAZARD_KEYS = ("name", "short", "gcom", "nap_sectors", "vulnerable_groups", "change", "occurs_in")
# Named province sets a hazard may be limited to with `occurs_in` (data file, key column).
PROVINCE_SETS = {"coastal_provinces": "coastal_provinces_th.csv"}
_REGISTER_KEYS = (
    "probability_bounds",
    "consequence_bounds",
    "crf_levels",
    "scenario",
    "no_change_pct",
    "timeframes",
    "matrix_levels",
)
_PERIOD = re.compile(r"^\s*(\d{4})\s*-\s*(\d{4})\s*$")
_TOP_LEVEL = (
    "framework",
    "settings",
    "nap_sectors",
    "vulnerable_groups",
    "hazards",
    "dimensions",
    "categories",
    "components",
    "indicators",
)


def default_framework_path() -> Path:
    """The shipped default framework for Thai provinces."""
    return Path(str(files("climateplan.risk") / "data" / "risk_framework_th.yaml"))


@dataclass(frozen=True)
class Label:
    """A name in English and Thai."""

    en: str
    th: str

    def both(self) -> str:
        return f"{self.th} / {self.en}"


@dataclass(frozen=True)
class GriddedSource:
    """Where a gridded indicator's value comes from in the gridded indices table."""

    index: str
    period: str
    scenario: str
    statistic: str  # value | change | change_pct


@dataclass(frozen=True)
class Indicator:
    id: str
    name: Label
    unit: str
    direction: str
    transform: str
    min: float
    max: float
    hazards: tuple[str, ...]
    nap_sectors: tuple[str, ...]
    role: str
    gridded: GriddedSource | None  # None: the value comes from the indicator table
    source: str
    year: str
    bounds_note: str = ""

    @property
    def value_from(self) -> str:
        return "table" if self.gridded is None else "gridded"

    def applies_to_hazard(self, hazard: str) -> bool:
        return ALL_HAZARDS in self.hazards or hazard in self.hazards


@dataclass(frozen=True)
class Child:
    """A weighted reference from a node to a category, component or indicator."""

    kind: str  # category | component | indicator
    ref: str
    weight: float


@dataclass(frozen=True)
class Node:
    """A dimension, category or component: a weighted arithmetic mean of its children."""

    id: str
    kind: str  # dimension | category | component
    name: Label
    children: tuple[Child, ...]
    hazards: tuple[str, ...] = ()  # components only; empty: every hazard


@dataclass(frozen=True)
class ChangeIndex:
    index: str
    sign: int = 1  # -1: the hazard grows when the index falls
    no_change: float = math.nan  # absolute no-change tolerance in the index's unit


@dataclass(frozen=True)
class Hazard:
    id: str
    name: Label
    gcom: Label
    short: Label  # for crowded charts (the risk matrix); defaults to the name
    nap_sectors: tuple[str, ...]
    vulnerable_groups: tuple[str, ...]
    intensity: tuple[ChangeIndex, ...]
    frequency: tuple[ChangeIndex, ...]
    # Provinces where the hazard can occur (None: every province). Elsewhere the hazard is
    # "not applicable": not scored, not in the register or the matrix.
    provinces: frozenset[str] | None = None
    occurs_in: str = ""  # the named set or "listed" (for reports)

    def occurs_in_province(self, code: str) -> bool:
        return self.provinces is None or code in self.provinces


def province_set(name: str) -> frozenset[str]:
    """A named province set shipped in risk/data (see PROVINCE_SETS), as TH-xx codes."""
    with (
        files("climateplan.risk")
        .joinpath("data", PROVINCE_SETS[name])
        .open(encoding="utf-8") as handle
    ):
        return frozenset(pd.read_csv(handle, dtype=str)["province"].str.strip())


@dataclass(frozen=True)
class Band:
    """A class of scores: members are below ``below`` (None: no upper bound)."""

    id: str
    label: Label
    below: float | None


@dataclass(frozen=True)
class RegisterSettings:
    probability_bounds: tuple[float, ...]
    consequence_bounds: tuple[float, ...]
    crf_levels: tuple[tuple[str, Label, int], ...]
    scenario: str
    no_change_pct: float
    timeframes: tuple[Band, ...]  # `below` holds the last middle year of the timeframe
    matrix_levels: tuple[Band, ...]


@dataclass(frozen=True)
class Settings:
    min_coverage: float
    drivers: int
    classes: tuple[Band, ...]
    register: RegisterSettings


@dataclass(frozen=True)
class Framework:
    id: str
    version: str
    name: Label
    source: str
    path: str
    settings: Settings
    nap_sectors: dict[str, Label]
    vulnerable_groups: dict[str, Label]
    hazards: dict[str, Hazard]
    dimensions: tuple[Node, ...]
    categories: dict[str, Node]
    components: dict[str, Node]
    indicators: dict[str, Indicator]
    _order: tuple[str, ...] = field(default=(), repr=False)

    def node(self, node_id: str) -> Node:
        for table in (self.components, self.categories):
            if node_id in table:
                return table[node_id]
        for dim in self.dimensions:
            if dim.id == node_id:
                return dim
        raise KeyError(node_id)

    def nodes_in_order(self) -> list[Node]:
        """Components (children before parents), then categories, then dimensions."""
        return [self.node(n) for n in self._order]

    def dimension_of_indicators(self) -> dict[str, str]:
        """The dimension each used indicator sits in."""
        out: dict[str, str] = {}
        for dim in self.dimensions:
            for ind in self._indicators_under(dim):
                out[ind] = dim.id
        return out

    def _indicators_under(self, node: Node) -> set[str]:
        found: set[str] = set()
        for child in node.children:
            if child.kind == "indicator":
                found.add(child.ref)
            else:
                found |= self._indicators_under(self.node(child.ref))
        return found

    def node_provinces(self, node: Node) -> frozenset[str] | None:
        """Provinces where a hazard component applies: the union of its hazards' provinces
        when every one of them is limited (None: every province)."""
        if not node.hazards:
            return None
        limits = [self.hazards[h].provinces for h in node.hazards if h in self.hazards]
        if not limits or any(limit is None for limit in limits):
            return None
        return frozenset().union(*limits)

    def indicator_provinces(self, ind_id: str) -> frozenset[str] | None:
        """Provinces where an indicator applies: limited only when every hazard it is
        tagged with is limited (an indicator for "all" hazards applies everywhere)."""
        ind = self.indicators[ind_id]
        if not ind.hazards or ALL_HAZARDS in ind.hazards:
            return None
        limits = [self.hazards[h].provinces for h in ind.hazards if h in self.hazards]
        if not limits or any(limit is None for limit in limits):
            return None
        return frozenset().union(*limits)

    def used_indicators(self) -> list[str]:
        """Indicators reachable from the dimensions, in file order."""
        used = set(self.dimension_of_indicators())
        return [i for i in self.indicators if i in used]

    def indicator_table(self) -> pd.DataFrame:
        """One row per used indicator with everything the framework says about it."""
        dims = self.dimension_of_indicators()
        rows = []
        for ind_id in self.used_indicators():
            ind = self.indicators[ind_id]
            g = ind.gridded
            rows.append(
                {
                    "indicator": ind.id,
                    "name_en": ind.name.en,
                    "name_th": ind.name.th,
                    "dimension": dims[ind.id],
                    "role": ind.role,
                    "unit": ind.unit,
                    "direction": ind.direction,
                    "transform": ind.transform,
                    "min": ind.min,
                    "max": ind.max,
                    "hazards": ",".join(ind.hazards),
                    "nap_sectors": ",".join(ind.nap_sectors),
                    "value_from": ind.value_from,
                    "gridded_index": g.index if g else "",
                    "gridded_period": g.period if g else "",
                    "gridded_scenario": g.scenario if g else "",
                    "gridded_statistic": g.statistic if g else "",
                    "source": ind.source,
                    "year": ind.year,
                    "bounds_note": ind.bounds_note,
                }
            )
        return pd.DataFrame(rows)

    def with_projection(self, scenario: str | None = None, period: str | None = None) -> Framework:
        """The same framework with every projected gridded indicator moved to another
        scenario and / or period (baseline indicators, scenario "historical", stay)."""
        if scenario is None and period is None:
            return self
        indicators = {}
        for ind_id, ind in self.indicators.items():
            g = ind.gridded
            if g is not None and g.scenario != HISTORICAL:
                g = replace(g, scenario=scenario or g.scenario, period=period or g.period)
                ind = replace(ind, gridded=g, year=g.period if period else ind.year)
            indicators[ind_id] = ind
        register = self.settings.register
        if scenario:
            register = replace(register, scenario=scenario)
        settings = replace(self.settings, register=register)
        return replace(self, indicators=indicators, settings=settings)


def period_years(period: str) -> tuple[int, int] | None:
    """(first, last) year of a period label "2021-2050"; None when it is not one."""
    match = _PERIOD.match(str(period))
    if not match:
        return None
    first, last = int(match.group(1)), int(match.group(2))
    return (first, last) if first <= last else None


# ----------------------------------------------------------------------------- loading


def load_framework(path: str | Path | None = None) -> Framework:
    """Read and validate a framework file (the shipped default when ``path`` is None).

    Raises :class:`climateplan.errors.InputError` listing every problem found.
    """
    if path is None:
        # the shipped file is package data, the same for the life of the process: read once
        try:
            return parse_framework(*_default_file())
        except OSError:
            path = default_framework_path()  # unreadable: reported below, as any file is
    path = Path(path)
    problems = ProblemCollector(file=str(path))
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        problems.add(
            f"cannot read the framework file: {exc.strerror or exc}",
            f"อ่านไฟล์กรอบดัชนีไม่ได้: {exc.strerror or exc}",
        )
        problems.raise_if_any()
    return parse_framework(text, str(path))


@lru_cache(maxsize=1)
def _default_file() -> tuple[str, str]:
    """The shipped framework's text and file name."""
    path = default_framework_path()
    return path.read_text(encoding="utf-8"), str(path)


def parse_framework(text: str, file_name: str = "<framework>") -> Framework:
    """Validate a framework given as YAML text; see :func:`load_framework`.

    The same text gives the same (frozen) framework: validating the shipped file takes
    a fifth of a second and a plan page asks for it several times, so the last few are
    kept (problems are raised again each time, never kept).
    """
    return _parse_framework(text, file_name)


@lru_cache(maxsize=8)
def _parse_framework(text: str, file_name: str) -> Framework:
    problems = ProblemCollector(file=file_name)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available
    try:
        document = yaml.load(text, Loader=loader)  # a safe loader (C or Python)
        root_node = yaml.compose(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.add(
            f"not valid YAML: {getattr(exc, 'problem', None) or exc}",
            f"รูปแบบ YAML ไม่ถูกต้อง: {getattr(exc, 'problem', None) or exc}",
            row=mark.line + 1 if mark is not None else None,
        )
        problems.raise_if_any()
    lines: dict[str, int] = {}
    if root_node is not None:
        _walk_lines(root_node, "", lines, problems)
    checker = _Checker(problems, lines, file_name)
    framework = checker.check(document)
    problems.raise_if_any()
    assert framework is not None
    return with_default_roles(framework)


def _walk_lines(node: yaml.Node, path: str, out: dict[str, int], problems) -> None:
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = str(key_node.value)
            sub = f"{path}.{key}" if path else key
            if key in seen:
                problems.add(
                    f"{sub}: key given twice (the second would silently replace the first)",
                    f"{sub}: คีย์ซ้ำกัน (ค่าที่สองจะทับค่าแรกโดยไม่แจ้ง)",
                    row=key_node.start_mark.line + 1,
                )
            seen.add(key)
            out.setdefault(sub, key_node.start_mark.line + 1)
            _walk_lines(value_node, sub, out, problems)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            sub = f"{path}[{i}]"
            out.setdefault(sub, item.start_mark.line + 1)
            _walk_lines(item, sub, out, problems)


def _is_number(value: Any) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(float(value))
    )


class _Checker:
    """Walks the parsed YAML, building the Framework and collecting every problem."""

    def __init__(self, problems: ProblemCollector, lines: dict[str, int], file_name: str):
        self.problems = problems
        self.lines = lines
        self.file_name = file_name

    # -- helpers
    def line(self, path: str) -> int | None:
        while path:
            if path in self.lines:
                return self.lines[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return None

    def add(self, path: str, en: str, th: str, value: Any = None) -> None:
        self.problems.add(
            f"{path}: {en}" if path else en,
            f"{path}: {th}" if path else th,
            row=self.line(path),
            value=None if value is None else str(value),
        )

    def keys(self, item: dict, path: str, allowed: tuple[str, ...]) -> None:
        """Report keys the schema does not know (a typo such as 'weigth' would be ignored)."""
        for key in item:
            if key not in allowed:
                self.add(
                    f"{path}.{key}",
                    f"unknown key; expected one of: {', '.join(allowed)}",
                    f"ไม่รู้จักคีย์นี้ ต้องเป็นหนึ่งใน: {', '.join(allowed)}",
                )

    def mapping(self, value: Any, path: str, required: bool = True) -> dict:
        if isinstance(value, dict):
            return value
        if value is None and not required:
            return {}
        self.add(
            path,
            f"expected a mapping (key: value lines), got {_shown(value)}",
            f"ต้องเป็นชุดคีย์และค่า (key: value) แต่พบ {_shown(value)}",
        )
        return {}

    def sequence(self, value: Any, path: str, required: bool = True) -> list:
        if isinstance(value, list):
            return value
        if value is None and not required:
            return []
        self.add(
            path,
            f"expected a list, got {_shown(value)}",
            f"ต้องเป็นรายการ (list) แต่พบ {_shown(value)}",
        )
        return []

    def text(self, mapping: dict, key: str, path: str, required: bool = True) -> str:
        value = mapping.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(
                    f"{path}.{key}",
                    "required text is missing",
                    "ไม่มีข้อความที่จำเป็นต้องระบุ",
                )
            return ""
        if isinstance(value, dict | list):
            self.add(
                f"{path}.{key}",
                f"expected text, got {_shown(value)}",
                f"ต้องเป็นข้อความ แต่พบ {_shown(value)}",
            )
            return ""
        return str(value).strip()

    def label(self, value: Any, path: str) -> Label:
        mapping = self.mapping(value, path)
        if not mapping and not isinstance(value, dict):
            return Label("", "")
        # an unquoted comma in a flow mapping ({en: per 1,000 people}) splits the text
        # into a stray key: report it rather than show a name cut at the comma
        self.keys(mapping, path, ("en", "th"))
        return Label(self.text(mapping, "en", path), self.text(mapping, "th", path))

    def number(self, mapping: dict, key: str, path: str, default: Any = None) -> float:
        value = mapping.get(key, default)
        if not _is_number(value):
            self.add(
                f"{path}.{key}",
                f"expected a number, got {_shown(value)}",
                f"ต้องเป็นตัวเลข แต่พบ {_shown(value)}",
                value,
            )
            return math.nan
        return float(value)

    def ids(self, value: Any, path: str, known: dict | set, what_en: str, what_th: str) -> tuple:
        out = []
        for i, item in enumerate(self.sequence(value, path)):
            item_id = str(item).strip()
            if item_id not in known:
                self.add(
                    f"{path}[{i}]",
                    f"unknown {what_en} {item_id!r}; expected one of: {', '.join(known)}",
                    f"ไม่รู้จัก{what_th} {item_id!r} ต้องเป็นหนึ่งใน: {', '.join(known)}",
                    item_id,
                )
            else:
                out.append(item_id)
        return tuple(out)

    def bands(self, value: Any, path: str, key: str, lo: float, hi: float) -> tuple[Band, ...]:
        """A list of classes, each with an upper bound `key` but the last."""
        items = self.sequence(value, path)
        bands: list[Band] = []
        seen: set[str] = set()
        previous = lo
        for i, raw in enumerate(items):
            sub = f"{path}[{i}]"
            item = self.mapping(raw, sub)
            band_id = self.text(item, "id", sub)
            if band_id in seen:
                self.add(f"{sub}.id", f"id {band_id!r} given twice", f"รหัส {band_id!r} ซ้ำกัน")
            seen.add(band_id)
            label = Label(self.text(item, "en", sub), self.text(item, "th", sub))
            last = i == len(items) - 1
            bound = None
            if last:
                if item.get(key) is not None:
                    self.add(
                        f"{sub}.{key}",
                        f"the last class has no upper bound; remove {key!r}",
                        f"ชั้นสุดท้ายไม่มีขอบบน ให้ลบ {key!r}",
                    )
            else:
                bound = self.number(item, key, sub)
                if not math.isnan(bound) and not (previous < bound < hi):
                    self.add(
                        f"{sub}.{key}",
                        f"bounds must increase strictly between {lo:g} and {hi:g}; "
                        f"got {bound:g} after {previous:g}",
                        f"ขอบเขตต้องเพิ่มขึ้นอย่างเคร่งครัดระหว่าง {lo:g} ถึง {hi:g} "
                        f"แต่พบ {bound:g} ต่อจาก {previous:g}",
                        bound,
                    )
                elif not math.isnan(bound):
                    previous = bound
            bands.append(Band(band_id, label, bound))
        if len(items) < 2:
            self.add(path, "give at least two classes", "ต้องมีอย่างน้อยสองชั้น")
        return tuple(bands)

    def weights(
        self, items: list, path: str, kind: str, known: dict, check_sum: bool = True
    ) -> tuple[Child, ...]:
        """A list of {ref, weight} references; weights are numbers >= 0."""
        children: list[Child] = []
        for i, raw in enumerate(items):
            sub = f"{path}[{i}]"
            item = self.mapping(raw, sub)
            self.keys(item, sub, ("ref", "weight"))
            ref = self.text(item, "ref", sub)
            if ref and ref not in known:
                self.add(
                    f"{sub}.ref",
                    f"unknown {kind} {ref!r}: it is not defined under '{kind_section(kind)}'",
                    f"ไม่รู้จัก {kind} {ref!r}: ไม่ได้กำหนดไว้ใน '{kind_section(kind)}'",
                    ref,
                )
            weight = item.get("weight", 1)
            if not _is_number(weight):
                self.add(
                    f"{sub}.weight",
                    f"weight must be a number of zero or more, got {_shown(weight)}",
                    f"น้ำหนักต้องเป็นตัวเลขตั้งแต่ศูนย์ขึ้นไป แต่พบ {_shown(weight)}",
                    weight,
                )
                weight = math.nan
            elif weight < 0:
                self.add(
                    f"{sub}.weight",
                    f"weight must not be negative, got {weight:g}",
                    f"น้ำหนักต้องไม่ติดลบ แต่พบ {weight:g}",
                    weight,
                )
            children.append(Child(kind, ref, float(weight)))
        refs = [c.ref for c in children]
        for ref in sorted({r for r in refs if refs.count(r) > 1 and r}):
            self.add(
                path,
                f"{kind} {ref!r} is listed twice in the same group",
                f"{kind} {ref!r} ถูกระบุซ้ำสองครั้งในกลุ่มเดียวกัน",
                ref,
            )
        if check_sum:
            self.weight_sum(children, path)
        return tuple(children)

    def weight_sum(self, children: list[Child] | tuple[Child, ...], path: str) -> None:
        """A group's weights must sum above zero (checked once every weight is valid)."""
        weights = [c.weight for c in children]
        if weights and all(w >= 0 for w in weights) and sum(weights) <= 0:
            self.add(
                path,
                "the weights of this group sum to zero; at least one must be above zero",
                "ผลรวมน้ำหนักของกลุ่มนี้เป็นศูนย์ ต้องมีอย่างน้อยหนึ่งค่าที่มากกว่าศูนย์",
            )

    # -- the document
    def check(self, doc: Any) -> Framework | None:
        doc = self.mapping(doc, "")
        for key in doc:
            if key not in _TOP_LEVEL:
                self.add(
                    str(key),
                    f"unknown section; expected: {', '.join(_TOP_LEVEL)}",
                    f"ไม่รู้จักหัวข้อนี้ ต้องเป็น: {', '.join(_TOP_LEVEL)}",
                )
        for key in _TOP_LEVEL:
            if key not in doc and key != "vulnerable_groups":
                self.add(key, "required section is missing", "ไม่มีหัวข้อที่จำเป็น")
        meta = self.mapping(doc.get("framework"), "framework")
        settings = self.check_settings(self.mapping(doc.get("settings"), "settings"))
        sectors = {
            str(k): self.label(v, f"nap_sectors.{k}")
            for k, v in self.mapping(doc.get("nap_sectors"), "nap_sectors").items()
        }
        groups = {
            str(k): self.label(v, f"vulnerable_groups.{k}")
            for k, v in self.mapping(
                doc.get("vulnerable_groups"), "vulnerable_groups", required=False
            ).items()
        }
        hazards = self.check_hazards(self.mapping(doc.get("hazards"), "hazards"), sectors, groups)
        raw_indicators = self.mapping(doc.get("indicators"), "indicators")
        raw_components = self.mapping(doc.get("components"), "components")
        raw_categories = self.mapping(doc.get("categories"), "categories")
        indicators = {
            str(k): self.check_indicator(str(k), v, sectors, hazards)
            for k, v in raw_indicators.items()
        }
        components = {
            str(k): self.check_node(
                str(k), "component", v, "components", raw_components, raw_indicators, hazards
            )
            for k, v in raw_components.items()
        }
        categories = {
            str(k): self.check_node(
                str(k), "category", v, "categories", raw_components, raw_indicators, hazards
            )
            for k, v in raw_categories.items()
        }
        dimensions = self.check_dimensions(doc.get("dimensions"), raw_categories)
        order = self.check_cycles(components)
        framework = Framework(
            id=self.text(meta, "id", "framework"),
            version=self.text(meta, "version", "framework", required=False),
            name=self.label(meta.get("name"), "framework.name"),
            source=self.text(meta, "source", "framework", required=False),
            path=self.file_name,
            settings=settings,
            nap_sectors=sectors,
            vulnerable_groups=groups,
            hazards=hazards,
            dimensions=dimensions,
            categories=categories,
            components=components,
            indicators=indicators,
            _order=(*order, *categories, *(d.id for d in dimensions)),
        )
        if not self.problems:
            self.check_roles_and_coverage(framework)
        return framework

    def check_settings(self, raw: dict) -> Settings:
        path = "settings"
        self.keys(raw, path, ("min_coverage", "drivers", "classes", "register"))
        min_coverage = self.number(raw, "min_coverage", path, default=0.5)
        if not math.isnan(min_coverage) and not 0 <= min_coverage <= 1:
            self.add(
                f"{path}.min_coverage",
                f"must be a share between 0 and 1, got {min_coverage:g}",
                f"ต้องเป็นสัดส่วนระหว่าง 0 ถึง 1 แต่พบ {min_coverage:g}",
                min_coverage,
            )
        drivers = raw.get("drivers", 3)
        if not isinstance(drivers, int) or isinstance(drivers, bool) or drivers < 1:
            self.add(
                f"{path}.drivers",
                f"must be a whole number of 1 or more, got {_shown(drivers)}",
                f"ต้องเป็นจำนวนเต็มตั้งแต่ 1 ขึ้นไป แต่พบ {_shown(drivers)}",
                drivers,
            )
            drivers = 3
        classes = self.bands(raw.get("classes"), f"{path}.classes", "below", 0.0, 10.0)
        reg = self.mapping(raw.get("register"), f"{path}.register")
        rpath = f"{path}.register"
        self.keys(reg, rpath, _REGISTER_KEYS)
        bounds = {}
        for key in ("probability_bounds", "consequence_bounds"):
            values = self.sequence(reg.get(key), f"{rpath}.{key}")
            ok = len(values) == 4 and all(_is_number(v) for v in values)
            ok = ok and all(a < b for a, b in itertools.pairwise(values))
            ok = ok and values[0] > 0 and values[-1] < 10
            if not ok:
                self.add(
                    f"{rpath}.{key}",
                    "expected four increasing numbers between 0 and 10 (score -> level 1-5)",
                    "ต้องเป็นตัวเลขสี่ค่าที่เพิ่มขึ้นระหว่าง 0 ถึง 10 (คะแนน -> ระดับ 1-5)",
                    values,
                )
                values = [2.0, 4.0, 6.0, 8.0]
            bounds[key] = tuple(float(v) for v in values)
        crf = []
        for i, raw_level in enumerate(self.sequence(reg.get("crf_levels"), f"{rpath}.crf_levels")):
            sub = f"{rpath}.crf_levels[{i}]"
            item = self.mapping(raw_level, sub)
            level = item.get("max_level")
            if not isinstance(level, int) or not 1 <= level <= 5:
                self.add(
                    f"{sub}.max_level",
                    "expected a level from 1 to 5",
                    "ต้องเป็นระดับ 1 ถึง 5",
                    level,
                )
                level = 5
            crf.append(
                (
                    self.text(item, "id", sub),
                    Label(self.text(item, "en", sub), self.text(item, "th", sub)),
                    level,
                )
            )
        if crf and crf[-1][2] != 5:
            self.add(
                f"{rpath}.crf_levels",
                "the last CRF level must reach level 5",
                "ระดับ CRF สุดท้ายต้องครอบคลุมถึงระดับ 5",
            )
        no_change = self.number(reg, "no_change_pct", rpath, default=5.0)
        if not math.isnan(no_change) and no_change < 0:
            self.add(
                f"{rpath}.no_change_pct",
                "must not be negative",
                "ต้องไม่ติดลบ",
                no_change,
            )
        timeframes = self.bands(reg.get("timeframes"), f"{rpath}.timeframes", "until", 1900, 2300)
        matrix = self.bands(reg.get("matrix_levels"), f"{rpath}.matrix_levels", "below", 1, 25)
        register = RegisterSettings(
            probability_bounds=bounds["probability_bounds"],
            consequence_bounds=bounds["consequence_bounds"],
            crf_levels=tuple(crf),
            scenario=self.text(reg, "scenario", rpath),
            no_change_pct=no_change,
            timeframes=timeframes,
            matrix_levels=matrix,
        )
        return Settings(min_coverage, int(drivers), classes, register)

    def check_hazards(self, raw: dict, sectors: dict, groups: dict) -> dict[str, Hazard]:
        hazards = {}
        for key, value in raw.items():
            hazard_id = str(key)
            path = f"hazards.{hazard_id}"
            item = self.mapping(value, path)
            self.keys(item, path, _HAZARD_KEYS)
            if hazard_id == ALL_HAZARDS:
                self.add(
                    path,
                    f"{ALL_HAZARDS!r} is reserved (an indicator for every hazard)",
                    f"{ALL_HAZARDS!r} เป็นคำสงวน (ตัวชี้วัดที่ใช้กับทุกภัย)",
                )
            change = self.mapping(item.get("change"), f"{path}.change", required=False)
            kinds = {}
            for kind in ("intensity", "frequency"):
                entries = []
                for i, raw_entry in enumerate(
                    self.sequence(change.get(kind), f"{path}.change.{kind}", required=False)
                ):
                    sub = f"{path}.change.{kind}[{i}]"
                    entry = self.mapping(raw_entry, sub)
                    sign = entry.get("sign", 1)
                    if sign not in (1, -1) or isinstance(sign, bool):
                        self.add(
                            f"{sub}.sign",
                            f"sign must be 1 or -1, got {_shown(sign)}",
                            f"sign ต้องเป็น 1 หรือ -1 แต่พบ {_shown(sign)}",
                            sign,
                        )
                        sign = 1
                    self.keys(entry, sub, ("index", "sign", "no_change"))
                    tolerance = math.nan
                    if entry.get("no_change") is not None:
                        tolerance = self.number(entry, "no_change", sub)
                        if tolerance < 0:
                            self.add(
                                f"{sub}.no_change",
                                "must not be negative",
                                "ต้องไม่ติดลบ",
                                tolerance,
                            )
                    entries.append(
                        ChangeIndex(self.text(entry, "index", sub), int(sign), tolerance)
                    )
                kinds[kind] = tuple(entries)
            name = self.label(item.get("name"), f"{path}.name")
            short = self.label(item["short"], f"{path}.short") if "short" in item else name
            provinces, occurs_in = self.occurs_in(item.get("occurs_in"), f"{path}.occurs_in")
            hazards[hazard_id] = Hazard(
                id=hazard_id,
                name=name,
                short=short,
                gcom=self.label(item.get("gcom"), f"{path}.gcom"),
                nap_sectors=self.ids(
                    item.get("nap_sectors"),
                    f"{path}.nap_sectors",
                    sectors,
                    "NAP sector",
                    "สาขา NAP",
                ),
                vulnerable_groups=self.ids(
                    item.get("vulnerable_groups", []),
                    f"{path}.vulnerable_groups",
                    groups,
                    "vulnerable group",
                    "กลุ่มเปราะบาง",
                ),
                intensity=kinds["intensity"],
                frequency=kinds["frequency"],
                provinces=provinces,
                occurs_in=occurs_in,
            )
        if not hazards:
            self.add("hazards", "define at least one hazard", "ต้องกำหนดภัยอย่างน้อยหนึ่งภัย")
        return hazards

    def occurs_in(self, value: Any, path: str) -> tuple[frozenset[str] | None, str]:
        """`occurs_in`: a named province set (coastal_provinces) or a list of provinces."""
        if value is None:
            return None, ""
        if isinstance(value, str):
            if value.strip() in PROVINCE_SETS:
                return province_set(value.strip()), value.strip()
            self.add(
                path,
                f"unknown province set {value!r}; expected one of: {', '.join(PROVINCE_SETS)} "
                "or a list of provinces",
                f"ไม่รู้จักชุดจังหวัด {value!r} ต้องเป็นหนึ่งใน: {', '.join(PROVINCE_SETS)} หรือรายการจังหวัด",
                value,
            )
            return None, ""
        from climateplan.reference.provinces import find_province

        codes = set()
        for i, item in enumerate(self.sequence(value, path)):
            try:
                codes.add(find_province(str(item))["code"])
            except KeyError:
                self.add(
                    f"{path}[{i}]",
                    f"unknown province {item!r}: expected a code such as TH-50 or a name",
                    f"ไม่รู้จักจังหวัด {item!r} ต้องเป็นรหัส เช่น TH-50 หรือชื่อจังหวัด",
                    item,
                )
        return frozenset(codes), "listed"

    def check_indicator(self, ind_id: str, value: Any, sectors: dict, hazards: dict) -> Indicator:
        path = f"indicators.{ind_id}"
        item = self.mapping(value, path)
        self.keys(item, path, _INDICATOR_KEYS)
        direction = self.text(item, "direction", path)
        if direction and direction not in DIRECTIONS:
            self.add(
                f"{path}.direction",
                f"unknown direction {direction!r}; expected {' or '.join(DIRECTIONS)}",
                f"ไม่รู้จักทิศทาง {direction!r} ต้องเป็น {' หรือ '.join(DIRECTIONS)}",
                direction,
            )
        transform = self.text(item, "transform", path, required=False) or "linear"
        if transform not in TRANSFORMS:
            self.add(
                f"{path}.transform",
                f"unknown transform {transform!r}; expected {' or '.join(TRANSFORMS)}",
                f"ไม่รู้จักการแปลงค่า {transform!r} ต้องเป็น {' หรือ '.join(TRANSFORMS)}",
                transform,
            )
        low = self.number(item, "min", path)
        high = self.number(item, "max", path)
        if not (math.isnan(low) or math.isnan(high)) and low >= high:
            self.add(
                f"{path}.min",
                f"min ({low:g}) must be below max ({high:g})",
                f"ค่าต่ำสุด ({low:g}) ต้องน้อยกว่าค่าสูงสุด ({high:g})",
                low,
            )
        if transform == "log" and not math.isnan(low) and low <= -1:
            self.add(
                f"{path}.min",
                f"a log transform scores log(x + 1), so min must be above -1, got {low:g}",
                f"การแปลงแบบ log ใช้ log(x + 1) ค่าต่ำสุดจึงต้องมากกว่า -1 แต่พบ {low:g}",
                low,
            )
        hazard_ids = self.ids(
            item.get("hazards"), f"{path}.hazards", {**hazards, ALL_HAZARDS: None}, "hazard", "ภัย"
        )
        sector_ids = self.ids(
            item.get("nap_sectors"), f"{path}.nap_sectors", sectors, "NAP sector", "สาขา NAP"
        )
        role = self.text(item, "role", path, required=False)
        all_roles = [r for roles in ROLES_BY_DIMENSION.values() for r in roles]
        if role and role not in all_roles:
            self.add(
                f"{path}.role",
                f"unknown role {role!r}; expected one of {', '.join(all_roles)}",
                f"ไม่รู้จักบทบาท {role!r} ต้องเป็นหนึ่งใน {', '.join(all_roles)}",
                role,
            )
        gridded = self.check_value_from(item.get("value_from"), f"{path}.value_from")
        return Indicator(
            id=ind_id,
            name=self.label(item.get("name"), f"{path}.name"),
            unit=self.text(item, "unit", path),
            direction=direction,
            transform=transform,
            min=low,
            max=high,
            hazards=hazard_ids,
            nap_sectors=sector_ids,
            role=role,
            gridded=gridded,
            source=self.text(item, "source", path),
            year=self.text(item, "year", path),
            bounds_note=self.text(item, "bounds_note", path, required=False),
        )

    def check_value_from(self, value: Any, path: str) -> GriddedSource | None:
        if value == "table":
            return None
        item = self.mapping(value, path) if isinstance(value, dict) else None
        if item is None or set(item) != {"gridded"}:
            self.add(
                path,
                "expected 'table' or {gridded: {index, period, scenario, statistic}}, "
                f"got {_shown(value)}",
                "ต้องเป็น 'table' หรือ {gridded: {index, period, scenario, statistic}} "
                f"แต่พบ {_shown(value)}",
            )
            return None
        sub = f"{path}.gridded"
        spec = self.mapping(item["gridded"], sub)
        statistic = self.text(spec, "statistic", sub)
        if statistic and statistic not in STATISTICS:
            self.add(
                f"{sub}.statistic",
                f"unknown statistic {statistic!r}; expected one of {', '.join(STATISTICS)}",
                f"ไม่รู้จักค่าสถิติ {statistic!r} ต้องเป็นหนึ่งใน {', '.join(STATISTICS)}",
                statistic,
            )
        period = self.text(spec, "period", sub)
        if period and period_years(period) is None:
            self.add(
                f"{sub}.period",
                f"expected a period such as 2021-2050, got {period!r}",
                f"ต้องเป็นช่วงปี เช่น 2021-2050 แต่พบ {period!r}",
                period,
            )
        scenario = self.text(spec, "scenario", sub)
        if scenario == HISTORICAL and statistic in ("change", "change_pct"):
            self.add(
                f"{sub}.statistic",
                "the historical baseline has no change; use statistic 'value'",
                "ช่วงฐานในอดีตไม่มีค่าการเปลี่ยนแปลง ให้ใช้ statistic 'value'",
                statistic,
            )
        return GriddedSource(self.text(spec, "index", sub), period, scenario, statistic)

    def check_node(
        self,
        node_id: str,
        kind: str,
        value: Any,
        section: str,
        raw_components: dict,
        raw_indicators: dict,
        hazards: dict,
    ) -> Node:
        path = f"{section}.{node_id}"
        item = self.mapping(value, path)
        allowed = ("name", "components") if kind == "category" else _COMPONENT_KEYS
        self.keys(item, path, allowed)
        children: list[Child] = []
        if kind == "category":
            items = self.sequence(item.get("components"), f"{path}.components")
            children += self.weights(items, f"{path}.components", "component", raw_components)
            if not items:
                self.add(path, "a category needs components", "หมวดต้องมีองค์ประกอบ")
        else:
            comp_items = self.sequence(item.get("components"), f"{path}.components", False)
            ind_items = self.sequence(item.get("indicators"), f"{path}.indicators", False)
            if not comp_items and not ind_items:
                self.add(
                    path,
                    "a component needs indicators or components",
                    "องค์ประกอบต้องมีตัวชี้วัดหรือองค์ประกอบย่อย",
                )
            children += self.weights(
                comp_items, f"{path}.components", "component", raw_components, check_sum=False
            )
            children += self.weights(
                ind_items, f"{path}.indicators", "indicator", raw_indicators, check_sum=False
            )
            self.weight_sum(children, path)
        node_hazards = ()
        if kind == "component" and item.get("hazards") is not None:
            node_hazards = self.ids(item.get("hazards"), f"{path}.hazards", hazards, "hazard", "ภัย")
        return Node(
            node_id,
            kind,
            self.label(item.get("name"), f"{path}.name"),
            tuple(children),
            node_hazards,
        )

    def check_dimensions(self, value: Any, raw_categories: dict) -> tuple[Node, ...]:
        items = self.sequence(value, "dimensions")
        dims = []
        for i, raw in enumerate(items):
            path = f"dimensions[{i}]"
            item = self.mapping(raw, path)
            self.keys(item, path, ("id", "name", "categories"))
            dim_id = self.text(item, "id", path)
            cats = self.sequence(item.get("categories"), f"{path}.categories")
            children = self.weights(cats, f"{path}.categories", "category", raw_categories)
            if not cats:
                self.add(path, "a dimension needs categories", "มิติต้องมีหมวด")
            dims.append(
                Node(dim_id, "dimension", self.label(item.get("name"), f"{path}.name"), children)
            )
        found = [d.id for d in dims]
        if found != list(DIMENSIONS) and items:
            self.add(
                "dimensions",
                f"expected exactly the three INFORM dimensions in this order: "
                f"{', '.join(DIMENSIONS)}; got {', '.join(found)}",
                f"ต้องมีสามมิติตามแนว INFORM ตามลำดับนี้: {', '.join(DIMENSIONS)} แต่พบ {', '.join(found)}",
            )
        return tuple(dims)

    def check_cycles(self, components: dict[str, Node]) -> list[str]:
        """Components in an order where children come first; report every cycle."""
        order: list[str] = []
        state: dict[str, str] = {}  # visiting | done

        def visit(comp_id: str, trail: list[str]) -> None:
            if state.get(comp_id) == "done" or comp_id not in components:
                return
            if state.get(comp_id) == "visiting":
                cycle = [*trail[trail.index(comp_id) :], comp_id]
                # locate the reference that closes the cycle
                parent = components[trail[-1]]
                pos = [c.ref for c in parent.children if c.kind == "component"].index(comp_id)
                path = f"components.{parent.id}.components[{pos}].ref"
                self.add(
                    path,
                    f"cycle in the hierarchy: {' -> '.join(cycle)} "
                    "(a component may not contain one of its ancestors)",
                    f"โครงสร้างวนซ้ำ: {' -> '.join(cycle)} "
                    "(องค์ประกอบต้องไม่อ้างถึงองค์ประกอบที่อยู่เหนือตัวเอง)",
                    comp_id,
                )
                return
            state[comp_id] = "visiting"
            for child in components[comp_id].children:
                if child.kind == "component":
                    visit(child.ref, [*trail, comp_id])
            state[comp_id] = "done"
            order.append(comp_id)

        for comp_id in components:
            visit(comp_id, [])
        return order

    def check_roles_and_coverage(self, fw: Framework) -> None:
        """Checks that need the whole, acyclic hierarchy."""
        placed: dict[str, set[str]] = {}
        for dim in fw.dimensions:
            for ind in fw._indicators_under(dim):
                placed.setdefault(ind, set()).add(dim.id)
        for ind_id, dims in placed.items():
            ind = fw.indicators[ind_id]
            path = f"indicators.{ind_id}.role"
            if len(dims) > 1:
                self.add(
                    f"indicators.{ind_id}",
                    f"used in more than one dimension ({', '.join(sorted(dims))})",
                    f"ถูกใช้ในมากกว่าหนึ่งมิติ ({', '.join(sorted(dims))})",
                )
                continue
            (dim,) = dims
            allowed = ROLES_BY_DIMENSION[dim]
            if ind.role and ind.role not in allowed:
                self.add(
                    path,
                    f"role {ind.role!r} does not fit dimension {dim}; "
                    f"expected {', '.join(allowed)}",
                    f"บทบาท {ind.role!r} ไม่ตรงกับมิติ {dim} ต้องเป็น {', '.join(allowed)}",
                    ind.role,
                )
        for hazard_id in fw.hazards:
            has_he = any(
                fw.indicators[i].applies_to_hazard(hazard_id)
                for i in fw._indicators_under(fw.dimensions[0])
            )
            if not has_he:
                self.add(
                    f"hazards.{hazard_id}",
                    "no indicator of the hazard_exposure dimension belongs to this hazard",
                    "ไม่มีตัวชี้วัดในมิติภัยและการสัมผัสภัยที่เป็นของภัยนี้",
                )


def kind_section(kind: str) -> str:
    return {"category": "categories", "component": "components", "indicator": "indicators"}.get(
        kind, kind
    )


def _shown(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def with_default_roles(fw: Framework) -> Framework:
    """Fill roles left blank: in hazard_exposure, 'hazard' for baseline and table values,
    'hazard_projected' for projected gridded values; else the dimension's only role."""
    dims = fw.dimension_of_indicators()
    indicators = dict(fw.indicators)
    for ind_id, dim in dims.items():
        ind = indicators[ind_id]
        if ind.role:
            continue
        if dim == "hazard_exposure":
            projected = ind.gridded is not None and ind.gridded.scenario != HISTORICAL
            role = "hazard_projected" if projected else "hazard"
        else:
            role = ROLES_BY_DIMENSION[dim][0]
        indicators[ind_id] = replace(ind, role=role)
    return replace(fw, indicators=indicators)
