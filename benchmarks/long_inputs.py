"""Extraction on long and hostile inputs, each against prose of the same length.

    .venv/bin/python benchmarks/long_inputs.py            # all cases (a few minutes)
    .venv/bin/python benchmarks/long_inputs.py --scale 0.1

Cases, each timed against the shipped seeds repeated to the same number of
characters (prose with its usual figures, dates and line breaks):

  100k digits      100,000 ASCII digits, then 100,000 full-width digits
  5 MB line        the seeds with every line break turned into a space
  50 MB noise      seed fragments, digit runs (ASCII and full-width), Chinese
                   numerals, comparators, currency signs, brackets, random
                   letters and whitespace runs, mixed at random

For each it prints the seconds of ``extract_quantities`` and of the sentence
split (``sentences``) on the input and on the prose, and their ratios. Linear
cost shows as ratios near 1 at every size. Nothing here is asserted.
"""

from __future__ import annotations

import argparse
import random
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 1_000_000


def _seeds() -> str:
    return "\n\n".join(
        path.read_text(encoding="utf-8") for path in sorted((ROOT / "seeds").glob("*.txt"))
    )


def _sized(text: str, length: int) -> str:
    return (text * (length // len(text) + 1))[:length]


_NOISE_BITS = [
    "0123456789",
    "０１２３４５６７８９",
    "一二三四五六七八九十百千萬億两〇零",
    "超過約近以上左右 more than about over up to ",
    "$¥￥%％.,，、。;；:：-–—~+()（）〔〕[]第年月日號G P W",
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    " \t\n\u3000\xa0",
]


def _noise(utf8_bytes: int, seeds: str, seed: int = 0) -> str:
    """Random text of about ``utf8_bytes`` bytes in UTF-8, the same on every run."""
    rng = random.Random(seed)
    pieces, size = [], 0
    while size < utf8_bytes:
        pick = rng.random()
        if pick < 0.4:  # a fragment of a seed
            at = rng.randrange(len(seeds))
            piece = seeds[at : at + rng.randint(1, 400)]
        elif pick < 0.5:  # a long run of one kind of character
            piece = rng.choice(_NOISE_BITS[:3] + _NOISE_BITS[6:]) * rng.randint(1, 2000)
            piece = "".join(rng.sample(piece, len(piece))) if rng.random() < 0.5 else piece
        else:  # characters drawn from one or two alphabets
            alphabet = "".join(rng.sample(_NOISE_BITS, rng.randint(1, 2)))
            piece = "".join(rng.choices(alphabet, k=rng.randint(1, 60)))
        pieces.append(piece)
        size += len(piece.encode("utf-8"))
    return "".join(pieces)


def _seconds(function, text: str, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        began = time.perf_counter()
        function(text)
        best = min(best, time.perf_counter() - began)
    return best


def _compare(name: str, text: str, prose: str, repeats: int) -> None:
    from newinfra.text.quantities import extract_quantities
    from newinfra.text.sentences import sentence_spans, sentences

    def split(t: str):
        sentence_spans.cache_clear()  # time the split, not the cache
        return sentences(t, "en")

    rows = []
    for label, function in (("extract_quantities", extract_quantities), ("sentences", split)):
        # interleaved, best of a few: load on the shared machine hits both alike
        ours = _seconds(function, text, repeats)
        prose_time = _seconds(function, prose, repeats)
        rows.append((label, ours, prose_time))
    megabytes = len(text.encode("utf-8")) / MB
    print(f"\n{name}: {len(text):,} characters, {megabytes:.1f} MB in UTF-8")
    for label, ours, prose_time in rows:
        print(
            f"  {label:<19} {ours:8.2f} s   prose {prose_time:8.2f} s"
            f"   ratio {ours / prose_time:5.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="shrink every case (0.1: 10%%)")
    args = parser.parse_args()
    seeds = _seeds()

    n = int(100_000 * args.scale)
    prose = _sized(seeds, n)
    _compare(f"{n:,} ASCII digits", "7" * n, prose, repeats=5)
    _compare(f"{n:,} full-width digits", "７" * n, prose, repeats=5)

    line = _sized(seeds.replace("\n", " "), int(5 * MB * args.scale))
    _compare("5 MB single line", line, _sized(seeds, len(line)), repeats=1)

    noise = _noise(int(50 * MB * args.scale), seeds)
    _compare("50 MB noisy text", noise, _sized(seeds, len(noise)), repeats=1)


if __name__ == "__main__":
    main()
