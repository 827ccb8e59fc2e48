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
    """cos/sin tables of RoPE for `positions` positions of a head of size `dim`."""

    def __init__(self, dim: int, positions: int, theta: float = 10000.0):
        super().__init__()
        inv_freq = 1.0 / (theta ** (torch.arange(0, dim, 2, dtype=torch.float32) / dim))
        freqs = torch.outer(torch.arange(positions, dtype=torch.float32), inv_freq)
        emb = torch.cat((freqs, freqs), dim=-1)
        self.register_buffer("cos", emb.cos(), persistent=False)
        self.register_buffer("sin", emb.sin(), persistent=False)

    def forward(self) -> tuple[torch.Tensor, torch.Tensor]:
        return self.cos, self.sin


def _rotate_half(x: torch.Tensor) -> torch.Tensor:
    x1, x2 = x.chunk(2, dim=-1)
    return torch.cat((-x2, x1), dim=-1)


def apply_rope(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
    """Rotate x of shape (batch, heads, seq, head_dim) by position."""
    return (x * cos + _rotate_half(x) * sin).to(x.dtype)


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
            cos, sin = (t[:seq].to(hidden.dtype) for t in rope)
            query, key = apply_rope(query, cos, sin), apply_rope(key, cos, sin)
        attended = F.scaled_dot_product_attention(query, key, value, is_causal=False)
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
        gate, up = self.gate_up(hidden).chunk(2, dim=-1)
        return self.down(F.silu(gate) * up)


class Block(nn.Module):
    """Post-norm transformer block: h = norm(h + attn(h)); h = norm(h + mlp(h))."""

    def __init__(self, hidden_size: int, num_heads: int, expansion: float, eps: float = 1e-5):
        super().__init__()
        self.attn = Attention(hidden_size, num_heads)
        self.mlp = SwiGLU(hidden_size, expansion)
        self.eps = eps

    def forward(self, hidden: torch.Tensor, rope: tuple[torch.Tensor, torch.Tensor] | None) -> torch.Tensor:
        hidden = rms_norm(hidden + self.attn(hidden, rope), self.eps)
        return rms_norm(hidden + self.mlp(hidden), self.eps)


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
