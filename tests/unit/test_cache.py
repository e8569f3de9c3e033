"""The result cache on a toy builder: what it trusts on disk, and one build under threads."""

from __future__ import annotations

import os
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


def _envelope(path: Path) -> dict:
    """The pickled envelope of a cache file, after its header and signature."""
    data = path.read_bytes()
    assert data.startswith(cache.HEADER)
    return pickle.loads(data[len(cache.HEADER) + 32 :])


def _signed(path: Path, key: tuple, envelope: object, header: bytes = cache.HEADER) -> bytes:
    """``envelope`` as the cache itself would sign it for ``key``."""
    payload = pickle.dumps(envelope)
    return header + cache._signature(cache._secret(path.parent), key, payload) + payload


def test_result_is_stored_in_an_envelope_and_read_back(disk: Path):
    build, calls = _counting_builder()
    assert build() == {"rows": [1, 2, 3]}
    [path] = disk.glob("*toy_table-*.pkl")
    assert _envelope(path)["value"] == {"rows": [1, 2, 3]}
    cache.clear()
    assert build() == {"rows": [1, 2, 3]} and len(calls) == 1
    assert not list(disk.glob(".*.tmp"))


@pytest.mark.parametrize(
    "stored",
    [
        lambda path, key, envelope: pickle.dumps({"rows": "someone else's"}),
        lambda path, key, envelope: _signed(path, key, {"rows": "someone else's"}),
        lambda path, key, envelope: _signed(path, key, envelope, b"newinfra-cache-2\n"),
        lambda path, key, envelope: _signed(path, key, {**envelope, "key": ("another", "key")}),
        lambda path, key, envelope: _signed(path, ("another", "key"), envelope),
        lambda path, key, envelope: _signed(path, key, envelope["value"]),
    ],
    ids=["foreign", "foreign-signed", "older-format", "other-key", "signed-for-other-key", "bare"],
)
def test_a_pickle_that_is_not_this_results_envelope_is_rebuilt(disk: Path, stored):
    build, calls = _counting_builder()
    build()
    [path] = disk.glob("*toy_table-*.pkl")
    [key] = list(cache._memory)
    path.write_bytes(stored(path, key, _envelope(path)))
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


# -- a cache file is checked before anything in it is loaded -------------------------


