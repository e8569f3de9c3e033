"""add-plan and accept write every file or none, whatever stops them, and one at a time.

Each command is stopped at every step of its commit: just before and just after
each file of the project is replaced (``os.replace`` is the step that makes a
written file visible), by ``kill -9``, by SIGTERM and by Ctrl-C. After the next
command has read the project, every file of ``seeds/`` and ``data/`` must hold
exactly the bytes it held before the command or exactly those of a run that
finished, never a mix. Two add-plans started together must both land, or the
second must be refused with status 75 and nothing lost.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

import newinfra as ni
from newinfra.cli import main
from newinfra.core.exits import Exit

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="stops a forked command")

WESTBAY = (
    "Westbay Plan\n\n1. Networks\n\nBy 2025 the district will build 400 new 5G base stations.\n"
)
EASTBAY = "Eastbay Plan\n\n1. Computing\n\nBy 2026 the district will build 30 new data centres.\n"


def _options(plan_id: str) -> list[str]:
    return [
        "--plan-id", plan_id, "--jurisdiction", "shanghai", "--period", "2024-2026",
        "--language", "en", "--published", "2024-01-01", "--title-en", f"{plan_id} plan",
    ]  # fmt: skip


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for folder in ("seeds", "data")
        for p in (root / folder).rglob("*")
        if p.is_file()
    }


def _restore(root: Path, files: dict[str, bytes]) -> None:
    for name in set(_files(root)) - set(files):
        (root / name).unlink()
    for name, data in files.items():
        (root / name).write_bytes(data)
    for leftover in root.glob(".newinfra-journal*"):
        subprocess.run(["rm", "-rf", str(leftover)], check=True)


def _quiet(args: list[str]) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(args)


class _Stop:
    """Patch os.replace to stop the command at the n-th replacement of a project file."""

    def __init__(self, root: Path, number: int, when: str, stop: Callable[[], None]):
        self.root, self.number, self.when, self.stop = str(root), number, when, stop
        self.seen = 0

    def __enter__(self):
        real = self.real = os.replace

        def replace(src, dst, *args, **kwargs):
            ours = str(Path(dst).resolve()).startswith(self.root + os.sep)
            if ours:
                self.seen += 1
            if ours and self.seen == self.number and self.when == "before":
                self.stop()
            real(src, dst, *args, **kwargs)
            if ours and self.seen == self.number and self.when == "after":
                self.stop()

        os.replace = replace
        return self

    def __exit__(self, *exc):
        os.replace = self.real


def _count_replacements(root: Path, args: list[str]) -> int:
    """Run the command to its end, counting the project files it replaces."""
    with _Stop(root, 0, "never", lambda: None) as counter:
        assert _quiet(args) == Exit.OK
    return counter.seen


def _killed_at(root: Path, args: list[str], number: int, when: str, sig: int) -> int:
    """Run the command in a forked child that sends itself ``sig`` at the given step."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            with _Stop(root, number, when, lambda: os.kill(os.getpid(), sig)):
                _quiet(args)
        finally:
            os._exit(99)
    _, status = os.waitpid(pid, 0)
    return status


def _interrupt() -> None:
    raise KeyboardInterrupt


def _check_every_step(root: Path, args: list[str], signals: dict[str, list]) -> set[str]:
    """Stop ``args`` at each step with each of its ``signals`` (None: Ctrl-C); outcomes seen.

    ``signals`` maps "before" and "after" (a file's replacement) to the stops tried there.
    """
    before = _files(root)
    steps = _count_replacements(root, args)
    after = _files(root)
    assert after != before and steps >= 2
    outcomes = set()
    for number in range(1, steps + 1):
        for when in ("before", "after"):
            for sig in signals[when]:
                _restore(root, before)
                if sig is None:
                    with _Stop(root, number, when, _interrupt):
                        assert _quiet(args) == Exit.INTERRUPTED
                else:
                    status = _killed_at(root, args, number, when, sig)
                    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == sig, status
                # The next command reads the project: it finds it whole.
                assert _quiet(["audit"]) in (Exit.OK, Exit.FAILED)
                found = _files(root)
                where = f"stopped {when} replacement {number} of {steps} by {sig or 'Ctrl-C'}"
                mixed = sorted(
                    n
                    for n in {*found, *after, *before}
                    if found.get(n) not in (before.get(n), after.get(n))
                )
                assert found in (before, after), f"{where}: {mixed or 'a mix of both'}"

                assert not (root / ".newinfra-journal").exists(), where
                outcomes.add("before" if found == before else "after")
    _restore(root, after)
    return outcomes


