"""Report runs: the grid, execution, outputs, failure isolation, the lock, safe publishing."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml

import newinfra as ni
import newinfra.report as report
from newinfra.core.errors import DataFileError, NewinfraError, ParameterError
from newinfra.core.exits import Exit
from newinfra.report import jobs, outdir, publish
from newinfra.report import run as run_command
from newinfra.report.job_types import JobResult

REAL_ROOT = Path(__file__).resolve().parents[2]

CHART_CELLS = [
    (
        "code",
        "import os, sys\n"
        "print('EXECUTABLE', sys.executable)\n"
        "print('PARAMS', title, n)\n"
        "print('CWD', os.getcwd())\n"
        "print('MPLBACKEND', os.environ.get('MPLBACKEND'))",
    ),
    (
        "code",
        "%config InlineBackend.figure_formats = ['png', 'svg']\n"
        "import matplotlib.pyplot as plt\n"
        "fig, ax = plt.subplots(figsize=(3, 2))\n"
        "ax.bar(range(n), [i + 1 for i in range(n)], color='tab:blue')\n"
        "ax.set_title(title)\n"
        "plt.show()",
    ),
    ("markdown", "## Notes\n\nThe area is $x^2$ square units."),
]


def make_notebook(path: Path, parameters: str, cells: list[tuple[str, str]]) -> Path:
    """A notebook with a cell tagged ``parameters`` followed by ``cells``."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells.append(nbformat.v4.new_markdown_cell("# Test notebook"))
    param = nbformat.v4.new_code_cell(parameters)
    param.metadata["tags"] = ["parameters"]
    nb.cells.append(param)
    for kind, source in cells:
        maker = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        nb.cells.append(maker(source))
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def make_project(base: Path, *, workbook: bool = False, keep: int = 5) -> Path:
    """A temporary project: the real seeds and plans, three tiny notebooks, a grid."""
    root = base / "project"
    shutil.copytree(REAL_ROOT / "seeds", root / "seeds")
    (root / "data").mkdir(parents=True)
    for name in ("plans.csv", "jurisdictions.csv"):
        shutil.copyfile(REAL_ROOT / "data" / name, root / "data" / name)
    notebooks = root / "notebooks"
    make_notebook(notebooks / "chart.ipynb", "title = 'default title'\nn = 3", CHART_CELLS)
    make_notebook(
        notebooks / "plain.ipynb",
        "label = 'plain'",
        [("code", "print('PLAIN', label)")],
    )
    make_notebook(
        notebooks / "fails.ipynb",
        "limit = 1",
        [("code", "raise ValueError(f'boom on purpose (limit={limit})')")],
    )
    write_grid(
        root / "data" / "report_grid.yaml",
        [
            {
                "name": "chart",
                "notebook": "notebooks/chart.ipynb",
                "title": "A chart",
                "parameters": {"title": "Bars from the grid", "n": 4},
            },
            {"name": "plain", "notebook": "notebooks/plain.ipynb", "parameters": {"label": "x"}},
            {"name": "fails", "notebook": "notebooks/fails.ipynb", "parameters": {"limit": 7}},
        ],
        {"keep": keep, "workbook": workbook, "cell_timeout": 120},
    )
    return root


def write_grid(path: Path, runs: list[dict], settings: dict | None = None) -> Path:
    data = {"settings": settings or {}, "runs": runs}
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def fake_summary(path, as_of=None) -> Path:
    """Stands in for the ledger-backed workbook in forked workers."""
    from newinfra.present.workbook import write_workbook

    frame = pd.DataFrame({"metric_id": ["m1"], "value": [1.0], "unit": ["Gbps"]})
    return write_workbook(path, {"Targets": frame}, readme=["test workbook"])


def runner_run(out: Path, stamp: str, manifest: dict | None = None) -> Path:
    """A dated run as the runner leaves it: marked, in a marked report folder."""
    folder = out / "runs" / stamp
    folder.mkdir(parents=True)
    outdir.write_marker(out, outdir.OUT_MARKER)
    outdir.write_marker(folder, outdir.RUN_MARKER)
    if manifest is not None:
        manifest = {"generator": "newinfra report", "run_id": stamp, **manifest}
        (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return folder


def run_in(root: Path, out: Path, **kwargs) -> int:
    with ni.using_root(root):
        return report.run_reports(out=out, **kwargs)


def stderr_ok_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if re.match(r"^\[\d+/\d+\] ", line)]


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict]]:
    parser = _Tags()
    parser.feed(html)
    return parser.found


