"""Uncertainty of inventory totals, IPCC 2006 Vol 1 Ch 3: expected values by hand.

Tolerances of Monte Carlo checks follow from the sampling error of a percentile:
with n draws the standard error of the p-quantile of a normal is
sqrt(p (1 - p) / n) / phi(z_p) standard deviations; for p = 2.5 % and n = 10,000,
sqrt(0.025 * 0.975 / 10000) / 0.05845 = 0.0267 sd. Half the 95 % range then has
a standard error of about 0.0267 / sqrt(2) = 0.019 sd, i.e. 0.019 / 1.96 = 1 % of
itself; a 5 % relative tolerance is about five standard errors.
"""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from climateplan.errors import InputError
from climateplan.inventory import uncertainty as unc
from climateplan.inventory.uncertainty import (
    default_uncertainty,
    monte_carlo,
    propagate,
    uncertainty_basis,
    uncertainty_defaults,
)

# GPC v1.1 Table 4.1 scope and inclusion of the references used below
GPC = {
    "I.1.1": ("I", 1, True, True, True),
    "I.1.2": ("I", 2, True, True, False),
    "I.1.3": ("I", 3, False, True, False),
    "I.4.4": ("I", 1, False, False, True),
    "III.1.1": ("III", 1, True, True, True),
    "V.2": ("V", 1, False, True, True),
    "V.3": ("V", 1, False, True, True),
    "VI.1": ("VI", 3, False, False, False),
}


def lines_frame(rows, inventory="TH-50/2023"):
    """A hand-made result frame with the engine's columns the analysis reads."""
    out = []
    for i, row in enumerate(rows):
        ref = row.get("gpc_ref", "I.1.1")
        sector, scope, basic, basic_plus, territorial = GPC[ref]
        out.append(
            {
                "line_id": i,
                "row": i + 2,
                "inventory": inventory,
                "gpc_ref": ref,
                "sector": sector,
                "scope": scope,
                "in_basic": basic,
                "in_basic_plus": basic_plus,
                "in_territorial": territorial,
                "method": "direct",
                "notation_key": "",
                "data_quality": "",
                "uncertainty_pct": np.nan,
                "factor_id_main": "",
                **row,
            }
        )
    return pd.DataFrame(out)


def one_total(table, name="basic_plus", inventory="TH-50/2023"):
    return table.set_index(["inventory", "total"]).loc[(inventory, name)]


# --------------------------------------------------------------------------- Approach 1


def test_approach_1_two_lines_by_hand():
    """IPCC 2006 Vol 1 Ch 3 Eq 3.1: U = sqrt((U1 x1)^2 + (U2 x2)^2) / |x1 + x2|."""
    frame = lines_frame(
        [{"co2e": 100.0, "uncertainty_pct": 10.0}, {"co2e": 300.0, "uncertainty_pct": 20.0}]
    )
    row = one_total(propagate(frame, totals=["basic_plus"]))
    # sqrt((0.10 * 100)^2 + (0.20 * 300)^2) = sqrt(10^2 + 60^2) = sqrt(3700) = 60.8276 t
    assert row["emissions_co2e"] == pytest.approx(400.0)
    assert row["half_width_co2e"] == pytest.approx(math.sqrt(3700.0))
    # 60.8276 / 400 = 15.207 %
    assert row["uncertainty_pct"] == pytest.approx(15.2069, abs=1e-4)
    assert row["lower_co2e"] == pytest.approx(400.0 - 60.8276, abs=1e-4)
    assert row["upper_co2e"] == pytest.approx(400.0 + 60.8276, abs=1e-4)
    assert row["n_lines"] == 2


def test_approach_1_with_a_removal():
    # Eq 3.1 divides by |sum x|: 500 t +-10 % and a sink of -100 t +-50 %
    # sqrt(50^2 + 50^2) / |500 - 100| = 70.711 / 400 = 17.678 %
    frame = lines_frame(
        [
            {"co2e": 500.0, "uncertainty_pct": 10.0},
            {"co2e": -100.0, "uncertainty_pct": 50.0, "gpc_ref": "V.2"},
        ]
    )
    row = one_total(propagate(frame))
    assert row["uncertainty_pct"] == pytest.approx(math.sqrt(5000.0) / 400.0 * 100.0)