def test_add_plan_stopped_at_any_step_leaves_the_project_before_or_after(
    synthetic_project: Path, tmp_path: Path
):
    text = tmp_path / "westbay.txt"
    text.write_text(WESTBAY, encoding="utf-8")
    args = ["add-plan", str(text), *_options("westbay-2024-2026")]
    # kill -9 everywhere; Ctrl-C and SIGTERM each at every other step, to keep the test short.
    signals = {"before": [signal.SIGKILL, None], "after": [signal.SIGKILL, signal.SIGTERM]}
    assert _check_every_step(synthetic_project, args, signals) == {"before", "after"}
    # After a stop that left the project as it was, the plan can be added again.
    assert len(ni.targets(plan="westbay-2024-2026", include_pending=True)) == 1


def test_accept_stopped_at_any_step_leaves_the_project_before_or_after(
    synthetic_project: Path, tmp_path: Path
):
    text = tmp_path / "westbay.txt"
    text.write_text(WESTBAY, encoding="utf-8")
    assert _quiet(["add-plan", str(text), *_options("westbay-2024-2026")]) == Exit.OK
    args = ["accept", "westbay-2024-2026"]
    stops = [signal.SIGKILL, signal.SIGTERM, None]
    signals = {"before": stops, "after": stops}
    assert _check_every_step(synthetic_project, args, signals) == {"before", "after"}
    assert len(ni.targets(plan="westbay-2024-2026")) == 1


def _cli(root: Path, *args: str) -> subprocess.Popen:
    env = {**os.environ, "NEWINFRA_ROOT": str(root)}
    return subprocess.Popen(
        [sys.executable, "-m", "newinfra.cli", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_add_plans_at_once_lose_nothing(synthetic_project: Path, tmp_path: Path):
    plans = {"westbay-2024-2026": WESTBAY, "eastbay-2024-2026": EASTBAY}
    commands = {}
    for plan_id, content in plans.items():
        text = tmp_path / f"{plan_id}.txt"
        text.write_text(content, encoding="utf-8")
        commands[plan_id] = ["add-plan", str(text), *_options(plan_id)]
    running = {plan_id: _cli(synthetic_project, *args) for plan_id, args in commands.items()}
    results = {plan_id: (p.wait(timeout=600), p.communicate()[1]) for plan_id, p in running.items()}
    statuses = sorted(status for status, _ in results.values())
    assert statuses in ([0, 0], [0, 75]), results
    for plan_id, (status, err) in results.items():
        seed = synthetic_project / "seeds" / f"{plan_id}-en.txt"
        if status == Exit.LOCKED:
            assert "another add-plan or accept" in err and err.count("\n") == 1, err
            assert not seed.exists()
            assert _quiet(commands[plan_id]) == Exit.OK  # refused, not blocked
        assert seed.exists()
    manifest = (synthetic_project / "seeds" / "manifest.csv").read_text("utf-8")
    plan_rows = (synthetic_project / "data" / "plans.csv").read_text("utf-8")
    for plan_id in plans:
        assert f",{plan_id}," in manifest and plan_rows.count(f"\n{plan_id},") == 1
        assert len(ni.targets(plan=plan_id, include_pending=True)) == 1