def remote_references(html: str) -> list[str]:
    """Network addresses a browser would fetch: script/link/img/iframe src or href, CSS @import."""
    found = []
    for tag, attrs in tags(html):
        for key in ("src", "href"):
            value = (attrs.get(key) or "").strip().lower()
            if tag in {"script", "link", "img", "iframe", "source"} and (
                value.startswith(("http://", "https://", "//"))
            ):
                found.append(f"<{tag} {key}={value}>")
    found += re.findall(r"@import\s+url\(\s*['\"]?https?://[^)]*\)", html)
    found += re.findall(r"import\(\s*['\"]https?://[^'\"]*['\"]", html)
    return found


# -- the grid: no notebook runs ------------------------------------------------------------


def test_default_grid_lists_every_domain():
    raw = yaml.safe_load((REAL_ROOT / "data" / "report_grid.yaml").read_text(encoding="utf-8"))
    domains = [
        r["parameters"]["domain"] for r in raw["runs"] if "domain" in (r.get("parameters") or {})
    ]
    assert domains == [
        "network",
        "computing",
        "data",
        "innovation",
        "terminals",
        "industry",
        "security",
        "governance",
    ]
    names = [r["name"] for r in raw["runs"]]
    assert len(names) == len(set(names))
    assert raw["settings"]["keep"] == 5
    notebooks = {r["notebook"] for r in raw["runs"]}
    assert notebooks == {
        "notebooks/01_plan_overview.ipynb",
        "notebooks/02_domain_deep_dive.ipynb",
        "notebooks/03_ambition_trajectories.ipynb",
        "notebooks/04_themes.ipynb",
        "notebooks/05_briefing_vs_fulltext.ipynb",
    }


def test_load_grid(tmp_path):
    root = make_project(tmp_path)
    grid = report.load_grid(root=root)
    assert [r.name for r in grid.runs] == ["chart", "plain", "fails"]
    assert grid.runs[0].parameters == {"title": "Bars from the grid", "n": 4}
    assert grid.runs[0].notebook == (root / "notebooks" / "chart.ipynb").resolve()
    assert grid.runs[1].title == "plain"
    assert grid.keep == 5 and grid.workbook is False and grid.cell_timeout == 120
    assert [r.name for r in grid.select(["fails", "chart"]).runs] == ["chart", "fails"]


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda g: g.update(extra=1),
            r"top level: unknown key\(s\) \['extra'\]; valid keys: jurisdictions, runs, settings",
        ),
        (
            lambda g: g["settings"].update(kep=3),
            r"settings: unknown key\(s\) \['kep'\]; valid keys: cell_timeout, keep, workbook",
        ),
        (
            lambda g: g["settings"].update(keep=0),
            r"settings: keep: expected a whole number >= 1, got 0",
        ),
        (
            lambda g: g["runs"][1].update(params={}),
            r"runs\[2\] \(plain\): unknown key\(s\) \['params'\]; valid keys: name, notebook, parameters, question, title",
        ),
        (
            lambda g: g["runs"][2].update(name="chart"),
            r"runs\[3\] \(chart\): name: duplicate name 'chart' \(first at runs\[1\]\)",
        ),
        (
            lambda g: g["runs"][0].update(notebook="notebooks/nope.ipynb"),
            r"runs\[1\] \(chart\): notebook: 'notebooks/nope.ipynb' not found .*available: "
            r"notebooks/chart.ipynb, notebooks/fails.ipynb, notebooks/plain.ipynb",
        ),
        (
            lambda g: g["runs"][0].update(name="a b"),
            r"runs\[1\] \('a b'\): name: expected letters, digits, .*, got 'a b'",
        ),
        (
            lambda g: g["runs"][0].update(parameters=[1]),
            r"runs\[1\] \(chart\): parameters: expected a mapping",
        ),
        (lambda g: g.update(runs=[]), r"runs: expected a non-empty list"),
    ],
)
def test_grid_errors_name_file_entry_and_choices(tmp_path, mutate, expected):
    root = make_project(tmp_path)
    path = root / "data" / "report_grid.yaml"
    grid = yaml.safe_load(path.read_text(encoding="utf-8"))
    mutate(grid)
    path.write_text(yaml.safe_dump(grid, sort_keys=False), encoding="utf-8")
    with pytest.raises(DataFileError, match=expected) as info:
        report.load_grid(root=root)
    assert str(path) in str(info.value)


