"""Every CO2 factor per TJ equals its carbon content x 44/12 (issue #2).

IPCC 2006 Vol 2 Ch 1 Table 1.4 (CO2 EF, kg/TJ) is Table 1.3 (carbon content,
kg C/GJ) x 44/12 x 1000, each rounded to three significant figures. A widely
used city tool multiplied by 3 instead of 44/12 (= 3.667), which makes every
factor 18 % too low; the check below must catch that.
"""

from __future__ import annotations

import pandas as pd
import pytest

from climateplan.inventory.methods._energy_common import fuel_catalogue
from climateplan.inventory.methods.constants import C_TO_CO2
from climateplan.reference.factors import factor_table

# both tables round to three significant figures: the product may differ by < 0.5 %
TOLERANCE = 0.005


def co2_check(table: pd.DataFrame) -> pd.DataFrame:
    """Per fuel: shipped CO2 EF, carbon content x 44/12, and their relative difference."""
    ipcc = table[table["origin"] == "IPCC"]
    co2 = ipcc[ipcc["parameter"] == "co2_ef"].set_index("fuel")["value"]
    carbon = ipcc[ipcc["parameter"] == "carbon_content"].set_index("fuel")["value"]
    frame = pd.DataFrame({"co2_ef": co2, "carbon": carbon})
    # kg C/GJ x 44/12 = kg CO2/GJ; x 1000 GJ/TJ = kg CO2/TJ
    frame["expected"] = frame["carbon"] * C_TO_CO2 * 1000
    frame["deviation"] = (frame["co2_ef"] - frame["expected"]) / frame["expected"]
    return frame


def test_every_co2_factor_has_a_carbon_content():
    frame = co2_check(factor_table("fuels"))
    assert frame["carbon"].notna().all(), frame.index[frame["carbon"].isna()].tolist()
    assert frame["co2_ef"].notna().all(), frame.index[frame["co2_ef"].isna()].tolist()
    fossil = fuel_catalogue().query("kind == 'fossil'").index
    assert set(fossil) <= set(frame.index)


def test_every_co2_factor_is_carbon_times_44_over_12():
    frame = co2_check(factor_table("fuels"))
    off = frame[frame["deviation"].abs() > TOLERANCE]
    assert off.empty, off


@pytest.mark.parametrize(
    ("fuel", "carbon", "co2_ef"),
    [
        # literal Table 1.3 / Table 1.4 pairs: 20.2 x 44/12 = 74.07 -> 74,100
        ("diesel", 20.2, 74100),
        ("motor_gasoline", 18.9, 69300),  # 69.30
        ("lpg", 17.2, 63100),  # 63.07
        ("natural_gas", 15.3, 56100),  # 56.10
        ("lignite", 27.6, 101000),  # 101.2
    ],
)
def test_literal_pairs(fuel, carbon, co2_ef):
    frame = co2_check(factor_table("fuels"))
    assert frame.loc[fuel, "carbon"] == carbon
    assert frame.loc[fuel, "co2_ef"] == co2_ef
    assert carbon * 44 / 12 * 1000 == pytest.approx(co2_ef, rel=TOLERANCE)


def test_the_check_catches_carbon_times_three():
    table = factor_table("fuels").copy()
    rows = (table["parameter"] == "co2_ef") & (table["origin"] == "IPCC")
    carbon = table[
        (table["parameter"] == "carbon_content") & (table["origin"] == "IPCC")
    ].set_index("fuel")["value"]
    # the known error: carbon content x 3 instead of x 44/12
    table.loc[rows, "value"] = table.loc[rows, "fuel"].map(carbon).to_numpy() * 3 * 1000
    frame = co2_check(table)
    # 3 / (44/12) - 1 = -18.2 %: every factor is flagged
    assert (frame["deviation"] < -0.18).all()
    assert (frame["deviation"].abs() > TOLERANCE).all()
