"""Persisting the curriculum state: round trip and atomic writes."""

import json
import os

import pytest

from curriculum import CurriculumConfig, initial_state, load_state, load_table, observe, save_state
from data.errors import UserError

CONFIG = CurriculumConfig(num_levels=2)


def sample_state():
    state = initial_state({"a": 0, "b": 0, "c": 1}, CONFIG, seed=3)
    return observe(state, [("a", [0.2, 0.4]), ("b", [0.0, 0.0])], 7, CONFIG)


def test_a_saved_state_loads_back_equal(tmp_path):
    state = sample_state()
    assert load_state(save_state(state, tmp_path / "c.json")) == state


def test_a_failed_write_leaves_the_previous_file_intact(tmp_path, monkeypatch):
    path = save_state(sample_state(), tmp_path / "c.json")
    before = path.read_bytes()

    def crash(*args, **kwargs):
        raise OSError("disk gone")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        save_state(observe(sample_state(), [("a", [1.0])], 9, CONFIG), path)
    assert path.read_bytes() == before


def test_a_failed_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "replace", lambda *a: (_ for _ in ()).throw(OSError("disk gone")))
    with pytest.raises(OSError):
        save_state(sample_state(), tmp_path / "c.json")
    assert list(tmp_path.iterdir()) == []


def test_a_malformed_state_file_is_a_user_error(tmp_path):
    (tmp_path / "c.json").write_text('{"version": 1, "tasks": ')
    with pytest.raises(UserError):
        load_state(tmp_path / "c.json")


def test_a_difficulty_table_must_map_ids_to_numbers(tmp_path):
    (tmp_path / "d.json").write_text(json.dumps({"a": "easy"}))
    with pytest.raises(UserError):
        load_table(tmp_path / "d.json")

