"""Framework files: the shipped default loads and is complete; bad files are rejected
with every problem at once, each naming the file, the YAML line and the path inside."""

from __future__ import annotations

import pytest

from climateplan.errors import InputError
from climateplan.risk.index.framework import (
    DIMENSIONS,
    default_framework_path,
    load_framework,
    parse_framework,
)

NAP_SECTORS = {
    "water",
    "agriculture",
    "tourism",
    "public_health",
    "natural_resources",
    "human_settlements",
}


def problems_of(text: str) -> list:
    with pytest.raises(InputError) as info:
        parse_framework(text, "fw.yaml")
    return info.value.problems


def test_default_framework_is_complete_and_sourced():
    fw = load_framework()
    assert set(fw.hazards) >= {"flood", "drought", "heat", "storm", "coastal", "landslide"}
    assert set(fw.nap_sectors) == NAP_SECTORS
    assert all(s.en and s.th for s in fw.nap_sectors.values())
    assert [d.id for d in fw.dimensions] == list(DIMENSIONS)
    table = fw.indicator_table()
    assert len(table) >= 20
    # every indicator names its source and year, bilingual names, bounds min < max
    assert table["source"].str.len().gt(10).all()
    assert table["year"].str.len().gt(0).all()
    assert table[["name_en", "name_th"]].ne("").all().all()
    assert (table["min"] < table["max"]).all()
    # every hazard has hazard & exposure indicators of its own
    for hazard in fw.hazards:
        he = table[(table["dimension"] == "hazard_exposure")]
        assert he["hazards"].str.split(",").map(lambda h, hz=hazard: hz in h).any(), hazard
    # the agencies the brief names appear as sources
    sources = " ".join(table["source"])
    for agency in ("NSO", "NESDC", "Royal Irrigation Department", "TMD", "DDPM"):
        assert agency in sources, agency
    # both directions and both transforms are used
    assert set(table["direction"]) == {"higher_is_worse", "higher_is_better"}
    assert set(table["transform"]) == {"linear", "log"}


def test_mini_framework_roles_default_from_dimension(mini):
    roles = {i: ind.role for i, ind in mini.indicators.items()}
    # f_rain: baseline gridded value in hazard & exposure -> current hazard
    assert roles == {
        "f_rain": "hazard",
        "f_pop": "exposure",
        "h_days": "hazard",
        "poverty": "vulnerability",
        "beds": "coping",
    }


def test_bad_weights_are_each_reported_with_their_yaml_path(mini_text):
    text = mini_text.replace("- {ref: f_pop, weight: 1}", "- {ref: f_pop, weight: -2}")
    text = text.replace("- {ref: h_days, weight: 1}", "- {ref: h_days, weight: heavy}")
    text = text.replace(
        "- {ref: beds, weight: 1}", "- {ref: beds, weight: 0}"
    )  # the only child of 'care': its group sums to zero
    problems = problems_of(text)
    messages = [p.message_en for p in problems]
    assert any(
        m.startswith("components.flood.indicators[1].weight: weight must not be negative")
        for m in messages
    )
    assert any(
        m.startswith("components.heat.indicators[0].weight: weight must be a number")
        for m in messages
    )
    assert any(
        m.startswith("components.care: the weights of this group sum to zero") for m in messages
    )
    assert len(problems) == 3  # all at once
    # located: file and the line of the offending entry in the YAML
    negative = next(p for p in problems if "negative" in p.message_en)
    line = mini_text.splitlines().index("      - {ref: f_pop, weight: 1}") + 1
    assert (negative.file, negative.row) == ("fw.yaml", line)
    assert "น้ำหนักต้องไม่ติดลบ" in negative.message_th  # bilingual


def test_unknown_direction_transform_and_bad_bounds(mini_text):
    text = mini_text.replace(
        "    direction: higher_is_better\n    transform: linear\n    min: 0\n    max: 10",
        "    direction: lower_is_better\n    transform: sqrt\n    min: 10\n    max: 10",
    )
    messages = [p.message_en for p in problems_of(text)]
    assert any(
        "indicators.beds.direction: unknown direction 'lower_is_better'" in m for m in messages
    )
    assert any("indicators.beds.transform: unknown transform 'sqrt'" in m for m in messages)
    assert any("indicators.beds.min: min (10) must be below max (10)" in m for m in messages)


def test_a_component_that_contains_its_ancestor_is_a_cycle(mini_text):
    # flood -> people -> flood
    text = mini_text.replace(
        "  people:\n    name: {en: People, th: ประชากร}\n    indicators:",
        "  people:\n    name: {en: People, th: ประชากร}\n    components: [{ref: flood}]\n"
        "    indicators:",
    ).replace(
        "    hazards: [flood]\n    indicators:\n      - {ref: f_rain, weight: 1}",
        "    hazards: [flood]\n    components: [{ref: people}]\n    indicators:\n"
        "      - {ref: f_rain, weight: 1}",
    )
    problems = problems_of(text)
    cycle = [p for p in problems if "cycle in the hierarchy" in p.message_en]
    assert len(cycle) == 1
    assert "flood -> people -> flood" in cycle[0].message_en
    assert "โครงสร้างวนซ้ำ" in cycle[0].message_th


