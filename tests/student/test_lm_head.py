"""Full-logit scoring on CPU (`student.lm_head`) against TRL's chunked LM head it stands in for."""

import pytest
import torch
import trl.trainer.utils as trl_utils
from trl.kernels import ChunkedLogProbFunction

from student import lm_head
from student.lm_head import plain_lm_head_on_cpu, plain_log_probs

OUTPUTS = ("entropy", "log_sum_sq_probs", "mean_logits", "is_top1")


@pytest.fixture
def restore_trl(monkeypatch):
    """The patch is process-wide (an `arc-sft` or `arc-grpo` test earlier in the session installs it): each test
    starts from TRL's own function, and whatever was installed before comes back after it."""
    monkeypatch.setattr(trl_utils, "_ChunkedLogProbFunction", ChunkedLogProbFunction)


def _problem(seed=0, tokens=96, vocab=130, hidden=24):
    generator = torch.Generator().manual_seed(seed)
    h = torch.randn(tokens, hidden, generator=generator, requires_grad=True)
    w = torch.randn(vocab, hidden, generator=generator, requires_grad=True)
    b = torch.randn(vocab, generator=generator, requires_grad=True)
    t = torch.randint(0, vocab, (tokens,), generator=generator)
    return h, w, b, t


def _run(fn, h, w, b, autocast=False):
    for p in (h, w, b):
        p.grad = None
    with torch.autocast("cpu", dtype=torch.bfloat16, enabled=autocast):
        out = fn()
    (out[0].sum() + 0.3 * out[1].sum()).backward()
    return [x.detach().float() for x in out] + [h.grad.clone(), w.grad.clone(), b.grad.clone()]


def test_full_logits_give_trls_outputs_and_gradients_in_float32():
    h, w, b, t = _problem()
    args = (0.7, 30.0, 0.5)  # temperature, soft-capping, logit scale
    ours = _run(lambda: plain_log_probs(h, w, b, t, *args, OUTPUTS), h, w, b)
    trls = _run(lambda: ChunkedLogProbFunction.apply(h, w, b, t, args[0], 32, args[1], args[2], OUTPUTS), h, w, b)
    for mine, theirs in zip(ours, trls, strict=True):
        torch.testing.assert_close(mine, theirs, rtol=1e-5, atol=1e-5)


def test_outputs_not_asked_for_are_none():
    h, w, b, t = _problem()
    log_probs, *rest = plain_log_probs(h, w, b, t, 1.0)
    assert log_probs.shape == t.shape and rest == [None, None, None, None]


def test_bf16_error_is_no_larger_than_trls():
    h, w, b, t = _problem(seed=1, tokens=200, vocab=400, hidden=64)
    truth = _run(lambda: ChunkedLogProbFunction.apply(h, w, b, t, 1.0, 64, None, 1.0, OUTPUTS), h, w, b)

    def error(fn):
        got = _run(fn, h, w, b, autocast=True)
        return max(float((got[i] - truth[i]).abs().max() / truth[i].abs().max()) for i in (0, 1, 5, 6))

    ours = error(lambda: plain_log_probs(h, w, b, t, 1.0, None, 1.0, OUTPUTS))
    trls = error(lambda: ChunkedLogProbFunction.apply(h, w, b, t, 1.0, 64, None, 1.0, OUTPUTS))
    assert ours <= 2 * trls


def test_small_cpu_problems_take_full_logits_and_large_ones_trls_tiles(restore_trl, monkeypatch):
    plain_lm_head_on_cpu()
    plain_lm_head_on_cpu()  # idempotent: one dispatcher, wrapping TRL's function
    dispatch = trl_utils._ChunkedLogProbFunction
    assert dispatch.original is ChunkedLogProbFunction
    calls = []
    monkeypatch.setattr(lm_head, "plain_log_probs", lambda *a: calls.append("plain") or plain_log_probs(*a))
    h, w, b, t = _problem()
    dispatch.apply(h, w, b, t, 1.0, 32, None, 1.0, OUTPUTS)
    monkeypatch.setattr(lm_head, "MAX_PLAIN_LOGITS", h.shape[0] * w.shape[0] - 1)
    dispatch.apply(h, w, b, t, 1.0, 32, None, 1.0, OUTPUTS)
    assert calls == ["plain"]


def test_a_model_with_trls_fused_head_trains_the_same_through_the_dispatcher(restore_trl):
    from transformers import Qwen2Config, Qwen2ForCausalLM

    config = Qwen2Config(vocab_size=97, hidden_size=32, intermediate_size=64, num_hidden_layers=2,
                         num_attention_heads=4, num_key_value_heads=2, max_position_embeddings=64)
    ids = torch.randint(0, 97, (3, 20), generator=torch.Generator().manual_seed(0))
    labels = ids.clone()
    labels[:, :8] = -100

    def loss_and_grads():
        torch.manual_seed(0)
        model = Qwen2ForCausalLM(config)
        trl_utils.add_fused_lm_head(model, outputs=("log_probs", "entropy", "is_top1"))
        out = model(input_ids=ids, labels=labels, fused_lm_head=True)
        out.loss.backward()
        return out.loss.detach(), out.entropy.detach(), [p.grad for p in model.parameters()]

    before = loss_and_grads()
    plain_lm_head_on_cpu()
    after = loss_and_grads()
    torch.testing.assert_close(after[0], before[0], rtol=1e-5, atol=1e-6)
    torch.testing.assert_close(after[1], before[1], rtol=1e-5, atol=1e-5)
    for mine, theirs in zip(after[2], before[2], strict=True):
        torch.testing.assert_close(mine, theirs, rtol=1e-4, atol=1e-6)


def test_a_trl_without_the_chunked_function_is_left_alone(restore_trl, monkeypatch):
    monkeypatch.delattr(trl_utils, "_ChunkedLogProbFunction")
    plain_lm_head_on_cpu()
    assert not hasattr(trl_utils, "_ChunkedLogProbFunction")