class _Planted:
    """Unpickling this creates ``marker``: proof that a planted pickle ran code."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (open, (str(self.marker), "w"))


def _only_file(disk: Path) -> Path:
    [path] = disk.glob("*toy_table-*.pkl")
    return path


def test_a_planted_pickle_never_runs_and_the_result_is_rebuilt(disk: Path, tmp_path: Path):
    # Was: the cache unpickled the file first and checked it after; the code ran.
    build, calls = _counting_builder()
    build()
    marker = tmp_path / "planted-pickle-ran"
    path = _only_file(disk)
    for planted in (
        pickle.dumps(_Planted(marker)),
        # the same, behind the first bytes of a genuine file (its header and signature)
        path.read_bytes()[: len(path.read_bytes()) // 2] + pickle.dumps(_Planted(marker)),
    ):
        path.write_bytes(planted)
        cache.clear()
        assert build() == {"rows": [1, 2, 3]}
        assert not marker.exists(), "the planted pickle was loaded"
    assert len(calls) == 3


def test_a_tampered_byte_is_rebuilt(disk: Path):
    build, calls = _counting_builder()
    build()
    path = _only_file(disk)
    data = path.read_bytes()
    assert data.count(b"rows") == 1
    path.write_bytes(data.replace(b"rows", b"rowz"))
    cache.clear()
    assert build() == {"rows": [1, 2, 3]} and len(calls) == 2


@pytest.mark.parametrize("value", ["a string", ["rows"], None, 3])
def test_a_cached_value_of_the_wrong_type_is_rebuilt(disk: Path, value):
    # Was: a value of another type came back as the result: AttributeError further on.
    build, calls = _counting_builder()
    build()
    path = _only_file(disk)
    [key] = list(cache._memory)
    cache._write(path, key, value, "toy_table")  # signed as the cache signs its own files
    cache.clear()
    assert build() == {"rows": [1, 2, 3]} and len(calls) == 2


def _key_file(disk: Path) -> Path:
    return disk / cache.KEY_NAME


def test_the_key_is_made_once_and_private(disk: Path):
    build, _ = _counting_builder()
    build()
    key = _key_file(disk)
    assert key.stat().st_mode & 0o777 == 0o600
    secret = key.read_bytes()
    assert len(secret) == 32
    cache.clear()
    build()
    assert key.read_bytes() == secret


def _replace_by_link(key: Path) -> None:
    target = key.with_name("elsewhere")
    key.rename(target)
    key.symlink_to(target)


def _replace_by_pipe(key: Path) -> None:
    key.unlink()
    os.mkfifo(key)


@pytest.mark.parametrize(
    ("spoil", "expected"),
    [
        (
            lambda key, monkeypatch: key.chmod(0o644),
            "other users can read or change it (mode 0644)",
        ),
        (
            lambda key, monkeypatch: key.chmod(0o620),
            "other users can read or change it (mode 0620)",
        ),
        (
            lambda key, monkeypatch: monkeypatch.setattr(cache.os, "getuid", lambda: 4242),
            "belongs to another user",
        ),
        (lambda key, monkeypatch: key.write_bytes(b"short"), "is not a cache key"),
        (lambda key, monkeypatch: _replace_by_link(key), "cannot be read"),
        (lambda key, monkeypatch: _replace_by_pipe(key), "not a regular file"),
    ],
    ids=["other-readable", "group-writable", "other-owner", "wrong-size", "link", "pipe"],
)
def test_a_key_file_others_could_know_is_refused_in_one_line(
    disk: Path, capsys, monkeypatch, spoil, expected
):
    build, calls = _counting_builder()
    build()
    key = _key_file(disk)
    spoil(key, monkeypatch)
    cache.clear()
    assert build() == {"rows": [1, 2, 3]} and len(calls) == 2, "a file was trusted"
    cache.clear()
    assert build() == {"rows": [1, 2, 3]} and len(calls) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err  # said once, on one line
    assert str(key) in err and expected in err and "not cached on disk" in err


def test_every_builder_returns_what_it_declares(synthetic_project):
    # A builder whose value does not match its annotation would be rebuilt every time.
    from newinfra.cli.runs import package_modules

    builders = {
        f"{module.__name__}.{name}": function
        for module in package_modules()
        for name, function in vars(module).items()
        if callable(function) and hasattr(function, "uncached")
    }
    assert len(builders) > 10
    for name, builder in builders.items():
        hint = cache._returns(builder.uncached)
        assert hint is not None, f"{name} has no return annotation the cache can check"
        if getattr(builder, "by_content", False):
            continue  # called with a seed's text: see the test below
        assert cache._conforms(builder(), hint), f"{name} does not return {hint}"


def test_builders_by_content_return_what_they_declare(synthetic_project):
    from newinfra.inputs import corpus, section_rules
    from newinfra.ledger import mentions

    source_id = corpus.source_ids()[0]
    text = corpus.source_text(source_id)
    rules, code = section_rules.seed_rules(source_id, text)
    data = section_rules.read_data(section_rules.rules_path())
    calls = {
        section_rules._rows_checked: (data,),
        section_rules._rule_sets_of: (data,),
        section_rules._foreign_kinds_of: (data,),
        section_rules.seed_section_rows: (source_id, text, rules, code),
        mentions._seed_columns: (
            source_id, text, "a-plan", "en", rules, code, section_rules.foreign_kinds(source_id)
        ),
    }  # fmt: skip
    for builder, args in calls.items():
        hint = cache._returns(builder.uncached)
        assert cache._conforms(builder(*args), hint), f"{builder} does not return {hint}"


def test_results_by_content_follow_their_arguments_and_are_checked_on_disk(disk: Path):
    calls = []

    @cache.cached_by_content
    def toy_length(text: str) -> dict:
        calls.append(1)
        return {"length": len(text)}

    text = "stations " * 100  # long: its key holds its digest, not the text
    assert toy_length(text) == {"length": 900} and toy_length(text) == {"length": 900}
    assert len(calls) == 1
    assert toy_length(text + "!") == {"length": 901} and len(calls) == 2
    cache.clear()
    assert toy_length(text) == {"length": 900} and len(calls) == 2  # read back from disk
    files = sorted(disk.glob("*toy_length-*.pkl"))
    assert len(files) == 2 and all(text.encode() not in f.read_bytes() for f in files)
    for path in files:  # a changed byte: the file is not trusted, the result is made again
        data = bytearray(path.read_bytes())
        data[-5] ^= 1
        path.write_bytes(bytes(data))
    cache.clear()
    assert toy_length(text) == {"length": 900} and len(calls) == 3
