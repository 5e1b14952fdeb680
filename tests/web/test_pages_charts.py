"""Chart layouts that stay readable: the trend legend clear of the title and the axis title."""

from __future__ import annotations

from django.utils import translation

from climateplan.inventory.web.dashboard import trend_chart


def test_trend_legend_sits_between_the_title_and_the_plot():
    points = [
        {"year": 2021, "total_basic": 1.0, "total_basic_plus": 2.0, "total_territorial": 1.5},
        {"year": 2022, "total_basic": 1.1, "total_basic_plus": 2.1, "total_territorial": 1.6},
    ]
    with translation.override("th"):
        figure = trend_chart(points)
    layout = figure["layout"]
    legend, margin = layout["legend"], layout["margin"]
    # above the plot area (paper y >= 1, anchored at its bottom): not over the x-axis title
    assert legend["y"] >= 1 and legend["yanchor"] == "bottom"
    # the title hangs from the top of the margin, with room for one legend row under it
    # (title font ~17 px + legend row ~20 px < 70 px margin)
    assert layout["title"]["yanchor"] == "top" and margin["t"] >= 60
    assert layout["xaxis"]["title"]["text"] == "ปี (พ.ศ.)"
    # 2021 CE + 543 = 2564 BE
    assert figure["data"][0]["x"] == ["2564", "2565"]


def test_long_sector_names_wrap_at_spaces_only():
    from climateplan.inventory.web.dashboard import wrap_label

    # 22 characters a line at most, broken only where the name has a space
    assert wrap_label("V การเกษตร ป่าไม้ และการใช้ประโยชน์ที่ดิน") == (
        "V การเกษตร ป่าไม้<br>และการใช้ประโยชน์ที่ดิน"
    )
    # a word longer than a line stays whole; the sector code stays with it
    assert wrap_label("I พลังงานที่ใช้ในอาคารและสถานประกอบการ (แหล่งกำเนิดอยู่กับที่)") == (
        "I พลังงานที่ใช้ในอาคารและสถานประกอบการ<br>(แหล่งกำเนิดอยู่กับที่)"
    )
    assert wrap_label("II Transportation") == "II Transportation"  # short: unchanged
