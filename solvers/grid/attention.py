"""Non-causal attention for the grid models: PyTorch's fused kernel, or score blocks in bfloat16 on a CPU.

PyTorch's CPU flash-attention kernel computes in float32 whatever the inputs are, so on a CPU with native bfloat16
matrix products (AVX512-BF16, AMX) it leaves the speed of bf16 on the table: at the reference TRM's ARC shape
(4 rows × 8 heads × 916 positions × 64, 2 threads, AVX512-BF16) its forward took 45 ms in bf16 and 43 ms in float32.
`blocked_attention` instead computes softmax(QKᵀ/√d)·V a few heads at a time with bf16 batched matrix products, so
each block of scores stays in cache: 28–30 ms forward, 92–110 ms forward + backward (flash: 134–148 ms). In float32
the fused kernel stays ahead (43 vs 52 ms forward), so `attend` only takes this path for bf16/fp16 CPU tensors.

Numerics are those of "eager" bf16 attention in a transformers model: the scores are rounded to bf16 before the
softmax (the softmax itself accumulates in float32), so the output differs from a float32 reference about twice as
much as the fused kernel's does (relative error 1.2e-2 vs 6e-3 at that shape). The backward keeps the probabilities
of every head (B·H·S² values), which the fused kernel does not; `attend` falls back to the fused kernel when that
would exceed `MAX_SAVED_BYTES`, and keeps nothing when no input needs a gradient (the no-grad recursion cycles,
inference), whatever the size.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

# One block of scores (heads × S × S, bf16) kept about this size, so it is still in cache for the softmax and the
# second product; 4 MiB = 2 heads at 916 positions.
BLOCK_BYTES = 4 << 20
# Probabilities kept for the backward of one attention call, at most (else the fused kernel, which keeps none). Every
# layer with a gradient keeps its own (TRM at the ARC shape: 10 calls of 54 MiB at batch 4); 128 MiB lets batch 8 take
# this path there and sends larger batches to the fused kernel, so memory stays bounded as the batch grows.
MAX_SAVED_BYTES = 128 << 20


def _heads_per_block(seq: int, itemsize: int) -> int:
    return max(1, BLOCK_BYTES // (seq * seq * itemsize))


class _BlockedAttention(torch.autograd.Function):
    """softmax(QKᵀ·scale)·V over (batch·heads, seq, head_dim) tensors, `block` heads at a time. Each block's scores
    (and in the backward its two gradients) go into buffers allocated once per call and reused: a fresh buffer per
    block measured ~10 % slower in a forward microbenchmark at the ARC shape."""

    @staticmethod
    def forward(ctx, query, key, value, block: int, keep: bool):
        with torch.autocast(query.device.type, enabled=False):
            heads, seq, dim = query.shape
            scale = dim ** -0.5
            query = query * scale
            out = torch.empty_like(query)
            probs = query.new_empty(heads, seq, seq) if keep else None
            buffer = query.new_empty(min(block, heads), seq, seq)
            for start in range(0, heads, block):
                part = slice(start, start + block)
                rows = query[part]
                scores = torch.bmm(rows, key[part].transpose(1, 2), out=buffer[: len(rows)])
                p = torch.softmax(scores, -1, out=probs[part] if keep else scores)
                torch.bmm(p, value[part], out=out[part])
            if keep:
                ctx.save_for_backward(query, key, value, probs)
                ctx.block, ctx.scale = block, scale
            return out

    @staticmethod
    def backward(ctx, grad_out):
        query, key, value, probs = ctx.saved_tensors
        with torch.autocast(query.device.type, enabled=False):
            grad_out = grad_out.to(query.dtype)
            heads, seq, _ = query.shape
            grad_query, grad_key, grad_value = (torch.empty_like(t) for t in (query, key, value))
            buffers = [query.new_empty(min(ctx.block, heads), seq, seq) for _ in range(2)]
            for start in range(0, heads, ctx.block):
                part = slice(start, start + ctx.block)
                p = probs[part]
                grad_probs, grad_scores = (b[: len(p)] for b in buffers)
                torch.bmm(p.transpose(1, 2), grad_out[part], out=grad_value[part])
                torch.bmm(grad_out[part], value[part].transpose(1, 2), out=grad_probs)
                torch.ops.aten._softmax_backward_data.out(grad_probs, p, -1, p.dtype, grad_input=grad_scores)
                torch.bmm(grad_scores, key[part], out=grad_query[part])
                torch.bmm(grad_scores.transpose(1, 2), query[part], out=grad_key[part])  # query carries the scale
            grad_query.mul_(ctx.scale)
        return grad_query, grad_key, grad_value, None, None


def keeps_probabilities(*tensors: torch.Tensor) -> bool:
    """Whether a blocked attention over these inputs keeps its probabilities for a backward."""
    return torch.is_grad_enabled() and any(t.requires_grad for t in tensors)


def blocked_attention(query: torch.Tensor, key: torch.Tensor, value: torch.Tensor) -> torch.Tensor:
    """softmax(QKᵀ/√d)·V for (batch, heads, seq, head_dim) tensors, computed a few heads at a time (no mask)."""
    batch, heads, seq, dim = query.shape
    flat = [t.reshape(batch * heads, seq, dim) for t in (query, key, value)]
    # Autograd runs a Function's forward with gradients off, so whether to keep the probabilities is decided here.
    out = _BlockedAttention.apply(*flat, _heads_per_block(seq, query.element_size()), keeps_probabilities(*flat))
    return out.view(batch, heads, seq, dim)


def use_blocked(query: torch.Tensor, key: torch.Tensor, value: torch.Tensor) -> bool:
    """Whether `attend` takes the blocked bf16 path for these inputs: bf16/fp16 on a CPU, and, when the probabilities
    are kept for a backward, at most `MAX_SAVED_BYTES` of them (without a gradient nothing is kept, so any size)."""
    if query.device.type != "cpu" or query.dtype not in (torch.bfloat16, torch.float16):
        return False
    batch, heads, seq, _ = query.shape
    kept = batch * heads * seq * seq * query.element_size()
    return kept <= MAX_SAVED_BYTES or not keeps_probabilities(query, key, value)


def attend(query: torch.Tensor, key: torch.Tensor, value: torch.Tensor) -> torch.Tensor:
    """Non-causal attention of (batch, heads, seq, head_dim) tensors by the faster kernel for their dtype/device."""
    if use_blocked(query, key, value):
        return blocked_attention(query, key, value)
    return F.scaled_dot_product_attention(query, key, value, is_causal=False)
