"""Deep supervision and halting: the outer loop around a grid model.

Every call of `act_step` runs the model for one outer step on a fixed-size batch of *slots*. A slot
keeps its example and its carried state across calls until it halts; then the next call resets it and
loads a fresh example from the incoming batch (so training never waits for the slowest example). Each
step is supervised (`deep_supervision_loss`), the state is detached between steps.

Halting rules (`HaltingConfig.halting`, compared in the HRM ablations):

    act          the Q-head decides: halt when q_halt > 0 (or q_halt > q_continue with q_continue on),
                 with exploration (probability `halt_exploration_prob` of a random minimum of 2..max
                 steps) and a hard cap of `halt_max_steps`. Like the reference, evaluation runs every
                 example for `halt_max_steps` unless `act_eval_halting` is set.
    fixed        exactly `halt_max_steps` steps, in training and evaluation
    random       a budget drawn uniformly from halt_min_steps..halt_max_steps per example
    equilibrium  stop when the answer state moves less than `equilibrium_threshold` (relative L2
                 change) in one step, or at `halt_max_steps`

The Q-head is trained in every mode (binary cross-entropy of q_halt against "the current answer is
exactly right"), so its calibration can be measured whatever rule decides the halting.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import torch
import torch.nn.functional as F

from data.errors import UserError
from solvers.grid import encoding
from solvers.grid.models import GridModel, State

HALTING_MODES = ("act", "fixed", "random", "equilibrium")
LOSSES = ("stablemax", "softmax")
# The metrics of an outer step (`deep_supervision_loss`) are sums. These score the examples that halted in
# the step, `COUNT` of them; every other metric (the losses, a conditioning's auxiliary terms) sums over slots.
COUNT = "count"
HALTED_EXAMPLE_METRICS = ("accuracy", "exact_accuracy", "q_halt_accuracy", "steps")


@dataclass
class HaltingConfig:
    """How many outer steps an example gets, and how the model learns when to stop."""

    halting: str = field(default="act", metadata={"help": "act | fixed | random | equilibrium."})
    halt_max_steps: int = field(default=16, metadata={"help": "Most outer (supervision) steps per example."})
    halt_exploration_prob: float = field(default=0.1, metadata={
        "help": "act: probability of forcing a random minimum number of steps (training only)."})
    halt_min_steps: int = field(default=1, metadata={"help": "random: fewest steps of the random budget."})
    q_continue: bool = field(default=False, metadata={
        "help": "act: learn Q-continue with a bootstrapped target (HRM); off = halt on sigmoid(q_halt) (TRM)."})
    equilibrium_threshold: float = field(default=1e-3, metadata={
        "help": "equilibrium: halt when |Δanswer| / |answer| falls below this."})
    act_eval_halting: bool = field(default=False, metadata={
        "help": "act: at evaluation, halt when q_halt > 0 instead of always running halt_max_steps."})
    loss: str = field(default="stablemax", metadata={"help": "stablemax | softmax cross-entropy."})

    def check(self) -> None:
        if self.halting not in HALTING_MODES:
            raise UserError(f"halting must be one of {', '.join(HALTING_MODES)}, got {self.halting!r}")
        if self.loss not in LOSSES:
            raise UserError(f"loss must be one of {', '.join(LOSSES)}, got {self.loss!r}")
        if not 1 <= self.halt_min_steps <= self.halt_max_steps:
            raise UserError("need 1 <= halt_min_steps <= halt_max_steps")


@dataclass
class Carry:
    """The slots of the outer loop."""

    state: State
    steps: torch.Tensor  # (B,) int: steps taken by the slot's current example
    halted: torch.Tensor  # (B,) bool: the slot's example is done (reloaded on the next call)
    budget: torch.Tensor  # (B,) int: random mode's step budget
    data: dict[str, torch.Tensor]  # the slots' current examples


def initial_carry(model: GridModel, batch: dict[str, torch.Tensor]) -> Carry:
    """All slots halted, so the first step loads the whole batch."""
    size = len(batch["inputs"])
    device = batch["inputs"].device
    return Carry(
        state=tuple(s.to(device) for s in model.initial_state(size)),
        steps=torch.zeros(size, dtype=torch.int32, device=device),
        halted=torch.ones(size, dtype=torch.bool, device=device),
        budget=torch.zeros(size, dtype=torch.int32, device=device),
        data={k: torch.empty_like(v) for k, v in batch.items()},
    )


def _relative_change(new: torch.Tensor, old: torch.Tensor) -> torch.Tensor:
    new, old = new.detach().float().flatten(1), old.detach().float().flatten(1)
    return (new - old).norm(dim=1) / old.norm(dim=1).clamp_min(1e-6)


def act_step(model: GridModel, config: HaltingConfig, carry: Carry, batch: dict[str, torch.Tensor], *,
             training: bool, generator: torch.Generator | None = None) -> tuple[Carry, dict[str, torch.Tensor]]:
    """One outer step: reload halted slots from `batch`, run the model, decide which slots halt.

    `model` may be wrapped (DDP); `inner` must expose reset_state (the unwrapped GridModel does)."""
    inner = getattr(model, "module", model)
    halted = carry.halted
    state = inner.reset_state(halted, carry.state)
    steps = torch.where(halted, 0, carry.steps)
    data = {k: torch.where(halted.view(-1, *([1] * (v.ndim - 1))), batch[k], v) for k, v in carry.data.items()}
    low, high = config.halt_min_steps, config.halt_max_steps
    fresh_budget = torch.randint(low, high + 1, steps.shape, device=steps.device, generator=generator,
                                 dtype=torch.int32) if config.halting == "random" else carry.budget
    budget = torch.where(halted, fresh_budget, carry.budget)

    output = model(state, data)
    q_halt, q_continue = output.q_logits[:, 0], output.q_logits[:, 1]
    outputs = {"logits": output.logits, "q_halt_logits": q_halt, "q_continue_logits": q_continue}

    with torch.no_grad():
        steps = steps + 1
        last = steps >= config.halt_max_steps
        change = _relative_change(output.state[0], state[0])
        outputs["change"] = change
        if config.halting == "fixed":
            new_halted = last
        elif config.halting == "random":
            new_halted = last | (steps >= budget)
        elif config.halting == "equilibrium":
            new_halted = last | (change < config.equilibrium_threshold)
        elif training and config.halt_max_steps > 1:  # act, training
            wants = q_halt > q_continue if config.q_continue else q_halt > 0
            explore = torch.rand(q_halt.shape, device=q_halt.device, generator=generator) < config.halt_exploration_prob
            min_steps = explore * torch.randint(2, config.halt_max_steps + 1, steps.shape, device=steps.device,
                                                generator=generator, dtype=torch.int32)
            new_halted = (last | wants) & (steps >= min_steps)
        else:  # act, evaluation
            new_halted = last | (q_halt > 0) if config.act_eval_halting else last
        if training and config.halting == "act" and config.q_continue:
            # Bootstrapped target (no replay buffer: the batch's many parallel slots play that role).
            next_q = model(output.state, data).q_logits
            target = torch.where(last, next_q[:, 0], next_q.max(dim=1).values)
            outputs["target_q_continue"] = torch.sigmoid(target)

    return Carry(output.state, steps, new_halted, budget, data), outputs


def stablemax_cross_entropy(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Per-token cross-entropy under stablemax (s(x) = x + 1 for x ≥ 0, 1 / (1 − x) below), which
    avoids softmax collapse in long training (reference loss for ARC); 0 where labels are ignored."""
    logits = logits.double()
    s = torch.where(logits < 0, 1 / (1 - logits + 1e-30), logits + 1)
    logprobs = torch.log(s / s.sum(dim=-1, keepdim=True))
    valid = labels != encoding.IGNORE_LABEL
    picked = torch.gather(logprobs, -1, torch.where(valid, labels, 0).unsqueeze(-1)).squeeze(-1)
    return -torch.where(valid, picked, 0)


