"""The one transformer block every grid model is built from: non-causal self-attention with rotary
position embeddings (RoPE), a SwiGLU feed-forward layer and parameter-free RMSNorm, post-norm as in
the HRM/TRM reference. `Stack` is a list of blocks with input injection (hidden + injection → blocks),
the unit HRM's H and L modules, TRM's single network and the plain transformer are made of.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import nn

from solvers.grid.attention import attend

# A truncated (±2σ) normal has a smaller standard deviation than σ; dividing by this restores it, so
# "std" means the real spread of the weights (LeCun-normal init as in the reference).
_TRUNC_STD = 0.8796256610342398


def trunc_normal_(tensor: torch.Tensor, std: float) -> torch.Tensor:
    """Fill with a normal truncated at ±2 standard deviations whose actual std is `std`."""
    if std == 0:
        return tensor.zero_()
    scale = std / _TRUNC_STD
    return nn.init.trunc_normal_(tensor, std=scale, a=-2 * scale, b=2 * scale)


def linear(in_features: int, out_features: int, bias: bool = False) -> nn.Linear:
    """nn.Linear with LeCun-normal weights and zero bias."""
    layer = nn.Linear(in_features, out_features, bias=bias)
    trunc_normal_(layer.weight.data, 1.0 / math.sqrt(in_features))
    if bias:
        layer.bias.data.zero_()
    return layer


def rms_norm(hidden: torch.Tensor, eps: float) -> torch.Tensor:
    """RMSNorm without a learned scale, computed in float32."""
    dtype = hidden.dtype
    hidden = hidden.float()
    hidden = hidden * torch.rsqrt(hidden.square().mean(-1, keepdim=True) + eps)
    return hidden.to(dtype)


class RotaryEmbedding(nn.Module):
    """cos/sin tables of RoPE for `positions` positions of a head of size `dim`; the sin table has its first half
    negated, so that a rotation is x·cos + roll(x, dim/2)·sin (see `apply_rope`)."""

    def __init__(self, dim: int, positions: int, theta: float = 10000.0):
        super().__init__()
        inv_freq = 1.0 / (theta ** (torch.arange(0, dim, 2, dtype=torch.float32) / dim))
        freqs = torch.outer(torch.arange(positions, dtype=torch.float32), inv_freq)
        self.register_buffer("cos", torch.cat((freqs, freqs), dim=-1).cos(), persistent=False)
        self.register_buffer("sin", torch.cat((-freqs, freqs), dim=-1).sin(), persistent=False)

    def forward(self) -> tuple[torch.Tensor, torch.Tensor]:
        return self.cos, self.sin


def apply_rope(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
    """Rotate x of shape (batch, heads, seq, head_dim) by position: each pair (x_i, x_{i+d/2}) turns by its angle.
    `sin` is `RotaryEmbedding`'s half-negated table, so roll(x)·sin is the usual (-x₂, x₁)·sin in one pass. The
    tables should have x's dtype: a float32 table on a bf16 x costs ~20× more (type promotion) on a CPU."""
    return torch.addcmul(x * cos, x.roll(x.shape[-1] // 2, -1), sin)


def swiglu(gate_up: torch.Tensor) -> torch.Tensor:
    """silu(gate) · up, from the gate/up projection's two halves (last dimension)."""
    gate, up = gate_up.chunk(2, dim=-1)
    return F.silu(gate) * up


def add_rms_norm(hidden: torch.Tensor, delta: torch.Tensor, eps: float) -> torch.Tensor:
    """rms_norm(hidden + delta): a post-norm block's residual step."""
    return rms_norm(hidden + delta, eps)


class _ElementWise:
    """The element-wise steps between a block's matrix products. The blocks call them through `ELEMENTWISE`, so
    `fuse_elementwise` can swap in compiled versions."""

    apply_rope = staticmethod(apply_rope)
    swiglu = staticmethod(swiglu)
    add_rms_norm = staticmethod(add_rms_norm)


ELEMENTWISE = _ElementWise()


def fuse_elementwise(enabled: bool = True) -> None:
    """Run the element-wise steps (`_ElementWise`) as `torch.compile`d kernels, one per step, or eager again.

    In eager mode each step is several passes over memory (the residual add, the square, the mean, the scaling of
    RMSNorm; silu then the product of SwiGLU); compiled, each is one loop. The matrix products and attention stay
    eager, where they are already at the CPU's rate (compiling whole blocks measured no faster). At the reference
    TRM's ARC shape (bf16 autocast, batch 4, 2 threads, 2-core AVX512-BF16 CPU), alternated three times: a training
    step 5.03–5.08 s vs 5.04–5.44 s eager (medians 5.05 / 5.18), inference 3.04–3.10 vs 2.97–3.33 s (3.05 / 3.15):
    a few per cent, about this host's run-to-run spread. The first call of each shape compiles (a few seconds; a C++
    compiler is needed on a CPU); gradients are the same up to rounding.
    Process-wide: it changes every grid model built from these blocks.
    """
    for name, fn in (("apply_rope", apply_rope), ("swiglu", swiglu), ("add_rms_norm", add_rms_norm)):
        setattr(_ElementWise, name, staticmethod(torch.compile(fn) if enabled else fn))


class Attention(nn.Module):
    """Multi-head self-attention over all positions (non-causal), RoPE on queries and keys."""

    def __init__(self, hidden_size: int, num_heads: int):
        super().__init__()
        if hidden_size % num_heads:
            raise ValueError(f"hidden_size {hidden_size} is not a multiple of num_heads {num_heads}")
        self.num_heads = num_heads
        self.head_dim = hidden_size // num_heads
        self.qkv = linear(hidden_size, 3 * hidden_size)
        self.out = linear(hidden_size, hidden_size)

    def forward(self, hidden: torch.Tensor, rope: tuple[torch.Tensor, torch.Tensor] | None) -> torch.Tensor:
        batch, seq, _ = hidden.shape
        qkv = self.qkv(hidden).view(batch, seq, 3, self.num_heads, self.head_dim).permute(2, 0, 3, 1, 4)
        query, key, value = qkv.unbind(0)
        if rope is not None:
            cos, sin = (t[:seq].to(query.dtype) for t in rope)
            query, key = ELEMENTWISE.apply_rope(query, cos, sin), ELEMENTWISE.apply_rope(key, cos, sin)
        attended = attend(query, key, value)
        return self.out(attended.transpose(1, 2).reshape(batch, seq, -1))


class SwiGLU(nn.Module):
    """silu(gate) · up → down; the inner width is ⅔·expansion·hidden rounded up (to 256 at paper scale,
    to the hidden size for small models)."""

    def __init__(self, hidden_size: int, expansion: float):
        super().__init__()
        multiple = min(256, hidden_size)
        inner = -(-round(expansion * hidden_size * 2 / 3) // multiple) * multiple
        self.gate_up = linear(hidden_size, 2 * inner)
        self.down = linear(inner, hidden_size)

    def forward(self, hidden: torch.Tensor) -> torch.Tensor:
        return self.down(ELEMENTWISE.swiglu(self.gate_up(hidden)))


class Block(nn.Module):
    """Post-norm transformer block: h = norm(h + attn(h)); h = norm(h + mlp(h))."""

    def __init__(self, hidden_size: int, num_heads: int, expansion: float, eps: float = 1e-5):
        super().__init__()
        self.attn = Attention(hidden_size, num_heads)
        self.mlp = SwiGLU(hidden_size, expansion)
        self.eps = eps

    def forward(self, hidden: torch.Tensor, rope: tuple[torch.Tensor, torch.Tensor] | None) -> torch.Tensor:
        hidden = ELEMENTWISE.add_rms_norm(hidden, self.attn(hidden, rope), self.eps)
        return ELEMENTWISE.add_rms_norm(hidden, self.mlp(hidden), self.eps)


class Stack(nn.Module):
    """`layers` blocks applied to (hidden + injection): one reasoning module."""

    def __init__(self, layers: int, hidden_size: int, num_heads: int, expansion: float, eps: float = 1e-5):
        super().__init__()
        self.blocks = nn.ModuleList(Block(hidden_size, num_heads, expansion, eps) for _ in range(layers))

    def forward(self, hidden: torch.Tensor, injection: torch.Tensor | None,
                rope: tuple[torch.Tensor, torch.Tensor] | None) -> torch.Tensor:
        if injection is not None:
            hidden = hidden + injection
        for block in self.blocks:
            hidden = block(hidden, rope)
        return hidden
