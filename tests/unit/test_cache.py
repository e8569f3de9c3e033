"""The result cache on a toy builder: what it trusts on disk, and one build under threads."""

from __future__ import annotations

import pickle
import threading
import time
from pathlib import Path

import pytest

from newinfra.core import cache


@pytest.fixture
def disk(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("NEWINFRA_CACHE", str(folder))
    cache.clear()
    yield folder
    cache.clear()


def _counting_builder(delay: float = 0.0):
    calls = []

    @cache.cached_by_fingerprint
    def toy_table() -> dict:
        calls.append(1)
        time.sleep(delay)
        return {"rows": [1, 2, 3]}

    return toy_table, calls


def test_result_is_stored_in_an_envelope_and_read_back(disk: Path):
    build, calls = _counting_builder()
    assert build() == {"rows": [1, 2, 3]}
    [path] = disk.glob("*toy_table-*.pkl")
    envelope = pickle.loads(path.read_bytes())
    assert envelope["format"] == cache.CACHE_FORMAT and envelope["value"] == {"rows": [1, 2, 3]}
    cache.clear()
    assert build() == {"rows": [1, 2, 3]} and len(calls) == 1
    assert not list(disk.glob(".*.tmp"))


@pytest.mark.parametrize(
    "stored",
    [
        lambda envelope: {"rows": "someone else's"},
        lambda envelope: {**envelope, "format": cache.CACHE_FORMAT - 1},
        lambda envelope: {**envelope, "key": ("another", "key")},
        lambda envelope: envelope["value"],
    ],
    ids=["foreign", "older-format", "other-key", "bare-value"],
)
def test_a_pickle_that_is_not_this_results_envelope_is_rebuilt(disk: Path, stored):
    build, calls = _counting_builder()
    build()
    [path] = disk.glob("*toy_table-*.pkl")
    path.write_bytes(pickle.dumps(stored(pickle.loads(path.read_bytes()))))
    cache.clear()
    assert build() == {"rows": [1, 2, 3]} and len(calls) == 2


def test_a_truncated_pickle_is_rebuilt(disk: Path):
    build, calls = _counting_builder()
    build()
    [path] = disk.glob("*toy_table-*.pkl")
    path.write_bytes(path.read_bytes()[:10])
    cache.clear()
    assert build() == {"rows": [1, 2, 3]} and len(calls) == 2


def test_threads_asking_at_once_wait_for_one_build(disk: Path):
    build, calls = _counting_builder(delay=0.2)
    results, errors = [], []
    barrier = threading.Barrier(8)

    def ask():
        barrier.wait()
        try:
            results.append(build())
        except Exception as exc:  # collected: a thread's exception is otherwise lost
            errors.append(exc)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and len(results) == 8 and len(calls) == 1
