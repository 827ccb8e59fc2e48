"""The tiny local chat model of the GRPO tests (one-layer Qwen2, character-level tokenizer, built in a second)."""

import importlib.util
from pathlib import Path

import pytest


def _builder():
    spec = importlib.util.spec_from_file_location("grpo_test_models", Path(__file__).parents[1] / "grpo" / "conftest.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build_tiny_model


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory) -> Path:
    return _builder()(tmp_path_factory.mktemp("tiny-model"))