def test_approach_1_every_total_by_hand():
    frame = lines_frame(
        [
            {"gpc_ref": "I.1.1", "co2e": 100.0, "uncertainty_pct": 10.0},  # U*x = 10
            {"gpc_ref": "I.1.2", "co2e": 200.0, "uncertainty_pct": 10.0},  # U*x = 20
            {"gpc_ref": "I.1.3", "co2e": 20.0, "uncertainty_pct": 50.0},  # U*x = 10
            {"gpc_ref": "I.4.4", "co2e": 1000.0, "uncertainty_pct": 5.0},  # U*x = 50
            {"gpc_ref": "VI.1", "co2e": 50.0, "uncertainty_pct": 30.0},  # in no total
        ]
    )
    table = propagate(frame).set_index("total")
    expected = {
        # total: (sum, sqrt of the sum of (U*x)^2)
        "basic": (300.0, math.sqrt(10**2 + 20**2)),  # I.1.1 + I.1.2
        "basic_plus": (320.0, math.sqrt(10**2 + 20**2 + 10**2)),  # + I.1.3
        "territorial": (1100.0, math.sqrt(10**2 + 50**2)),  # I.1.1 + I.4.4
        "scope1": (1100.0, math.sqrt(10**2 + 50**2)),
        "scope2": (200.0, 20.0),
        "scope3": (20.0, 10.0),  # VI.1 is other scope 3: outside the total
        "sector_I": (320.0, math.sqrt(600.0)),  # sector totals within BASIC+
    }
    for name, (total, half) in expected.items():
        assert table.loc[name, "emissions_co2e"] == pytest.approx(total), name
        assert table.loc[name, "half_width_co2e"] == pytest.approx(half), name
        assert table.loc[name, "uncertainty_pct"] == pytest.approx(half / total * 100), name
    # basic: sqrt(500)/300 = 7.4536 %
    assert table.loc["basic", "uncertainty_pct"] == pytest.approx(7.4536, abs=1e-4)
    assert table.loc["sector_VI", "emissions_co2e"] == 0.0
    assert np.isnan(table.loc["sector_VI", "uncertainty_pct"])
    assert table.loc["sector_I", "label_en"].startswith("Sector I: Stationary energy")
    assert table.loc["scope2", "label_th"] == "ขอบเขตที่ 2"


def test_approach_1_lines_sharing_a_factor_can_be_correlated():
    frame = lines_frame(
        [
            {"co2e": 100.0, "uncertainty_pct": 10.0, "factor_id_main": "fuels:12"},
            {"co2e": 300.0, "uncertainty_pct": 20.0, "factor_id_main": "fuels:12"},
            {"co2e": 200.0, "uncertainty_pct": 15.0, "factor_id_main": "fuels:40"},
            # a factor typed into the input is the line's own: never shared
            {"co2e": 100.0, "uncertainty_pct": 10.0, "factor_id_main": "input"},
            {"co2e": 100.0, "uncertainty_pct": 10.0, "factor_id_main": "input"},
        ]
    )
    independent = one_total(propagate(frame))
    # sqrt(10^2 + 60^2 + 30^2 + 10^2 + 10^2) / 800 = sqrt(4800) / 800
    assert independent["half_width_co2e"] == pytest.approx(math.sqrt(4800.0))
    correlated = one_total(propagate(frame, correlate_shared_factors=True))
    # fuels:12 adds linearly: (10 + 60) = 70; then sqrt(70^2 + 30^2 + 10^2 + 10^2) / 800
    assert correlated["half_width_co2e"] == pytest.approx(math.sqrt(4900 + 900 + 100 + 100))
    assert correlated["uncertainty_pct"] == pytest.approx(math.sqrt(6000.0) / 800 * 100)


