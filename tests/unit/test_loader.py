"""The data-file loader on small made-up files: encodings, line ends, line numbers, messages."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pandera.typing import Series

from newinfra.core.errors import DataFileError, SeedError
from newinfra.inputs import loader, table_checks, yamlfile


class Toy(pa.DataFrameModel):
    name: Series[str] = pa.Field(isin=["a", "b", "c"])
    count: Series[int] = pa.Field(ge=0)
    share: Series[float] = pa.Field(nullable=True)
    note: Series[str] = pa.Field(nullable=True)

    class Config:
        coerce = True
        strict = True
        metadata = {"min_rows": 1}


ROWS = 'name,count,share,note\na,1,0.5,"two\nlines"\nb,2,,\n'


def _write(tmp_path: Path, data: bytes | str, name: str = "toy.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def _one_line_error(path: Path, model=Toy) -> str:
    with pytest.raises(DataFileError) as err:
        loader.read_csv(path, model)
    message = str(err.value)
    assert len(message.splitlines()) == 1, message
    assert str(path) in message and "Error(" not in message, message
    return message


def test_rows_are_indexed_by_their_line_in_the_file(tmp_path: Path):
    frame = loader.read_csv(_write(tmp_path, ROWS + "c,3,1,\n"), Toy)
    assert frame["name"].tolist() == ["a", "b", "c"]
    assert frame.loc[0, "note"] == "two\nlines"
    # The first row spans lines 2-3, so the next rows are on lines 4 and 5.
    assert [loader.line_of(i) for i in frame.index] == [2, 4, 5]
    assert frame["count"].tolist() == [1, 2, 3] and frame["share"].isna().tolist() == [
        False,
        True,
        False,
    ]


@pytest.mark.parametrize(
    "encode",
    [
        lambda s: s.replace("\n", "\r\n").encode(),
        lambda s: s.replace("\n", "\r").encode(),
        lambda s: b"\xef\xbb\xbf" + s.encode(),
        lambda s: b"\xef\xbb\xbf" + s.replace("\n", "\r\n").encode(),
    ],
    ids=["crlf", "cr", "bom", "bom-crlf"],
)
def test_windows_line_ends_and_byte_order_mark_read_like_the_original(tmp_path: Path, encode):
    expected = loader.read_csv(_write(tmp_path, ROWS, "plain.csv"), Toy)
    frame = loader.read_csv(_write(tmp_path, encode(ROWS)), Toy)
    assert frame.equals(expected) and list(frame.columns) == list(expected.columns)


def test_non_numeric_cell_is_one_line_with_file_line_field_and_value(tmp_path: Path):
    message = _one_line_error(_write(tmp_path, ROWS + "c,lots,1,\n"))
    assert "line 5, field 'count': 'lots' is not a whole number" in message
    message = _one_line_error(_write(tmp_path, ROWS + "c,3,half,\n"))
    assert "line 5, field 'share': 'half' is not a number" in message


def test_non_utf8_byte_names_its_line_and_field(tmp_path: Path):
    data = ROWS.encode() + b"c,3,1,caf\xe9\n"
    message = _one_line_error(_write(tmp_path, data))
    assert "line 5, field 'note': byte 0xe9 is not UTF-8" in message


def test_non_utf8_seed_text_names_its_line():
    with pytest.raises(SeedError, match=r"seed.txt: line 2, column 3: byte 0xff"):
        loader.decode_utf8(b"ok\nab\xffc\n", "seed.txt", SeedError)


@pytest.mark.parametrize(
    "data, expected",
    [
        ("", "empty file"),
        ("name,count,share,note\n", "line 2: no data rows, only a header"),
        ("name,count,share,note\n\n", "line 2: no data rows, only a header"),
        ("name,count,count,note\na,1,1,\n", "line 1: column 'count' appears more than once"),
        ("name,count,share,note\na,1,1,,extra\n", "line 2: 5 fields, but the header names 4"),
        ("name,count,share\na,1,1\n", "missing column(s) note"),
        ("name,count,share,note\nz,1,1,\n", "line 2, field 'name'"),
        ("name,count,share,note\n,1,1,\n", "line 2, field 'name': must not be empty"),
    ],
    ids=["empty", "header-only", "header-blank", "repeated", "extra", "missing", "isin", "null"],
)
def test_broken_tables_are_one_line_errors(tmp_path: Path, data: str, expected: str):
    assert expected in _one_line_error(_write(tmp_path, data))


def test_short_row_reads_as_empty_trailing_cells(tmp_path: Path):
    frame = loader.read_csv(_write(tmp_path, "name,count,share,note\na,1\n"), Toy)
    assert frame["share"].isna().all() and frame["note"].isna().all()


def test_missing_file_is_named(tmp_path: Path):
    assert "file not found" in _one_line_error(tmp_path / "nope.csv")


def test_yaml_is_loaded_safely_and_errors_name_the_line(tmp_path: Path):
    good = _write(tmp_path, "\ufeffruns:\r\n  - name: a\r\n", "grid.yaml")
    assert yamlfile.read_yaml(good) == {"runs": [{"name": "a"}]}
    with pytest.raises(DataFileError, match=r"grid.yaml: line 3, column 2: not valid YAML"):
        yamlfile.read_yaml(_write(tmp_path, "runs:\n  a: 1\n b: 2\n", "grid.yaml"))
    unsafe = _write(tmp_path, "x: !!python/object/apply:os.system ['true']\n", "bad.yaml")
    with pytest.raises(DataFileError, match="not valid YAML"):
        yamlfile.read_yaml(unsafe)


@pytest.mark.parametrize(
    "pattern, expected",
    [("[0-9", "is not a valid regular expression"), ("a*", "matches the empty string")],
)
def test_unusable_pattern_names_file_line_and_field(pattern: str, expected: str):
    with pytest.raises(DataFileError) as err:
        table_checks.compile_pattern(pattern, "rules.csv", 7, "pattern")
    message = str(err.value)
    assert message.startswith("rules.csv: line 7, field 'pattern'") and expected in message
    assert len(message.splitlines()) == 1


def test_a_file_read_again_is_its_current_content_and_callers_cannot_change_it(tmp_path: Path):
    path = _write(tmp_path, ROWS)
    first = loader.read_csv(path, Toy)
    first.loc[0, "name"] = "changed by a caller"
    assert loader.read_csv(path, Toy)["name"].tolist() == ["a", "b"]
    _write(tmp_path, ROWS + "c,3,1,\n")
    assert loader.read_csv(path, Toy)["name"].tolist() == ["a", "b", "c"]
    _write(tmp_path, ROWS + "d,3,1,\n")
    assert "toy.csv: line 5" in _one_line_error(path)


def test_the_same_bad_bytes_in_another_file_name_that_file(tmp_path: Path):
    bad = ROWS + "d,3,1,\n"
    first = _one_line_error(_write(tmp_path, bad, "first.csv"))
    second = _one_line_error(_write(tmp_path, bad, "second.csv"))
    assert "first.csv" in first and "second.csv" in second


def test_repeated_bad_numbers_are_counted_cell_by_cell(tmp_path: Path):
    # One bad text in three cells and another in a fourth: the first is named, the rest counted.
    rows = ROWS + "c,lots,1,\nc,3,half,\nc,lots,1,\nc,lots,2,\n"
    message = _one_line_error(_write(tmp_path, rows))
    assert message.endswith(
        "line 5, field 'count': 'lots' is not a whole number (and 3 more such cells)"
    )


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=6))
def test_a_whole_number_is_what_the_integer_pattern_reads(text: str):
    # Decimal digits of any script are digits to the pattern and to str.isdecimal alike.
    expected = loader._INTEGER.fullmatch(text) is not None
    assert loader._is_number(text, "a whole number") is expected


def test_unknown_ids_are_named_by_line_with_the_valid_choices_and_missing_cells_skipped():
    frame = pd.DataFrame(
        {"metric_id": ["a", None, "zz", "b", "yy"]}, index=[0, 1, 2, 4, 5], dtype="str"
    )
    table_checks.check_known(frame.iloc[[0, 1, 3]], "metric_id", ["b", "a"], "m.csv")
    with pytest.raises(DataFileError) as raised:
        table_checks.check_known(frame, "metric_id", ["b", "a", "a"], "m.csv", "metric")
    assert str(raised.value) == (
        "m.csv: line 4, field 'metric_id': unknown metric 'zz'; valid choices: a, b\n"
        "m.csv: line 7, field 'metric_id': unknown metric 'yy'; valid choices: a, b"
    )
