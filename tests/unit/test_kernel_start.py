"""A kernel that dies before its first reply is started again; a failing cell is not re-run."""

from __future__ import annotations

from pathlib import Path

import nbformat
import papermill
import pytest

from newinfra.report import execute
from newinfra.report.job_types import NotebookJob

PORT_RACE = RuntimeError("Kernel died before replying to kernel_info")


def _task(tmp_path: Path) -> NotebookJob:
    notebook = tmp_path / "01_made_up.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# A made-up report")])
    nbformat.write(nb, notebook)
    return NotebookJob(
        name="01_made_up",
        notebook=str(notebook),
        parameters={},
        run_dir=str(tmp_path),
        root=str(tmp_path),
        jupyter_path="",
        cell_timeout=60,
        header={"title": "A made-up report"},
    )


def _papermill_failing(monkeypatch, failures: list[BaseException]) -> list[int]:
    calls: list[int] = []

    def execute_notebook(source, output, **kwargs):
        calls.append(1)
        if failures:
            raise failures.pop(0)
        Path(output).write_bytes(Path(source).read_bytes())

    monkeypatch.setattr(papermill, "execute_notebook", execute_notebook)
    monkeypatch.setattr(execute.time, "sleep", lambda seconds: None)
    # execute_run sets these for its worker process; give them back to the test process after.
    for name in ("NEWINFRA_ROOT", "JUPYTER_PATH", "MPLBACKEND", "PYDEVD_DISABLE_FILE_VALIDATION"):
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    return calls


def test_a_kernel_that_died_at_start_is_started_again(tmp_path, monkeypatch):
    calls = _papermill_failing(monkeypatch, [PORT_RACE, PORT_RACE])
    result = execute.execute_run(_task(tmp_path))
    assert result.ok, result.error
    assert len(calls) == 3
    assert (tmp_path / "01_made_up.html").is_file()


def test_a_kernel_that_never_starts_fails_the_job_in_one_line(tmp_path, monkeypatch):
    calls = _papermill_failing(monkeypatch, [PORT_RACE] * 5)
    result = execute.execute_run(_task(tmp_path))
    assert len(calls) == execute.KERNEL_START_ATTEMPTS
    assert result.status == "failed"
    assert result.error == "RuntimeError: Kernel died before replying to kernel_info"


@pytest.mark.parametrize(
    "failure",
    [RuntimeError("a cell raised this"), ValueError("Kernel died before replying to kernel_info")],
)
def test_other_failures_are_not_run_again(tmp_path, monkeypatch, failure):
    calls = _papermill_failing(monkeypatch, [failure])
    result = execute.execute_run(_task(tmp_path))
    assert len(calls) == 1
    assert result.status == "failed"
