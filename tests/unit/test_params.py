"""Validation of notebook parameters: cleaned values, or errors naming parameter and choices."""

from __future__ import annotations

import pytest

import newinfra as ni
from newinfra.analysis import params
from newinfra.analysis.comparison import linked_families
from newinfra.analysis.theme_terms import term_ids
from newinfra.core.errors import ParameterError
from newinfra.inputs.curation import domain_ids, metrics

ALL_PLANS = ["smartcity-2011-2013", "newinfra-2020-2022", "newinfra-2023-2026"]


def error_for(call, *args) -> ParameterError:
    with pytest.raises(ParameterError) as err:
        call(*args)
    return err.value


# --- plans ---------------------------------------------------------------------------------


def test_plans_default_is_the_compared_plans_in_horizon_order(synthetic_project):
    # The synthetic project's plans end in 2026 and 2027: not the shipped plan list,
    # so an added plan changes nothing here.
    compared = ["synthetic-0000", "synthetic-0001"]
    assert params.check_plans(None) == compared
    assert params.check_plans(list(reversed(compared))) == compared
    assert params.check_plans("synthetic-0001") == ["synthetic-0001"]
    assert params.check_plans(("synthetic-0000", "synthetic-0000")) == ["synthetic-0000"]


def test_unknown_plan_lists_every_plan_from_the_data():
    err = error_for(params.check_plans, ["smartcity-2011-2013", "newinfra-2035"])
    assert err.parameter == "plans"
    assert err.value == "newinfra-2035"
    assert set(err.choices) == set(ni.plans()["plan_id"])
    assert "invalid value for parameter 'plans'" in str(err)
    assert "valid choices: " in str(err) and "digital-2025" in str(err)


@pytest.mark.parametrize("bad", [[], {"a": 1}, 3.5])
def test_plans_must_be_a_non_empty_list(bad):
    assert error_for(params.check_plans, bad).parameter == "plans"


def test_select_plans_adds_or_removes_the_context_document():
    assert params.select_plans(ALL_PLANS, True) == [*ALL_PLANS, "digital-2025"]
    assert params.select_plans([*ALL_PLANS, "digital-2025"], False) == ALL_PLANS
    assert params.select_plans(["newinfra-2023-2026"], True) == [
        "newinfra-2023-2026",
        "digital-2025",
    ]


# --- domain and horizons -------------------------------------------------------------------


def test_domain():
    assert params.check_domain("computing") == "computing"
    err = error_for(params.check_domain, "networks")
    assert err.parameter == "domain" and err.choices == domain_ids()
    assert "network, computing" in str(err)
    assert error_for(params.check_domain, ["network"]).parameter == "domain"


def test_horizons_are_cleaned():
    assert params.check_horizons([2026, 2013, 2013]) == [2013, 2026]
    assert params.check_horizons(2022) == [2022]
    assert params.check_horizons(["2013", "2022"]) == [2013, 2022]
    assert params.check_horizons(None) == params.horizon_years()


@pytest.mark.parametrize("bad", [[2013, 2024], [2013, "twenty"], [], [True], "2013-2022"])
def test_bad_horizons_name_the_parameter_and_the_plan_years(bad):
    err = error_for(params.check_horizons, bad)
    assert err.parameter == "horizons"
    assert err.choices == sorted({int(y) for y in ni.plans()["horizon_year"]})
    assert "2013, 2022" in str(err)


# --- metrics and terms ---------------------------------------------------------------------


def test_metrics_none_means_all_and_a_list_is_kept():
    assert params.check_metrics(None) is None
    family = linked_families()[0]
    assert params.check_metrics(family) == [family]
    assert params.check_metrics([family, family]) == [family]


def test_unknown_metric_lists_the_linked_ones():
    err = error_for(params.check_metrics, ["no_such_metric"])
    assert err.parameter == "metrics"
    assert set(linked_families()) <= set(err.choices)


def test_a_metric_with_one_year_only_is_refused_with_a_reason():
    linked = set(params.linked_metric_choices())
    catalogue = metrics()
    lonely = sorted(set(catalogue["metric_id"]) - linked)
    if not lonely:
        pytest.skip("every catalogued metric is linked")
    err = error_for(params.check_metrics, [lonely[0]])
    assert "one year only" in str(err) and err.parameter == "metrics"


def test_terms():
    assert params.check_terms(None) == term_ids()
    assert params.check_terms(["hydrogen", "5g"]) == ["5g", "hydrogen"]
    err = error_for(params.check_terms, ["5g", "quantum"])
    assert err.parameter == "terms" and err.value == "quantum"
    assert err.choices == term_ids()
    assert error_for(params.check_terms, []).parameter == "terms"


# --- booleans ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [(True, True), (False, False), ("true", True), ("False", False), ("yes", True), (0, False)],
)
def test_bool(value, expected):
    assert params.check_bool("include_context", value) is expected


@pytest.mark.parametrize("bad", ["maybe", 2, None, [True]])
def test_bad_bool(bad):
    err = error_for(params.check_bool, "include_context", bad)
    assert err.parameter == "include_context"
    assert "valid choices: True, False" in str(err)


# --- places --------------------------------------------------------------------------------


def _with_context_and_a_district(root):
    """The synthetic project with its first plan made a context document and a district plan."""
    from dataclasses import replace

    from newinfra.curate import synthetic

    plans = (root / "data" / "plans.csv").read_text("utf-8").splitlines()
    plans[1] = plans[1].replace(",false,", ",true,")
    (root / "data" / "plans.csv").write_text("\n".join(plans) + "\n", "utf-8")
    district = replace(synthetic.numbered(5), jurisdiction_id="eastside")
    synthetic.add_plan(root, district)
    return district.plan_id


def test_a_place_shows_its_own_plans_and_context_documents_only(synthetic_project):
    # Was: notebook 01 with plans=[a district plan] still pulled in the city's context
    # document (Shanghai's news feature), and no notebook took a place.
    district = _with_context_and_a_district(synthetic_project)
    home = ni.plans()["jurisdiction_id"].iloc[0]
    assert params.check_jurisdiction(None) == home
    assert params.check_jurisdiction("eastside") == "eastside"
    assert params.check_plans(None, "eastside") == [district]
    assert params.select_plans([district], include_context=True) == [district]
    assert params.select_plans([district], True, "eastside") == [district]
    assert params.select_plans(["synthetic-0001"], True) == ["synthetic-0001", "synthetic-0000"]
    err = error_for(params.check_jurisdiction, "atlantis")
    assert err.parameter == "jurisdiction" and "eastside" in str(err)


def test_notebook_05_picks_the_place_s_briefing_pair_or_says_there_is_none(synthetic_project):
    _with_context_and_a_district(synthetic_project)
    assert params.briefing_plan(None, "eastside") is None
    assert "Eastside has no plan known from both" in params.no_briefing_pair("eastside")


def test_a_place_whose_plans_state_no_count_has_an_empty_stated_table(synthetic_project):
    # Was: KeyError 'plan_id' in notebook 01 for a place with no stated count or budget.
    from newinfra.analysis import stated

    table = stated.stated_structure(["synthetic-0000"])
    assert table.empty and "plan_id" in table.columns and "stated_in" in table.columns
