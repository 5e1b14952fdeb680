"""The contract between the inventory engine and each calculation method.

A method module (one per IPCC/GPC method family) defines ``METHODS``, a list of
:class:`MethodSpec`. The engine discovers them (see ``methods/__init__.py``),
validates every input line against its spec, converts amounts to the spec's
canonical unit once, then calls ``compute`` once per method with *all* lines of
that method (of one or many inventories) as a DataFrame: vectorised, no
per-row Python loops.

Frame passed to ``compute`` (index: the engine's line ids; do not reset it):

=================  ===========================================================
column             meaning
=================  ===========================================================
line_id            int, unique over the whole batch (equal to the index)
inventory          str key of the inventory ("TH-50/2023")
province           ISO 3166-2:TH code
year               int, the inventory year
gpc_ref            GPC reference number (e.g. "I.1.1")
scope              int 1, 2 or 3 (from the GPC catalogue)
subsector          GPC sub-sector ("I.1", "II.1", "III.4", ...)
activity           str, one of ``spec.activities()`` (fuel, waste type, ...)
amount             float >= 0, converted to ``spec.amount_units[amount_kind]``
amount_kind        str, the key of ``spec.amount_units`` the input unit matched
activity_year      float (NaN when not given): deposition year for landfill decay
param_<name>       one column per ``ParamSpec`` of the spec: float for numeric
                   params (NaN when blank), str for text params ("" when blank)
source             str, the line's data source as typed ("" when blank)
=================  ===========================================================

``compute`` returns a DataFrame with one row per emitting line, with columns:

=================  ===========================================================
line_id            the input line it belongs to
gpc_ref            optional: only for *derived* rows (see below)
co2                fossil CO2, tonnes
co2_biogenic       biogenic CO2, tonnes (reported beside totals, never in them)
ch4, n2o           tonnes of gas
other_gas          name of another Kyoto gas (HFC134a, SF6, ...) or ""
other_t            tonnes of that gas (0 when other_gas is "")
factor_source      str, every factor used with its source, e.g.
                   "CO2 EF: IPCC 2006 Vol 2 Table 2.2 [74100 kg/TJ]; NCV: ..."
factor_origin      "input", "TH" or "IPCC": origin of the method's main factor
factor_id          id of the main factor: "family:row" of the shipped table row
                   (``factors_<family>.csv``, row as numbered in the file, or
                   "family:added-N" for a factor added at run time), "input"
                   when the line gave it, "" when the method has none (direct
                   entry). The engine reports it as ``factor_id_main``; the
                   uncertainty analysis treats lines sharing one as correlated.
=================  ===========================================================

Derived rows: a method may return extra rows for the same ``line_id`` with a
different ``gpc_ref`` (electricity returns its scope-3 T&D losses under I.x.3
beside the scope-2 row). The engine copies the input line's other attributes.

Factors must be looked up with :func:`climateplan.reference.factors.resolve`
(input > Thai > IPCC precedence) from ``reference/data/factors_*.csv``; code
holds no magic numbers, except pure constants of chemistry (44/12, 16/12,
28/44 ...) named in :mod:`climateplan.inventory.methods.constants`. Shared
helpers (params, source strings, problems, the result frame) are in
``methods/_common.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from climateplan.inventory.methods._common import result_frame

GAS_COLUMNS = ("co2", "co2_biogenic", "ch4", "n2o", "other_t")
RESULT_COLUMNS = (
    "line_id",
    *GAS_COLUMNS,
    "other_gas",
    "factor_source",
    "factor_origin",
    "factor_id",
)


@dataclass(frozen=True)
class ParamSpec:
    """A method parameter, given in the input as column ``param_<name>``.

    Numeric params are given in ``unit`` (documented in the template and docs).
    ``choices`` restricts a text param; ``minimum``/``maximum`` bound a numeric one.
    A param that overrides a shipped factor is optional: when blank, the
    shipped factor (Thai, then IPCC) is used.
    """

    name: str
    description_en: str
    description_th: str
    unit: str | None = None  # None for text params
    required: bool = False
    minimum: float | None = 0.0
    maximum: float | None = None
    choices: Sequence[str] | None = None

    @property
    def column(self) -> str:
        return f"param_{self.name}"

    @property
    def is_text(self) -> bool:
        return self.unit is None


# A method-specific validator gets the lines of its method (columns as for
# compute, amounts already converted) and returns problems as tuples
# (line_id, column, message_en, message_th).
Validator = Callable[[pd.DataFrame], list[tuple[int, str, str, str]]]


@dataclass(frozen=True)
class MethodSpec:
    """Everything the engine, validator, template and docs need about a method."""

    name: str  # the value of the `method` column, e.g. "fuel_combustion"
    title_en: str
    title_th: str
    equation: str  # citation, e.g. "IPCC 2006 Vol 2 Ch 2 Eq 2.1"
    activity_label_en: str  # what `activity` names: "fuel", "waste type", ...
    activity_label_th: str
    activities: Callable[[], Sequence[str]]  # valid activity codes
    amount_units: dict[str, str]  # kind -> canonical unit, e.g. {"energy": "TJ", "mass": "t"}
    compute: Callable[[pd.DataFrame], pd.DataFrame]
    gpc_prefixes: tuple[str, ...]  # gpc_refs it may be used on, by prefix: ("I.", "II.")
    scopes: frozenset[int] = frozenset({1})
    params: tuple[ParamSpec, ...] = ()
    validate: Validator | None = None
    example: dict = field(default_factory=dict)  # one documented example input row
    needs_activity_year: bool = False

    def allows(self, gpc_ref: str, scope: int) -> bool:
        return scope in self.scopes and any(gpc_ref.startswith(p) for p in self.gpc_prefixes)


def empty_result(lines: pd.DataFrame) -> pd.DataFrame:
    """A result frame with one zero row per input line, for methods to fill in."""
    return result_frame(lines)
