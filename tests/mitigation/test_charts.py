"""Charts: Buddhist Era years in Thai, Common Era in English; MACC bars that stay visible."""

from __future__ import annotations

import numpy as np
import pytest

from climateplan.mitigation import charts


def test_years_read_in_the_chart_language():
    # Buddhist Era = Common Era + 543: 2030 -> 2573
    assert charts.year_text(2030, "th") == "2573"
    assert charts.year_text(2030, "en") == "2030"


def test_year_axis_of_a_thai_chart_shows_buddhist_era():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([2022, 2030], [1, 2])
    charts._year_axis(ax, "th")
    formatter = ax.xaxis.get_major_formatter()
    assert formatter(2030, 0) == "2573" and formatter(2022, 0) == "2565"
    charts._year_axis(ax, "en")
    assert ax.xaxis.get_major_formatter()(2030, 0) == "2030"
    plt.close(fig)


def test_near_zero_costs_get_a_visible_bar():
    # largest |cost| 7,284 THB/t: the floor is 2 % of it = 145.68; 5 and -27 THB/t are raised
    # to +145.68 and -145.68 (sign kept); 612 and -7,284 are drawn as they are
    shown, tiny = charts.macc_bar_heights(np.array([-7284.0, -27.0, 5.0, 612.0]))
    np.testing.assert_allclose(shown, [-7284.0, -145.68, 145.68, 612.0])
    assert tiny.tolist() == [False, True, True, False]
    shown, tiny = charts.macc_bar_heights(np.array([0.0, 0.0]))
    assert shown == pytest.approx([0.02, 0.02]) and tiny.all()
