"""data/reader_words.csv: the words a reader sees for each value of the ledger's vocabularies.

A vocabulary value such as ``briefing_only`` or ``zh-Hant`` is an id: tables and
captions show its words instead ("press briefing only", "Chinese"). Plans, domains,
metrics and families have labels of their own in their files; this file covers the
fixed vocabularies (:mod:`newinfra.inputs.vocabulary`) and a few derived ones.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa
from pandera.typing import Series

from newinfra.core.cache import cached_by_fingerprint
from newinfra.core.errors import DataFileError
from newinfra.inputs.loader import read_csv
from newinfra.inputs.schema_base import DataFile, Text
from newinfra.inputs.table_checks import check_unique

FILE = "reader_words.csv"


class ReaderWords(DataFile):
    """data/reader_words.csv: one row per value of a vocabulary, with its words for a reader."""

    vocabulary: Series[Text] = pa.Field(
        str_matches=r"^[a-z_]+$",
    )
    value: Series[Text] = pa.Field()
    label_en: Series[Text] = pa.Field()


@cached_by_fingerprint
def _reader_words() -> pd.DataFrame:
    from newinfra.inputs import curation

    path = curation.data_path(FILE)
    if not path.is_file():
        raise DataFileError(
            f"{path}: file missing; it lists vocabulary,value,label_en for each value a "
            "report shows in words"
        )
    frame = read_csv(path, ReaderWords)
    check_unique(frame, ["vocabulary", "value"], path)
    return frame.reset_index(drop=True)


def reader_words() -> dict[str, dict[str, str]]:
    """Each vocabulary's values and their words: ``{"evidence": {"briefing_only": ...}}``."""
    frame = _reader_words()
    words: dict[str, dict[str, str]] = {}
    # Column by column: made for every gloss and label, where a row iterator would cost most.
    columns = (frame[name].tolist() for name in ("vocabulary", "value", "label_en"))
    for vocabulary, value, label in zip(*columns, strict=True):
        words.setdefault(vocabulary, {})[value] = label
    return words


def unit_words() -> dict[str, str]:
    """Units as a reader reads them (``percentage_point``: "percentage points"); others as written."""
    return reader_words().get("unit", {})


def unit_cell_words() -> dict[str, str]:
    """A unit alone in a table's unit column: ``percent`` is "%", ``fraction`` "share".

    The vocabulary ``unit_cell`` holds the words that differ from a unit after a
    number (:func:`unit_words`); every other unit reads as it does there.
    """
    return {**unit_words(), **reader_words().get("unit_cell", {})}


def doc_type_words(short: bool = False) -> dict[str, str]:
    """Each document type in words: "official full text", or with ``short`` "full text"."""
    return reader_words().get("doc_type_short" if short else "doc_type", {})
