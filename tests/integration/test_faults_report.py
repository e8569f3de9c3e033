"""Faults a hostile or careless user found in the report runner, each reproduced so it stays fixed.

One test (or a few) per item of the reliability and security review:
1. a grid parameter name that injects code; notebooks from anywhere on disk;
2. a failed run replacing ``latest``, pruning deleting the last good run;
3. ``--out`` deleting or overwriting files the runner did not make;
7. tracebacks instead of one-line errors on a full disk (report and excel);
9. pool workers and kernels outliving a killed run.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import psutil
import pytest
from test_report import make_notebook, make_project, write_grid

import newinfra as ni
from newinfra.cli import main
from newinfra.core.errors import DataFileError

PAYLOAD = "x = 0\nimport os; os.system('touch pwned')\ny"


def cli(root: Path, *args: str) -> int:
    with ni.using_root(root):
        return main(["report", *args])


def error_lines(err: str) -> list[str]:
    """stderr without the progress lines of the jobs that ran."""
    return [line for line in err.splitlines() if line and not line.startswith("[")]


def tree(folder: Path) -> dict[str, bytes | str]:
    """Every entry below ``folder``: file bytes, link targets, folders."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        if path.is_symlink():
            found[rel] = "-> " + os.readlink(path)
        elif path.is_file():
            found[rel] = path.read_bytes()
        else:
            found[rel] = "folder"
    return found


def published(out: Path, *, lock: bool = False) -> dict[str, bytes | str]:
    """What a reader sees: the top-level files, latest, and every dated run's files."""
    return {k: v for k, v in tree(out).items() if lock or not k.startswith(".newinfra-report")}


# -- 1. the grid is configuration, not code ------------------------------------------


@pytest.mark.slow
def test_grid_parameter_name_cannot_run_code(tmp_path, capsys):
    root = make_project(tmp_path)
    write_grid(
        root / "data" / "report_grid.yaml",
        [{"name": "plain", "notebook": "notebooks/plain.ipynb", "parameters": {PAYLOAD: 1}}],
        {"workbook": False},
    )
    status = cli(root, "--out", str(tmp_path / "out"))
    err = capsys.readouterr().err
    assert not list(tmp_path.rglob("pwned")) and not Path("pwned").exists(), "the payload ran"
    assert status == 2, err
    assert len(err.strip().splitlines()) == 1, err
    assert "runs[1] (plain): parameters:" in err and "not a Python identifier" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (
            {"parameters": {"secret": 1}},
            "runs[1] (plain): parameters: 'secret' is not declared in the parameters cell of "
            "plain.ipynb; it declares: label",
        ),
        ({"notebook": "elsewhere/plain.ipynb"}, "runs[1] (plain): notebook: 'elsewhere/plain"),
        ({"notebook": "notebooks/../elsewhere/plain.ipynb"}, "lies outside the notebook folder"),
    ],
    ids=["undeclared", "outside", "dot-dot"],
)
def test_grid_names_only_declared_parameters_of_notebooks_in_the_folder(tmp_path, entry, expected):
    root = make_project(tmp_path)
    shutil.copytree(root / "notebooks", root / "elsewhere")
    grid = root / "data" / "report_grid.yaml"
    write_grid(grid, [{"name": "plain", "notebook": "notebooks/plain.ipynb", **entry}])
    with pytest.raises(DataFileError) as info:
        ni_report_grid(root)
    message = str(info.value)
    assert expected in message and str(grid) in message and "\n" not in message
    if "notebook" in entry:  # a folder named by the caller widens it; the grid cannot
        assert ni_report_grid(root, notebooks=root / "elsewhere").runs[0].name == "plain"


def ni_report_grid(root: Path, **kwargs):
    from newinfra.report import load_grid

    return load_grid(root=root, **kwargs)


def test_shipped_grid_asks_a_question_per_run():
    grid = ni_report_grid(Path(ni.__file__).resolve().parents[1])
    assert all(run.question and run.question.endswith("?") for run in grid.runs)


@pytest.mark.parametrize(
    "name",
    ["run", "index", "manifest", "methodology", "sources", "newinfra_summary", "Run", "INDEX"],
)
def test_a_run_named_like_a_page_of_the_runner_is_refused(tmp_path, name):
    # Was: a run named `run` wrote run.html, then the run-details page overwrote it.
    root = make_project(tmp_path)
    grid = write_grid(
        root / "data" / "report_grid.yaml", [{"name": name, "notebook": "notebooks/plain.ipynb"}]
    )
    with pytest.raises(DataFileError) as info:
        ni_report_grid(root)
    message = str(info.value)
    assert "\n" not in message and str(grid) in message, message
    assert f"runs[1] ({name}): name: {name!r} is reserved" in message
    assert "reserved names: index, manifest, methodology, newinfra_summary, run, sources" in message


