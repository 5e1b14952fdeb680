"""Uncertainty of inventory totals: IPCC 2006 Vol 1 Ch 3, Approach 1 and Approach 2.

Input is the engine's per-line result frame (``lines``, one row per emitting line,
derived rows included; see docs/inventory/key-categories-and-uncertainty.md).
Each line carries one relative uncertainty ``U`` (percent): the half-width of its
95 % confidence interval divided by its CO2e, combined over activity data and
factors. Where the input gave none, :func:`default_uncertainty` takes a default
by method family and data quality from ``reference/data/uncertainty_defaults.csv``.

- :func:`propagate` (Approach 1, error propagation, Vol 1 Ch 3 Eq 3.1 for sums):
  ``U_total = sqrt(sum((U_i * x_i)^2)) / |sum(x_i)|``.
- :func:`monte_carlo` (Approach 2, Vol 1 Ch 3 Sec 3.2.3.2): every line's CO2e is
  drawn from a distribution with mean ``x_i`` and standard deviation
  ``U_i * |x_i| / z`` (``z`` = 1.96, the 97.5 % normal quantile): a normal,
  clipped at zero so a source cannot turn into a sink, when ``U_i`` is below
  ``lognormal_from_pct`` (30 %), otherwise a lognormal with the same mean and
  standard deviation, whose 95 % interval is asymmetric and never crosses zero.

Lines are independent by default. With ``correlate_shared_factors=True`` lines of
one inventory whose main factor is the same shipped factor (``factor_id_main``)
are treated as fully correlated: one draw per factor in Approach 2, and their
``U_i * x_i`` added before squaring in Approach 1. That bounds the effect of a
shared factor from above; the truth (only the factor part is shared) lies between.

Totals: BASIC, BASIC+, territorial and scope 1/2/3 as the engine defines them
(GPC v1.1 Ch 3 and Table 4.1; other scope 3, VI.1, is in no scope-3 total) and
one total per GPC sector within BASIC+. Notation-key lines contribute nothing;
biogenic CO2 is never in ``co2e`` and so never in a total.

- :func:`trend_uncertainty` (Approach 1, Vol 1 Ch 3 Table 3.2 columns I-M): the
  uncertainty of the trend from a base year, from the type A and type B
  sensitivities of each category and its activity-data and factor uncertainty.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from statistics import NormalDist

import numpy as np
import pandas as pd

from climateplan.errors import ProblemCollector
from climateplan.reference._data import data_path
from climateplan.reference.catalogue import GPC_SECTORS, gpc_catalogue

# 97.5 % quantile of the standard normal: a 95 % half-width is Z_95 standard deviations.
Z_95 = NormalDist().inv_cdf(0.975)

# Project convention (see the docs): below this relative half-width a normal is
# adequate; above it the lognormal keeps the interval positive and asymmetric.
LOGNORMAL_FROM_PCT = 30.0

# Fixed so that a published report can be reproduced; any integer will do.
DEFAULT_SEED = 20240601
DEFAULT_ITERATIONS = 10_000
DEFAULT_CHUNK = 2_000

DATA_QUALITIES = ("H", "M", "L")
# A line without a data quality is treated as the lowest class (conservative).
MISSING_QUALITY_AS = "L"
ANY_METHOD = "*"

_SCOPE_TOTALS = {
    "basic": ("BASIC", "BASIC"),
    "basic_plus": ("BASIC+", "BASIC+"),
    "territorial": ("Territorial (all scope 1)", "ตามขอบเขตพื้นที่ (ขอบเขตที่ 1 ทั้งหมด)"),
    "scope1": ("Scope 1", "ขอบเขตที่ 1"),
    "scope2": ("Scope 2", "ขอบเขตที่ 2"),
    "scope3": ("Scope 3 (in BASIC+)", "ขอบเขตที่ 3 (ใน BASIC+)"),
}
SCOPE_TOTALS = tuple(_SCOPE_TOTALS)
SECTOR_TOTALS = tuple(f"sector_{s}" for s in GPC_SECTORS)
DEFAULT_TOTALS = (*SCOPE_TOTALS, *SECTOR_TOTALS)

REQUIRED_COLUMNS = (
    "inventory",
    "method",
    "sector",
    "scope",
    "co2e",
    "notation_key",
    "data_quality",
    "uncertainty_pct",
    "in_basic",
    "in_basic_plus",
    "in_territorial",
)


# --------------------------------------------------------------------------- defaults


@lru_cache(maxsize=1)
def _defaults_table() -> pd.DataFrame:
    path = data_path("uncertainty_defaults.csv")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    problems = ProblemCollector(file=path.name)
    for col in ("method_family", "data_quality", "uncertainty_pct", "source"):
        if col not in table.columns:
            problems.add(
                f"column {col!r} is missing",
                f"ไม่มีคอลัมน์ {col!r}",
                column=col,
            )
    problems.raise_if_any()
    values = pd.to_numeric(table["uncertainty_pct"], errors="coerce")
    for pos in np.flatnonzero(values.isna().to_numpy() | (values < 0).to_numpy()):
        problems.add(
            "uncertainty_pct must be a number of 0 or more",
            "uncertainty_pct ต้องเป็นตัวเลขตั้งแต่ 0 ขึ้นไป",
            row=int(pos) + 2,
            column="uncertainty_pct",
            value=table["uncertainty_pct"].iat[pos],
        )
    for pos in np.flatnonzero(~table["data_quality"].isin(DATA_QUALITIES).to_numpy()):
        problems.add(
            "data_quality must be H, M or L",
            "data_quality ต้องเป็น H, M หรือ L",
            row=int(pos) + 2,
            column="data_quality",
            value=table["data_quality"].iat[pos],
        )
    for pos in np.flatnonzero((table["source"].str.strip() == "").to_numpy()):
        problems.add(
            "every default needs a source",
            "ค่าเริ่มต้นทุกแถวต้องระบุแหล่งที่มา",
            row=int(pos) + 2,
            column="source",
        )
    duplicated = table.duplicated(["method_family", "data_quality"], keep="first").to_numpy()
    for pos in np.flatnonzero(duplicated):
        problems.add(
            "method family and data quality given twice",
            "ตระกูลวิธีคำนวณและคุณภาพข้อมูลซ้ำกัน",
            row=int(pos) + 2,
            column="method_family",
            value=table["method_family"].iat[pos],
        )
    incomplete = table.groupby("method_family")["data_quality"].nunique() < len(DATA_QUALITIES)
    for family in incomplete.index[incomplete.to_numpy()]:
        problems.add(
            f"method family {family!r} lacks a row for each of H, M and L",
            f"ตระกูลวิธีคำนวณ {family!r} ต้องมีแถวครบทั้ง H, M และ L",
            column="data_quality",
            value=family,
        )
    if ANY_METHOD not in set(table["method_family"]):
        problems.add(
            f"a fallback row set with method_family {ANY_METHOD!r} is required",
            f"ต้องมีแถวสำรองที่ method_family เป็น {ANY_METHOD!r}",
            column="method_family",
        )
    problems.raise_if_any()
    table["uncertainty_pct"] = values.astype(float)
    return table


def uncertainty_defaults() -> pd.DataFrame:
    """The shipped default uncertainties (a copy), one row per method family and quality.

    Columns: method_family (a method-name prefix, ``*`` for any method),
    data_quality (H, M, L), uncertainty_pct (95 % half-width, percent),
    basis, source, note.
    """
    return _defaults_table().copy()


def _family_of(methods: np.ndarray, families: Sequence[str]) -> np.ndarray:
    """Longest family prefix matching each method name, or ANY_METHOD."""
    out = np.full(len(methods), ANY_METHOD, dtype=object)
    best_len = np.zeros(len(methods), dtype=int)
    names = pd.Series(methods, dtype=object).fillna("").astype(str)
    # one vectorised pass per family (a dozen), not per line
    for family in families:
        if family == ANY_METHOD:
            continue
        hit = names.str.startswith(family).to_numpy() & (best_len < len(family))
        out[hit] = family
        best_len[hit] = len(family)
    return out


def _resolve(lines: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per-line uncertainty (percent) and a short description of where it came from."""
    table = _defaults_table()
    n = len(lines)
    given = pd.to_numeric(lines["uncertainty_pct"], errors="coerce").to_numpy(float)
    quality = _quality(lines)
    quality = np.where(quality == "", MISSING_QUALITY_AS, quality)
    family = _family_of(lines["method"].to_numpy(object), table["method_family"].unique())
    lookup = table.set_index(["method_family", "data_quality"])["uncertainty_pct"]
    keys = pd.MultiIndex.from_arrays([family, quality])
    default = lookup.reindex(keys).to_numpy(float)
    has_given = np.isfinite(given)
    values = np.where(has_given, given, default)
    basis = np.empty(n, dtype=object)
    basis[has_given] = "input"
    basis[~has_given] = "default " + family[~has_given] + "/" + quality[~has_given]
    return values, basis


