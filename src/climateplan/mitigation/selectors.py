"""Selecting inventory lines: the language shared by driver mappings and measures.

A selector is six optional cells of a table row::

    gpc_ref   GPC reference number        I.1.2; II.1.1
    subsector GPC sub-sector              I.1; III.1
    sector    GPC sector                  I, II, III, IV, V, VI
    scope     GPC scope                   1, 2, 3
    method    inventory method            electricity; fuel_combustion
    activity  the line's activity code    diesel; swine; irrigated_continuous
    flow      emission or removal         removal (lines with negative CO2e, sector V)

A blank cell matches anything; a cell may list several values separated by ``;``
(any of them matches). A line matches when every filled cell matches. Method and
activity codes compare without case, spaces, hyphens or underscores, as in the
inventory input ("Diesel" = "diesel").
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from climateplan.mitigation._tables import CellReader, normalise_key, split_list
from climateplan.reference import GPC_SECTORS, gpc_catalogue

SELECTOR_COLUMNS = ("gpc_ref", "subsector", "sector", "scope", "method", "activity", "flow")
FLOWS = ("emission", "removal")


def _norm_code(text: str) -> str:
    return str(text).strip().upper().replace(" ", "")


@dataclass(frozen=True)
class Selector:
    """Values per selector column (normalised); an empty tuple matches anything."""

    gpc_ref: tuple[str, ...] = ()
    subsector: tuple[str, ...] = ()
    sector: tuple[str, ...] = ()
    scope: tuple[int, ...] = ()
    method: tuple[str, ...] = ()
    activity: tuple[str, ...] = ()
    flow: tuple[str, ...] = ()
    shown: str = field(default="", compare=False)  # the cells as the user typed them

    @property
    def specificity(self) -> int:
        """How many selector cells are filled (more specific rows win in mappings)."""
        return sum(bool(getattr(self, c)) for c in SELECTOR_COLUMNS)

    def describe(self) -> str:
        if self.shown:
            return self.shown
        parts = [
            f"{c}={'/'.join(str(v) for v in getattr(self, c))}"
            for c in SELECTOR_COLUMNS
            if getattr(self, c)
        ]
        return ", ".join(parts) if parts else "all lines"

    def mask(self, keys: dict[str, np.ndarray]) -> np.ndarray:
        """Boolean mask over lines whose normalised columns are ``keys`` (see line_keys)."""
        n = len(next(iter(keys.values())))
        mask = np.ones(n, dtype=bool)
        for col in SELECTOR_COLUMNS:
            wanted = getattr(self, col)
            if wanted:
                mask &= np.isin(keys[col], np.asarray(wanted, dtype=keys[col].dtype))
        return mask


def line_keys(lines: pd.DataFrame) -> dict[str, np.ndarray]:
    """Normalised selector columns of a line frame (computed once, used by every selector)."""
    return {
        "gpc_ref": lines["gpc_ref"].astype(str).str.upper().to_numpy(dtype=object),
        "subsector": lines["subsector"].astype(str).str.upper().to_numpy(dtype=object),
        "sector": lines["sector"].astype(str).str.upper().to_numpy(dtype=object),
        "scope": lines["scope"].to_numpy(int),
        "method": _normalised(lines["method"]),
        "activity": _normalised(lines["activity"]),
        "flow": np.where(_removals(lines), "removal", "emission").astype(object),
    }


def _removals(lines: pd.DataFrame) -> np.ndarray:
    if "removal" in lines.columns:
        return lines["removal"].to_numpy(bool)
    return np.zeros(len(lines), dtype=bool)


def _normalised(values: pd.Series) -> np.ndarray:
    """normalise_key over a column, computed once per distinct value."""
    uniques, inverse = np.unique(values.astype(str).to_numpy(dtype=object), return_inverse=True)
    return np.array([normalise_key(v) for v in uniques], dtype=object)[inverse]


def parse_selector(cells: CellReader, row: int) -> Selector:
    """Read and check the selector cells of one row (unknown GPC codes are errors)."""
    frame = cells.table.frame
    catalogue = gpc_catalogue()
    refs = set(catalogue.index)
    subsectors = set(catalogue["subsector"])
    values: dict[str, tuple] = {}
    shown = []
    for col in SELECTOR_COLUMNS:
        text = frame.at[row, col] if col in frame.columns else ""
        items = split_list(text)
        if items:
            shown.append(f"{col}={'/'.join(items)}")
        if col in ("gpc_ref", "subsector", "sector"):
            codes = tuple(_norm_code(i) for i in items)
            allowed = {"gpc_ref": refs, "subsector": subsectors, "sector": set(GPC_SECTORS)}[col]
            for code, item in zip(codes, items, strict=True):
                if code not in allowed:
                    example = {"gpc_ref": "I.1.2", "subsector": "I.1", "sector": "II"}[col]
                    cells.add(
                        row,
                        col,
                        f"unknown {col} {item!r} (e.g. {example}; separate several with ';')",
                        f"ไม่รู้จัก {col} {item!r} (เช่น {example}; หลายค่าให้คั่นด้วย ';')",
                        item,
                    )
            values[col] = codes
        elif col == "scope":
            scopes = []
            for item in items:
                if item not in ("1", "2", "3"):
                    cells.add(
                        row,
                        col,
                        f"scope {item!r} must be 1, 2 or 3",
                        f"ขอบเขต (scope) {item!r} ต้องเป็น 1, 2 หรือ 3",
                        item,
                    )
                else:
                    scopes.append(int(item))
            values[col] = tuple(scopes)
        elif col == "flow":
            flows = []
            for item in items:
                flow = normalise_key(item)
                if flow not in FLOWS:
                    cells.add(
                        row,
                        col,
                        f"flow {item!r} must be emission or removal",
                        f"flow {item!r} ต้องเป็น emission (การปล่อย) หรือ removal (การดูดกลับ)",
                        item,
                    )
                else:
                    flows.append(flow)
            values[col] = tuple(flows)
        else:
            values[col] = tuple(normalise_key(i) for i in items)
    return Selector(**values, shown=", ".join(shown))


def selector_from_dict(spec: dict) -> Selector:
    """A selector from keyword values, for code and tests: {"method": "electricity"}."""
    values: dict[str, tuple] = {}
    shown = []
    for col in SELECTOR_COLUMNS:
        raw = spec.get(col)
        if raw in (None, "", ()):
            values[col] = ()
            continue
        items = raw if isinstance(raw, (list, tuple)) else split_list(str(raw))
        shown.append(f"{col}={'/'.join(str(i) for i in items)}")
        if col == "scope":
            values[col] = tuple(int(i) for i in items)
        elif col in ("gpc_ref", "subsector", "sector"):
            values[col] = tuple(_norm_code(i) for i in items)
        else:
            values[col] = tuple(normalise_key(i) for i in items)
    return Selector(**values, shown=", ".join(shown))