BILLION_LAUGHS = """\
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
runs: *i
"""


@pytest.mark.parametrize(
    "text",
    [
        BILLION_LAUGHS,
        "settings: &s {keep: 2}\nruns:\n- name: plain\n  notebook: notebooks/plain.ipynb\n"
        "  parameters: *s\n",
    ],
    ids=["nested", "one"],
)
def test_yaml_aliases_in_the_grid_are_refused(tmp_path, capsys, text):
    # Was: 567 bytes of nested aliases ran 219 s into MemoryError.
    root = make_project(tmp_path)
    grid = root / "data" / "report_grid.yaml"
    grid.write_text(text, encoding="utf-8")
    status = cli(root, "--out", str(tmp_path / "out"))
    err = capsys.readouterr().err
    assert status == 2 and "Traceback" not in err, err
    assert len(err.strip().splitlines()) == 1, err
    assert str(grid) in err and "line " in err and "alias" in err, err


# -- 2. publishing never loses a good report -----------------------------------------------

FLAKY = [
    (
        "code",
        "import pathlib\n"
        "broken = pathlib.Path('../data/broken.txt').read_text().split()\n"
        "assert label not in broken, f'bad data for {label}'\n"
        "print('REPORT', label)",
    )
]


def flaky_project(tmp_path: Path) -> Path:
    """Two reports of one notebook that fails for the labels listed in data/broken.txt."""
    root = make_project(tmp_path)
    make_notebook(root / "notebooks" / "flaky.ipynb", "label = 'a'", FLAKY)
    write_grid(
        root / "data" / "report_grid.yaml",
        [
            {"name": name, "notebook": "notebooks/flaky.ipynb", "parameters": {"label": name}}
            for name in ("a", "b")
        ],
        {"keep": 1, "workbook": False, "cell_timeout": 120},
    )
    return root


def run_with_broken(root: Path, out: Path, broken: str, **kwargs) -> int:
    from newinfra.report import run_reports

    (root / "data" / "broken.txt").write_text(broken, encoding="utf-8")
    with ni.using_root(root):
        return run_reports(out=out, jobs=2, **kwargs)


@pytest.mark.slow
def test_failed_runs_never_replace_or_prune_the_good_report(tmp_path):
    root, out = flaky_project(tmp_path), tmp_path / "out"
    assert run_with_broken(root, out, "") == 0
    good = published(out)
    good_run = os.readlink(out / "latest")

    # Every job fails (one bad data cell): not published, and --keep 1 keeps the good run.
    assert run_with_broken(root, out, "a b") == 1
    after = published(out)
    assert {k: after.get(k) for k in good} == good
    assert os.readlink(out / "latest") == good_run

    # One job fails: kept for inspection, not published unless asked for.
    assert run_with_broken(root, out, "b") == 1
    assert os.readlink(out / "latest") == good_run
    assert {k: published(out).get(k) for k in good} == good
    assert run_with_broken(root, out, "b", publish_failed=True) == 1
    assert os.readlink(out / "latest") != good_run
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"] == {"ok": 1, "failed": 1}
    # ... and the good run is still there: pruning keeps the newest good one.
    assert (out / good_run / "a.html").read_bytes() == good[f"{good_run}/a.html"]

    # Every job fails, even asked to publish: never published.
    latest = os.readlink(out / "latest")
    assert run_with_broken(root, out, "a b", publish_failed=True) == 1
    assert os.readlink(out / "latest") == latest


@pytest.mark.slow
def test_only_carries_the_other_reports_over(tmp_path):
    root, out = flaky_project(tmp_path), tmp_path / "out"
    assert run_with_broken(root, out, "") == 0
    first = os.readlink(out / "latest")
    a_page, b_page = ((out / first / f"{n}.html").read_bytes() for n in "ab")

    assert run_with_broken(root, out, "", only=["a"]) == 0
    second = os.readlink(out / "latest")
    assert second != first
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    runs = {r["name"]: r for r in manifest["runs"]}
    assert set(runs) == {"a", "b"} and manifest["status"] == "ok"
    assert "carried_from" not in runs["a"]
    assert runs["b"]["carried_from"] == Path(first).name
    assert (out / second / "b.html").read_bytes() == b_page
    assert (out / second / "a.html").read_bytes() != a_page  # executed again: a new stamp
    index = (out / "run.html").read_text(encoding="utf-8")
    assert f"from run <code>{Path(first).name}</code>" in index


