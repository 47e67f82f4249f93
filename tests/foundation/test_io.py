"""Atomic output: a report directory is complete or absent; never overwritten without force."""
import json
import math

import numpy as np
import pytest

from eia.errors import EiaError
from eia.io import atomic_output_dir, to_jsonable, write_json


def test_failed_block_leaves_nothing(tmp_path):
    target = tmp_path / "out"
    with pytest.raises(RuntimeError):
        with atomic_output_dir(target) as work:
            (work / "chapter.md").write_text("half a chapter")
            raise RuntimeError("model failed")
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_success_moves_into_place(tmp_path):
    target = tmp_path / "out"
    with atomic_output_dir(target) as work:
        (work / "a.txt").write_text("x")
        assert not target.exists()
    assert (target / "a.txt").read_text() == "x"


def test_existing_needs_force(tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    (target / "old.txt").write_text("old")
    with pytest.raises(EiaError) as info:
        with atomic_output_dir(target):
            pass
    assert info.value.exit_code == 4 and (target / "old.txt").exists()
    with atomic_output_dir(target, force=True) as work:
        (work / "new.txt").write_text("new")
    assert sorted(p.name for p in target.iterdir()) == ["new.txt"]


def test_failed_forced_run_keeps_the_old_output(tmp_path):
    target = tmp_path / "out"
    target.mkdir()
    (target / "old.txt").write_text("old")
    with pytest.raises(ValueError):
        with atomic_output_dir(target, force=True):
            raise ValueError
    assert (target / "old.txt").read_text() == "old"


def test_json_is_deterministic_and_nan_free(tmp_path):
    obj = {"b": np.float32(1.5), "a": [np.nan, np.int64(3), np.array([1.0, math.inf])], "c": np.bool_(True)}
    write_json(tmp_path / "r.json", obj)
    text = (tmp_path / "r.json").read_text()
    assert json.loads(text) == {"a": [None, 3, [1.0, None]], "b": 1.5, "c": True}
    assert text.index('"a"') < text.index('"b"')
    assert to_jsonable(obj) == json.loads(text)
