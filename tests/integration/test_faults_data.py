"""Faults found by feeding bad data files and concurrent calls to the CLI and library.

Each test reproduces one failure a tester saw (a traceback, a silently accepted
file, a valid file rejected, a race) in a temporary copy of the project, and
checks that it now ends in one line naming the file, the line and the field,
or in the right result.
"""

from __future__ import annotations

import csv
import os
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import run_cli as cli

from newinfra.analysis.theme_terms import vocabulary
from newinfra.core.errors import DataFileError

REPO = Path(__file__).resolve().parents[2]


def one_line_error(result: subprocess.CompletedProcess, *parts: str) -> str:
    """The command failed as bad input, with one line naming every part and no traceback."""
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2, (result.returncode, result.stderr[-2000:])
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for part in parts:
        assert part in lines[0], f"{part!r} not in: {lines[0]}"
    return lines[0]


def audit_lists(result: subprocess.CompletedProcess, *parts: str) -> str:
    """The audit ran and failed (exit 1), listing a line naming every part; no traceback."""
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    assert result.returncode == 1, (result.returncode, result.stderr[-2000:])
    lines = [line.strip() for line in result.stdout.splitlines()]
    found = [line for line in lines if all(part in line for part in parts)]
    assert found, result.stdout[-3000:]
    return found[0]