# -- 3. the runner touches only what it made ----------------------------------------------


def one_report_project(tmp_path: Path, keep: int = 5) -> Path:
    root = make_project(tmp_path)
    write_grid(
        root / "data" / "report_grid.yaml",
        [{"name": "plain", "notebook": "notebooks/plain.ipynb", "parameters": {"label": "x"}}],
        {"keep": keep, "workbook": False, "cell_timeout": 120},
    )
    return root


@pytest.mark.slow
def test_out_that_is_not_a_report_folder_is_refused(tmp_path, capsys):
    root = one_report_project(tmp_path)
    out = tmp_path / "mine"
    (out / "latest").mkdir(parents=True)
    (out / "latest" / "draft.html").write_text("my draft", encoding="utf-8")
    (out / ".tmp-scratch").write_text("my scratch", encoding="utf-8")
    (out / "index.html").write_text("my index", encoding="utf-8")
    before = tree(out)
    status = cli(root, "--out", str(out))
    err = capsys.readouterr().err
    assert status == 73, err
    assert tree(out) == before
    assert err.count("\n") == 1 and "not a report folder" in err and "Traceback" not in err


@pytest.mark.slow
def test_runner_leaves_files_without_its_marker_alone(tmp_path):
    from newinfra.report import run_reports

    root = one_report_project(tmp_path, keep=1)
    out = tmp_path / "reports"
    out.mkdir()
    (out / ".gitkeep").touch()  # holds only dotfiles: counts as empty
    with ni.using_root(root):
        assert run_reports(out=out) == 0
        users = {
            "runs/20000101-000000/notes.txt": b"mine",
            ".tmp-mine/notes.txt": b"mine too",
            ".tmp-file": b"and mine",
        }
        for name, data in users.items():
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            (out / name).write_bytes(data)
        assert run_reports(out=out) == 0
        assert run_reports(out=out) == 0
    assert {name: (out / name).read_bytes() for name in users} == users
    assert (out / ".gitkeep").exists()
    marked = [p.name for p in (out / "runs").iterdir() if (p / ".newinfra-run").exists()]
    assert len(marked) == 1  # --keep 1 pruned the runner's own runs only


