"""The tiny local chat model of the student tests (`student.tiny`: one-layer Qwen2, built in a second, no download)."""

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory) -> Path:
    from student.tiny import build_tiny_model

    return build_tiny_model(tmp_path_factory.mktemp("tiny-model"), max_positions=4096)
