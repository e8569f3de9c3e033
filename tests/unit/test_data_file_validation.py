"""Data files a hostile reader wrote: each is refused with one line naming file, line and field.

Loader cases use small made-up tables; schema and cross-file cases break one
cell of a synthetic project (see the ``synthetic_project`` fixture).
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pandera.pandas as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pandera.typing import Series

import newinfra as ni
from newinfra.core.errors import DataFileError, SeedError
from newinfra.inputs import loader, section_rules, units, yamlfile


class Period(pa.DataFrameModel):
    name: Series[str]
    first: Series[int]
    last: Series[int]
    note: Series[str] = pa.Field(nullable=True)

    @pa.dataframe_check(error="first must not be after last")
    def _ordered(cls, df):  # noqa: N805 - pandera passes the class
        return df["first"] <= df["last"]

    class Config:
        coerce = True
        strict = True


def _write(tmp_path: Path, text: str, name: str = "toy.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def _error(path: Path, model=Period) -> list[str]:
    with pytest.raises(DataFileError) as err:
        loader.read_csv(path, model)
    message = str(err.value)
    assert "Error(" not in message and "Traceback" not in message
    return message.splitlines()


# ------------------------------------------------------------------ the loader


@pytest.mark.parametrize(
    "text, line",
    [
        ('name,first,last,note\na,1,2,"open\nb,1,2,\nc,1,2,\n', 2),
        ('name,first,last,note\na,1,2,\nb,1,2,"says "hi" here\nc,1,2,\n', 3),
        ('name,first,last,note\na,1,2,"fine\nacross lines"\nb,"1,2,x\nc,1,2,"y"\n', 4),
    ],
    ids=["runs-to-the-end", "quote-inside-a-field", "after-a-multi-line-cell"],
)
def test_unmatched_quote_is_one_line_naming_where_it_opens(tmp_path: Path, text: str, line: int):
    # Was: 2-12 lines about other fields, or the rest of the file read as one cell.
    lines = _error(_write(tmp_path, text))
    assert len(lines) == 1, lines
    assert f"toy.csv: line {line}: " in lines[0] and "quote" in lines[0], lines


def test_row_check_is_one_line_per_row(tmp_path: Path):
    # Was: one line per column of the row (4 here, 11 in plans.csv).
    lines = _error(_write(tmp_path, "name,first,last,note\na,3,2,\nb,1,2,\nc,9,1,x\n"))
    assert lines == [
        f"{tmp_path / 'toy.csv'}: line 2: first must not be after last",
        f"{tmp_path / 'toy.csv'}: line 4: first must not be after last",
    ]


def test_undeclared_column_is_refused_with_the_declared_ones(tmp_path: Path):
    # Was: dropped without a word, though the schemas are strict.
    lines = _error(_write(tmp_path, "name,first,last,note,colour\na,1,2,,red\n"))
    assert len(lines) == 1, lines
    assert "line 1" in lines[0] and "'colour'" in lines[0]
    assert "name, first, last, note" in lines[0]


def test_byte_order_mark_is_read_in_every_table(tmp_path: Path):
    path = tmp_path / "bom.csv"
    path.write_bytes("\ufeffname,first,last,note\r\na,1,2,\r\n".encode())
    assert loader.read_csv(path, Period)["name"].tolist() == ["a"]


ALIASES = (
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
    "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
    "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
    "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
    "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
    "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
    "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
    "i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n"
)


@pytest.mark.parametrize("text", [ALIASES, "a: &x 1\nb: *x\n", "a: &x 1\n"], ids=str.split)
def test_yaml_anchors_and_aliases_are_refused(tmp_path: Path, text: str):
    # Was: a 567-byte file of nested aliases ran 219 s into MemoryError.
    with pytest.raises(DataFileError) as err:
        yamlfile.load_yaml_text(text, "grid.yaml")
    message = str(err.value)
    assert message.startswith("grid.yaml: line ") and "alias" in message
    assert len(message.splitlines()) == 1
    with pytest.raises(DataFileError, match="alias"):
        yamlfile.read_yaml(_write(tmp_path, text, "grid.yaml"))


def test_plain_yaml_still_loads():
    assert yamlfile.load_yaml_text("\ufeffa: [1, 2]\nb: {c: x}\n", "ok.yaml") == {
        "a": [1, 2],
        "b": {"c": "x"},
    }


# ------------------------------------------------------------------ units


@pytest.mark.parametrize("unit", ["Gbps/", "kW)", "*", "(", "**", "1/", "Gbps^", "m**"])
def test_malformed_unit_is_not_a_unit(unit: str):
    # Was: pint's parser raised AssertionError (or TokenError) through every command.
    assert not units.is_known(unit)


def _is_known_within(unit: str, seconds: float) -> bool | None:
    """``units.is_known(unit)`` in a child process; None when it did not answer in time."""
    code = f"from newinfra.inputs import units; print(units.is_known({unit!r}))"
    try:
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=seconds
        )
    except subprocess.TimeoutExpired:
        return None
    return {"True": True, "False": False}[done.stdout.strip()]


@pytest.mark.parametrize("unit", ["9**9**9", "9^9^9", "9**(9**9)", "9**99999999", "2**2**2"])
def test_a_power_of_a_power_or_a_huge_exponent_is_refused_at_once(unit: str):
    # Was: pint computed 9**(9**9), a number of 370 million digits, for minutes and
    # gigabytes before any answer; "9**9**9**9" in data/metrics.csv would never end.
    assert _is_known_within(unit, seconds=60) is False


@pytest.mark.parametrize("unit", ["km**2", "1/km**2", "m^3", "km**-2", "m**0.5", "m**2*s**-2"])
def test_units_with_small_powers_are_still_known(unit: str):
    assert units.is_known(unit)


def test_deeply_nested_unit_text_is_not_a_unit():
    # Was: RecursionError through every command.
    assert not units.is_known("(" * 5000 + "m" + ")" * 5000)
    assert not units.is_known("m*" * 20000 + "m")


@given(st.text(alphabet="Gbpskwm()*/^+-. 0123456789%", max_size=12))
@settings(max_examples=300, deadline=None)
def test_any_unit_text_is_known_or_not_never_a_crash(unit: str):
    assert units.is_known(unit) in (True, False)


# ------------------------------------------------------------------ project files


def _edit(path: Path, row: int, **changes: str) -> int:
    """Change cells of data row ``row``; returns the row's line in the file."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows, fields = list(reader), list(reader.fieldnames or [])
    rows[row].update(changes)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return row + 2


