"""The technology vocabulary (``data/themes.csv``): one row per term, its patterns compiled.

Each term has an English and a Chinese regular expression (both scripts in the
Chinese one); a pattern that does not compile is reported with its file, line
and field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from newinfra.core import project
from newinfra.core.choices import check_subset
from newinfra.inputs.loader import line_of, read_csv
from newinfra.inputs.schemas import ThemeVocabulary
from newinfra.inputs.table_checks import compile_pattern


def vocabulary_path() -> Path:
    return project.data_dir() / "themes.csv"


@dataclass(frozen=True)
class Term:
    term_id: str
    label_en: str
    group: str
    order: int
    en: re.Pattern
    zh: re.Pattern


def _compile(pattern: str, path: Path, index: int, field: str) -> re.Pattern:
    return compile_pattern(pattern, path, line_of(index), field)


def vocabulary() -> pd.DataFrame:
    """data/themes.csv validated: ids, groups, and every pattern compiles."""
    path = vocabulary_path()
    frame = read_csv(path, ThemeVocabulary)
    for index, row in frame.iterrows():
        for field in ("pattern_en", "pattern_zh"):
            _compile(row[field], path, index, field)
    return frame.reset_index(drop=True)


def compiled_terms() -> list[Term]:
    path = vocabulary_path()
    frame = vocabulary()
    return [
        Term(
            row.term_id,
            row.label_en,
            row.group,
            order,
            _compile(row.pattern_en, path, order, "pattern_en"),
            _compile(row.pattern_zh, path, order, "pattern_zh"),
        )
        for order, row in enumerate(frame.itertuples())
    ]


def term_ids() -> list[str]:
    """Every term of the vocabulary, in the file's order."""
    return vocabulary()["term_id"].tolist()


def check_terms(terms: Iterable[str] | str | None) -> list[str]:
    """Term ids of the technology vocabulary (data/themes.csv); None means all of them."""
    return check_subset("terms", terms, term_ids(), "term")
