"""The grid models' attention (blocked bf16 path vs PyTorch's fused kernel), RoPE and the compiled element-wise steps."""

from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from solvers.grid import attention, layers


def _qkv(shape=(2, 5, 24, 8), dtype=torch.float64, seed=0):
    gen = torch.Generator().manual_seed(seed)
    return [(2 * torch.randn(shape, generator=gen, dtype=torch.float64)).to(dtype).requires_grad_() for _ in range(3)]


def _rel(a: torch.Tensor, b: torch.Tensor) -> float:
    return ((a.double() - b.double()).norm() / b.double().norm()).item()


@pytest.fixture
def small_blocks(monkeypatch):
    """3 heads per block at 24 positions in float64, so 10 heads end in a partial block."""
    monkeypatch.setattr(attention, "BLOCK_BYTES", 3 * 24 * 24 * 8)
    assert attention._heads_per_block(24, 8) == 3


def test_blocked_attention_equals_the_fused_kernel_with_gradients(small_blocks):
    q, k, v = _qkv()
    grad = torch.randn(2, 5, 24, 8, dtype=torch.float64)
    ours = attention.blocked_attention(q, k, v)
    ours.backward(grad)
    ours_grads = [t.grad.clone() for t in (q, k, v)]
    for t in (q, k, v):
        t.grad = None
    ref = F.scaled_dot_product_attention(q, k, v)
    ref.backward(grad)
    torch.testing.assert_close(ours, ref, rtol=1e-10, atol=1e-10)
    for mine, theirs in zip(ours_grads, (q.grad, k.grad, v.grad), strict=True):
        torch.testing.assert_close(mine, theirs, rtol=1e-10, atol=1e-10)


def test_blocked_attention_passes_gradcheck(small_blocks):
    q, k, v = _qkv(shape=(1, 4, 24, 4))
    assert torch.autograd.gradcheck(attention.blocked_attention, (q, k, v))


def test_bf16_error_is_that_of_eager_bf16_attention():
    """The scores are rounded to bf16 before the softmax: within 3x the fused kernel's error against float32."""
    q, k, v = _qkv(shape=(2, 4, 200, 32), dtype=torch.float32)
    exact = F.scaled_dot_product_attention(q, k, v)
    low = [t.detach().bfloat16() for t in (q, k, v)]
    fused = _rel(F.scaled_dot_product_attention(*low), exact)
    blocked = _rel(attention.blocked_attention(*low), exact)
    assert blocked < 3 * fused and blocked < 0.03, (blocked, fused)


def test_probabilities_are_kept_only_when_a_gradient_is_wanted():
    q, k, v = _qkv(dtype=torch.bfloat16)
    assert attention.blocked_attention(q, k, v).grad_fn is not None
    with torch.no_grad():
        assert attention.blocked_attention(q, k, v).grad_fn is None
    assert attention.blocked_attention(*(t.detach() for t in (q, k, v))).grad_fn is None


def test_attend_takes_the_blocked_path_for_bf16_on_a_cpu_only(monkeypatch):
    bf16 = torch.zeros(2, 4, 64, 16, dtype=torch.bfloat16)
    assert attention.use_blocked(bf16, bf16, bf16)
    assert not attention.use_blocked(*(bf16.float(),) * 3)
    monkeypatch.setattr(attention, "MAX_SAVED_BYTES", 2 * 4 * 64 * 64 * 2 - 1)  # one byte short of the probabilities
    assert attention.use_blocked(bf16, bf16, bf16)  # nothing to keep without a gradient: any size
    wanting = bf16.clone().requires_grad_()
    assert not attention.use_blocked(wanting, bf16, bf16)
    with torch.no_grad():
        assert attention.use_blocked(wanting, bf16, bf16)
    calls = []
    monkeypatch.setattr(attention, "blocked_attention", lambda *a: calls.append(a) or a[0])
    attention.attend(wanting, bf16, bf16)
    assert not calls  # above the cap with a gradient: the fused kernel
    attention.attend(bf16, bf16, bf16)
    assert len(calls) == 1


def test_attention_layer_under_bf16_autocast_matches_the_fused_kernel(monkeypatch):
    torch.manual_seed(0)
    layer = layers.Attention(64, 4)
    rope = layers.RotaryEmbedding(16, 40)()
    hidden = torch.randn(3, 40, 64)

    def run():
        layer.zero_grad()
        with torch.autocast("cpu", dtype=torch.bfloat16):
            out = layer(hidden, rope)
        out.float().square().sum().backward()
        return out.float(), layer.qkv.weight.grad.clone()

    blocked, blocked_grad = run()
    monkeypatch.setattr(attention, "MAX_SAVED_BYTES", 0)  # force the fused kernel
    fused, fused_grad = run()
    assert _rel(blocked, fused) < 0.02 and _rel(blocked_grad, fused_grad) < 0.05


def test_rope_is_the_rotate_half_formula():
    rope = layers.RotaryEmbedding(16, 30)
    x = torch.randn(2, 3, 30, 16, dtype=torch.float64)
    freqs = torch.outer(torch.arange(30.0), 1.0 / 10000.0 ** (torch.arange(0, 16, 2) / 16)).double()
    cos, sin = torch.cat((freqs, freqs), -1).cos(), torch.cat((freqs, freqs), -1).sin()
    x1, x2 = x.chunk(2, -1)
    expected = x * cos + torch.cat((-x2, x1), -1) * sin
    got = layers.apply_rope(x, *(t.double() for t in rope()))
    torch.testing.assert_close(got, expected, rtol=1e-6, atol=1e-6)  # the tables are float32


@pytest.fixture
def fused_elementwise():
    layers.fuse_elementwise()
    yield
    layers.fuse_elementwise(False)


def test_compiled_elementwise_steps_match_eager(fused_elementwise):
    torch.manual_seed(0)
    stack = layers.Stack(2, 32, 4, 4.0)
    rope = layers.RotaryEmbedding(8, 20)()
    hidden, injection = torch.randn(2, 20, 32), torch.randn(2, 20, 32)

    def run():
        stack.zero_grad()
        out = stack(hidden, injection, rope)
        out.square().sum().backward()
        return out.detach(), [p.grad.clone() for p in stack.parameters()]

    assert layers.ELEMENTWISE.swiglu is not layers.swiglu  # compiled versions are in place
    compiled, compiled_grads = run()
    layers.fuse_elementwise(False)
    assert layers.ELEMENTWISE.swiglu is layers.swiglu
    eager, eager_grads = run()
    torch.testing.assert_close(compiled, eager, rtol=1e-4, atol=1e-5)
    for mine, theirs in zip(compiled_grads, eager_grads, strict=True):
        torch.testing.assert_close(mine, theirs, rtol=1e-4, atol=1e-5)
