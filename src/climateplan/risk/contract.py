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
)
