"""add-plan tunes Python's cycle collector for its own run and leaves it as it found it."""

from __future__ import annotations

import gc

import pytest

from newinfra.curate import addplan


def test_the_collector_is_put_back_after_the_run_even_when_it_fails():
    before = gc.get_threshold(), gc.get_freeze_count()
    with pytest.raises(RuntimeError), addplan._collector_skips_older_objects():
        assert gc.get_threshold()[0] == addplan._YOUNG_OBJECTS_BETWEEN_COLLECTIONS
        assert gc.get_freeze_count() >= before[1]
        raise RuntimeError("a refused plan")
    assert (gc.get_threshold(), gc.get_freeze_count()) == before
