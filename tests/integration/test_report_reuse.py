"""Incremental report runs: unchanged reports are reused, changed ones executed again."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_report import CHART_CELLS, make_notebook, make_project, runner_run, write_grid

from newinfra.report import reuse
from newinfra.report.grid import declared_parameters

NEWINFRA = str(Path(sys.executable).parent / "newinfra")


def project_with_dated_report(base: Path) -> Path:
    """The test project with two reports: ``dated`` declares ``as_of``, ``plain`` does not."""
    root = make_project(base)
    make_notebook(
        root / "notebooks" / "dated.ipynb",
        "title = 'default title'\nn = 3\nas_of = None",
        [*CHART_CELLS, ("code", "print('AS_OF', as_of)")],
    )
    write_grid(
        root / "data" / "report_grid.yaml",
        [
            {"name": "dated", "notebook": "notebooks/dated.ipynb", "parameters": {"n": 2}},
            {"name": "plain", "notebook": "notebooks/plain.ipynb", "parameters": {"label": "x"}},
        ],
        {"keep": 2, "workbook": False, "cell_timeout": 120},
    )
    return root


def report(root: Path, out: Path, *args: str) -> tuple[dict, str]:
    """``newinfra report`` through the command line; the run's manifest and its stderr."""
    env = {**os.environ, "NEWINFRA_ROOT": str(root), "MPLBACKEND": "Agg"}
    done = subprocess.run(
        [NEWINFRA, "report", "--out", str(out), "--jobs", "2", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    manifest = json.loads((out / "latest" / "manifest.json").read_text(encoding="utf-8"))
    return manifest, done.stderr


def reused(manifest: dict) -> dict[str, bool]:
    return {entry["name"]: entry["reused"] for entry in manifest["runs"]}


def stream_text(notebook: Path) -> str:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    return "".join(
        "".join(output.get("text", ""))
        for cell in nb["cells"]
        for output in cell.get("outputs", [])
        if output.get("output_type") == "stream"
    )


@pytest.mark.slow
def test_unchanged_reports_are_reused_and_changed_ones_executed(tmp_path):
    root = project_with_dated_report(tmp_path)
    out = tmp_path / "out"

    first, _ = report(root, out, "--as-of", "2024-06-30")
    assert first["as_of"] == "2024-06-30"
    assert reused(first) == {"dated": False, "plain": False}
    assert "AS_OF 2024-06-30" in stream_text(out / "latest" / "dated.ipynb")
    page = (out / "latest" / "dated.html").read_text(encoding="utf-8")
    assert "verdicts as of" in page and "2024-06-30" in page
    assert "2024-06-30" in (out / "index.html").read_text(encoding="utf-8")
    dated = next(e for e in first["runs"] if e["name"] == "dated")
    assert dated["figures"] and set(dated["checksums"]) == {
        dated["html"],
        dated["ipynb"],
        *dated["figures"],
    }

    # The same inputs: every report is copied from the first run, and says so.
    second, said = report(root, out, "--as-of", "2024-06-30")
    assert "every report reused" in said
    assert not [line for line in said.splitlines() if line.startswith("[")]  # nothing ran
    assert reused(second) == {"dated": True, "plain": True}
    assert {e["reused_from"] for e in second["runs"]} == {first["run_id"]}
    assert {e["executed_in"] for e in second["runs"]} == {first["run_id"]}
    assert "reused, inputs unchanged" in (out / "run.html").read_text(encoding="utf-8")
    # Copies, not links: the newest run stands when the first one is pruned.
    latest = out / "runs" / second["run_id"]
    for entry in second["runs"]:
        for name, sha in entry["checksums"].items():
            path = latest / name
            assert path.is_file() and path.stat().st_nlink == 1
            assert reuse._sha256(path) == sha

    # One data file changed: every report reads the data, so every report runs again.
    plans = root / "data" / "plans.csv"
    plans.write_text(plans.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    third, _ = report(root, out, "--as-of", "2024-06-30")
    assert reused(third) == {"dated": False, "plain": False}

    # One report's parameters changed in the grid: only that report runs.
    write_grid(
        root / "data" / "report_grid.yaml",
        [
            {"name": "dated", "notebook": "notebooks/dated.ipynb", "parameters": {"n": 2}},
            {"name": "plain", "notebook": "notebooks/plain.ipynb", "parameters": {"label": "y"}},
        ],
        {"keep": 2, "workbook": False, "cell_timeout": 120},
    )
    fourth, said = report(root, out, "--as-of", "2024-06-30")
    assert reused(fourth) == {"dated": True, "plain": False}
    assert "1 job(s) reused" in said

    # A reused report whose files were changed afterwards is executed again.
    tampered = out / "latest" / "dated.html"
    tampered.write_text(tampered.read_text(encoding="utf-8") + "<!-- edited -->", "utf-8")
    fifth, said = report(root, out, "--as-of", "2024-06-30")
    assert "dated: its files in an earlier run were changed or removed" in said
    assert reused(fifth) == {"dated": False, "plain": True}
    assert "edited" not in (out / "latest" / "dated.html").read_text(encoding="utf-8")

    # --force executes every report.
    sixth, _ = report(root, out, "--as-of", "2024-06-30", "--force")
    assert reused(sixth) == {"dated": False, "plain": False}
    # keep: 2 pruned the older runs; the newest still holds every file it lists.
    assert len(list((out / "runs").iterdir())) == 2
    for entry in sixth["runs"]:
        assert all((out / "latest" / name).is_file() for name in entry["checksums"])


def test_as_of_is_checked(tmp_path, capsys):
    from newinfra import cli

    root = project_with_dated_report(tmp_path)
    os.environ["NEWINFRA_ROOT"] = str(root)
    try:
        status = cli.main(["report", "--out", str(tmp_path / "out"), "--as-of", "30/11/2026"])
    finally:
        del os.environ["NEWINFRA_ROOT"]
    assert status == 2
    assert "--as-of" in capsys.readouterr().err
    assert not (tmp_path / "out" / "runs").exists()


def test_key_changes_with_each_input(tmp_path):
    shared = {"code": "c", "packages": "p", "data": "d", "as_of": "2026-01-01"}
    notebook = make_notebook(tmp_path / "n.ipynb", "x = 1", [])
    own = reuse.notebook_inputs(notebook, "notebooks/n.ipynb", {"x": 2}, "T")
    key, inputs = reuse.job_key(shared, own)
    assert set(inputs) == {*shared, "notebook", "parameters", "title"}
    variants = [reuse.job_key({**shared, name: "other"}, own)[0] for name in shared] + [
        reuse.job_key(shared, {**own, "parameters": {"x": 3}})[0],
        reuse.job_key(shared, {**own, "title": "U"})[0],
    ]
    make_notebook(notebook, "x = 1", [("code", "print(x)")])
    variants.append(
        reuse.job_key(shared, reuse.notebook_inputs(notebook, "notebooks/n.ipynb", {"x": 2}, "T"))[
            0
        ]
    )
    assert key not in variants and len(set(variants)) == len(variants)
    assert reuse.job_key(shared, own)[0] == key
    assert "as_of" not in declared_parameters(notebook)


def test_installed_versions_cover_the_dependencies():
    versions = reuse.installed_versions()
    for name in ["python", "newinfra", "pandas", "matplotlib", "papermill", "numpy", "pillow"]:
        assert name in versions, name


def test_only_succeeded_jobs_with_the_same_key_are_reused(tmp_path):
    out = tmp_path / "out"
    entry = {"status": "ok", "html": "a.html", "ipynb": None, "figures": []}
    old = runner_run(
        out,
        "20260101-000000",
        {"runs": [{**entry, "name": "a", "key": "k1", "checksums": {}}], "run_dir": ""},
    )
    (old / "a.html").write_text("page", encoding="utf-8")
    new = runner_run(
        out,
        "20260102-000000",
        {
            "runs": [
                {**entry, "name": "a", "key": "k1", "status": "failed", "checksums": {}},
                {**entry, "name": "b", "key": "k2", "checksums": {}},
            ],
            "run_dir": "",
        },
    )
    (new / "a.html").write_text("failed page", encoding="utf-8")
    sha = reuse._sha256(old / "a.html")
    manifest = json.loads((old / "manifest.json").read_text(encoding="utf-8"))
    manifest["runs"][0]["checksums"] = {"a.html": sha}
    (old / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    found, changed = reuse.find_reusable(out, {"a": "k1", "b": "k2", "c": "k3"})
    # a: the newer run failed it, the older one holds it intact; b: no checksum of its
    # file (it is missing), so it is executed again; c: never made.
    assert list(found) == ["a"] and found["a"].source == old
    assert changed == ["b"]
    assert reuse.find_reusable(out, {"a": "other"}) == ({}, [])