@pytest.mark.slow
def test_report_folder_of_the_previous_version_is_adopted(tmp_path):
    from newinfra.report import dated_runs, run_reports

    root = one_report_project(tmp_path, keep=1)
    out = tmp_path / "reports"
    old = out / "runs" / "20000101-000000"
    old.mkdir(parents=True)
    manifest = {"generator": "newinfra report", "run_id": old.name, "status": "ok", "runs": []}
    for folder in (out, old):
        (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        (folder / "index.html").write_text("old index", encoding="utf-8")
    os.symlink(f"runs/{old.name}", out / "latest")
    with ni.using_root(root):
        assert run_reports(out=out) == 0
    assert (out / ".newinfra-reports").is_file()
    assert [p.name for p in dated_runs(out)] == [os.readlink(out / "latest").split("/")[1]]


# -- 7. one-line errors, never a traceback ------------------------------------------------


def full_disk(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.slow
@pytest.mark.parametrize("where", ["atomic write", "kernel spec"])
def test_full_disk_is_one_line_and_exit_74(tmp_path, capsys, monkeypatch, where):
    root = one_report_project(tmp_path)
    out = tmp_path / "out"
    assert cli(root, "--out", str(out)) == 0
    before = published(out)
    capsys.readouterr()
    if where == "atomic write":
        monkeypatch.setattr("newinfra.core.atomic.atomic_write_bytes", full_disk)
    else:
        error = shutil.Error([("logo-64x64.png", "kernels/python3", "[Errno 28] No space left")])
        monkeypatch.setattr("ipykernel.kernelspec.write_kernel_spec", lambda *a, **k: _raise(error))
    # --force: the report is unchanged and would otherwise be reused, not executed.
    status = cli(root, "--out", str(out), "--force")
    err = capsys.readouterr().err
    assert status == 74, err
    lines = error_lines(err)
    assert lines[-1].startswith("newinfra report: ") and "No space left" in lines[-1], err
    assert "Traceback" not in err
    assert published(out) == before
    assert not list(out.glob(".tmp-*"))


def _raise(error: BaseException):
    raise error


EXCEL_ON_A_FULL_DISK = textwrap.dedent(
    """
    import errno, io, sys

    real_open = io.open

    class FullDisk:
        def __init__(self, handle):
            self.handle = handle
        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")
        def __getattr__(self, name):
            return getattr(self.handle, name)
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            self.handle.close()

    def open_on_full_disk(file, mode="r", *args, **kwargs):
        handle = real_open(file, mode, *args, **kwargs)
        if "w" in mode and ".xlsx." in str(file):
            return FullDisk(handle)
        return handle

    io.open = open_on_full_disk
    from newinfra.cli import main
    sys.exit(main(["excel", sys.argv[1]]))
    """
)


@pytest.mark.slow
def test_excel_on_a_full_disk_is_one_line_and_exit_74(tmp_path):
    target = tmp_path / "summary.xlsx"
    result = subprocess.run(
        [sys.executable, "-c", EXCEL_ON_A_FULL_DISK, str(target)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 74, result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert "No space left on device" in result.stderr
    assert "Traceback" not in result.stderr and "Exception ignored" not in result.stderr
    assert not target.exists() and not list(tmp_path.iterdir())


# -- 9. processes die with the run ---------------------------------------------------------


def kernels(process: psutil.Process) -> list[psutil.Process]:
    found = []
    for child in process.children(recursive=True):
        try:
            if "ipykernel_launcher" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.Error:
            pass
    return found


def alive(processes: list[psutil.Process]) -> list[psutil.Process]:
    living = []
    for process in processes:
        try:
            if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                living.append(process)
        except psutil.NoSuchProcess:
            pass
    return living


@pytest.mark.slow
@pytest.mark.parametrize(
    ("signum", "group"),
    [(signal.SIGKILL, False), (signal.SIGTERM, True)],
    ids=["kill-9", "sigterm-group"],
)
def test_killed_run_leaves_no_worker_or_kernel(tmp_path, signum, group):
    root = make_project(tmp_path)
    make_notebook(
        root / "notebooks" / "slow.ipynb", "secs = 300", [("code", "import time; time.sleep(secs)")]
    )
    write_grid(
        root / "data" / "report_grid.yaml",
        [{"name": f"slow{i}", "notebook": "notebooks/slow.ipynb"} for i in (1, 2)],
        {"workbook": False},
    )
    env = {**os.environ, "NEWINFRA_ROOT": str(root)}
    command = [sys.executable, "-m", "newinfra.cli", "report", "--jobs", "2"]
    command += ["--out", str(tmp_path / "out")]
    # A group, as a scheduler's stop (timeout, systemd, a shell's job control) signals it.
    parent = subprocess.Popen(command, env=env, stderr=subprocess.DEVNULL, start_new_session=True)
    family: list[psutil.Process] = []
    try:
        watched = psutil.Process(parent.pid)
        deadline = time.monotonic() + 90
        while len(kernels(watched)) < 2 and time.monotonic() < deadline:
            time.sleep(0.3)
        assert len(kernels(watched)) == 2, "the kernels did not start"
        time.sleep(2)  # both cells are running
        family = watched.children(recursive=True)
        if group:
            os.killpg(parent.pid, signum)
        else:
            parent.send_signal(signum)
        parent.wait(timeout=60)
        deadline = time.monotonic() + 8
        while alive(family) and time.monotonic() < deadline:
            time.sleep(0.2)
        left = [f"{p.pid} {' '.join(p.cmdline())[:80]}" for p in alive(family)]
        assert left == [], left
    finally:
        if parent.poll() is None:
            parent.kill()
        for process in alive(family):
            with contextlib.suppress(psutil.Error):
                process.kill()


# -- the workbook of a run is computed as of the run's date --------------------------------


def full_project(tmp_path: Path) -> Path:
    """make_project with every data file of the shipped project: the real workbook builds."""
    root = make_project(tmp_path, workbook=True)
    for path in (Path(ni.__file__).resolve().parents[1] / "data").glob("*.csv"):
        shutil.copyfile(path, root / "data" / path.name)
    write_grid(
        root / "data" / "report_grid.yaml",
        [{"name": "plain", "notebook": "notebooks/plain.ipynb", "parameters": {"label": "x"}}],
        {"workbook": True},
    )
    return root


def workbook_as_of(path: Path) -> tuple[str, list]:
    """The README's as_of and the Comparison sheet's (plan, year, kind, verdict) rows."""
    import pandas as pd

    readme = pd.read_excel(path, sheet_name="README", header=None)
    as_of = readme.loc[readme[0] == "as_of", 1].iloc[0]
    comparison = pd.read_excel(path, sheet_name="Comparison")
    columns = ["plan_id", "horizon_year", "kind", "verdict"]
    return str(as_of)[:10], comparison[columns].fillna("").values.tolist()


@pytest.mark.slow
def test_the_workbook_of_a_run_uses_the_runs_as_of(tmp_path):
    # Was: the workbook was computed as of the day it was built, whatever --as-of said.
    root = full_project(tmp_path)
    out = tmp_path / "out"
    found = {}
    for as_of in ["2015-06-30", "2030-06-30"]:
        assert cli(root, "--out", str(out), "--as-of", as_of) == 0
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        assert manifest["as_of"] == as_of
        found[as_of] = workbook_as_of(out / manifest["run_dir"] / "newinfra_summary.xlsx")
    (early_day, early), (late_day, late) = found["2015-06-30"], found["2030-06-30"]
    assert (early_day, late_day) == ("2015-06-30", "2030-06-30")
    between = [  # targets due after the first date and before the second
        (e[3], x[3])
        for e, x in zip(early, late, strict=True)
        if e[2] == "target" and 2015 < e[1] < 2030
    ]
    assert between and all(e == "pending" for e, _ in between)
    assert all(x not in ("pending", "") for _, x in between)


# -- a run that stops on an error is kept, and said in one line ----------------------------


def one_report(tmp_path: Path) -> Path:
    root = make_project(tmp_path)
    write_grid(
        root / "data" / "report_grid.yaml",
        [{"name": "plain", "notebook": "notebooks/plain.ipynb", "parameters": {"label": "x"}}],
        {"workbook": False},
    )
    return root


def raising(error: BaseException):
    def raiser(*args, **kwargs):
        raise error

    return raiser


@pytest.mark.slow
@pytest.mark.parametrize(
    ("where", "error", "said"),
    [
        (  # what pandas raised on `add-plan --published 2024-13-45`, building the landing page
            "newinfra.present.source_pages.write_source_pages",
            ValueError("month must be in 1..12: 2024-13-45"),
            "ValueError: month must be in 1..12: 2024-13-45",
        ),
        (
            "newinfra.report.run_plan.shared_inputs",
            DataFileError("seeds/manifest.csv: line 2: published: '2024-13-45' is not a date"),
            "seeds/manifest.csv: line 2: published: '2024-13-45' is not a date",
        ),
    ],
    ids=["unexpected", "bad-data"],
)
def test_a_run_that_stops_on_an_error_is_kept_in_runs(
    tmp_path, capsys, monkeypatch, where, error, said
):
    # Was: a traceback, and the run thrown away instead of kept in runs/ as failed.
    root = one_report(tmp_path)
    out = tmp_path / "out"
    monkeypatch.setattr(where, raising(error))
    status = cli(root, "--out", str(out))
    err = capsys.readouterr().err
    assert status == 1 and "Traceback" not in err, err
    lines = [line for line in error_lines(err) if "the run stopped" in line]
    assert len(lines) == 1 and said in lines[0], err
    [kept] = list((out / "runs").iterdir())
    manifest = json.loads((kept / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["status"] == "failed" and manifest["errors"][0]["error"] == said
    assert str(kept) in lines[0]
    assert not (out / "index.html").exists(), "a broken run was published"
    assert not list(out.glob(".tmp-*"))


@pytest.mark.slow
def test_only_after_a_data_change_executes_the_other_reports_too(tmp_path, capsys):
    # Was: --only copied b from the last good run although the data had changed since,
    # so the published run held a page made from the old data beside one made from the new.
    root, out = flaky_project(tmp_path), tmp_path / "out"
    assert run_with_broken(root, out, "") == 0
    first = os.readlink(out / "latest")
    (root / "data" / "note.txt").write_text("a data file changed", encoding="utf-8")
    capsys.readouterr()

    assert run_with_broken(root, out, "", only=["a"]) == 0
    second = os.readlink(out / "latest")
    runs = {r["name"]: r for r in json.loads((out / "manifest.json").read_text("utf-8"))["runs"]}
    assert runs["b"]["executed_in"] == Path(second).name != Path(first).name
    assert "carried_from" not in runs["b"]
    assert "executing b too" in capsys.readouterr().err
    # Unchanged inputs since: b is reused from the run that made it from them.
    assert run_with_broken(root, out, "", only=["a"]) == 0
    runs = {r["name"]: r for r in json.loads((out / "manifest.json").read_text("utf-8"))["runs"]}
    assert runs["b"]["carried_from"] == Path(second).name