def test_notation_key_lines_contribute_nothing():
    clean = lines_frame(
        [{"co2e": 100.0, "uncertainty_pct": 10.0}, {"co2e": 300.0, "uncertainty_pct": 20.0}]
    )
    noisy = lines_frame(
        [
            {"co2e": 100.0, "uncertainty_pct": 10.0},
            {"co2e": 300.0, "uncertainty_pct": 20.0},
            {"co2e": 1.0e6, "uncertainty_pct": 90.0, "notation_key": "IE"},
            {"co2e": np.nan, "notation_key": "NO"},
        ]
    )
    for fn in (propagate, lambda f: monte_carlo(f, iterations=500)):
        a, b = one_total(fn(clean)), one_total(fn(noisy))
        assert b["emissions_co2e"] == a["emissions_co2e"] == pytest.approx(400.0)
        assert b["uncertainty_pct"] == pytest.approx(a["uncertainty_pct"])
        assert b["n_lines"] == 2


def test_totals_per_inventory():
    a = lines_frame([{"co2e": 100.0, "uncertainty_pct": 10.0}])
    b = lines_frame([{"co2e": 50.0, "uncertainty_pct": 40.0}], inventory="TH-40/2023")
    table = propagate(pd.concat([a, b], ignore_index=True), totals=["basic"])
    assert one_total(table, "basic", "TH-50/2023")["uncertainty_pct"] == pytest.approx(10.0)
    assert one_total(table, "basic", "TH-40/2023")["uncertainty_pct"] == pytest.approx(40.0)


# --------------------------------------------------------------------------- defaults


def test_defaults_by_method_family_and_data_quality():
    frame = lines_frame(
        [
            {"co2e": 1.0, "method": "fuel_combustion", "data_quality": "H"},
            {"co2e": 1.0, "method": "fuel_combustion", "data_quality": "M"},
            {"co2e": 1.0, "method": "fuel_combustion", "data_quality": "L"},
            {"co2e": 1.0, "method": "fuel_combustion", "data_quality": ""},
            {"co2e": 1.0, "method": "landfill_fod", "data_quality": "m"},
            {"co2e": 1.0, "method": "direct", "data_quality": "M"},
            {"co2e": 1.0, "method": "fuel_combustion", "data_quality": "L", "uncertainty_pct": 7.5},
        ]
    )
    # uncertainty_defaults.csv: fuel_combustion H 5, M 10, L 20; blank quality counts as L;
    # landfill (prefix of landfill_fod) M 50; no family for "direct": * M 30;
    # a value given in the input wins over every default
    np.testing.assert_allclose(default_uncertainty(frame), [5, 10, 20, 20, 50, 30, 7.5])
    assert uncertainty_basis(frame).tolist() == [
        "default fuel_combustion/H",
        "default fuel_combustion/M",
        "default fuel_combustion/L",
        "default fuel_combustion/L",
        "default landfill/M",
        "default */M",
        "input",
    ]


@pytest.mark.parametrize(
    ("method", "family"),
    [
        # method names registered by the method modules -> family rows of the defaults file
        ("landfill_commitment", "landfill"),
        ("landfill_fod", "landfill"),
        ("enteric_fermentation", "enteric"),
        ("manure_management", "manure"),
        ("rice_cultivation", "rice"),
        ("soils_direct_n2o", "soils"),
        ("fuel_combustion", "fuel_combustion"),
        ("electricity", "electricity"),
        ("vehicle_km", "vehicle_km"),
        ("biological_treatment", "biological_treatment"),
        ("incineration", "incineration"),
        ("open_burning", "open_burning"),
        ("wastewater_domestic", "wastewater"),
        ("wastewater_industrial", "wastewater"),
        ("crop_residue_burning", "crop_residue"),
        ("urea_application", "*"),  # no family of its own: the generic row
        ("direct", "*"),
    ],
)
def test_method_names_resolve_to_their_family(method, family):
    frame = lines_frame([{"co2e": 1.0, "method": method, "data_quality": "M"}])
    assert uncertainty_basis(frame)[0] == f"default {family}/M"


