"""EFE memory agent: a text-model encoder of the task (`solvers.grid.hybrid`, frozen or trainable with
`freeze_text: false`) feeding the grid core, trained with an expected-free-energy loss (the objective of
active inference) whose components are logged separately, and a memory bank of solutions.

Components (per example; weights `efe_weights`, e.g. "risk=1,ambiguity=0.1,consistency=0.1,..."):

    risk           cross-entropy of the predicted grid against the target (the preferred outcome); the
                   core's lm_loss already carries weight 1, so only (w_risk − 1)·risk is added
    ambiguity      mean entropy of the predicted colour distribution (uncertain predictions cost)
    consistency    1 − cos(task context, solution embedding): the prompt and the predicted solution
                   agree (bounded in [0, 2], never negative — an unbounded version went negative)
    bidirectional  the solution embedding must predict the input grid's colour histogram (inverse model), as
                   KL(histogram ‖ prediction): 0 when it does (the cross-entropy's floor, the histogram's own
                   entropy, is subtracted: same gradient, but an example can now score under the threshold)
    step           1 − P(halt): a cost for every further reasoning step

The solution embedding is read from the *detached* predicted distribution: consistency and bidirectional train
the solution/inverse heads and the task context, not the predicted grid itself. Measured: with the gradient
flowing into the prediction, the full loss held the agent at 32.7 % exact on its overfit pairs (the
bidirectional term pulled every prediction toward its input's colours); risk alone reached 96.3 %.

Memory bank: `efe_memory_size` slots of (task context → solution embedding); an example whose total
EFE is below `efe_success_threshold` is written (ring buffer). The forward reads the bank by attention
over the stored contexts and adds the recalled solution to the conditioning (`read_memory = False`, or
`arc-grid eval --no-memory-reads`, switches reads off: the ablation). Each training step logs every
component, its weighted scale, `memory_updates` (writes this step), `memory_reads` (bank reads this
step: examples × forwards, the Q-target forward included) and `memory_size`. The bank is state, not
weights: the EMA copy holds the live bank (`state_buffers`), not a moving average of its slots.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from data.errors import UserError
from solvers.grid import encoding
from solvers.grid.hybrid import TextConditioning
from solvers.grid.layers import linear

COMPONENTS = ("risk", "ambiguity", "consistency", "bidirectional", "step")


def parse_weights(text: str) -> dict[str, float]:
    weights = dict.fromkeys(COMPONENTS, 0.0)
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, _, value = item.partition("=")
        if name not in weights:
            raise UserError(f"efe_weights: unknown component {name!r}; components: {', '.join(COMPONENTS)}")
        weights[name] = float(value)
    return weights


class EFEConditioning(TextConditioning):
    """Text conditioning + solution memory + the EFE loss (see the module docstring)."""

    group_name = "agent"
    # Buffers the trainer's EMA copies as they are instead of averaging them (an averaged slot is no solution).
    state_buffers = ("memory_keys", "memory_values", "memory_filled", "memory_cursor")

    def __init__(self, config, num_puzzles: int):
        super().__init__(config, num_puzzles)
        self.weights, self.threshold = parse_weights(config.efe_weights), config.efe_success_threshold
        hidden = self.hidden
        self.solution = linear(encoding.VOCAB_SIZE, hidden)  # predicted distribution → solution embedding
        self.inverse = linear(hidden, encoding.VOCAB_SIZE)  # solution → input colour histogram
        self.recall = linear(hidden, hidden)
        size = config.efe_memory_size
        self.register_buffer("memory_keys", torch.zeros(size, hidden))
        self.register_buffer("memory_values", torch.zeros(size, hidden))
        self.register_buffer("memory_filled", torch.zeros(size))  # 1.0 where a slot holds a solution
        self.register_buffer("memory_cursor", torch.zeros(()))
        self.context: torch.Tensor | None = None
        self.read_memory = True
        self.reads = 0  # examples × forwards that read the bank since the last training step's metrics

    def forward(self, batch: dict[str, torch.Tensor], dtype: torch.dtype) -> torch.Tensor:
        prefix = super().forward(batch, dtype) * self.hidden ** 0.5  # unit RMS
        context = prefix.mean(1)
        if self.read_memory and bool(self.memory_filled.any()):
            self.reads += len(context)
            filled = self.memory_filled.bool()
            scores = F.normalize(context, dim=-1) @ F.normalize(self.memory_keys[filled].to(dtype), dim=-1).T
            recalled = torch.softmax(scores * 10, dim=-1) @ self.memory_values[filled].to(dtype)
            prefix = prefix + self.recall(recalled).unsqueeze(1)
        if torch.is_grad_enabled():
            self.context = context
        return prefix / self.hidden ** 0.5

    def components(self, batch: dict[str, torch.Tensor], outputs: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
        """Per-example EFE components (B,) of one step."""
        labels, logits = batch["labels"], outputs["logits"].float()
        mask = labels != encoding.IGNORE_LABEL
        count = mask.sum(-1).clamp_min(1)
        logprobs = logits.log_softmax(-1)
        probs = logprobs.exp()
        picked = torch.gather(logprobs, -1, torch.where(mask, labels, 0).unsqueeze(-1)).squeeze(-1)
        risk = -(picked * mask).sum(-1) / count
        ambiguity = -((probs * logprobs).sum(-1) * mask).sum(-1) / count
        solution = self.solution((probs.detach() * mask.unsqueeze(-1)).sum(1) / count.unsqueeze(-1))
        consistency = 1 - F.cosine_similarity(solution, self.context.float(), dim=-1)
        colours = F.one_hot(batch["inputs"].long(), encoding.VOCAB_SIZE).float()
        histogram = colours[..., encoding.COLOUR_OFFSET:].sum(1)
        histogram = F.pad(histogram / histogram.sum(-1, keepdim=True).clamp_min(1), (encoding.COLOUR_OFFSET, 0))
        entropy = -(histogram * histogram.clamp_min(1e-12).log()).sum(-1)
        bidirectional = -(histogram * self.inverse(solution).log_softmax(-1)).sum(-1) - entropy
        step = 1 - torch.sigmoid(outputs["q_halt_logits"].float())
        self._solution = solution
        return {"risk": risk, "ambiguity": ambiguity, "consistency": consistency, "bidirectional": bidirectional,
                "step": step}

    def auxiliary(self, carry, outputs) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
        parts = self.components(carry.data, outputs)
        efe = sum(self.weights[name] * value for name, value in parts.items())
        extra = (self.weights["risk"] - 1) * parts["risk"]
        extra = extra + sum(self.weights[n] * parts[n] for n in COMPONENTS if n != "risk")
        metrics = {f"efe_{name}": value.detach().sum() for name, value in parts.items()}
        metrics.update({f"efe_scale_{name}": (self.weights[name] * value.detach()).sum() for name, value in parts.items()})
        metrics["efe_total"] = efe.detach().sum()
        size = len(efe)
        metrics["memory_updates"] = self.store(efe.detach()) * size  # logged per step (train divides by batch)
        metrics["memory_size"] = self.memory_filled.sum() * size
        metrics["memory_reads"] = torch.tensor(float(self.reads)) * size
        self.reads = 0
        self.context = None
        return extra.sum(), metrics

    @torch.no_grad()
    def store(self, efe: torch.Tensor) -> torch.Tensor:
        """Write the solutions of examples whose EFE is under the threshold; the number written."""
        chosen = (efe < self.threshold).nonzero().squeeze(1)
        slots = len(self.memory_filled)
        for row in chosen[:slots].tolist():
            slot = int(self.memory_cursor) % slots
            self.memory_keys[slot] = self.context[row].detach().float()
            self.memory_values[slot] = self._solution[row].detach().float()
            self.memory_filled[slot] = 1.0
            self.memory_cursor += 1
        return torch.tensor(float(min(len(chosen), slots)))
