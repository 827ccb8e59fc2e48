"""The grid models: HRM, TRM and a plain transformer baseline, one shared core.

Every model reads a batch {"inputs": (B, L) tokens of `solvers.grid.encoding`, "puzzle_ids": (B,)},
prepends the *conditioning* tokens (today a learned puzzle embedding; a demonstration encoder can be
registered in CONDITIONINGS), embeds, runs its recurrent core for one outer (ACT) step from a carried
state, and returns logits for every grid position plus Q-head logits (halt, continue) read from the
first conditioning position. The outer loop — deep supervision and halting — is `solvers.grid.halting`.

    trm   one small network f recursing on the answer y and latent z: H_cycles × (L_cycles updates of
          z = f(z, y + x), then y = f(y, z)); all but the last H cycle run without gradient, the last
          is back-propagated in full (TRM, Jolicoeur-Martineau 2025)
    hrm   a low-level module L and a high-level module H: z_L = L(z_L, z_H + x) L_cycles times per
          z_H = H(z_H, z_L), H_cycles times; only the final L and H updates carry gradient (one-step
          gradient, HRM, Wang et al. 2025)
    transformer  `num_layers` blocks applied once to x (no recurrence): the parameter/depth-matched
          baseline of the HRM ablations

Puzzle embeddings have sparse gradients and their own optimizer (`solvers.grid.optim.SparseSignSGD`).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from typing import NamedTuple

import torch
from torch import nn

from data.errors import UserError
from solvers.grid import encoding
from solvers.grid.layers import RotaryEmbedding, Stack, linear, trunc_normal_

ARCHITECTURES = ("trm", "hrm", "transformer")

State = tuple[torch.Tensor, ...]


@dataclass
class GridModelConfig:
    """Architecture of a grid model (paper-scale TRM defaults)."""

    arch: str = field(default="trm", metadata={"help": "trm | hrm | transformer."})
    hidden_size: int = field(default=512, metadata={"help": "Width of every block."})
    num_heads: int = field(default=8, metadata={"help": "Attention heads."})
    expansion: float = field(default=4.0, metadata={"help": "SwiGLU expansion factor."})
    num_layers: int = field(default=2, metadata={
        "help": "Blocks of TRM's network, of HRM's L module, or of the transformer."})
    h_layers: int = field(default=0, metadata={"help": "HRM: blocks of the H module (0 = num_layers)."})
    h_cycles: int = field(default=3, metadata={"help": "Outer recursion cycles per ACT step (TRM T, HRM N)."})
    l_cycles: int = field(default=6, metadata={"help": "Inner updates per cycle (TRM n, HRM T)."})
    puzzle_emb_ndim: int = field(default=512, metadata={"help": "Puzzle embedding size (0 = none)."})
    puzzle_emb_len: int = field(default=0, metadata={
        "help": "Conditioning tokens before the grid (0 = ceil(puzzle_emb_ndim / hidden_size), at least 1)."})
    conditioning: str = field(default="puzzle", metadata={"help": "What conditions the model (see CONDITIONINGS)."})
    rope_theta: float = field(default=10000.0, metadata={"help": "RoPE base."})
    rms_norm_eps: float = field(default=1e-5, metadata={"help": "RMSNorm epsilon."})
    # Few-shot conditionings (demos: solvers.grid.encoders; text: solvers.grid.hybrid; efe: solvers.grid.efe).
    max_demos: int = field(default=5, metadata={"help": "Few-shot: demonstration pairs a prediction is conditioned on."})
    encoder: str = field(default="standard", metadata={
        "help": "demos: standard | variational | lpn | hybrid | recurrent (ETRM², own latent z_E)."})
    encoder_layers: int = field(default=2, metadata={"help": "demos: blocks of the demonstration encoder."})
    encoder_refine_steps: int = field(default=2, metadata={"help": "demos/recurrent: refinements of z_E per step."})
    kl_weight: float = field(default=1e-3, metadata={"help": "demos/variational: weight of the KL term."})
    text_model: str = field(default="embedded", metadata={"help": "text/efe: causal LM name or path (embedded = built locally)."})
    text_max_tokens: int = field(default=512, metadata={"help": "text/efe: tokens of the task text (longer is cut at the front)."})
    text_pooling: str = field(default="cross", metadata={
        "help": "text: last (the last hidden state, projected) | cross (learned queries cross-attend to all states)."})
    freeze_text: bool = field(default=True, metadata={"help": "text/efe: keep the causal LM frozen (False = train it with the decoder)."})
    efe_weights: str = field(default="risk=1,ambiguity=0.1,consistency=0.1,bidirectional=0.5,step=0.01", metadata={
        "help": "efe: weights of the expected-free-energy components."})
    efe_memory_size: int = field(default=256, metadata={"help": "efe: slots of the solution memory bank."})
    efe_success_threshold: float = field(default=0.5, metadata={
        "help": "efe: a solution is stored when its per-example EFE is below this."})

    def check(self) -> None:
        if self.arch not in ARCHITECTURES:
            raise UserError(f"arch must be one of {', '.join(ARCHITECTURES)}, got {self.arch!r}")
        if self.conditioning not in CONDITIONINGS and self.conditioning not in LAZY_CONDITIONINGS:
            raise UserError(f"conditioning must be one of {', '.join(CONDITIONINGS)}, got {self.conditioning!r}")
        if self.hidden_size % self.num_heads or (self.hidden_size // self.num_heads) % 2:
            raise UserError("hidden_size must be num_heads × an even head size")
        if min(self.num_layers, self.h_cycles, self.l_cycles) < 1 or self.puzzle_emb_ndim < 0:
            raise UserError("num_layers, h_cycles and l_cycles must be >= 1, puzzle_emb_ndim >= 0")

    @property
    def uses_text_model(self) -> bool:
        """text/efe: a causal LM (`text_model`) reads the task."""
        return self.conditioning in ("text", "efe")

    @property
    def prefix_len(self) -> int:
        return self.puzzle_emb_len or max(1, -(-self.puzzle_emb_ndim // self.hidden_size))


class PuzzleConditioning(nn.Module):
    """A learned vector per puzzle (zero-initialised, sparse gradients), zero-padded and laid out as
    `prefix_len` tokens in front of the grid. With puzzle_emb_ndim = 0 the prefix is all zeros: a
    free slot the Q-head reads, carrying no puzzle information."""

    def __init__(self, config: GridModelConfig, num_puzzles: int):
        super().__init__()
        self.hidden_size, self.prefix_len = config.hidden_size, config.prefix_len
        self.ndim = config.puzzle_emb_ndim
        if self.ndim > self.prefix_len * self.hidden_size:
            raise UserError("puzzle_emb_ndim does not fit in puzzle_emb_len × hidden_size")
        self.embedding = nn.Embedding(num_puzzles, self.ndim, sparse=True) if self.ndim else None
        if self.embedding is not None:
            self.embedding.weight.data.zero_()

    def forward(self, batch: dict[str, torch.Tensor], dtype: torch.dtype) -> torch.Tensor:
        ids = batch["puzzle_ids"]
        width = self.prefix_len * self.hidden_size
        if self.embedding is None:
            return torch.zeros(len(ids), self.prefix_len, self.hidden_size, device=ids.device, dtype=dtype)
        vectors = self.embedding(ids).to(dtype)
        vectors = nn.functional.pad(vectors, (0, width - self.ndim))
        return vectors.view(len(ids), self.prefix_len, self.hidden_size)


# Name → conditioning module class: (config, num_puzzles) → module with `prefix_len` and
# forward(batch, dtype) → (B, prefix_len, hidden). New conditionings (e.g. an encoder of the
# demonstration pairs) register here and need no other change to the models.
CONDITIONINGS: dict[str, type[nn.Module]] = {"puzzle": PuzzleConditioning}
# Conditionings in their own modules, imported when a model uses them. A conditioning may also offer
# `batch_fields(data, which)` (extra per-example batch arrays), `task_fields(task, side)` (the same for a
# task the harness gives), `auxiliary(carry, outputs)` (extra loss + metrics) and `group_name`.
LAZY_CONDITIONINGS = {"demos": "solvers.grid.encoders:DemoConditioning",
                      "text": "solvers.grid.hybrid:TextConditioning",
                      "efe": "solvers.grid.efe:EFEConditioning"}


def conditioning_class(name: str) -> type[nn.Module]:
    if name in CONDITIONINGS:
        return CONDITIONINGS[name]
    import importlib

    module, attribute = LAZY_CONDITIONINGS[name].split(":")
    return getattr(importlib.import_module(module), attribute)


def _stack(config: GridModelConfig, layers: int) -> Stack:
    return Stack(layers, config.hidden_size, config.num_heads, config.expansion, config.rms_norm_eps)


def _init_vector(size: int) -> torch.Tensor:
    return trunc_normal_(torch.empty(size), std=1.0)


class TRMCore(nn.Module):
    """TRM: one network, state (y, z)."""

    def __init__(self, config: GridModelConfig):
        super().__init__()
        self.config = config
        self.net = _stack(config, config.num_layers)
        self.register_buffer("y_init", _init_vector(config.hidden_size))
        self.register_buffer("z_init", _init_vector(config.hidden_size))

    def init_vectors(self) -> State:
        return self.y_init, self.z_init

    def forward(self, state: State, x: torch.Tensor, rope) -> State:
        y, z = state
        cycles, inner = self.config.h_cycles, self.config.l_cycles
        with torch.no_grad():
            for _ in range(cycles - 1):
                injection = y + x  # y is fixed through the inner cycles
                for _ in range(inner):
                    z = self.net(z, injection, rope)
                y = self.net(y, z, rope)
        injection = y + x
        for _ in range(inner):
            z = self.net(z, injection, rope)
        y = self.net(y, z, rope)
        return y, z


class HRMCore(nn.Module):
    """HRM: modules H and L, state (z_H, z_L)."""

    def __init__(self, config: GridModelConfig):
        super().__init__()
        self.config = config
        self.h_level = _stack(config, config.h_layers or config.num_layers)
        self.l_level = _stack(config, config.num_layers)
        self.register_buffer("h_init", _init_vector(config.hidden_size))
        self.register_buffer("l_init", _init_vector(config.hidden_size))

    def init_vectors(self) -> State:
        return self.h_init, self.l_init

    def forward(self, state: State, x: torch.Tensor, rope) -> State:
        z_h, z_l = state
        cycles, inner = self.config.h_cycles, self.config.l_cycles
        with torch.no_grad():
            for step in range(cycles * inner - 1):
                z_l = self.l_level(z_l, z_h + x, rope)
                if (step + 1) % inner == 0:
                    z_h = self.h_level(z_h, z_l, rope)
        z_l = self.l_level(z_l, z_h + x, rope)
        z_h = self.h_level(z_h, z_l, rope)
        return z_h, z_l


class TransformerCore(nn.Module):
    """Plain transformer: `num_layers` blocks on the input, state (y,) carried only for the interface."""

    def __init__(self, config: GridModelConfig):
        super().__init__()
        self.net = _stack(config, config.num_layers)
        self.register_buffer("y_init", torch.zeros(config.hidden_size))

    def init_vectors(self) -> State:
        return (self.y_init,)

    def forward(self, state: State, x: torch.Tensor, rope) -> State:
        return (self.net(x, None, rope),)


CORES: dict[str, type[nn.Module]] = {"trm": TRMCore, "hrm": HRMCore, "transformer": TransformerCore}


class StepOutput(NamedTuple):
    state: State  # detached: the next ACT step starts from it without gradient
    logits: torch.Tensor  # (B, L, VOCAB_SIZE) for the grid positions
    q_logits: torch.Tensor  # (B, 2) float32: halt, continue
    answer: torch.Tensor  # (B, P + L, hidden) the state the logits are read from (for halting rules)


class GridModel(nn.Module):
    """Embedding + conditioning + recurrent core + LM and Q heads; one ACT step per call."""

    def __init__(self, config: GridModelConfig, *, seq_len: int, num_puzzles: int):
        super().__init__()
        config.check()
        self.config, self.seq_len, self.num_puzzles = config, seq_len, num_puzzles
        hidden = config.hidden_size
        self.embed_scale = math.sqrt(hidden)
        self.embed_tokens = nn.Embedding(encoding.VOCAB_SIZE, hidden)
        trunc_normal_(self.embed_tokens.weight.data, 1.0 / self.embed_scale)
        self.conditioning = conditioning_class(config.conditioning)(config, num_puzzles)
        self.prefix_len = self.conditioning.prefix_len
        self.rope = RotaryEmbedding(hidden // config.num_heads, seq_len + self.prefix_len, config.rope_theta)
        self.core = CORES[config.arch](config)
        self.lm_head = linear(hidden, encoding.VOCAB_SIZE)
        self.q_head = linear(hidden, 2, bias=True)
        with torch.no_grad():  # Q starts near "don't halt" so early training is not cut short
            self.q_head.weight.zero_()
            self.q_head.bias.fill_(-5.0)

    def describe(self) -> dict:
        """What a checkpoint needs to rebuild this model."""
        return {"config": asdict(self.config), "seq_len": self.seq_len, "num_puzzles": self.num_puzzles}

    def embed(self, batch: dict[str, torch.Tensor]) -> torch.Tensor:
        tokens = self.embed_tokens(batch["inputs"].long())
        prefix = self.conditioning(batch, tokens.dtype)
        return self.embed_scale * torch.cat((prefix, tokens), dim=1)

    def initial_state(self, batch_size: int) -> State:
        shape = (batch_size, self.prefix_len + self.seq_len, self.config.hidden_size)
        return tuple(v.expand(shape).clone() for v in self.core.init_vectors())

    def reset_state(self, reset: torch.Tensor, state: State) -> State:
        """The state with the rows flagged in `reset` (B,) set back to the initial vectors."""
        mask = reset.view(-1, 1, 1)
        return tuple(torch.where(mask, init.to(s.dtype), s) for init, s in zip(self.core.init_vectors(), state,
                                                                              strict=True))

    def forward(self, state: State, batch: dict[str, torch.Tensor]) -> StepOutput:
        x = self.embed(batch)
        new_state = self.core(tuple(s.to(x.dtype) for s in state), x, self.rope())
        answer = new_state[0]
        logits = self.lm_head(answer)[:, self.prefix_len:]
        q_logits = self.q_head(answer[:, 0]).float()
        return StepOutput(tuple(s.detach() for s in new_state), logits, q_logits, answer)

    def sparse_parameters(self) -> list[nn.Parameter]:
        """Parameters with sparse gradients (puzzle embeddings): they take the sparse optimizer."""
        return [m.weight for m in self.modules() if isinstance(m, nn.Embedding) and m.sparse]

    def parameter_groups(self) -> dict[str, list[nn.Parameter]]:
        """Parameters by module, for per-module gradient norms: embed, conditioning, each core
        module, heads."""
        groups = {"embed": list(self.embed_tokens.parameters()),
                  getattr(self.conditioning, "group_name", "conditioning"): list(self.conditioning.parameters())}
        for name, child in self.core.named_children():
            groups[name.replace("_level", "")] = list(child.parameters())
        groups["heads"] = [*self.lm_head.parameters(), *self.q_head.parameters()]
        return {name: params for name, params in groups.items() if params}

    def num_parameters(self, include_puzzles: bool = True) -> int:
        sparse = {id(p) for p in self.sparse_parameters()}
        return sum(p.numel() for p in self.parameters() if include_puzzles or id(p) not in sparse)
