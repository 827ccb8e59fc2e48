"""Test-wide settings (no network, no hub downloads, deterministic threads), the tiny embedded student and a toy
ARC task."""

import os

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("WANDB_MODE", "disabled")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


# The embedded student's recipe (same architecture and build path as the default), shrunk until it builds in
# seconds. Long position range: its small vocabulary makes compact prompts ~1.5x longer in tokens.
TINY_EMBEDDED = dict(
    vocab_size=400, hidden_size=32, intermediate_size=64, num_hidden_layers=2, num_attention_heads=2,
    num_key_value_heads=1, max_position_embeddings=4096, mutations_per_program=1, hindsight_per_task=1,
    repair_per_task=1, max_length=1024, max_steps=3, batch_size=4, warmup_steps=0, check_samples=2, check_max_new_tokens=8,
)


@pytest.fixture(scope="session")
def tiny_embedded_recipe():
    from student.embedded import EmbeddedRecipe

    return EmbeddedRecipe(**TINY_EMBEDDED)


@pytest.fixture(scope="session")
def tiny_embedded_model(tmp_path_factory, tiny_embedded_recipe):
    """A tiny embedded model folder, built once per test session."""
    from student.embedded import ensure_embedded_model

    return ensure_embedded_model(tmp_path_factory.mktemp("embedded-cache"), recipe=tiny_embedded_recipe)


@pytest.fixture
def toy_task():
    """A 'mirror left-right' task whose test output is a sentinel grid that appears nowhere else."""
    from data.task import Example, Task

    train = (Example(((1, 2), (3, 4)), ((2, 1), (4, 3))), Example(((5, 0, 0),), ((0, 0, 5),)))
    test = (Example(((7, 8, 9), (9, 8, 7)), ((9, 8, 7), (7, 8, 9))),)
    return Task("toy00001", train, test, "toy", "training")
