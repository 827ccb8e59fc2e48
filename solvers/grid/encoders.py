"""ETRM: TRM whose puzzle embedding is replaced by an encoder of the demonstration pairs.

`DemoConditioning` is the `demos` conditioning of `solvers.grid.models`: it encodes the example's
demonstration pairs (`solvers.grid.demos`) into the `prefix_len` conditioning tokens the TRM/HRM core
reads. It runs inside the model's forward, so the demonstrations are re-encoded at every ACT step and
the encoder gets gradient from every supervised step (in ETRM, a cached encoder starved of gradient).

Encoders (`encoder:` in the recipe); each demonstration is the sequence [input tokens ; output tokens]
(plus learned latent tokens where noted) through `encoder_layers` transformer blocks:

    standard     mean-pool each demonstration's token states, average over demonstrations, project to
                 the prefix tokens
    variational  standard, but the pooled vector gives μ and log σ²; z ~ N(μ, σ²) in training (μ at
                 evaluation) and a KL(q‖N(0, I)) term weighted by `kl_weight` joins the loss
    lpn          LPN-style: `prefix_len` learned latent tokens ride along each demonstration; their
                 output states, averaged over demonstrations, are the prefix
    hybrid       lpn tokens + the projected standard vector
    recurrent    ETRM²: the encoder keeps its own latent z_E (`prefix_len` tokens) and refines it
                 `encoder_refine_steps` times by attending to the pooled demonstrations (weights shared
                 across refinements, like TRM's net); z_E is re-derived at every ACT step alongside
                 the decoder's recursion, not carried between steps

ETRM's encoder health metrics are recorded on every training forward and reported through
`auxiliary`: encoder_cross_sample_var, encoder_output_mean/std/norm, encoder_token_std (the parameter
group is named `encoder`, so training logs grad/encoder_norm); `early_stop_flags` applies ETRM's
early-stop rules (encoder gradient < 0.05, collapsed cross-sample variance < 0.05).
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from data.errors import UserError
from data.grid import MAX_SIDE
from solvers.grid import encoding
from solvers.grid.layers import RotaryEmbedding, Stack, linear, rms_norm, trunc_normal_

ENCODERS = ("standard", "variational", "lpn", "hybrid", "recurrent")
# ETRM's early-stop thresholds.
MIN_ENCODER_GRAD = 0.05
MIN_CROSS_SAMPLE_VAR = 0.05


class DemoConditioning(nn.Module):
    """Demonstration encoder → conditioning prefix (see the module docstring)."""

    group_name = "encoder"

    def __init__(self, config, num_puzzles: int):
        super().__init__()
        if config.encoder not in ENCODERS:
            raise UserError(f"encoder must be one of {', '.join(ENCODERS)}, got {config.encoder!r}")
        if config.max_demos < 1 or config.encoder_layers < 1 or config.encoder_refine_steps < 1:
            raise UserError("max_demos, encoder_layers and encoder_refine_steps must be >= 1")
        hidden = config.hidden_size
        self.kind, self.hidden, self.prefix_len = config.encoder, hidden, config.prefix_len
        self.max_demos, self.kl_weight, self.refine_steps = config.max_demos, config.kl_weight, config.encoder_refine_steps
        self.scale = math.sqrt(hidden)
        self.embed = nn.Embedding(encoding.VOCAB_SIZE, hidden)
        trunc_normal_(self.embed.weight.data, 1.0 / self.scale)
        self.side = nn.Parameter(trunc_normal_(torch.empty(2, hidden), 1.0 / self.scale))  # input / output marker
        self.num_latents = self.prefix_len if self.kind in ("lpn", "hybrid") else 0
        if self.num_latents:
            self.latents = nn.Parameter(trunc_normal_(torch.empty(self.num_latents, hidden), 1.0))
        self.body = Stack(config.encoder_layers, hidden, config.num_heads, config.expansion, config.rms_norm_eps)
        self.rope = RotaryEmbedding(hidden // config.num_heads, 2 * encoding.seq_len(MAX_SIDE) + self.num_latents,
                                    config.rope_theta)
        if self.kind in ("standard", "hybrid"):
            self.project = linear(hidden, self.prefix_len * hidden)
        if self.kind == "variational":
            self.mu = linear(hidden, hidden)
            self.logvar = linear(hidden, hidden, bias=True)
            self.project = linear(hidden, self.prefix_len * hidden)
        if self.kind == "lpn":
            self.project = linear(hidden, hidden)
        if self.kind == "recurrent":
            self.z_init = nn.Parameter(trunc_normal_(torch.empty(self.prefix_len, hidden), 1.0))
            self.refine = Stack(1, hidden, config.num_heads, config.expansion, config.rms_norm_eps)
        self._sources: dict = {}
        self.last_stats: dict[str, torch.Tensor] = {}
        self.last_kl: torch.Tensor | None = None

    def batch_fields(self, data, which: str):
        """rows of split `which` of a GridData → their demonstration arrays."""
        from solvers.grid.demos import DemoSource

        key = data.info.get("fingerprint")
        if key not in self._sources:  # building loads the task files: once per dataset
            self._sources[key] = DemoSource.build(data, self.max_demos)
        source = self._sources[key]
        return lambda rows: source.fields(which, np.asarray(rows))

    def task_fields(self, task, side: int) -> dict[str, np.ndarray]:
        from solvers.grid.demos import task_demos

        return task_demos(task, side, self.max_demos)

    def _encode_demos(self, batch: dict[str, torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Token states of each valid demonstration: (M, latents + 2L, H), plus the (B, K) mask."""
        mask = batch["demo_mask"].bool()
        inputs, outputs = batch["demo_inputs"][mask].long(), batch["demo_outputs"][mask].long()
        tokens = torch.cat((self.embed(inputs) + self.side[0], self.embed(outputs) + self.side[1]), dim=1) * self.scale
        if self.num_latents:
            tokens = torch.cat((self.latents.expand(len(tokens), -1, -1).to(tokens.dtype), tokens), dim=1)
        states = self.body(tokens, None, self.rope())
        return states, mask, tokens

    def _average(self, per_demo: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Mean over each example's valid demonstrations: (M, ...) → (B, ...); zeros when it has none."""
        full = per_demo.new_zeros((*mask.shape, *per_demo.shape[1:]))
        full[mask] = per_demo
        counts = mask.sum(1).clamp_min(1).view(-1, *([1] * (per_demo.ndim - 1)))
        return full.sum(1) / counts.to(per_demo.dtype)

    def forward(self, batch: dict[str, torch.Tensor], dtype: torch.dtype) -> torch.Tensor:
        states, mask, _ = self._encode_demos(batch)
        size = len(mask)
        pooled = states[:, self.num_latents:].mean(1)  # (M, H)
        kl = None
        if self.kind == "standard":
            out = self.project(self._average(pooled, mask)).view(size, self.prefix_len, self.hidden)
        elif self.kind == "variational":
            context = self._average(pooled, mask)
            mu, logvar = self.mu(context), self.logvar(context).clamp(-10, 10)
            z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar) if self.training else mu
            kl = -0.5 * (1 + logvar - mu.square() - logvar.exp()).sum(-1)
            out = self.project(z).view(size, self.prefix_len, self.hidden)
        elif self.kind == "lpn":
            out = self.project(self._average(states[:, :self.num_latents], mask))
        elif self.kind == "hybrid":
            latents = self._average(states[:, :self.num_latents], mask)
            out = latents + self.project(self._average(pooled, mask)).view(size, self.prefix_len, self.hidden)
        else:  # recurrent (ETRM²)
            demos = pooled.new_zeros(*mask.shape, self.hidden)
            demos[mask] = pooled
            # Padded demonstration slots repeat the example's mean demonstration, so attending to them
            # adds nothing new (the blocks have no attention mask).
            mean = self._average(pooled, mask).unsqueeze(1)
            demos = torch.where(mask.unsqueeze(-1), demos, mean)
            z = self.z_init.expand(size, -1, -1).to(demos.dtype)
            for _ in range(self.refine_steps):
                z = self.refine(torch.cat((z, demos), dim=1), None, None)[:, :self.prefix_len]
            out = z
        out = rms_norm(out, 1e-5)
        if torch.is_grad_enabled():  # training forward (not the Q bootstrap, not evaluation)
            with torch.no_grad():
                self.last_stats = {
                    "encoder_cross_sample_var": out.float().var(0, unbiased=False).mean() if size > 1 else out.new_zeros(()),
                    "encoder_output_mean": out.float().mean(),
                    "encoder_output_std": out.float().std(),
                    "encoder_output_norm": out.float().flatten(1).norm(dim=1).mean(),
                    "encoder_token_std": states[:, self.num_latents:].float().std(1).mean() if len(states) else out.new_zeros(()),
                }
            self.last_kl = kl
        # The model scales the prefix by sqrt(hidden) like token embeddings: unit RMS after that.
        return (out / self.scale).to(dtype)

    def auxiliary(self, carry, outputs) -> tuple[torch.Tensor | None, dict[str, torch.Tensor]]:
        """Extra loss (KL, summed over the batch) and metrics (batch sums, so training logs their means)."""
        size = len(carry.halted)
        metrics = {k: v * size for k, v in self.last_stats.items()}
        loss = None
        if self.last_kl is not None:
            loss = self.kl_weight * self.last_kl.sum()
            metrics["kl_loss"] = self.last_kl.detach().sum()
        self.last_stats, self.last_kl = {}, None
        return loss, metrics

    def health(self, record: dict) -> dict[str, float]:
        return early_stop_flags(record)


def early_stop_flags(record: dict) -> dict[str, float]:
    """ETRM's early-stop rules on one logged record: encoder gradient share and starvation, collapsed variance."""
    flags = {}
    encoder, total = record.get("grad/encoder_norm"), record.get("grad/total_norm")
    if encoder is not None and total:
        flags["grad/encoder_ratio"] = encoder / total
        flags["health/encoder_grad_starved"] = float(encoder < MIN_ENCODER_GRAD)
    variance = record.get("train/encoder_cross_sample_var")
    if variance is not None:
        flags["health/encoder_collapsed"] = float(variance < MIN_CROSS_SAMPLE_VAR)
    return flags
