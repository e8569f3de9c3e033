"""Charts as a report shows them: alt text, plotted data beside the image, one colour per plan."""

from __future__ import annotations

import base64

import pandas as pd

from newinfra.present import chart_output, styling


def _chart():
    fig = chart_output.new_figure(4, 3)
    ax = fig.subplots()
    ax.plot([2020, 2026], [1, 2])
    ax.set_title("Base stations <built>")
    fig.plotted = pd.DataFrame({"horizon_year": [2020, 2026], "value_std": [1, 2]})
    return fig


def test_chart_output_carries_alt_text_and_its_data():
    data, metadata = _chart()._repr_mimebundle_()
    alt = metadata["image/png"]["alt"]
    assert alt.startswith("Chart: Base stations <built>") and alt.endswith(".")
    assert 'alt="Chart: Base stations &lt;built&gt;' in data["text/html"]
    assert data["text/csv"].splitlines()[0] == "horizon_year,value_std"
    link = data["text/html"].split('href="data:text/csv;base64,')[1].split('"')[0]
    assert base64.b64decode(link).decode("utf-8") == data["text/csv"]
    assert {"image/png", "image/svg+xml"} <= set(data)


def test_save_writes_png_svg_and_csv_with_one_name(tmp_path):
    written = chart_output.save(_chart(), tmp_path / "fig01.png")
    assert sorted(p.name for p in written) == ["fig01.csv", "fig01.png", "fig01.svg"]
    assert (tmp_path / "fig01.csv").read_text().startswith("horizon_year,value_std")


def test_plan_colours_follow_plans_csv_and_a_colour_column_wins():
    plans = pd.DataFrame({"plan_id": ["a", "b", "c"], "colour": ["", "#123456", None]})
    colours = styling.plan_colours(plans)
    assert colours["b"] == "#123456"
    more = styling.plan_colours(pd.concat([plans, pd.DataFrame({"plan_id": ["d"]})]))
    assert more["a"] == colours["a"] and more["c"] == colours["c"]
    assert len({str(v) for v in more.values()}) == 4


def test_lower_bounds():
    row = pd.Series({"comparator": ">=", "flags": ""})
    assert styling.is_lower_bound(row)
    assert styling.is_lower_bound(pd.Series({"comparator": "=", "flags": "vague value"}))
    assert not styling.is_lower_bound(pd.Series({"comparator": "=", "flags": float("nan")}))


def test_a_chart_with_nothing_to_draw_is_shown_as_its_sentence():
    # Was: a blank picture of the message with a caption of no sources ("Sources: .").
    fig = chart_output.new_figure(4, 3)
    styling.say_empty(fig.subplots(), "No metric has targets in two of the chosen horizons")
    data, _ = fig._repr_mimebundle_()
    assert set(data) == {"text/html", "text/plain"}
    assert data["text/plain"] == "No metric has targets in two of the chosen horizons."

    partly = _chart()
    styling.say_empty(partly.add_subplot(2, 1, 2), "No status reported")
    assert "image/png" in partly._repr_mimebundle_()[0]  # one panel drawn: still a chart


def test_firmness_bars_of_plans_with_nothing_worded_say_so():
    # Was: TypeError (say_empty called without its axes) for plans with no task and no target.
    from newinfra.present.charts.overview import firmness_bars

    empty = pd.DataFrame({"plan_id": ["a"], "counted": ["tasks"], "commitment": ["firm"], "n": [0]})
    data, _ = firmness_bars(empty)._repr_mimebundle_()
    assert data["text/plain"] == "No plan has a task or a target to read the wording of."