def _rows(path: Path) -> tuple[list[str], list[dict]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def _write_rows(path: Path, fields: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _set_cell(path: Path, row: int, field: str, value: str) -> None:
    fields, rows = _rows(path)
    rows[row][field] = value
    _write_rows(path, fields, rows)


def _keep_header_only(path: Path) -> None:
    _write_rows(path, _rows(path)[0], [])


# ------------------------------------------------- tracebacks for bad rule files


def test_header_only_annotations_is_a_one_line_error(project_copy: Path):
    # Was: KeyError: 'note_plan_id' from deep inside the ledger build.
    _keep_header_only(project_copy / "data" / "annotations.csv")
    one_line_error(cli(project_copy, "targets"), "annotations.csv: line 2", "no data rows")


def test_invalid_regex_in_audit_rules_is_a_one_line_error(project_copy: Path):
    # Was: re.error: unterminated character set, with a traceback.
    _set_cell(project_copy / "data" / "audit_rules.csv", 0, "pattern", "[0-9")
    audit_lists(
        cli(project_copy, "audit"),
        "audit_rules.csv: line 2, field 'pattern'",
        "'[0-9' is not a valid regular expression",
    )


@pytest.mark.parametrize("unit", ["Gbps/", "kW)", "*"])
def test_malformed_metric_unit_is_a_one_line_error(project_copy: Path, unit: str):
    # Was: pint's parser raised AssertionError or TokenError, a traceback from every command.
    _set_cell(project_copy / "data" / "metrics.csv", 0, "unit", unit)
    one_line_error(
        cli(project_copy, "targets"), "metrics.csv: line 2, field 'unit'", f"{unit!r} is not"
    )


@pytest.mark.parametrize("scale", ["3", "-10000", "0"])
def test_a_scale_that_is_no_power_of_ten_is_a_one_line_error(project_copy: Path, scale: str):
    _set_cell(project_copy / "data" / "annotations.csv", 0, "scale", scale)
    one_line_error(cli(project_copy, "targets"), "annotations.csv: line 2, field 'scale'")


def test_unmatched_quote_is_one_line_where_it_opens(project_copy: Path):
    # Was: 2-12 lines about other fields of the rows the quote ran into.
    path = project_copy / "data" / "domains.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace(",", ',"', 1)
    path.write_text("".join(lines), encoding="utf-8")
    one_line_error(cli(project_copy, "targets"), "domains.csv: line 3: a quote")


# ------------------------------------------------- files silently accepted


def test_unknown_crosswalk_section_is_refused_with_the_valid_ones(project_copy: Path):
    # Was: accepted, and the figures of that chapter quietly took another domain.
    path = project_copy / "data" / "crosswalk.csv"
    _fields, rows = _rows(path)
    assert rows[2]["section_ref"] == "ch1.s4"
    _set_cell(path, 2, "section_ref", "ch1.s44")
    one_line_error(
        cli(project_copy, "targets"),
        "crosswalk.csv: line 4, field 'section_ref'",
        "'ch1.s44'",
        "smartcity-2011-2013-en",
        "ch1.s4,",
    )


@pytest.mark.parametrize(
    "file, command",
    [
        ("audit_rules.csv", "audit"),
        ("commitment_terms.csv", "targets"),
        ("crosswalk.csv", "targets"),
    ],
)
def test_header_only_rule_file_is_refused(project_copy: Path, file: str, command: str):
    # Was: accepted; with no audit rules the audit said every figure is accounted for.
    refused = audit_lists if command == "audit" else one_line_error
    _keep_header_only(project_copy / "data" / file)
    refused(cli(project_copy, command), f"{file}: line 2", "no data rows")
    (project_copy / "data" / file).write_bytes(b"")
    refused(cli(project_copy, command), f"{file}: empty file")


def test_header_only_theme_vocabulary_is_refused(project_copy: Path):
    # themes.csv is read by the theme analysis, which no CLI command reaches on its own.
    _keep_header_only(project_copy / "data" / "themes.csv")
    with pytest.raises(DataFileError) as err:
        vocabulary()
    message = str(err.value)
    assert "themes.csv: line 2" in message and "no data rows" in message
    assert len(message.splitlines()) == 1


# ------------------------------------------------- valid files rejected


def test_crlf_and_byte_order_mark_files_read_like_the_originals(project_copy: Path):
    # Was: annotations.csv with CRLF line ends refused, a multi-line quote gaining '\r'.
    data = project_copy / "data"
    for path in [
        project_copy / "seeds" / "manifest.csv",
        *data.glob("*.csv"),
        *data.glob("*.yaml"),
    ]:
        text = path.read_bytes().replace(b"\r\n", b"\n")
        path.write_bytes(b"\xef\xbb\xbf" + text.replace(b"\n", b"\r\n"))
    for command in ("targets", "audit"):
        changed, original = cli(project_copy, command), cli(None, command)
        assert changed.returncode == original.returncode == 0, changed.stderr[-2000:]
        assert changed.stdout == original.stdout and changed.stderr == ""


# ------------------------------------------------- messages with exception text


@pytest.mark.parametrize(
    "file, row, field, value, kind",
    [
        ("annotations.csv", 0, "value", "lots", "a number"),
        ("annotations.csv", 0, "start", "abc", "a whole number"),
        ("plans.csv", 0, "period_start", "20x1", "a whole number"),
    ],
)
def test_non_numeric_value_is_one_line_naming_the_value(
    project_copy: Path, file: str, row: int, field: str, value: str, kind: str
):
    # Was: two to four lines, one of them "TypeError(\"'>=' not supported ...\")".
    _set_cell(project_copy / "data" / file, row, field, value)
    line = one_line_error(
        cli(project_copy, "targets"), f"{file}: line 2, field '{field}': '{value}' is not {kind}"
    )
    assert "Error(" not in line


def test_non_utf8_byte_is_reported_by_line_and_field(project_copy: Path):
    # Was: "not UTF-8 text (invalid start byte at byte 274)": a byte offset only.
    path = project_copy / "data" / "commitment_terms.csv"
    lines = path.read_bytes().split(b"\n")
    lines[3] = lines[3].replace(b"Traditional", b"Trad\xffitional", 1)
    path.write_bytes(b"\n".join(lines))
    one_line_error(
        cli(project_copy, "targets"),
        "commitment_terms.csv: line 4, field 'note': byte 0xff is not UTF-8",
    )


# ------------------------------------------------- the cache under concurrency

RACE = textwrap.dedent(
    """
    import sys, threading
    import newinfra as ni

    calls, failures = int(sys.argv[1]), []
    barrier = threading.Barrier(8)

    def work():
        barrier.wait()
        for _ in range(calls):
            try:
                assert len(ni.targets()) > 100
            except Exception as exc:
                failures.append(repr(exc))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(len(failures), failures[:3])
    """
)


def _race(root: Path, cache: Path, calls: int = 1) -> subprocess.Popen:
    env = {**os.environ, "NEWINFRA_ROOT": str(root), "NEWINFRA_CACHE": str(cache)}
    return subprocess.Popen(
        [sys.executable, "-c", RACE, str(calls)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def _finish(processes: list[subprocess.Popen]) -> None:
    for process in processes:
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err[-2000:]
        assert out.startswith("0 "), out


def test_cache_serves_threads_and_processes_cold_and_warm(project_copy: Path, tmp_path: Path):
    # Was: 5-7 of 8 threads failed cold with KeyError in the fingerprint pinning,
    # and 4 of 160 calls failed warm.
    cache = tmp_path / "cache"
    _finish([_race(project_copy, cache) for _ in range(3)])  # cold: 3 processes x 8 threads
    assert sorted(cache.glob("*.pkl")) and not sorted(cache.glob(".*.tmp"))
    _finish([_race(project_copy, cache, calls=20) for _ in range(3)])  # warm


def test_foreign_pickle_in_the_cache_is_rebuilt_not_trusted(project_copy: Path, tmp_path: Path):
    # Was: a valid pickle of another type was returned as the ledger: AttributeError.
    cache = tmp_path / "cache"
    expected = cli(project_copy, "targets", cache=cache)
    assert expected.returncode == 0, expected.stderr[-2000:]
    pickles = sorted(cache.glob("*.pkl"))
    assert pickles
    for path in pickles:
        path.write_bytes(pickle.dumps({"not": "a table"}))
    again = cli(project_copy, "targets", cache=cache)
    assert again.returncode == 0 and again.stderr == "", again.stderr[-2000:]
    assert again.stdout == expected.stdout


def test_unknown_task_section_is_refused_with_the_valid_ones(project_copy: Path):
    # The same slip in tasks.csv left the task's figures without a task.
    from newinfra.ledger.targets import task_links

    _set_cell(project_copy / "data" / "tasks.csv", 0, "section_ref", "ch2.sp99")
    with pytest.raises(DataFileError) as err:
        task_links()
    message = str(err.value)
    assert "tasks.csv: line 2, field 'section_ref': 'ch2.sp99'" in message
    assert "ch2.sp1," in message and len(message.splitlines()) == 1
