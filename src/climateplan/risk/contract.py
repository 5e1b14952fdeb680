"""The table of province climate indices: written by ``risk.climate``, read by ``risk.index``.

One row per province x index x period x scenario (``district`` after ``province``
when computed per district). Kept in a module of its own so that the index half
can read the table without importing the gridded stack (xarray, dask).
"""

INDEX_TABLE_COLUMNS = (
    "province",
    "index",
    "unit",
    "period",
    "scenario",
    "value",
    "baseline",
    "change",
    "change_pct",
    "spread_low",
    "spread_high",
    "n_models",
    "years_dropped_pct",
    "synthetic",
)
# The last two columns are optional on input (tables written before they existed):
# ``years_dropped_pct`` the largest share (%) of a zone's cell-years dropped by the
# missing-data rule; ``synthetic`` True for values computed from synthetic climate.
OPTIONAL_INDEX_COLUMNS = ("years_dropped_pct", "synthetic")
