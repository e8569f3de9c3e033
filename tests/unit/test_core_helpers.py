"""Core helpers: atomic file writes and display widths."""

from __future__ import annotations

import pytest

from newinfra.core.atomic import atomic_path, atomic_write_bytes, atomic_write_text
from newinfra.core.display import display_width
from newinfra.core.errors import NewinfraError


def test_display_width_counts_cjk_double():
    assert display_width("abc") == 3
    assert display_width("上海") == 4
    assert display_width("5G基站") == 6


def test_atomic_helpers(tmp_path):
    target = tmp_path / "f.txt"
    atomic_write_text(target, "一")
    assert target.read_text(encoding="utf-8") == "一"
    atomic_write_bytes(target, b"two")
    assert target.read_bytes() == b"two"
    assert oct(target.stat().st_mode & 0o777) != oct(0o600)
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("interrupted")
    assert target.read_bytes() == b"two"
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]
    with pytest.raises(NewinfraError, match="does not exist"):
        atomic_write_text(tmp_path / "missing" / "f.txt", "x")
    with pytest.raises(NewinfraError, match="is a folder"):
        atomic_write_text(tmp_path, "x")