def test_grid_that_is_not_yaml(tmp_path):
    root = make_project(tmp_path)
    bad = root / "bad.yaml"
    bad.write_text("runs: [\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="not valid YAML"):
        report.load_grid(bad, root=root)
    with pytest.raises(DataFileError, match="report grid not found"):
        report.load_grid(root / "missing.yaml", root=root)


def test_only_unknown_name_lists_valid_names(tmp_path):
    root = make_project(tmp_path)
    with pytest.raises(ParameterError) as info:
        run_in(root, tmp_path / "out", only=["chrat"])
    message = str(info.value)
    assert "'--only'" in message and "'chrat'" in message
    assert "valid choices: chart, plain, fails" in message
    assert not (tmp_path / "out" / "runs").exists()


def test_only_error_through_the_cli(tmp_path, capsys, monkeypatch):
    from newinfra.cli import main

    root = make_project(tmp_path)
    monkeypatch.setenv("NEWINFRA_ROOT", str(root))
    status = main(["report", "--out", str(tmp_path / "out"), "--only", "nope"])
    err = capsys.readouterr().err
    assert status == 2
    assert "valid choices: chart, plain, fails" in err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(("option", "value"), [("jobs", 0), ("keep", 0)])
def test_bad_jobs_or_keep(tmp_path, option, value):
    root = make_project(tmp_path)
    with pytest.raises(ParameterError, match=f"--{option}"):
        run_in(root, tmp_path / "out", **{option: value})


def test_lock_held_exits_75(tmp_path, capsys):
    from filelock import FileLock

    root = make_project(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    holder = FileLock(str(out / run_command.LOCK_NAME), timeout=0)
    with holder:
        status = run_in(root, out)
    err = capsys.readouterr().err
    assert status == Exit.LOCKED == 75
    assert "another report run" in err and str(out / run_command.LOCK_NAME) in err
    assert not (out / "runs").exists()
    assert not list(out.glob(".tmp-*"))


def test_prune_runs_keeps_newest(tmp_path):
    out = tmp_path / "out"
    names = ["20240101-000000", "20240101-000000-1", "20240102-000000", "20231231-235959"]
    for name in names:
        runner_run(out, name)
    (out / "runs" / "notes").mkdir()
    (out / "runs" / "20230101-000000").mkdir()  # stamp-named, but not the runner's
    removed = report.prune_runs(out, keep=2)
    assert sorted(p.name for p in removed) == ["20231231-235959", "20240101-000000"]
    assert sorted(p.name for p in (out / "runs").iterdir()) == [
        "20230101-000000",
        "20240101-000000-1",
        "20240102-000000",
        "notes",
    ]


def test_prune_never_removes_latest(tmp_path):
    out = tmp_path / "out"
    for name in ["20240101-000000", "20240102-000000", "20240103-000000"]:
        runner_run(out, name)
    os.symlink("runs/20240101-000000", out / "latest")
    report.prune_runs(out, keep=1)
    assert sorted(p.name for p in (out / "runs").iterdir()) == [
        "20240101-000000",
        "20240103-000000",
    ]


def test_index_escapes_and_links():
    manifest = {
        "run_id": "20240101-000000",
        "run_dir": "runs/20240101-000000/",
        "dataset_version": "0.1.0+data.x",
        "library_version": "0.1.0",
        "generated_at": "2024-01-01T00:00:00Z",
        "finished_at": "2024-01-01T00:00:05Z",
        "counts": {"ok": 1, "failed": 1},
        "sources": [{"source_id": "s", "file": "s.txt", "sha256": "ab" * 32}],
        "runs": [
            {
                "name": "a",
                "title": "<b>A</b>",
                "parameters": {"domain": "network"},
                "status": "ok",
                "duration_s": 1.25,
                "error": None,
                "html": "runs/20240101-000000/a.html",
                "ipynb": "runs/20240101-000000/a.ipynb",
                "figures": [],
            },
            {
                "name": "b",
                "title": "B",
                "parameters": {},
                "status": "failed",
                "duration_s": 2.0,
                "error": "ValueError: x < y",
                "html": None,
                "ipynb": None,
                "figures": [],
            },
        ],
        "workbook": None,
    }
    page = report.render_index(manifest)
    assert "&lt;b&gt;A&lt;/b&gt;" in page
    assert 'href="runs/20240101-000000/a.html"' in page
    assert 'href="runs/20240101-000000/run.html"' in page
    assert remote_references(page) == []
    details = report.render_run_details(manifest)
    assert "&lt;b&gt;A&lt;/b&gt;" in details
    assert "ValueError: x &lt; y" in details
    assert "domain = &#34;network&#34;" in details
    assert remote_references(details) == []


# -- executing notebooks ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """One real run of the three notebooks, over an OUT that already holds old dated runs."""
    base = tmp_path_factory.mktemp("report")
    root = make_project(base, workbook=True, keep=2)
    out = base / "out"
    for old in ["20000101-000000", "20000102-000000", "20000103-000000"]:
        runner_run(out, old)
        (out / "runs" / old / "index.html").write_text("old", encoding="utf-8")
    (out / "runs" / "20000100-000000").mkdir()  # not the runner's: never pruned
    mp = pytest.MonkeyPatch()
    mp.setattr("newinfra.present.workbook.write_summary", fake_summary)
    try:
        status = run_in(root, out, jobs=2, publish_failed=True)
    finally:
        mp.undo()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    run_dir = out / manifest["run_dir"]
    return {"root": root, "out": out, "status": status, "manifest": manifest, "run_dir": run_dir}


def _run(manifest, name):
    return next(r for r in manifest["runs"] if r["name"] == name)


@pytest.mark.slow
def test_failing_run_is_isolated(published):
    manifest = published["manifest"]
    assert published["status"] == 1
    assert manifest["status"] == "failed"
    assert _run(manifest, "chart")["status"] == "ok"
    assert _run(manifest, "plain")["status"] == "ok"
    failed = _run(manifest, "fails")
    assert failed["status"] == "failed"
    assert failed["error"].startswith("ValueError: boom on purpose (limit=7)")
    assert manifest["errors"] == [{"name": "fails", "error": failed["error"]}]
    assert manifest["counts"] == {"ok": 3, "failed": 1}
    index = (published["out"] / "index.html").read_text(encoding="utf-8")
    assert index.count('class="failed"') == 1
    details = (published["out"] / "run.html").read_text(encoding="utf-8")
    assert "boom on purpose (limit=7)" in details
    # The failed run keeps its executed notebook and a report showing the error.
    assert (published["run_dir"] / "fails.ipynb").exists()
    assert "boom on purpose" in (published["run_dir"] / "fails.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_parameters_reach_the_notebook_on_this_interpreter(published):
    nb = nbformat.read(published["run_dir"] / "chart.ipynb", as_version=4)
    text = "".join(
        output.get("text", "")
        for cell in nb.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") == "stream"
    )
    assert "PARAMS Bars from the grid 4" in text
    assert f"EXECUTABLE {sys.executable}" in text
    assert f"CWD {published['root'] / 'notebooks'}" in text
    assert "MPLBACKEND Agg" in text
    tags_ = [cell.metadata.get("tags", []) for cell in nb.cells]
    assert ["injected-parameters"] in tags_


@pytest.mark.slow
def test_outputs_written(published):
    out, run_dir, manifest = published["out"], published["run_dir"], published["manifest"]
    assert run_dir.parent == out / "runs"
    assert re.fullmatch(r"\d{8}-\d{6}(-\d+)?", run_dir.name)
    for name in ["chart", "plain", "fails"]:
        assert (run_dir / f"{name}.ipynb").is_file()
        assert (run_dir / f"{name}.html").is_file()
    chart = _run(manifest, "chart")
    prefix = f"runs/{run_dir.name}/"
    assert chart["html"] == f"{prefix}chart.html"
    assert chart["figures"] == [
        f"{prefix}chart_figures/fig01.png",
        f"{prefix}chart_figures/fig01.svg",
    ]
    png = (run_dir / "chart_figures" / "fig01.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert "<svg" in (run_dir / "chart_figures" / "fig01.svg").read_text(encoding="utf-8")
    assert not (run_dir / "plain_figures").exists()
    # Top level: index, manifest, workbook, latest.
    assert (out / "latest").is_symlink()
    assert os.readlink(out / "latest") == f"runs/{run_dir.name}"
    assert (out / "latest" / "chart.html").is_file()
    assert (out / "newinfra_summary.xlsx").read_bytes() == (
        run_dir / "newinfra_summary.xlsx"
    ).read_bytes()
    assert manifest["workbook"]["status"] == "ok"
    assert manifest["workbook"]["xlsx"] == f"{prefix}newinfra_summary.xlsx"
    with ni.using_root(published["root"]):
        sources = ni.sources()
        assert manifest["dataset_version"] == ni.dataset_version()
    assert {s["sha256"] for s in manifest["sources"]} == set(sources["sha256"])
    index = (out / "index.html").read_text(encoding="utf-8")
    for run in manifest["runs"]:
        assert f'href="{run["html"]}"' in index
    details = (out / "run.html").read_text(encoding="utf-8")
    assert "title = &#34;Bars from the grid&#34;" in details
    run_manifest = json.loads((run_dir / "manifest.json").read_text(encoding="utf-8"))
    assert _run(run_manifest, "chart")["html"] == "chart.html"
    assert not list(out.glob(".tmp-*"))


@pytest.mark.slow
def test_report_html_header_and_no_code(published):
    page = (published["run_dir"] / "chart.html").read_text(encoding="utf-8")
    assert "A chart" in page
    assert 'title = "Bars from the grid"' in page
    assert "n = 4" in page
    assert published["manifest"]["dataset_version"] in page
    assert published["manifest"]["generated_at"] in page
    for source in published["manifest"]["sources"]:
        assert source["sha256"] in page
    assert "plt.subplots" not in page  # inputs are excluded
    assert 'src="data:image/png;base64,' in page
    plain = (published["run_dir"] / "plain.html").read_text(encoding="utf-8")
    assert 'label = "x"' in plain


@pytest.mark.slow
def test_html_is_offline(published):
    pages = sorted(published["run_dir"].glob("*.html")) + [published["out"] / "index.html"]
    assert {p.name for p in pages} >= {"index.html", "run.html", "chart.html"}
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert remote_references(html) == [], page.name
        for tag, attrs in tags(html):
            if tag in {"script", "link"}:
                for key in ("src", "href"):
                    assert not (attrs.get(key) or "").startswith(("http://", "https://")), page


@pytest.mark.slow
def test_old_runs_pruned(published):
    runs = sorted(p.name for p in (published["out"] / "runs").iterdir())
    assert runs == ["20000100-000000", "20000103-000000", published["run_dir"].name]


def _snapshot(out: Path) -> dict[str, bytes | str]:
    files = {
        name: (out / name).read_bytes()
        for name in ["index.html", "manifest.json", "newinfra_summary.xlsx"]
    }
    files["latest"] = os.readlink(out / "latest")
    files["runs"] = ",".join(sorted(p.name for p in (out / "runs").iterdir()))
    return files


@pytest.fixture
def good_state(tmp_path, monkeypatch):
    root = make_project(tmp_path, workbook=True)
    write_grid(
        root / "data" / "report_grid.yaml",
        [{"name": "plain", "notebook": "notebooks/plain.ipynb", "parameters": {"label": "x"}}],
        {"workbook": True, "cell_timeout": 120},
    )
    out = tmp_path / "out"
    monkeypatch.setattr("newinfra.present.workbook.write_summary", fake_summary)
    assert run_in(root, out, only=["plain"], jobs=1) == 0
    return root, out, _snapshot(out)


@pytest.mark.slow
def test_disk_full_while_publishing_keeps_previous_reports(good_state, monkeypatch):
    root, out, before = good_state
    real = publish.atomic_write_text
    calls = []

    def full_disk(path, text, *args, **kwargs):
        calls.append(Path(path))
        if Path(path).parent.name == "top" and Path(path).name == "index.html":
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return real(path, text, *args, **kwargs)

    monkeypatch.setattr(publish, "atomic_write_text", full_disk)
    with pytest.raises(
        NewinfraError, match="No space left on device.*previous reports are unchanged"
    ):
        run_in(root, out, only=["plain"], jobs=1)
    assert calls, "the publishing step was not reached"
    assert _snapshot(out) == before
    assert not list(out.glob(".tmp-*"))


@pytest.mark.slow
def test_failed_switch_is_rolled_back(good_state, monkeypatch):
    root, out, before = good_state
    real = publish._switch
    switched = []

    def flaky(source, target):
        switched.append(Path(target).name)
        if Path(target).name == "index.html":  # after the workbook and manifest switched
            raise OSError(errno.EIO, "Input/output error", str(target))
        return real(source, target)

    monkeypatch.setattr(publish, "_switch", flaky)
    with pytest.raises(NewinfraError, match="previous reports are unchanged"):
        run_in(root, out, only=["plain"], jobs=1)
    assert switched[1:] == ["newinfra_summary.xlsx", "manifest.json", "run.html", "index.html"]
    assert _snapshot(out) == before
    assert not list(out.glob(".tmp-*"))


@pytest.mark.slow
def test_interrupt_during_runs_keeps_previous_reports(good_state, monkeypatch):
    root, out, before = good_state

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    with monkeypatch.context() as patch, pytest.raises(KeyboardInterrupt):
        patch.setattr(run_command, "run_jobs", interrupted)
        run_in(root, out, only=["plain"], jobs=1)
    assert _snapshot(out) == before
    assert not list(out.glob(".tmp-*"))
    # The lock was released: the next run goes ahead.
    assert run_in(root, out, only=["plain"], jobs=1) == 0
    assert _snapshot(out)["latest"] != before["latest"]


@pytest.mark.slow
def test_stale_temp_dir_from_killed_run_is_removed(good_state):
    root, out, _ = good_state
    stale = out / ".tmp-20000101-000000-abc"
    (stale / "run").mkdir(parents=True)
    outdir.write_marker(stale, outdir.TMP_MARKER)
    users = out / ".tmp-notes"
    users.mkdir()
    assert run_in(root, out, only=["plain"], jobs=1) == 0
    assert not stale.exists()
    assert users.is_dir()


def test_progress_lines_when_not_a_terminal(capsys):
    progress = jobs.Progress(2)
    progress.update(JobResult("02_domain_network", duration_s=41.23))
    progress.update(JobResult("x", "failed", "ValueError: v", duration_s=1.0))
    progress.close()
    err = capsys.readouterr().err.splitlines()
    assert err == ["[1/2] ok 02_domain_network (41.2 s)", "[2/2] FAILED x (1.0 s): ValueError: v"]


@pytest.mark.slow
def test_sigterm_keeps_previous_reports(good_state):
    root, out, before = good_state
    make_notebook(
        root / "notebooks" / "slow.ipynb", "secs = 60", [("code", "import time; time.sleep(secs)")]
    )
    write_grid(
        root / "data" / "report_grid.yaml",
        [{"name": "slow", "notebook": "notebooks/slow.ipynb"}],
        {"workbook": False},
    )
    env = {**os.environ, "NEWINFRA_ROOT": str(root)}
    command = [sys.executable, "-m", "newinfra.cli", "report", "--out", str(out)]
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not list(out.glob(".tmp-*/run")) and time.monotonic() < deadline:
            time.sleep(0.2)
        time.sleep(3)  # the kernel is up and sleeping
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 128 + signal.SIGTERM, err
    assert "Traceback" not in err
    assert _snapshot(out) == before
    assert not list(out.glob(".tmp-*"))
