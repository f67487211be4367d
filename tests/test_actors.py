"""Actors: names, countries and kinds a user of ACLED-style data would check."""
from __future__ import annotations


def _by_text(reading):
    return {a.text: a for a in reading.actors}


def test_forces_with_demonym_are_that_countrys_military(read):
    r = read("Russian forces shelled the town on Monday, officials said.")
    a = _by_text(r)["Russian forces"]
    assert (a.type, a.country_code, a.name) == ("military", "RU", "Military Forces of Russia")


def test_general_staff_of_a_country_is_its_military(read):
    r = read("The general staff of Ukraine's armed forces said the attack was repelled.")
    a = next(a for a in r.actors if "general staff" in a.text)
    assert a.type == "military" and a.country_code == "UA"


def test_wagner_is_a_russian_pmc(read):
    r = read("Fighters of the Wagner group pushed into the city, a commander said.")
    a = next(a for a in r.actors if "Wagner" in a.text)
    assert a.type == "pmc" and a.country_code == "RU"


def test_capitals_that_act_are_governments_not_places(read):
    r = read("On Tuesday, Moscow accused Kyiv of launching drone strikes.")
    acts = _by_text(r)
    assert acts["Moscow"].name == "Government of Russia" and acts["Moscow"].type == "government"
    assert acts["Kyiv"].country_code == "UA" and acts["Kyiv"].type == "government"
    assert not any(p.text in ("Moscow", "Kyiv") for p in r.places)


def test_title_gives_a_person_their_side(read):
    r = read("Nigerian President Muhammadu Buhari said the army would investigate.")
    a = _by_text(r)["Muhammadu Buhari"]
    assert a.type == "person" and a.country_code == "NG" and a.side and "government" in a.side


def test_local_police_take_the_country_of_the_place(read):
    r = read("Police in Lagos fired tear gas at the crowd on Friday.", date="2020-10-23")
    a = next(a for a in r.actors if a.type == "police")
    assert a.country_code == "NG"


def test_possessive_pronoun_takes_the_country_of_its_owner(read):
    r = read("Russia's defence ministry said its troops had taken control of two villages.")
    a = next(a for a in r.actors if a.text.endswith("troops"))
    assert a.country_code == "RU" and a.type == "military"


def test_pro_x_separatists_are_local_rebels_not_x(read):
    r = read("Pro-Russian separatists shelled a village near Donetsk on Sunday.")
    a = next(a for a in r.actors if "separatists" in a.text)
    assert a.type == "rebel" and a.country_code == "UA" and "Pro-Russian" in a.name


def test_named_armed_group_and_crowds(read):
    r = read("The Taliban seized the district. Protesters gathered in Lagos on Friday.", date="2021-08-01")
    acts = {a.text: a for a in r.actors}
    assert acts["Taliban"].type == "rebel" and acts["Taliban"].country_code == "AF"
    assert acts["Protesters"].name == "Protesters (Nigeria)"
