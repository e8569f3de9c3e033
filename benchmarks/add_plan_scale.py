"""``add-plan`` on large plans: its time against extracting the same text.

    .venv/bin/python benchmarks/add_plan_scale.py                 # 0.25, 0.5 and 1 MB
    .venv/bin/python benchmarks/add_plan_scale.py --sizes 0.1 0.2 --language zh

Each plan is made of the paragraphs of a shipped seed (the English smart-city
plan, or the Chinese 2023-2026 plan), repeated in a shuffled order with every
number changed, to the given size in MB of UTF-8. For each size it prints the
seconds of ``add_plan`` (on a scratch copy of the project, in this process) and
of ``extract_quantities`` on the same text, and their ratio; and the same
ratio for the time beyond that of adding a 2 kB plan (loading and checking the
project, which any plan pays). Linear add-plan shows as a ratio that stays put
as the size grows. Nothing here is asserted.

Each scratch project is a fresh copy of the same files, and what add-plan
keeps by content (the seeds' sections and figures, the checks of unchanged
files) stays in this process from one plan to the next, as the cache on disk
keeps it from one command to the next: the timings are those of adding a plan
to a project read before. ``--cold`` forgets all of it before every plan (the
first command on a new machine).

``--cli`` times the commands instead, as a user would (wall seconds, each a new
process, the least of three runs, a new text each run): ``newinfra extract
PLAN`` against ``newinfra add-plan PLAN ...`` on a scratch copy of the project
that ``newinfra targets`` read first, with a cache folder of the benchmark's own.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 1_000_000
SEEDS = {"en": "smartcity-2011-2013-en.txt", "zh": "newinfra-2023-2026-plan-zh.txt"}


def synthetic_plan(language: str, utf8_bytes: int, seed: int = 0) -> str:
    """Paragraphs of a seed in a shuffled order, numbers changed, to about ``utf8_bytes``."""
    text = (ROOT / "seeds" / SEEDS[language]).read_text(encoding="utf-8")
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    rng = random.Random(seed)

    def renumber(m: re.Match) -> str:
        digits = m.group()
        if len(digits) == 4 and digits[:2] in ("19", "20"):
            return str(rng.randint(2015, 2035))  # a year stays a year
        return str(rng.randint(1, 10 ** len(digits)))

    pieces, size = [], 0
    while size < utf8_bytes:
        piece = re.sub(r"\d+", renumber, rng.choice(paragraphs))
        pieces.append(piece)
        size += len(piece.encode("utf-8")) + 2
    return "\n\n".join(pieces)


def _scratch_project() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="newinfra-add-plan-scale-"))
    for name in ("data", "seeds"):
        shutil.copytree(ROOT / name, folder / name)
    return folder


def time_add_plan(text: str, language: str, cold: bool = False) -> float:
    from newinfra.core import cache, project
    from newinfra.curate.addplan import add_plan
    from newinfra.curate.new_plan import NewPlan
    from newinfra.inputs import loader
    from newinfra.text.memo import forget_all

    folder = _scratch_project()
    path = folder / "plan.txt"
    path.write_text(text, encoding="utf-8")
    plan = NewPlan(
        text=str(path),
        plan_id="scale-2024-2027",
        jurisdiction="shanghai",
        period="2024-2027",
        language="en" if language == "en" else "zh-Hans",
        published="2024-01-15",
        title_en="A large synthetic plan",
    )
    try:
        with project.using_root(folder):
            forget_all()  # a first reading of the text, as on the command line
            if cold:  # nothing of the project read before
                cache.clear()
                loader._validated.clear()
            began = time.process_time()
            add_plan(plan, path.read_bytes())
            return time.process_time() - began
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def time_extraction(text: str) -> float:
    from newinfra.text.memo import forget_all
    from newinfra.text.quantities import extract_quantities

    forget_all()
    began = time.process_time()
    extract_quantities(text)
    return time.process_time() - began


def _newinfra(*args: str, env: dict) -> float:
    """Wall seconds of one ``newinfra`` command, its output thrown away."""
    command = [str(Path(sys.executable).with_name("newinfra")), *args]
    began = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - began


def time_cli(size: float, language: str, runs: int = 3) -> tuple[float, float]:
    """The least wall seconds of ``newinfra extract`` and of ``newinfra add-plan`` on new plans."""
    extracting, adding = [], []
    with tempfile.TemporaryDirectory(prefix="newinfra-add-plan-cli-") as tmp:
        env = {**os.environ, "NEWINFRA_CACHE": str(Path(tmp) / "cache")}
        env.pop("NEWINFRA_ROOT", None)
        for run in range(runs):
            text_path = Path(tmp) / f"plan-{run}.txt"
            text_path.write_text(synthetic_plan(language, int(size * MB), seed=100 + run), "utf-8")
            extracting.append(_newinfra("extract", str(text_path), env=env))
            folder = _scratch_project()
            try:
                project_env = {**env, "NEWINFRA_ROOT": str(folder)}
                _newinfra("targets", env=project_env)  # the project read before
                adding.append(
                    _newinfra(
                        "add-plan", str(text_path), "--plan-id", "scale-2024-2027",
                        "--jurisdiction", "shanghai", "--period", "2024-2027",
                        "--language", "en" if language == "en" else "zh-Hans",
                        "--published", "2024-01-15", "--title-en", "A large synthetic plan",
                        env=project_env,
                    )
                )  # fmt: skip
            finally:
                shutil.rmtree(folder, ignore_errors=True)
    return min(extracting), min(adding)


def main_cli(sizes: list[float], language: str) -> None:
    print(f"newinfra add-plan vs newinfra extract, {language} plan, wall seconds, least of 3")
    for size in sizes:
        extraction, adding = time_cli(size, language)
        print(
            f"{size:5.2f} MB: add-plan {adding:6.2f} s   extract {extraction:6.2f} s   "
            f"ratio {adding / extraction:5.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[0.25, 0.5, 1.0])
    parser.add_argument("--language", choices=sorted(SEEDS), default="en")
    parser.add_argument(
        "--cold", action="store_true", help="forget what earlier plans read before each plan"
    )
    parser.add_argument(
        "--cli", action="store_true", help="time the newinfra commands, each a new process"
    )
    args = parser.parse_args()
    if args.cli:
        main_cli(args.sizes, args.language)
        return
    os.environ.setdefault("NEWINFRA_CACHE", "off")
    time_extraction("warm up: 5 stations")
    small = synthetic_plan(args.language, 2_000)
    time_add_plan(small, args.language)  # pays the imports and pint's registry once
    fixed = min(time_add_plan(small, args.language, args.cold) for _ in range(3))
    cold = ", cold" if args.cold else ""
    print(f"add-plan vs extract_quantities, {args.language} plan ({SEEDS[args.language]}){cold}")
    print(f"a 2 kB plan (loading and checking the project twice): {fixed:.2f} s")
    for size in args.sizes:
        text = synthetic_plan(args.language, int(size * MB))
        extraction = time_extraction(text)
        adding = time_add_plan(text, args.language, args.cold)
        print(
            f"{size:5.2f} MB ({len(text):,} characters): add-plan {adding:7.2f} s   "
            f"extraction {extraction:6.2f} s   ratio {adding / extraction:5.2f}   "
            f"beyond the 2 kB plan {(adding - fixed) / extraction:5.2f}"
        )


if __name__ == "__main__":
    main()