def test_defaults_feed_the_propagation():
    frame = lines_frame(
        [
            {"co2e": 100.0, "method": "fuel_combustion", "data_quality": "H"},  # 5 % -> 5 t
            {"co2e": 40.0, "method": "enteric_fermentation", "data_quality": "M"},  # 35 % -> 14 t
        ]
    )
    row = one_total(propagate(frame))
    # sqrt(5^2 + 14^2) / 140 = sqrt(221) / 140 = 10.619 %
    assert row["uncertainty_pct"] == pytest.approx(math.sqrt(221.0) / 140.0 * 100.0)


def test_shipped_defaults_are_complete_and_sourced():
    table = uncertainty_defaults()
    assert (table["source"].str.len() > 20).all()
    # honest: these are a project convention informed by IPCC ranges, not IPCC defaults
    assert table["source"].str.startswith("Project convention").all()
    assert (table["uncertainty_pct"] > 0).all()
    per_family = table.groupby("method_family")["data_quality"].apply(set)
    assert all(q == {"H", "M", "L"} for q in per_family)
    assert "*" in per_family.index
    # better data never gets a wider default than worse data
    wide = table.pivot(index="method_family", columns="data_quality", values="uncertainty_pct")
    assert ((wide["H"] <= wide["M"]) & (wide["M"] <= wide["L"])).all()