def default_uncertainty(lines: pd.DataFrame) -> np.ndarray:
    """Relative 95 % half-width (percent) of every line, aligned with ``lines``.

    ``uncertainty_pct`` where the input gave it; otherwise the default for the
    line's method family (longest matching prefix of ``method`` in
    uncertainty_defaults.csv, else ``*``) and data quality (blank counts as L).
    """
    _check(lines, ("method", "data_quality", "uncertainty_pct"))
    values, _ = _resolve(lines)
    return values


def uncertainty_basis(lines: pd.DataFrame) -> np.ndarray:
    """Per line, "input" or "default <family>/<quality>": where its uncertainty came from."""
    _check(lines, ("method", "data_quality", "uncertainty_pct"))
    _, basis = _resolve(lines)
    return basis


# --------------------------------------------------------------------------- checks


def _quality(lines: pd.DataFrame) -> np.ndarray:
    return (
        lines["data_quality"].astype(object).fillna("").astype(str).str.strip().str.upper()
    ).to_numpy(object)


def _locate(lines: pd.DataFrame, pos: int) -> dict:
    """Where a bad line is: its spreadsheet row when the engine kept it, else its line id."""
    where: dict = {}
    if "row" in lines.columns and pd.notna(lines["row"].iat[pos]):
        where["row"] = int(lines["row"].iat[pos])
    return where


