"""Grid models: shapes, gradient structure (TRM full last cycle, HRM one-step), conditioning, sizes."""

import pytest
import torch

from data.errors import UserError
from solvers.grid import encoding
from solvers.grid.models import GridModel, GridModelConfig


@pytest.mark.parametrize("arch", ["trm", "hrm", "transformer"])
def test_one_step_shapes(tiny, batch, arch):
    model = tiny(arch)
    data = batch()
    out = model(model.initial_state(4), data)
    assert out.logits.shape == (4, 16, encoding.VOCAB_SIZE)
    assert out.q_logits.shape == (4, 2) and out.q_logits.dtype == torch.float32
    assert all(not s.requires_grad for s in out.state)


def _grad_calls(module):
    calls = []
    module.register_forward_pre_hook(lambda *_: calls.append(torch.is_grad_enabled()))
    return calls


def test_trm_backpropagates_the_whole_last_cycle_only(tiny, batch):
    model = tiny("trm", h_cycles=3, l_cycles=4)
    calls = _grad_calls(model.core.net)
    model(model.initial_state(4), batch())
    assert len(calls) == 3 * (4 + 1)
    assert calls.count(True) == 4 + 1 and all(calls[-5:])


def test_hrm_uses_a_one_step_gradient(tiny, batch):
    model = tiny("hrm", h_cycles=2, l_cycles=3)
    low, high = _grad_calls(model.core.l_level), _grad_calls(model.core.h_level)
    model(model.initial_state(4), batch())
    assert len(low) == 6 and len(high) == 2
    assert low.count(True) == 1 and high.count(True) == 1 and low[-1] and high[-1]


def test_attention_is_not_causal(tiny, batch):
    model = tiny("transformer").eval()
    data = batch()
    first = model(model.initial_state(4), data).logits[:, 0]
    data["inputs"] = data["inputs"].clone()
    data["inputs"][:, -1] = (data["inputs"][:, -1] + 1 - 2) % 10 + 2
    assert not torch.allclose(first, model(model.initial_state(4), data).logits[:, 0])


def test_puzzle_embeddings_start_at_zero_and_get_sparse_gradients(tiny, batch):
    model = tiny("trm")
    (weight,) = model.sparse_parameters()
    assert torch.count_nonzero(weight) == 0
    out = model(model.initial_state(4), batch())
    out.logits.float().sum().backward()
    assert weight.grad.is_sparse


def test_no_puzzle_embedding_means_no_sparse_parameters_and_a_blank_prefix(tiny, batch):
    model = tiny("trm", puzzle_emb_ndim=0)
    assert model.sparse_parameters() == [] and model.prefix_len == 1
    assert torch.count_nonzero(model.conditioning(batch(), torch.float32)) == 0


def test_puzzle_changes_the_prediction_once_learned(tiny, batch):
    model = tiny("trm").eval()
    data = batch()
    with torch.no_grad():
        model.conditioning.embedding.weight.normal_()
        a = model(model.initial_state(4), data).logits
        data["puzzle_ids"] = (data["puzzle_ids"] + 1) % 5
        b = model(model.initial_state(4), data).logits
    assert not torch.allclose(a, b)


def test_reset_state_resets_only_flagged_rows(tiny):
    model = tiny("hrm")
    state = tuple(torch.randn(3, 17, 32) for _ in range(2))
    reset = model.reset_state(torch.tensor([True, False, True]), state)
    assert torch.equal(reset[0][1], state[0][1])
    assert torch.equal(reset[0][0], model.core.h_init.expand(17, 32))


def test_paper_configurations_have_the_published_sizes():
    trm = GridModel(GridModelConfig(arch="trm", puzzle_emb_ndim=512, puzzle_emb_len=16), seq_len=900, num_puzzles=2)
    hrm = GridModel(GridModelConfig(arch="hrm", num_layers=4, h_layers=4, h_cycles=2, l_cycles=2),
                    seq_len=900, num_puzzles=2)
    assert 6.5e6 < trm.num_parameters(include_puzzles=False) < 7.5e6  # TRM: 7M
    assert 26e6 < hrm.num_parameters(include_puzzles=False) < 28e6  # HRM: 27M


def test_matched_transformer_has_the_parameters_of_hrm():
    hrm = GridModel(GridModelConfig(arch="hrm", hidden_size=64, num_heads=4, num_layers=2, h_layers=2),
                    seq_len=36, num_puzzles=2)
    base = GridModel(GridModelConfig(arch="transformer", hidden_size=64, num_heads=4, num_layers=4),
                     seq_len=36, num_puzzles=2)
    assert hrm.num_parameters() == base.num_parameters()


def test_bad_architecture_is_a_user_error():
    with pytest.raises(UserError, match="arch"):
        GridModelConfig(arch="lstm").check()
