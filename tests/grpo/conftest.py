"""A tiny local chat model for GRPO tests (`student.tiny`: a byte-level BPE tokenizer with a ChatML template and a
one-layer Qwen2, built in a second with no download)."""

from pathlib import Path

import pytest


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory) -> Path:
    from student.tiny import build_tiny_model

    return build_tiny_model(tmp_path_factory.mktemp("tiny-model"), max_positions=4096)