def _line_label(lines: pd.DataFrame, pos: int) -> tuple[str, str]:
    """("line 7", "บรรทัด 7"): the engine's line id, else the position in the frame."""
    if "line_id" in lines.columns:
        number = lines["line_id"].iat[pos]
        return f"line {number}", f"บรรทัด {number}"
    return f"line at position {pos}", f"บรรทัดลำดับที่ {pos}"


def _check(lines: pd.DataFrame, required: Sequence[str]) -> None:
    """Every problem with the lines frame at once, bilingual (InputError)."""
    problems = ProblemCollector()
    missing = [c for c in required if c not in lines.columns]
    for col in missing:
        problems.add(
            f"the result lines lack column {col!r} needed for the uncertainty analysis",
            f"ตารางผลรายบรรทัดไม่มีคอลัมน์ {col!r} ที่จำเป็นสำหรับการวิเคราะห์ความไม่แน่นอน",
            column=col,
        )
    problems.raise_if_any()
    if "uncertainty_pct" in required:
        raw = lines["uncertainty_pct"]
        number = pd.to_numeric(raw, errors="coerce").to_numpy(float)
        bad = (raw.notna().to_numpy() & np.isnan(number)) | (number < 0) | np.isinf(number)
        for pos in np.flatnonzero(bad):
            problems.add(
                f"{_line_label(lines, pos)[0]}: uncertainty must be a percentage of 0 or more",
                f"{_line_label(lines, pos)[1]}: ความไม่แน่นอนต้องเป็นร้อยละตั้งแต่ 0 ขึ้นไป",
                column="uncertainty_pct",
                value=str(raw.iat[pos]),
                **_locate(lines, pos),
            )
    if "data_quality" in required:
        quality = _quality(lines)
        bad = ~np.isin(quality, [*DATA_QUALITIES, ""])
        for pos in np.flatnonzero(bad):
            problems.add(
                f"{_line_label(lines, pos)[0]}: data quality must be H, M, L or blank",
                f"{_line_label(lines, pos)[1]}: คุณภาพข้อมูลต้องเป็น H, M, L หรือเว้นว่าง",
                column="data_quality",
                value=str(lines["data_quality"].iat[pos]),
                **_locate(lines, pos),
            )
    if "co2e" in required and "notation_key" in required:
        co2e = pd.to_numeric(lines["co2e"], errors="coerce").to_numpy(float)
        emitting = _notation(lines) == ""
        for pos in np.flatnonzero(emitting & ~np.isfinite(co2e)):
            problems.add(
                f"{_line_label(lines, pos)[0]}: CO2e is not a finite number",
                f"{_line_label(lines, pos)[1]}: ค่า CO2e ไม่ใช่ตัวเลขที่ใช้ได้",
                column="co2e",
                value=str(lines["co2e"].iat[pos]),
                **_locate(lines, pos),
            )
    problems.raise_if_any()


