"""Tiny grid models for fast tests (one CPU thread: the machine is shared)."""

import pytest
import torch

from solvers.grid.models import GridModel, GridModelConfig

torch.set_num_threads(1)


@pytest.fixture
def tiny():
    def build(arch="trm", **overrides):
        values = dict(arch=arch, hidden_size=32, num_heads=2, num_layers=1, h_cycles=2, l_cycles=2,
                      puzzle_emb_ndim=16)
        values.update(overrides)
        torch.manual_seed(0)
        return GridModel(GridModelConfig(**values), seq_len=16, num_puzzles=5)

    return build


@pytest.fixture
def batch():
    def build(size=4, seed=0):
        generator = torch.Generator().manual_seed(seed)
        inputs = torch.randint(2, 12, (size, 16), generator=generator)
        return {"inputs": inputs, "labels": torch.randint(2, 12, (size, 16), generator=generator),
                "puzzle_ids": torch.randint(0, 5, (size,), generator=generator)}

    return build


@pytest.fixture(scope="session")
def text_model(tmp_path_factory):
    """A 1-layer Qwen2 with a byte-level BPE tokenizer trained here: no download."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast, Qwen2Config, Qwen2Model

    folder = tmp_path_factory.mktemp("text_model")
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    tokenizer.train_from_iterator(["input\n0123\noutput\n4567\n89\n"] * 10,
                                  trainers.BpeTrainer(vocab_size=300, special_tokens=["<|endoftext|>"]))
    fast = PreTrainedTokenizerFast(tokenizer_object=tokenizer, eos_token="<|endoftext|>", pad_token="<|endoftext|>")
    fast.save_pretrained(folder)
    torch.manual_seed(0)
    Qwen2Model(Qwen2Config(vocab_size=len(fast), hidden_size=32, intermediate_size=64, num_hidden_layers=1,
                           num_attention_heads=2, num_key_value_heads=1)).save_pretrained(folder)
    return str(folder)
