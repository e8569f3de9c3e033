"""add-plan grows with its text, not with its square.

A plan whose sentences run long and hold many figures once cost add-plan a
scan of the whole sentence for every figure (1 MB of plan took 114 s, 2 MB
317 s). The test adds a plan of about 100 KB and one of about 200 KB, each to
its own copy of the project, and compares the two CPU timings taken side by side:
linear work, with the fixed cost of loading the project, grows at most 2 times
(quadratic work 4 times). No timing is compared with a clock.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import newinfra as ni
from newinfra.curate.addplan import add_plan
from newinfra.curate.new_plan import NewPlan
from newinfra.text.memo import forget_all

REPO = Path(__file__).resolve().parents[2]
# No full stop and no clause mark: the whole plan is one sentence and one clause.
PARAGRAPH = (
    "The district will build 5,000 charging points and more base stations and "
    "upgrade its data centres and networks for its residents and firms and "
)


def _added_in(folder: Path, size: int) -> float:
    for name in ("seeds", "data"):
        shutil.copytree(REPO / name, folder / name)
    text = (PARAGRAPH * (size // len(PARAGRAPH) + 1))[:size].rstrip() + "."
    plan = NewPlan(
        text="plan.txt",
        plan_id="long-2024-2027",
        jurisdiction="shanghai",
        period="2024-2027",
        language="en",
        published="2024-01-15",
        title_en="A long plan",
    )
    with ni.using_root(folder):
        forget_all()
        began = time.process_time()  # CPU time: other work on the machine does not count
        counts = add_plan(plan, text.encode("utf-8"))
        seconds = time.process_time() - began
    assert counts["data/annotations.csv"] > size // len(PARAGRAPH)  # every figure suggested
    return seconds


def test_add_plan_grows_linearly_with_its_text(tmp_path: Path):
    timings: dict[int, list[float]] = {100_000: [], 200_000: []}
    for size, seconds in timings.items():
        seconds.append(_added_in(tmp_path / str(size), size))
    small, large = timings[100_000][0], timings[200_000][0]
    assert large < 3 * small, f"100 KB: {small:.1f} s, 200 KB: {large:.1f} s"