def _notation(lines: pd.DataFrame) -> np.ndarray:
    return lines["notation_key"].astype(object).fillna("").astype(str).str.strip().to_numpy(object)


# --------------------------------------------------------------------------- totals


@lru_cache(maxsize=64)
def _total_labels(name: str) -> tuple[str, str]:
    if name in _SCOPE_TOTALS:
        return _SCOPE_TOTALS[name]
    sector = name.removeprefix("sector_")
    cat = gpc_catalogue().drop_duplicates("sector").set_index("sector")
    return (
        f"Sector {sector}: {cat.at[sector, 'sector_en']} (BASIC+)",
        f"ภาค {sector}: {cat.at[sector, 'sector_th']} (BASIC+)",
    )


def _total_mask(lines: pd.DataFrame, name: str) -> np.ndarray:
    scope = pd.to_numeric(lines["scope"], errors="coerce").to_numpy(float)
    sector = lines["sector"].astype(object).fillna("").to_numpy(object)
    if name == "basic":
        return lines["in_basic"].to_numpy(bool)
    if name == "basic_plus":
        return lines["in_basic_plus"].to_numpy(bool)
    if name == "territorial":
        return lines["in_territorial"].to_numpy(bool)
    # removal lines (negative CO2e, V.2) are in no gross total (engine.totals_by_inventory)
    removal = (
        lines["removal"].to_numpy(bool)
        if "removal" in lines.columns
        else np.zeros(len(lines), dtype=bool)
    )
    if name in ("scope1", "scope2"):
        return (scope == int(name[-1])) & ~removal
    if name == "scope3":
        # Other scope 3 (VI.1) is reported but in no GPC total (GPC v1.1 Ch 3.3)
        return (scope == 3) & (sector != "VI") & ~removal
    # A sector total within BASIC+, the widest GPC boundary without double counting
    # (territorial I.4.4 would count grid electricity twice with scope 2).
    return (sector == name.removeprefix("sector_")) & lines["in_basic_plus"].to_numpy(bool)


def _check_totals(totals: Sequence[str]) -> list[str]:
    names = [totals] if isinstance(totals, str) else list(totals)
    unknown = [t for t in names if t not in DEFAULT_TOTALS]
    if unknown or not names:
        raise ValueError(
            f"unknown totals {unknown}: choose from {', '.join(DEFAULT_TOTALS)} / "
            f"ไม่รู้จักผลรวม {unknown}: เลือกจาก {', '.join(DEFAULT_TOTALS)}"
        )
    return names


