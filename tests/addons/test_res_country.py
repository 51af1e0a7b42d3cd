"""res.country: ISO countries, found by name or by their two-letter code."""

from __future__ import annotations

from erpserver.orm.environment import Environment


def test_a_two_letter_name_search_finds_the_country_by_code(env: Environment) -> None:
    codes = env["res.country"].name_search("be", limit=1)
    assert codes[0][1] == "Belgium"


def test_country_codes_are_stored_upper_case(env: Environment) -> None:
    """Test a code given in lower case is kept in upper case, as ISO writes it."""
    country = env["res.country"].create({"name": "Testland", "code": "qz"})

    assert country.read(["code"])[0]["code"] == "QZ"


def test_a_state_shows_with_its_countrys_code(env: Environment) -> None:
    """Test a state's display name is "State (CC)"."""
    belgium = env.ref_id("base.be")
    state = env["res.country.state"].create({"name": "Flanders", "code": "VLG", "country_id": belgium})

    assert state.name_get() == [[state.id, "Flanders (BE)"]]
