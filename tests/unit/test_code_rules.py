"""Size rules for the library's code: a module stays short enough to read in one sitting.

Complexity per function (McCabe, at most 15) is checked by ruff's C901 rule,
configured in pyproject.toml and run by ``make test``.
"""

from __future__ import annotations

from conftest import REPO

MAX_LINES = 400


def test_no_module_is_over_the_line_limit():
    package = REPO / "newinfra"
    too_long = {
        path.relative_to(REPO).as_posix(): lines
        for path in sorted(package.rglob("*.py"))
        if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not too_long, "modules over {} lines (split them by job): {}".format(
        MAX_LINES, ", ".join(f"{name} ({lines})" for name, lines in too_long.items())
    )