class _Setup:
    """Everything both Approaches need: line values, uncertainties, total membership."""

    def __init__(self, lines: pd.DataFrame, totals: Sequence[str], correlate: bool) -> None:
        _check(lines, REQUIRED_COLUMNS)
        self.totals = _check_totals(totals)
        u_pct, self.basis = _resolve(lines)
        co2e = pd.to_numeric(lines["co2e"], errors="coerce").to_numpy(float)
        active = (_notation(lines) == "") & np.isfinite(co2e)
        self.x = np.where(active, co2e, 0.0)
        self.u = np.where(active, u_pct / 100.0, 0.0)
        inv_codes, self.inventories = pd.factorize(lines["inventory"], sort=True)
        n_tot = len(self.totals)
        rows, cols = [], []
        self.n_lines = np.zeros((len(self.inventories), n_tot), dtype=int)
        for t, name in enumerate(self.totals):
            idx = np.flatnonzero(_total_mask(lines, name) & active)
            rows.append(idx)
            cols.append(inv_codes[idx] * n_tot + t)
            np.add.at(self.n_lines[:, t], inv_codes[idx], 1)
        # lines x (inventory, total) membership, 0/1, as (line, column) pairs: per
        # total in line order, so sums over them add lines in line order
        self.rows_all = np.concatenate(rows)
        self.cols_all = np.concatenate(cols)
        self.shape = (len(lines), len(self.inventories) * n_tot)
        self._membership = None
        # draw groups: one per line, or one per shared factor within an inventory
        if correlate and "factor_id_main" in lines.columns:
            fid = lines["factor_id_main"].astype(object).fillna("").astype(str).to_numpy(object)
            shared = (fid != "") & (fid != "input")
            key = np.where(
                shared, "f|" + lines["inventory"].astype(str).to_numpy(object) + "|" + fid, ""
            )
            own = ("l|" + pd.Series(np.arange(len(lines))).astype(str)).to_numpy(object)
            key = np.where(shared, key, own)
            self.group, _ = pd.factorize(key)
        else:
            self.group = np.arange(len(lines))
        self.n_groups = int(self.group.max()) + 1 if len(lines) else 0

    @property
    def membership(self):
        """The membership as a SciPy sparse matrix (Approach 2 only: SciPy is imported
        here, so that Approach 1, which every inventory computes, does without it)."""
        if self._membership is None:
            from scipy import sparse

            self._membership = sparse.csr_matrix(
                (np.ones(len(self.rows_all)), (self.rows_all, self.cols_all)), shape=self.shape
            )
        return self._membership

    def column_sums(self, per_line: np.ndarray) -> np.ndarray:
        """Sum of ``per_line`` over the lines of each (inventory, total) column."""
        return np.bincount(
            self.cols_all, weights=per_line[self.rows_all], minlength=self.shape[1]
        ).astype(float)

    def frame(self) -> pd.DataFrame:
        n_tot = len(self.totals)
        labels = [_total_labels(t) for t in self.totals]
        out = pd.DataFrame(
            {
                "inventory": np.repeat(np.asarray(self.inventories, dtype=object), n_tot),
                "total": np.tile(np.asarray(self.totals, dtype=object), len(self.inventories)),
                "label_en": np.tile([lab[0] for lab in labels], len(self.inventories)),
                "label_th": np.tile([lab[1] for lab in labels], len(self.inventories)),
                "n_lines": self.n_lines.ravel(),
                "emissions_co2e": self.column_sums(self.x),
            }
        )
        return out


# --------------------------------------------------------------------------- Approach 1


def propagate(
    lines: pd.DataFrame,
    totals: Sequence[str] = DEFAULT_TOTALS,
    *,
    correlate_shared_factors: bool = False,
) -> pd.DataFrame:
    """Approach 1 (IPCC 2006 Vol 1 Ch 3 Eq 3.1): 95 % interval of every total.

    One row per inventory and total with columns inventory, total, label_en,
    label_th, n_lines, emissions_co2e, half_width_co2e, uncertainty_pct,
    lower_co2e, upper_co2e, approach. ``uncertainty_pct`` is NaN for a total of 0.
    """
    setup = _Setup(lines, totals, correlate_shared_factors)
    out = setup.frame()
    spread = setup.u * setup.x  # U_i * x_i in tonnes CO2e (signed)
    # Fully correlated lines add linearly before squaring; independent ones in quadrature:
    # sum over each (draw group, column) in line order, then the squares over the groups
    # of each column in group order.
    n_cols = setup.shape[1]
    key = setup.group[setup.rows_all].astype(np.int64) * n_cols + setup.cols_all
    keys, at = np.unique(key, return_inverse=True)
    per_group = np.bincount(at.ravel(), weights=spread[setup.rows_all], minlength=len(keys))
    variance_like = np.bincount(keys % n_cols, weights=per_group * per_group, minlength=n_cols)
    half = np.sqrt(variance_like)
    total = out["emissions_co2e"].to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(total != 0, half / np.abs(total) * 100.0, np.nan)
    out["half_width_co2e"] = half
    out["uncertainty_pct"] = pct
    out["lower_co2e"] = total - half
    out["upper_co2e"] = total + half
    out["approach"] = "1"
    return out


# --------------------------------------------------------------------------- Approach 2