def test_unknown_references_sector_and_hazard(mini_text):
    text = mini_text.replace("- {ref: poverty, weight: 1}", "- {ref: povrety, weight: 1}")
    text = text.replace(
        "    nap_sectors: [water]\n    role: exposure",
        "    nap_sectors: [fisheries]\n    role: exposure",
    )
    text = text.replace(
        "    hazards: [heat]\n    nap_sectors", "    hazards: [hail]\n    nap_sectors"
    )
    text = text.replace("      - {ref: social, weight: 1}", "      - {ref: socal, weight: 1}")
    messages = [p.message_en for p in problems_of(text)]
    assert any(
        m.startswith("components.people.indicators[0].ref: unknown indicator 'povrety'")
        for m in messages
    )
    assert any(
        m.startswith("indicators.f_pop.nap_sectors[0]: unknown NAP sector 'fisheries'")
        for m in messages
    )
    assert any(
        m.startswith("indicators.h_days.hazards[0]: unknown hazard 'hail'") for m in messages
    )
    assert any(
        m.startswith("dimensions[1].categories[0].ref: unknown category 'socal'") for m in messages
    )


def test_typos_duplicates_and_settings(mini_text):
    text = mini_text.replace("  min_coverage: 0.6", "  min_coverage: 1.6\n  min_coverage: 0.5")
    text = text.replace(
        "      - {ref: flood, weight: 1}\n      - {ref: heat",
        "      - {ref: flood, weigth: 1}\n      - {ref: heat",
    )
    text = text.replace(
        "    - {id: medium, en: Medium, th: ปานกลาง, below: 5.0}",
        "    - {id: medium, en: Medium, th: ปานกลาง, below: 3.0}",
    )
    messages = [p.message_en for p in problems_of(text)]
    assert any("settings.min_coverage: key given twice" in m for m in messages)
    assert any("categories.hazards.components[0].weigth: unknown key" in m for m in messages)
    assert any("settings.classes[2].below: bounds must increase strictly" in m for m in messages)


def test_not_yaml_names_the_line():
    problems = problems_of("framework:\n  id: x\n  name: [unclosed\n")
    assert problems[0].row is not None
    assert "YAML" in problems[0].message_en and "YAML" in problems[0].message_th


def test_missing_framework_file(tmp_path):
    with pytest.raises(InputError) as info:
        load_framework(tmp_path / "nope.yaml")
    assert info.value.problems[0].file.endswith("nope.yaml")


def test_shipped_default_path_exists():
    assert default_framework_path().is_file()


def test_projection_override_moves_only_projected_indicators():
    fw = load_framework().with_projection("ssp585", "2051-2080")
    rx5 = fw.indicators["rx5day_change"].gridded
    base = fw.indicators["r95ptot_current"].gridded
    assert (rx5.scenario, rx5.period) == ("ssp585", "2051-2080")
    assert (base.scenario, base.period) == ("historical", "1985-2014")
    assert fw.settings.register.scenario == "ssp585"


def test_a_name_cut_by_an_unquoted_comma_is_reported(mini_text):
    """YAML reads ``{en: Flood per 1,000 people}`` as the text "Flood per 1" and a stray
    key "000 people": the framework names the stray key rather than showing a cut name."""
    text = mini_text.replace(
        "name: {en: Flood, th: อุทกภัย}", "name: {en: Flood per 1,000 people, th: อุทกภัย}"
    )
    messages = [p.message_en for p in problems_of(text)]
    assert any(".name.000 people: unknown key" in m for m in messages), messages


def test_the_shipped_framework_names_are_whole():
    framework = load_framework()
    beds = framework.indicators["hospital_beds_per_1000"]
    assert beds.name.en == "Hospital beds per 1,000 people"
    assert beds.name.th == "จำนวนเตียงผู้ป่วยต่อประชากร 1,000 คน"


def test_an_unreadable_shipped_framework_is_a_located_error(monkeypatch, tmp_path):
    """The shipped file is read once per process; if it cannot be read, the error names
    the file, as for any framework file (nothing is kept from the failed read)."""
    from climateplan.errors import InputError
    from climateplan.risk.index import framework as module

    missing = tmp_path / "risk_framework_th.yaml"
    module._default_file.cache_clear()
    monkeypatch.setattr(module, "default_framework_path", lambda: missing)
    try:
        with pytest.raises(InputError) as raised:
            module.load_framework()
        assert str(missing) in str(raised.value.problems[0].to_dict())
    finally:
        monkeypatch.undo()
        module._default_file.cache_clear()
    assert module.load_framework().hazards  # the shipped file again