def softmax_cross_entropy(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Per-token softmax cross-entropy; 0 where labels are ignored."""
    return F.cross_entropy(logits.float().flatten(0, 1), labels.flatten(), ignore_index=encoding.IGNORE_LABEL,
                           reduction="none").view(labels.shape)


def deep_supervision_loss(carry: Carry, outputs: dict[str, torch.Tensor], loss: str = "stablemax"
                          ) -> tuple[torch.Tensor, dict[str, torch.Tensor]]:
    """Summed loss of one outer step and summed metrics of the examples that halted in it.

    loss = lm_loss + ½ (q_halt_loss + q_continue_loss), where lm_loss is the per-example mean token
    loss summed over slots, and q_halt_loss is BCE(q_halt, answer exactly right). Metrics (sums; see
    `mean_metrics`): `count` and HALTED_EXAMPLE_METRICS — accuracy (token), exact_accuracy,
    q_halt_accuracy, steps — over halted slots only, as an example is scored when it stops; the losses
    over every slot."""
    labels = carry.data["labels"]
    logits = outputs["logits"]
    mask = labels != encoding.IGNORE_LABEL
    counts = mask.sum(-1)
    divisor = counts.clamp_min(1).unsqueeze(-1)
    with torch.no_grad():
        correct = mask & (logits.argmax(-1) == labels)
        exact = correct.sum(-1) == counts
        valid = carry.halted & (counts > 0)
        q_right = (outputs["q_halt_logits"] >= 0) == exact
        halted_sums = (torch.where(valid, (correct.float() / divisor).sum(-1), 0).sum(), (valid & exact).sum(),
                       (valid & q_right).sum(), torch.where(valid, carry.steps, 0).sum())
        metrics = {COUNT: valid.sum(), **dict(zip(HALTED_EXAMPLE_METRICS, halted_sums, strict=True))}
    token_loss = stablemax_cross_entropy(logits, labels) if loss == "stablemax" else softmax_cross_entropy(logits, labels)
    lm_loss = (token_loss / divisor).sum()
    q_halt_loss = F.binary_cross_entropy_with_logits(outputs["q_halt_logits"], exact.float(), reduction="sum")
    metrics["lm_loss"], metrics["q_halt_loss"] = lm_loss.detach(), q_halt_loss.detach()
    total = lm_loss + 0.5 * q_halt_loss
    if "target_q_continue" in outputs:
        q_continue_loss = F.binary_cross_entropy_with_logits(outputs["q_continue_logits"],
                                                             outputs["target_q_continue"], reduction="sum")
        metrics["q_continue_loss"] = q_continue_loss.detach()
        total = total + 0.5 * q_continue_loss
    return total.float(), metrics


def mean_metrics(sums: dict[str, float], slots: int) -> dict[str, float]:
    """Means of step metrics summed over some steps (and processes) that ran `slots` slots in all: the
    halted-example metrics per halted example (`COUNT`, at least 1), every other metric per slot. `COUNT`
    comes first, the rest in their order."""
    count = max(sums[COUNT], 1.0)
    return {COUNT: count, **{name: value / (count if name in HALTED_EXAMPLE_METRICS else slots)
                             for name, value in sums.items() if name != COUNT}}