def _lognormal_parameters(u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """mu, sigma of ln(multiplier) for a lognormal of mean 1 and CV = U / Z_95."""
    cv = u / Z_95
    sigma2 = np.log1p(cv * cv)
    return -0.5 * sigma2, np.sqrt(sigma2)


def _columns(z: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """z[:, cols], as a view when cols is a contiguous run (the independent case)."""
    if len(cols) and np.array_equal(cols, np.arange(cols[0], cols[0] + len(cols))):
        return z[:, cols[0] : cols[0] + len(cols)]
    return z[:, cols]


def monte_carlo(
    lines: pd.DataFrame,
    iterations: int = DEFAULT_ITERATIONS,
    seed: int | None = DEFAULT_SEED,
    totals: Sequence[str] = DEFAULT_TOTALS,
    *,
    lognormal_from_pct: float = LOGNORMAL_FROM_PCT,
    correlate_shared_factors: bool = False,
    chunk_size: int = DEFAULT_CHUNK,
) -> pd.DataFrame:
    """Approach 2 (IPCC 2006 Vol 1 Ch 3 Sec 3.2.3.2): Monte Carlo 95 % interval of every total.

    Seeded (``numpy.random.default_rng(seed)``), vectorised over an
    (iterations x lines) matrix built ``chunk_size`` iterations at a time, so
    memory stays bounded; the result does not depend on ``chunk_size``.

    One row per inventory and total with columns inventory, total, label_en,
    label_th, n_lines, emissions_co2e (the point estimate), mean_co2e,
    median_co2e, p2_5_co2e, p97_5_co2e, lower_pct and upper_pct (distance from
    the mean to each percentile, percent of |mean|), uncertainty_pct (half the
    95 % range, percent of |mean|), iterations, seed, approach.
    """
    if int(iterations) < 2:
        raise ValueError("iterations must be 2 or more / จำนวนรอบต้องตั้งแต่ 2 ขึ้นไป")
    if int(chunk_size) < 1:
        raise ValueError("chunk_size must be 1 or more / chunk_size ต้องตั้งแต่ 1 ขึ้นไป")
    setup = _Setup(lines, totals, correlate_shared_factors)
    out = setup.frame()
    iterations = int(iterations)
    n_cols = setup.membership.shape[1]

    # Only lines that emit and belong to a requested total need simulating.
    in_any = np.asarray(setup.membership.sum(axis=1)).ravel() > 0
    keep = in_any & (setup.x != 0)
    lognormal = keep & (setup.u * 100.0 >= lognormal_from_pct)
    normal = keep & ~lognormal
    sets = []
    for mask in (normal, lognormal):
        idx = np.flatnonzero(mask)
        weights = setup.membership[idx].multiply(setup.x[idx][:, None]).T.tocsr()
        sets.append((idx, weights))
    (n_idx, n_weights), (l_idx, l_weights) = sets
    n_sd = setup.u[n_idx] / Z_95
    l_mu, l_sigma = _lognormal_parameters(setup.u[l_idx])
    # One standard-normal column per draw group the simulated lines use. Independent
    # lines get normal-set columns first, then lognormal ones, so each set is a slice.
    if setup.n_groups == len(setup.x):
        n_cols_of = np.arange(len(n_idx))
        l_cols_of = len(n_idx) + np.arange(len(l_idx))
        n_draw_cols = len(n_idx) + len(l_idx)
    else:
        used, remap = np.unique(setup.group[np.concatenate([n_idx, l_idx])], return_inverse=True)
        n_cols_of, l_cols_of = remap[: len(n_idx)], remap[len(n_idx) :]
        n_draw_cols = len(used)

    rng = np.random.default_rng(seed)
    samples = np.empty((iterations, n_cols))
    for start in range(0, iterations, int(chunk_size)):
        stop = min(start + int(chunk_size), iterations)
        z = rng.standard_normal((stop - start, n_draw_cols))
        acc = np.zeros((n_cols, stop - start))
        if len(n_idx):
            mult = np.maximum(1.0 + _columns(z, n_cols_of) * n_sd, 0.0)  # a source stays >= 0
            acc += n_weights @ mult.T
        if len(l_idx):
            mult = np.exp(l_mu + _columns(z, l_cols_of) * l_sigma)
            acc += l_weights @ mult.T
        samples[start:stop] = acc.T

    mean = samples.mean(axis=0)
    p_low, median, p_high = np.percentile(samples, [2.5, 50.0, 97.5], axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(mean != 0, 100.0 / np.abs(mean), np.nan)
    out["mean_co2e"] = mean
    out["median_co2e"] = median
    out["p2_5_co2e"] = p_low
    out["p97_5_co2e"] = p_high
    out["lower_pct"] = (mean - p_low) * scale
    out["upper_pct"] = (p_high - mean) * scale
    out["uncertainty_pct"] = (p_high - p_low) / 2.0 * scale
    out["iterations"] = iterations
    out["seed"] = seed
    out["approach"] = "2"
    return out


# --------------------------------------------------------------------------- trend (Approach 1)

TREND_TOTALS = ("basic", "basic_plus", "territorial")
DEFAULT_EF_VARIANCE_SHARE = 0.5
SQRT_2 = float(np.sqrt(2.0))


def _split_ad_ef(lines: pd.DataFrame, ef_variance_share: float) -> tuple[np.ndarray, np.ndarray]:
    """Per line, activity-data and emission-factor uncertainty (percent).

    ``uncertainty_ad_pct`` / ``uncertainty_ef_pct`` where a line gives both; otherwise
    the line's combined uncertainty U split so that AD^2 + EF^2 = U^2, the share
    ``ef_variance_share`` of the variance going to the factor.
    """
    u_pct, _ = _resolve(lines)
    ef = u_pct * np.sqrt(ef_variance_share)
    ad = u_pct * np.sqrt(1.0 - ef_variance_share)
    if "uncertainty_ad_pct" in lines.columns and "uncertainty_ef_pct" in lines.columns:
        given_ad = pd.to_numeric(lines["uncertainty_ad_pct"], errors="coerce").to_numpy(float)
        given_ef = pd.to_numeric(lines["uncertainty_ef_pct"], errors="coerce").to_numpy(float)
        both = np.isfinite(given_ad) & np.isfinite(given_ef)
        ad = np.where(both, given_ad, ad)
        ef = np.where(both, given_ef, ef)
    return ad, ef


def _category_table(
    lines: pd.DataFrame, by: Sequence[str], total: str, ef_variance_share: float
) -> pd.DataFrame:
    """Per category: net CO2e and its AD and EF uncertainty (percent of |CO2e|), the
    lines' uncertainties combined as independent (Eq 3.1)."""
    _check(lines, (*REQUIRED_COLUMNS, *by))
    co2e = pd.to_numeric(lines["co2e"], errors="coerce").to_numpy(float)
    use = (_notation(lines) == "") & np.isfinite(co2e) & _total_mask(lines, total)
    ad, ef = _split_ad_ef(lines, ef_variance_share)
    category = lines[by[0]].astype(object).fillna("").astype(str)
    for col in by[1:]:
        category = category + " | " + lines[col].astype(object).fillna("").astype(str)
    frame = pd.DataFrame(
        {
            "category": category.to_numpy(object)[use],
            "co2e": co2e[use],
            "ad_sq": (ad[use] * co2e[use]) ** 2,
            "ef_sq": (ef[use] * co2e[use]) ** 2,
        }
    )
    grouped = frame.groupby("category", sort=True).sum()
    size = grouped["co2e"].abs().to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        grouped["ad_pct"] = np.where(size > 0, np.sqrt(grouped["ad_sq"]) / size, 0.0)
        grouped["ef_pct"] = np.where(size > 0, np.sqrt(grouped["ef_sq"]) / size, 0.0)
    return grouped[["co2e", "ad_pct", "ef_pct"]]


def trend_uncertainty(
    lines: pd.DataFrame,
    base_lines: pd.DataFrame,
    *,
    total: str = "basic_plus",
    by: Sequence[str] = ("gpc_ref",),
    ef_variance_share: float = DEFAULT_EF_VARIANCE_SHARE,
) -> pd.DataFrame:
    """Approach 1 uncertainty of the trend from the base year (IPCC 2006 Vol 1 Ch 3,
    Table 3.2 columns A-M) within one boundary (``total``: basic, basic_plus or
    territorial), by category (``by``: line columns, GPC reference number by default).

    Per category x, with C the base-year and D the latest-year CO2e, E the activity
    data and F the emission factor uncertainty (percent), sums over all categories::

        G = sqrt(E^2 + F^2)                                     combined (Eq 3.1)
        H = (G x D)^2 / (sum D)^2                    contribution to the level variance
        I = [(0.01 D + sum D - 0.01 C - sum C) / (0.01 C + sum C)
             - (sum D - sum C) / sum C] x 100                   type A sensitivity
        J = D / sum C                                           type B sensitivity
        K = I x F            trend uncertainty from the factor (correlated across years)
        L = J x E x sqrt(2)  trend uncertainty from activity data (independent years)
        M = K^2 + L^2                                contribution to the trend variance

    A last row (``row`` "total") holds sum C, sum D, the level uncertainty sqrt(sum H)
    (percent of sum D), the trend (sum D - sum C) / sum C x 100 and its uncertainty
    sqrt(sum M), in percentage points of the trend.

    E and F per line: ``uncertainty_ad_pct`` and ``uncertainty_ef_pct`` where the lines
    give them; otherwise the combined line uncertainty U (input or default) split by
    ``ef_variance_share`` (F = U sqrt(s), E = U sqrt(1 - s); default s = 0.5, so
    E = F = U / sqrt(2)). A category's E and F are those of the latest year, or of the
    base year where the category has no emissions in the latest year.
    """
    if total not in TREND_TOTALS:
        raise ValueError(
            f"unknown total {total!r}: expected one of {', '.join(TREND_TOTALS)} / "
            f"ไม่รู้จักผลรวม {total!r}: ต้องเป็น {', '.join(TREND_TOTALS)}"
        )
    if not 0.0 <= float(ef_variance_share) <= 1.0:
        raise ValueError(
            f"ef_variance_share {ef_variance_share!r} must lie between 0 and 1 / "
            f"ef_variance_share {ef_variance_share!r} ต้องอยู่ระหว่าง 0 ถึง 1"
        )
    by = list(by)
    latest = _category_table(lines, by, total, ef_variance_share)
    base = _category_table(base_lines, by, total, ef_variance_share)
    table = latest.add_suffix("_t").join(base.add_suffix("_0"), how="outer").fillna(0.0)
    c = table["co2e_0"].to_numpy(float)
    d = table["co2e_t"].to_numpy(float)
    in_latest = d != 0
    e = np.where(in_latest, table["ad_pct_t"], table["ad_pct_0"])
    f = np.where(in_latest, table["ef_pct_t"], table["ef_pct_0"])
    sum_c, sum_d = c.sum(), d.sum()
    if sum_c == 0:
        raise ValueError(
            f"the base year has a total of 0 t CO2e within {total}: the trend is undefined / "
            f"ปีฐานมีผลรวมเป็น 0 tCO2e ใน {total}: คำนวณแนวโน้มไม่ได้"
        )
    g = np.sqrt(e * e + f * f)
    h = (g * d) ** 2 / sum_d**2 if sum_d != 0 else np.full(len(d), np.nan)
    trend = (sum_d - sum_c) / sum_c * 100.0
    type_a = ((0.01 * d + sum_d - (0.01 * c + sum_c)) / (0.01 * c + sum_c)) * 100.0 - trend
    type_b = d / sum_c
    k = type_a * f
    el = type_b * e * SQRT_2
    m = k * k + el * el
    out = pd.DataFrame(
        {
            "row": "category",
            "category": table.index.to_numpy(object),
            "base_emissions_co2e": c,
            "emissions_co2e": d,
            "ad_uncertainty_pct": e,
            "ef_uncertainty_pct": f,
            "combined_uncertainty_pct": g,
            "level_variance_contribution": h,
            "type_a_sensitivity_pct": type_a,
            "type_b_sensitivity_pct": type_b,
            "trend_uncertainty_ef_pct": k,
            "trend_uncertainty_ad_pct": el,
            "trend_variance_contribution": m,
            "trend_pct": np.nan,
            "trend_uncertainty_pct": np.nan,
        }
    )
    summary = {
        "row": "total",
        "category": "total",
        "base_emissions_co2e": sum_c,
        "emissions_co2e": sum_d,
        "combined_uncertainty_pct": float(np.sqrt(np.nansum(h))),
        "level_variance_contribution": float(np.nansum(h)),
        "trend_variance_contribution": float(m.sum()),
        "trend_pct": trend,
        "trend_uncertainty_pct": float(np.sqrt(m.sum())),
    }
    out = pd.concat([out, pd.DataFrame([summary])], ignore_index=True)
    out.insert(0, "total", total)
    out["ef_variance_share"] = float(ef_variance_share)
    return out
