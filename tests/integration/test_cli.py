"""The newinfra command as a user runs it."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

COMMAND = [sys.executable, "-m", "newinfra.cli"]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*COMMAND, *args], capture_output=True, text=True, cwd=cwd, timeout=300)


@pytest.mark.parametrize(
    "command",
    [[], ["extract"], ["targets"], ["commitments"], ["compare"], ["peers"], ["audit"], ["report"],
     ["excel"]],
)  # fmt: skip
def test_help_explains_each_command(command):
    result = run(*command, "--help")
    assert result.returncode == 0
    assert "usage: newinfra" in result.stdout and len(result.stdout) > 200


def test_extract_prints_csv_and_json(tmp_path: Path):
    path = tmp_path / "note.txt"
    path.write_text(
        "到2026年底,新建充電樁3萬個以上; the city will add more than 100,000 charging points.",
        encoding="utf-8",
    )
    result = run("extract", str(path))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "start,end,text,value,value_high,unit,comparator,conversion_of"
    assert any("3萬個以上,30000.0" in line for line in lines)
    as_json = json.loads(run("extract", str(path), "--format", "json").stdout)
    assert [m["text"] for m in as_json] == ["3萬個以上", "more than 100,000"]
    assert as_json[1]["comparator"] == ">=" and as_json[1]["value"] == 100000


@pytest.mark.parametrize(
    "make, expected",
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "is a directory"),
        (lambda d: (d / "b.bin").write_bytes(b"\x00\x01\x02") and d / "b.bin", "binary"),
        (
            lambda d: (d / "gb.txt").write_bytes("上海".encode("gb18030")) and d / "gb.txt",
            "not UTF-8",
        ),
    ],
    ids=["missing", "directory", "binary", "not-utf8"],
)
def test_extract_bad_input_is_one_line_and_status_2(tmp_path: Path, make, expected):
    result = run("extract", str(make(tmp_path)))
    assert result.returncode == 2
    assert expected in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_targets_filters_and_formats():
    result = run("targets", "--plan", "newinfra-2023-2026", "--kind", "target", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) >= 40
    assert {r["plan_id"] for r in rows} == {"newinfra-2023-2026"} and {r["kind"] for r in rows} == {
        "target"
    }
    csv_out = run("targets", "--domain", "innovation").stdout.splitlines()
    assert csv_out[0].startswith("target_id,commitment_id,plan_id,horizon_year,kind,domain")


@pytest.mark.parametrize(
    "option, value, valid",
    [
        ("--plan", "nope", "smartcity-2011-2013"),
        ("--domain", "roads", "terminals"),
        ("--kind", "wish", "baseline"),
    ],
)
def test_targets_unknown_values_exit_2_listing_valid_ones(option, value, valid):
    result = run("targets", option, value)
    assert result.returncode == 2
    assert value in result.stderr and valid in result.stderr and "Traceback" not in result.stderr


def test_audit_passes_on_the_shipped_data():
    result = run("audit")
    assert result.returncode == 0, result.stdout[-2000:]
    assert "OK: every figure is accounted for." in result.stdout
    assert "doc_number" in result.stdout and "technology" in result.stdout


def test_unknown_format_is_refused():
    result = run("targets", "--format", "xml")
    assert result.returncode == 2 and "csv" in result.stderr


def test_help_lists_every_exit_status():
    from newinfra.core.exits import Exit

    epilog = " ".join(run("--help").stdout.split())
    for status in Exit:
        if status is not Exit.INTERRUPTED:
            assert f" {int(status)} " in epilog, status


AS_OF_JSON = ("--as-of", "2026-11-30", "--format", "json")


def test_commitments_compare_and_peers_filter_like_the_library():
    import newinfra as ni

    result = run("commitments", "--plan", "newinfra-2023-2026", "--domain", "network,computing")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("commitment_id,plan_id,jurisdiction_id,family")
    printed = pd.read_csv(io.StringIO(result.stdout))
    expected = ni.commitments(plan="newinfra-2023-2026", domain=["network", "computing"])
    assert printed["commitment_id"].tolist() == expected["commitment_id"].tolist()

    shanghai_racks = ("compare", "--metrics", "idc_racks", "--jurisdiction", "shanghai")
    compared = json.loads(run(*shanghai_racks, *AS_OF_JSON).stdout)
    # Was "met": the 2020 status came seven years after the 2013 horizon.
    expected = [(2013, "reached later"), (2020, None)]
    assert [(r["horizon_year"], r["verdict"]) for r in compared] == expected
    assert {r["as_of"] for r in compared} == {"2026-11-30"}

    peers = run("peers", "--family", "5g_base_stations")
    assert peers.returncode == 0 and peers.stdout.startswith("family,metric_id,metric_label")


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["commitments", "--jurisdiction", "paris"], ["jurisdiction", "paris", "shanghai"]),
        (["compare", "--horizons", "20x"], ["--horizons", "20x"]),
        (["compare", "--as-of", "yesterday"], ["--as-of", "yesterday", "2026-11-30"]),
        (["peers", "--family", "no_such_family"], ["family", "no_such_family"]),
    ],
)
def test_analysis_commands_reject_bad_filters_in_one_line(args, names):
    result = run(*args)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    for name in names:
        assert name in result.stderr


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["commitments", "--plan", ",,,"], ["plan", "',,,'", "newinfra-2023-2026"]),
        (["commitments", "--jurisdiction", ""], ["jurisdiction", "''", "shanghai"]),
        (["commitments", "--domain", " , "], ["domain", "network"]),
        (["compare", "--metrics", ",,"], ["metrics", "idc_racks"]),
        (["compare", "--jurisdiction", ""], ["jurisdiction", "shanghai"]),
        (["compare", "--horizons", ","], ["horizons", "2026"]),
        (["compare", "--domain", ""], ["domain", "network"]),
        (["peers", "--family", ",,"], ["family", "5g_base_stations"]),
        (["peers", "--horizon", ""], ["horizon", "2026"]),
        (["targets", "--plan", ",,,"], ["plan", "newinfra-2023-2026"]),
        (["targets", "--domain", ""], ["domain", "network"]),
    ],
)
def test_an_empty_filter_is_refused_naming_the_option_and_the_choices(args, names):
    # Was: commitments, compare and peers read ",,," or "" as "no filter" and printed everything.
    result = run(*args)
    assert result.returncode == 2, result.stdout[:300]
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert "valid choices" in result.stderr
    for name in names:
        assert name in result.stderr


def test_compare_as_of_takes_the_forms_its_message_lists():
    # Was: `--as-of 2025` was refused by a message that listed "a year such as 2026".
    refused = run("compare", "--metrics", "idc_racks", "--as-of", "soon")
    assert refused.returncode == 2
    listed = refused.stderr.split("valid choices: ")[1]
    assert "a date such as 2026-11-30" in listed and "a year such as 2026" in listed
    for given, day in [("2025", "2025-01-01"), ("2026-11-30", "2026-11-30")]:
        result = run("compare", "--metrics", "idc_racks", "--as-of", given, "--format", "json")
        assert result.returncode == 0, result.stderr
        assert {row["as_of"] for row in json.loads(result.stdout)} == {day}
    usage = " ".join(run("compare", "--help").stdout.split())
    assert "YYYY-MM-DD or a year" in usage


def test_excel_into_a_folder_it_cannot_write_exits_73(tmp_path, monkeypatch, capsys):
    # Was: exit 2 (bad input), though the place is what is wrong (EX_CANTCREAT).
    import os

    from newinfra.cli import main

    missing = run("excel", str(tmp_path / "no-such-folder" / "summary.xlsx"))
    assert missing.returncode == 73, missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1 and "does not exist" in missing.stderr
    real_access = os.access
    monkeypatch.setattr(  # root writes anywhere: a read-only folder is simulated
        os, "access", lambda p, mode: False if Path(p) == tmp_path else real_access(p, mode)
    )
    assert main(["excel", str(tmp_path / "summary.xlsx")]) == 73
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "not writable" in err, err
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("command", [["compare"], ["excel", "{tmp}/summary.xlsx"]])
def test_bad_data_found_while_building_is_one_line(command, tmp_path, monkeypatch, capsys):
    # Was: `add-plan --published 2024-13-45` went through, then compare and excel crashed
    # judging verdicts. The date is refused at load now; any such error is one line.
    from newinfra.analysis import verdicts
    from newinfra.cli import main
    from newinfra.core.errors import DataFileError

    message = "seeds/manifest.csv: line 9: published: '2024-13-45' is not a date YYYY-MM-DD"

    def bad_date(*args, **kwargs):
        raise DataFileError(message)

    monkeypatch.setattr(verdicts, "_frames", {})  # no verdict frame computed earlier
    monkeypatch.setattr(verdicts, "judge", bad_date)
    status = main([part.format(tmp=tmp_path) for part in command])
    err = capsys.readouterr().err
    assert status == 2 and "Traceback" not in err
    assert err.strip().splitlines() == [f"newinfra {command[0]}: {message}"]
    assert not list(tmp_path.iterdir())


def test_excel_onto_a_read_only_filesystem_exits_73(tmp_path, monkeypatch, capsys):
    # Was: exit 2: the folder looked writable (root), then the temporary file was refused.
    import errno
    import tempfile

    from newinfra.cli import main

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    assert main(["excel", str(tmp_path / "summary.xlsx")]) == 73
    err = capsys.readouterr().err
    assert err.strip().splitlines() == [
        f"newinfra excel: {tmp_path / 'summary.xlsx'}: cannot write (Read-only file system)"
    ]