def _refused(*parts: str) -> str:
    with pytest.raises(DataFileError) as err:
        ni.targets()
    message = str(err.value)
    assert len(message.splitlines()) == 1, message
    for part in parts:
        assert part in message, f"{part!r} not in: {message}"
    return message


def test_malformed_metric_unit_names_file_line_and_field(synthetic_project: Path):
    line = _edit(synthetic_project / "data" / "metrics.csv", 0, unit="Gbps/")
    _refused("metrics.csv", f"line {line}, field 'unit'", "'Gbps/'")


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(document.domain)", "JavaScript:alert(1)", "data:text/html,x", "ftp://a/b"],
)
def test_manifest_url_must_be_a_web_address(synthetic_project: Path, url: str):
    # Was: any scheme, so a javascript: link went live on the source page.
    _edit(synthetic_project / "seeds" / "manifest.csv", 1, url=url)
    _refused("manifest.csv", "line 3, field 'url'", "http")


@pytest.mark.parametrize(
    ("file", "field", "longest"),
    [
        ("data/plans.csv", "title_en", 300),
        ("seeds/manifest.csv", "title", 300),
        ("seeds/manifest.csv", "publisher", 200),
        ("data/jurisdictions.csv", "name_en", 200),
    ],
)
def test_free_text_longer_than_a_heading_is_refused(synthetic_project, file, field, longest):
    # Was: a 50,000-character title went into every page heading.
    line = _edit(synthetic_project / file, 0, **{field: "x" * (longest + 1)})
    _refused(Path(file).name, f"line {line}, field '{field}'")


@pytest.mark.parametrize("url", ["https://example.org/plan?id=1", "http://a.gov.cn/x.htm"])
def test_web_addresses_are_accepted(synthetic_project: Path, url: str):
    _edit(synthetic_project / "seeds" / "manifest.csv", 1, url=url)
    assert ni.sources(verify=False)["url"].tolist()[1] == url


@pytest.mark.parametrize(
    "name", ["../data/plans.csv", "/etc/passwd", "sub/seed.txt", "..", "a\\b.txt", "."]
)
def test_seed_file_must_be_a_plain_name_in_seeds(synthetic_project: Path, name: str):
    # Was: absolute and ../ paths were read, and published as source pages.
    _edit(synthetic_project / "seeds" / "manifest.csv", 0, file=name)
    _refused("manifest.csv", "line 2, field 'file'", "seeds/")


def test_seed_symlink_out_of_seeds_is_refused(synthetic_project: Path, tmp_path: Path):
    seed = synthetic_project / "seeds" / "synthetic-0000-en.txt"
    outside = tmp_path / "outside.txt"
    outside.write_bytes(seed.read_bytes())
    seed.unlink()
    os.symlink(outside, seed)
    with pytest.raises(SeedError, match=r"synthetic-0000-en.txt: .*outside .*seeds"):
        ni.source_text("synthetic-0000-en")


@pytest.mark.parametrize("date", ["2024-13-45", "2024-02-30", "2023-00-10"])
def test_impossible_publication_date_is_refused(synthetic_project: Path, date: str):
    _edit(synthetic_project / "seeds" / "manifest.csv", 0, published=date)
    _refused("manifest.csv", "line 2, field 'published'", repr(date))


def test_jurisdiction_parent_cycle_is_refused_naming_it(synthetic_project: Path):
    path = synthetic_project / "data" / "jurisdictions.csv"
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(
            [
                ["east", "East", "", "district", "west", ""],
                ["west", "West", "", "district", "east", ""],
            ]
        )
    _refused("jurisdictions.csv", "field 'parent_id'", "cycle", "east -> west -> east")


def test_plan_primary_source_of_another_plan_is_refused(synthetic_project: Path):
    line = _edit(synthetic_project / "data" / "plans.csv", 0, primary_source_id="synthetic-0001-en")
    _refused(
        "plans.csv",
        f"line {line}, field 'primary_source_id'",
        "synthetic-0001",
        "synthetic-0000-en",
    )


def test_repeated_section_rule_is_refused(synthetic_project: Path):
    path = synthetic_project / "data" / "section_rules.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*lines, lines[1]]), encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        section_rules.section_rules()
    message = str(err.value)
    assert "section_rules.csv" in message and f"line {len(lines) + 1}" in message
    assert "repeats line 2" in message and len(message.splitlines()) == 1
