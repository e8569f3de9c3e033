"""Indicator tables: each cell's row label, unit column and column year, in three layouts."""

from __future__ import annotations

import pytest

from newinfra.curate import indicator_tables, suggest_rules
from newinfra.inputs import curation

COLUMNS = indicator_tables.table_columns(
    suggest_rules.compile_rules(curation.suggest_rules(), "zh")
)

PIPE = "指标 | 单位 | 2023年 | 2026年\n光缆长度 | 万公里 | 1.5 | 3\n智算规模 | EFLOPS | 2 | 8\n"
MARKDOWN = (
    "| 指标名称 | 单位 | 2023年 | 2026年 |\n|---|---|---|---|\n"
    "| 光缆长度 | 万公里 | 1.5 | 3 |\n| 智算规模 | EFLOPS | 2 | 8 |\n"
)
TAB = "指标名称\t单位\t2023年\t2026年\n光缆长度\t万公里\t1.5\t3\n智算规模\tEFLOPS\t2\t8\n"
SPACES = (
    "指标名称      单位      2023年   2026年\n"
    "光缆长度      万公里    1.5      3\n"
    "智算规模      EFLOPS    2        8\n"
)


@pytest.mark.parametrize(
    "table", [PIPE, MARKDOWN, TAB, SPACES], ids=["pipe", "md", "tab", "spaces"]
)
def test_every_cell_knows_its_label_unit_and_year(table):
    text = "二、主要指标\n\n" + table + "\n三、任务\n新建光缆2000公里。\n"
    cells = indicator_tables.read_tables(text, COLUMNS)
    values = {
        text[start : start + len(v)]: cell
        for start, cell in cells.items()
        for v in ("1.5", "3", "2", "8")
        if text.startswith(v, start) and cell.role == "value"
    }
    assert {k: v.year for k, v in values.items()} == {"1.5": 2023, "3": 2026, "2": 2023, "8": 2026}
    assert values["1.5"].unit_text == "万公里" and values["8"].unit_text == "EFLOPS"
    label = values["8"].label
    assert text[label[0] : label[1]] == "智算规模"
    units = sorted(c.unit_text for c in cells.values() if c.role == "unit")
    assert units == ["EFLOPS", "万公里"]
    # The sentence after the table is no cell.
    assert text.index("2000公里") not in cells


def test_prose_with_double_spaces_is_no_table():
    text = "The city will add 300 stations.  By 2026  it will reach 900.\nUnit  of  work.\n"
    assert indicator_tables.read_tables(text, COLUMNS) == {}


@pytest.mark.parametrize(
    ("unit", "scale", "rest"),
    [("万个", 1e4, "个"), ("亿个", 1e8, "个"), ("十万户", 1e5, "户"), ("EFLOPS", 1, "EFLOPS")],
)
def test_a_unit_column_gives_a_scale_and_a_unit(unit, scale, rest):
    assert indicator_tables.split_unit(unit) == (scale, rest)
