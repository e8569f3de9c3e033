"""A text file's form, kept as found when rows are added or changed in it.

A CSV saved by a spreadsheet may start with a byte-order mark and end its lines
with ``\\r\\n``; the loader reads either. Code that edits such a file keeps
both, so that a diff shows the rows changed and nothing else.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from newinfra.core.errors import DataFileError

_FIRST_BREAK = re.compile(r"\r\n|\n|\r")


@dataclass(frozen=True)
class TextForm:
    """How a file is written: its byte-order mark (or none) and its line end."""

    bom: bytes = b""
    newline: str = "\n"

    def encode(self, text: str) -> bytes:
        """``text`` (without a mark) as the file's bytes."""
        return self.bom + text.encode("utf-8")


def read_form(data: bytes, path: object) -> tuple[str, TextForm]:
    """The text of ``data`` without its byte-order mark, and the form to write it back in."""
    bom = codecs.BOM_UTF8 if data.startswith(codecs.BOM_UTF8) else b""
    try:
        text = data[len(bom) :].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataFileError(
            f"{path}: byte {exc.start + len(bom)} is not UTF-8 text ({exc.reason}); "
            "save the file as UTF-8"
        ) from None
    found = _FIRST_BREAK.search(text)
    return text, TextForm(bom, found.group() if found else "\n")