def test_broken_defaults_file_is_reported_with_rows(tmp_path, monkeypatch):
    broken = tmp_path / "uncertainty_defaults.csv"
    broken.write_text(
        "method_family,data_quality,uncertainty_pct,basis,source,note\n"
        "*,H,10,b,src,\n*,M,-3,b,src,\n*,X,30,b,src,\nrice,H,20,b,,\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(unc, "data_path", lambda name: broken)
    unc._defaults_table.cache_clear()
    try:
        with pytest.raises(InputError) as err:
            uncertainty_defaults()
    finally:
        unc._defaults_table.cache_clear()
    where = {(p.row, p.column) for p in err.value.problems}
    assert (3, "uncertainty_pct") in where  # -3
    assert (4, "data_quality") in where  # X
    assert (5, "source") in where  # no source
    assert any(p.value == "rice" for p in err.value.problems)  # lacks M and L
    assert "ตระกูลวิธีคำนวณ" in err.value.summary("th")


def test_bad_lines_are_reported_together_in_both_languages():
    frame = lines_frame(
        [
            {"co2e": 100.0, "uncertainty_pct": -5.0},
            {"co2e": 100.0, "data_quality": "X"},
            {"co2e": np.nan},
        ]
    )
    with pytest.raises(InputError) as err:
        propagate(frame)
    got = {(p.row, p.column) for p in err.value.problems}
    # spreadsheet rows 2, 3, 4 as the engine keeps them in column "row"
    assert got == {(2, "uncertainty_pct"), (3, "data_quality"), (4, "co2e")}
    assert "ความไม่แน่นอน" in err.value.summary("th")
    with pytest.raises(InputError) as err:
        monte_carlo(frame.drop(columns=["co2e", "scope"]))
    assert {p.column for p in err.value.problems} == {"co2e", "scope"}
    with pytest.raises(ValueError, match="ไม่รู้จักผลรวม"):
        propagate(lines_frame([{"co2e": 1.0}]), totals=["everything"])


# --------------------------------------------------------------------------- Approach 2


def test_monte_carlo_converges_to_approach_1_for_small_normal_uncertainties():
    frame = lines_frame(
        [
            {"co2e": 1000.0, "uncertainty_pct": 5.0},
            {"co2e": 500.0, "uncertainty_pct": 10.0},
            {"co2e": 2000.0, "uncertainty_pct": 15.0},
            {"co2e": 800.0, "uncertainty_pct": 20.0, "gpc_ref": "I.1.2"},
        ]
    )
    # Approach 1 by hand: sqrt(50^2 + 50^2 + 300^2 + 160^2) / 4300
    #   = sqrt(2500 + 2500 + 90000 + 25600) / 4300 = 347.27 / 4300 = 8.076 %
    a1 = math.sqrt(2500 + 2500 + 90000 + 25600) / 4300 * 100
    assert one_total(propagate(frame))["uncertainty_pct"] == pytest.approx(a1)
    row = one_total(monte_carlo(frame, iterations=10_000, seed=7))
    # half-width: 5 % relative tolerance = about 5 standard errors (module docstring)
    assert row["uncertainty_pct"] == pytest.approx(a1, rel=0.05)
    # mean: sd of the total = 347.27 / 1.96 = 177 t, standard error 177 / sqrt(10000)
    # = 1.8 t; 0.25 % of 4300 = 10.75 t is about 6 standard errors
    assert row["mean_co2e"] == pytest.approx(4300.0, rel=0.0025)
    assert row["lower_pct"] == pytest.approx(row["upper_pct"], rel=0.1)  # symmetric


def test_monte_carlo_uses_a_lognormal_for_large_uncertainties():
    frame = lines_frame([{"co2e": 1000.0, "uncertainty_pct": 100.0}])
    row = one_total(monte_carlo(frame, iterations=20_000, seed=11))
    # Lognormal with mean 1000 and sd = 1.00 * 1000 / 1.96 (CV = 0.5102):
    #   sigma^2 = ln(1 + 0.5102^2) = ln(1.26031) = 0.23136, sigma = 0.48100
    #   mu = ln(1000) - sigma^2 / 2 = ln(1000) - 0.11568
    #   median = 1000 * exp(-0.11568) = 890.76
    #   2.5 %  = 890.76 * exp(-1.96 * 0.48100) = 890.76 * 0.38956 = 347.0
    #   97.5 % = 890.76 * exp(+1.96 * 0.48100) = 890.76 * 2.56698 = 2286.6
    # sampling error of these quantiles with 20,000 draws is about 1 % (log scale
    # 0.0189 sd * sigma 0.481); 5 % tolerance is about five standard errors
    assert row["median_co2e"] == pytest.approx(890.76, rel=0.05)
    assert row["p2_5_co2e"] == pytest.approx(347.0, rel=0.05)
    assert row["p97_5_co2e"] == pytest.approx(2286.6, rel=0.05)
    assert row["mean_co2e"] == pytest.approx(1000.0, rel=0.03)
    # asymmetric: about 65 % below and 129 % above the mean, never below zero
    assert row["upper_pct"] > 1.5 * row["lower_pct"]
    assert row["p2_5_co2e"] > 0


def test_normal_below_threshold_lognormal_from_it():
    frame = lines_frame(
        [
            {"co2e": 1000.0, "uncertainty_pct": 25.0},
            {"co2e": 1000.0, "uncertainty_pct": 60.0, "gpc_ref": "I.1.2"},
        ]
    )
    table = monte_carlo(frame, totals=["scope1", "scope2"], iterations=10_000, seed=3)
    normal, logn = one_total(table, "scope1"), one_total(table, "scope2")
    # U = 25 % < 30 %: normal, symmetric (each side 25 % +- about 0.35 point)
    assert normal["lower_pct"] == pytest.approx(25.0, abs=1.5)
    assert normal["upper_pct"] == pytest.approx(25.0, abs=1.5)
    # U = 60 %: lognormal, CV = 0.30612, sigma^2 = ln(1.09371) = 0.08957, sigma = 0.29929,
    # mu = -0.04479: 2.5 % = exp(-0.04479 - 0.58661) = 0.5318 (46.8 % below),
    # 97.5 % = exp(-0.04479 + 0.58661) = 1.7192 (71.9 % above)
    assert logn["lower_pct"] == pytest.approx(46.8, abs=2.0)
    assert logn["upper_pct"] == pytest.approx(71.9, abs=3.0)


def test_clipped_normal_cannot_turn_a_source_negative():
    frame = lines_frame([{"co2e": 1000.0, "uncertainty_pct": 100.0}])
    # forcing the normal for U = 100 %: 1 + z * 0.5102 <= 0 for z <= -1.96, i.e. 2.5 %
    # of the draws are clipped to 0, so the 2.5 % percentile sits at about 0
    row = one_total(monte_carlo(frame, iterations=10_000, seed=5, lognormal_from_pct=1000.0))
    assert 0.0 <= row["p2_5_co2e"] < 30.0
    sink = lines_frame([{"co2e": -500.0, "uncertainty_pct": 20.0, "gpc_ref": "V.2"}])
    row = one_total(monte_carlo(sink, iterations=2_000, seed=5))
    assert row["p97_5_co2e"] < 0  # a sink stays a sink


def test_monte_carlo_correlated_factor_matches_approach_1():
    frame = lines_frame(
        [
            {"co2e": 100.0, "uncertainty_pct": 10.0, "factor_id_main": "grid:3"},
            {"co2e": 300.0, "uncertainty_pct": 20.0, "factor_id_main": "grid:3"},
        ]
    )
    row = one_total(monte_carlo(frame, correlate_shared_factors=True, seed=1))
    # one draw for both lines: total = 400 + (10 + 60) / 1.96 * z; half-width 70 -> 17.5 %
    assert row["uncertainty_pct"] == pytest.approx(17.5, rel=0.05)


def test_monte_carlo_is_deterministic_with_a_seed_and_independent_of_chunks():
    frame = lines_frame(
        [
            {"co2e": 100.0 + 10 * i, "uncertainty_pct": 5.0 + 7 * i, "gpc_ref": ref}
            for i, ref in enumerate(["I.1.1", "I.1.2", "I.1.3", "V.3", "III.1.1"] * 3)
        ]
    )
    a = monte_carlo(frame, iterations=3_000, seed=42)
    b = monte_carlo(frame, iterations=3_000, seed=42, chunk_size=137)
    c = monte_carlo(frame, iterations=3_000, seed=43)
    cols = ["mean_co2e", "median_co2e", "p2_5_co2e", "p97_5_co2e"]
    pd.testing.assert_frame_equal(a, monte_carlo(frame, iterations=3_000, seed=42))
    np.testing.assert_allclose(a[cols], b[cols], rtol=1e-12)
    assert not np.allclose(a[cols], c[cols])
    assert (a["seed"] == 42).all() and (a["iterations"] == 3_000).all()


def test_monte_carlo_rejects_too_few_iterations():
    with pytest.raises(ValueError, match="iterations"):
        monte_carlo(lines_frame([{"co2e": 1.0}]), iterations=1)


# --------------------------------------------------------------------------- property


@settings(max_examples=25, deadline=None)
@given(
    values=st.lists(st.floats(1.0, 1e6), min_size=1, max_size=8),
    pcts=st.lists(st.floats(0.5, 150.0), min_size=8, max_size=8),
    k=st.floats(1e-3, 1e3),
)
def test_scaling_every_line_scales_totals_and_half_widths(values, pcts, k):
    """Eq 3.1 and the multiplicative draws are homogeneous of degree 1 in the emissions."""
    rows = [
        {"co2e": v, "uncertainty_pct": u, "gpc_ref": ("I.1.1", "I.1.2", "V.3")[i % 3]}
        for i, (v, u) in enumerate(zip(values, pcts, strict=False))
    ]
    frame = lines_frame(rows)
    scaled = frame.assign(co2e=frame["co2e"] * k)
    a, b = propagate(frame), propagate(scaled)
    np.testing.assert_allclose(b["emissions_co2e"], k * a["emissions_co2e"], rtol=1e-9)
    np.testing.assert_allclose(b["half_width_co2e"], k * a["half_width_co2e"], rtol=1e-9)
    np.testing.assert_allclose(b["uncertainty_pct"], a["uncertainty_pct"], rtol=1e-9)
    ma = monte_carlo(frame, iterations=400, seed=9)
    mb = monte_carlo(scaled, iterations=400, seed=9)
    for col in ("mean_co2e", "p2_5_co2e", "p97_5_co2e"):
        np.testing.assert_allclose(mb[col], k * ma[col], rtol=1e-9, atol=1e-9 * k)
    np.testing.assert_allclose(mb["uncertainty_pct"], ma["uncertainty_pct"], rtol=1e-7)


# --------------------------------------------------------------------------- trend


def _trend_pair():
    """Two categories, one line each, with activity-data (E) and factor (F) uncertainty.

    A (I.1.1): base C = 100, latest D = 120, E = 5 %, F = 10 %
    B (III.1.1): base C = 50, latest D = 30, E = 20 %, F = 50 %
    """
    latest = lines_frame(
        [
            {"gpc_ref": "I.1.1", "co2e": 120.0, "uncertainty_ad_pct": 5, "uncertainty_ef_pct": 10},
            {
                "gpc_ref": "III.1.1",
                "co2e": 30.0,
                "uncertainty_ad_pct": 20,
                "uncertainty_ef_pct": 50,
            },
        ]
    )
    base = lines_frame(
        [
            {"gpc_ref": "I.1.1", "co2e": 100.0, "uncertainty_ad_pct": 5, "uncertainty_ef_pct": 10},
            {
                "gpc_ref": "III.1.1",
                "co2e": 50.0,
                "uncertainty_ad_pct": 20,
                "uncertainty_ef_pct": 50,
            },
        ],
        inventory="TH-50/2018",
    )
    return latest, base


def test_trend_uncertainty_table_3_2_column_by_column():
    # IPCC 2006 Vol 1 Ch 3 Table 3.2 (Approach 1), sum C = 150, sum D = 150:
    # G = sqrt(E^2 + F^2): A sqrt(25 + 100) = 11.18034; B sqrt(400 + 2500) = 53.85165
    # H = (G D)^2 / (sum D)^2: A 125 x 14400 / 22500 = 80; B 2900 x 900 / 22500 = 116
    # I (type A) = [(0.01 D + sum D - 0.01 C - sum C) / (0.01 C + sum C) - trend] x 100,
    #   trend = (150 - 150) / 150 = 0:
    #   A (1.2 + 150 - 1 - 150) / 151 x 100 = 0.2 / 151 x 100 = 0.1324503
    #   B (0.3 + 150 - 0.5 - 150) / 150.5 x 100 = -0.2 / 150.5 x 100 = -0.1328904
    # J (type B) = D / sum C: A 120 / 150 = 0.8; B 30 / 150 = 0.2
    # K = I x F: A 0.1324503 x 10 = 1.324503; B -0.1328904 x 50 = -6.644518
    # L = J x E x sqrt(2): A 0.8 x 5 x 1.4142136 = 5.656854; B 0.2 x 20 x 1.4142136 = 5.656854
    # M = K^2 + L^2: A 1.754308 + 32 = 33.754308; B 44.149624 + 32 = 76.149624
    # trend uncertainty = sqrt(33.754308 + 76.149624) = sqrt(109.903932) = 10.483508
    # level uncertainty = sqrt(80 + 116) = 14 %
    latest, base = _trend_pair()
    table = unc.trend_uncertainty(latest, base)
    rows = table.set_index("category")
    a, b, total = rows.loc["I.1.1"], rows.loc["III.1.1"], rows.loc["total"]
    assert (a["base_emissions_co2e"], a["emissions_co2e"]) == (100.0, 120.0)
    assert a["combined_uncertainty_pct"] == pytest.approx(11.18034, rel=1e-6)
    assert b["combined_uncertainty_pct"] == pytest.approx(53.85165, rel=1e-6)
    assert a["level_variance_contribution"] == pytest.approx(80.0)
    assert b["level_variance_contribution"] == pytest.approx(116.0)
    assert a["type_a_sensitivity_pct"] == pytest.approx(0.1324503, rel=1e-6)
    assert b["type_a_sensitivity_pct"] == pytest.approx(-0.1328904, rel=1e-6)
    assert a["type_b_sensitivity_pct"] == pytest.approx(0.8)
    assert b["type_b_sensitivity_pct"] == pytest.approx(0.2)
    assert a["trend_uncertainty_ef_pct"] == pytest.approx(1.324503, rel=1e-6)
    assert b["trend_uncertainty_ef_pct"] == pytest.approx(-6.644518, rel=1e-6)
    assert a["trend_uncertainty_ad_pct"] == pytest.approx(5.656854, rel=1e-6)
    assert b["trend_uncertainty_ad_pct"] == pytest.approx(5.656854, rel=1e-6)
    assert a["trend_variance_contribution"] == pytest.approx(33.754308, rel=1e-6)
    assert b["trend_variance_contribution"] == pytest.approx(76.149624, rel=1e-6)
    assert total["trend_pct"] == pytest.approx(0.0)
    assert total["trend_uncertainty_pct"] == pytest.approx(10.483508, rel=1e-6)
    assert total["combined_uncertainty_pct"] == pytest.approx(14.0)
    assert (total["base_emissions_co2e"], total["emissions_co2e"]) == (150.0, 150.0)


def test_trend_uncertainty_with_a_growing_total_and_the_default_split():
    # One category growing 100 -> 150 (trend +50 %), combined U 20 % split evenly
    # (E = F = 20 / sqrt(2) = 14.142136 %), and a second, constant one of 100 with
    # U 0 (E = F = 0). sum C = 200, sum D = 250, trend = 50 / 200 x 100 = 25 %.
    # A: I = [(1.5 + 250 - 1 - 200) / (1 + 200) - 0.25] x 100
    #      = (50.5 / 201 - 0.25) x 100 = (0.2512438 - 0.25) x 100 = 0.1243781
    #    J = 150 / 200 = 0.75; K = 0.1243781 x 14.142136 = 1.758974
    #    L = 0.75 x 14.142136 x 1.4142136 = 15; M = 3.093990 + 225 = 228.093990
    # trend uncertainty = sqrt(228.093990) = 15.102781 percentage points
    latest = lines_frame(
        [
            {"gpc_ref": "I.1.1", "co2e": 150.0, "uncertainty_pct": 20},
            {"gpc_ref": "V.3", "co2e": 100.0, "uncertainty_pct": 0},
        ]
    )
    base = lines_frame(
        [
            {"gpc_ref": "I.1.1", "co2e": 100.0, "uncertainty_pct": 20},
            {"gpc_ref": "V.3", "co2e": 100.0, "uncertainty_pct": 0},
        ],
        inventory="TH-50/2018",
    )
    rows = unc.trend_uncertainty(latest, base).set_index("category")
    assert rows.loc["I.1.1", "ad_uncertainty_pct"] == pytest.approx(14.142136, rel=1e-6)
    assert rows.loc["I.1.1", "type_a_sensitivity_pct"] == pytest.approx(0.1243781, rel=1e-6)
    assert rows.loc["I.1.1", "trend_uncertainty_ad_pct"] == pytest.approx(15.0)
    assert rows.loc["total", "trend_pct"] == pytest.approx(25.0)
    assert rows.loc["total", "trend_uncertainty_pct"] == pytest.approx(15.102781, rel=1e-6)


def test_trend_level_uncertainty_equals_approach_1_of_the_total():
    # with one line per category, sqrt(sum H) is Eq 3.1 of the total (propagate)
    latest, base = _trend_pair()
    latest = latest.drop(columns=["uncertainty_ad_pct", "uncertainty_ef_pct"])
    latest["uncertainty_pct"] = [10.0, 40.0]
    base = base.drop(columns=["uncertainty_ad_pct", "uncertainty_ef_pct"])
    base["uncertainty_pct"] = [10.0, 40.0]
    level = unc.trend_uncertainty(latest, base).set_index("category").loc["total"]
    # sqrt((10 x 120)^2 + (40 x 30)^2) / 150 = sqrt(1440000 + 1440000) / 150 = 11.313708 %
    assert level["combined_uncertainty_pct"] == pytest.approx(11.313708, rel=1e-6)
    assert one_total(propagate(latest))["uncertainty_pct"] == pytest.approx(11.313708, rel=1e-6)


def test_trend_uncertainty_refuses_bad_arguments():
    latest, base = _trend_pair()
    with pytest.raises(ValueError, match="ef_variance_share"):
        unc.trend_uncertainty(latest, base, ef_variance_share=1.5)
    with pytest.raises(ValueError, match="unknown total"):
        unc.trend_uncertainty(latest, base, total="scope2")
    empty_base = base.assign(co2e=0.0)
    with pytest.raises(ValueError, match="undefined"):
        unc.trend_uncertainty(latest, empty_base)
