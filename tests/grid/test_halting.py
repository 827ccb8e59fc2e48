"""Outer loop: halting rules, slot reloading, Q targets, deep-supervision loss."""

import math

import torch

from solvers.grid import encoding
from solvers.grid.halting import (
    COUNT,
    HALTED_EXAMPLE_METRICS,
    HaltingConfig,
    act_step,
    deep_supervision_loss,
    initial_carry,
    mean_metrics,
    softmax_cross_entropy,
    stablemax_cross_entropy,
)


def run(model, config, data, calls, training=True, seed=0):
    carry = initial_carry(model, data)
    generator = torch.Generator().manual_seed(seed)
    history = []
    for _ in range(calls):
        carry, outputs = act_step(model, config, carry, data, training=training, generator=generator)
        history.append((carry.halted.clone(), carry.steps.clone()))
    return carry, outputs, history


def test_fixed_halts_exactly_at_max_steps(tiny, batch):
    _, _, history = run(tiny(), HaltingConfig(halting="fixed", halt_max_steps=3), batch(), 3)
    assert [h.all().item() for h, _ in history] == [False, False, True]


def test_act_evaluation_runs_every_example_to_max_steps(tiny, batch):
    model = tiny()
    with torch.no_grad():
        model.q_head.bias.fill_(5.0)  # the Q-head wants to halt at once
    _, _, history = run(model, HaltingConfig(halting="act", halt_max_steps=3), batch(), 3, training=False)
    assert not history[1][0].any() and history[2][0].all()


def test_act_training_halts_when_q_says_so(tiny, batch):
    model = tiny()
    with torch.no_grad():
        model.q_head.bias.fill_(5.0)
    config = HaltingConfig(halting="act", halt_max_steps=8, halt_exploration_prob=0.0)
    _, _, history = run(model, config, batch(), 1)
    assert history[0][0].all()


def test_act_exploration_forces_extra_steps(tiny, batch):
    model = tiny()
    with torch.no_grad():
        model.q_head.bias.fill_(5.0)
    config = HaltingConfig(halting="act", halt_max_steps=8, halt_exploration_prob=1.0)
    _, _, history = run(model, config, batch(16), 1)
    assert not history[0][0].any()  # every example was given a minimum of ≥ 2 steps


def test_random_budgets_lie_in_range_and_vary(tiny, batch):
    config = HaltingConfig(halting="random", halt_min_steps=1, halt_max_steps=4)
    model, data = tiny(), batch(32)
    carry = initial_carry(model, data)
    carry, _ = act_step(model, config, carry, data, training=False, generator=torch.Generator().manual_seed(1))
    assert 1 <= carry.budget.min() and carry.budget.max() <= 4 and len(set(carry.budget.tolist())) > 1


def test_equilibrium_halts_when_the_answer_stops_moving(tiny, batch):
    loose = HaltingConfig(halting="equilibrium", halt_max_steps=6, equilibrium_threshold=1e9)
    strict = HaltingConfig(halting="equilibrium", halt_max_steps=3, equilibrium_threshold=0.0)
    assert run(tiny(), loose, batch(), 1)[2][0][0].all()
    _, _, history = run(tiny(), strict, batch(), 3)
    assert not history[1][0].any() and history[2][0].all()


def test_halted_slots_load_the_next_batch(tiny, batch):
    model, config = tiny(), HaltingConfig(halting="fixed", halt_max_steps=1)
    first, second = batch(seed=0), batch(seed=1)
    carry = initial_carry(model, first)
    carry, _ = act_step(model, config, carry, first, training=True)
    carry, _ = act_step(model, config, carry, second, training=True)
    assert torch.equal(carry.data["inputs"], second["inputs"]) and carry.steps.tolist() == [1] * 4


def test_running_slots_keep_their_example(tiny, batch):
    model, config = tiny(), HaltingConfig(halting="fixed", halt_max_steps=3)
    first, second = batch(seed=0), batch(seed=1)
    carry = initial_carry(model, first)
    carry, _ = act_step(model, config, carry, first, training=True)
    carry, _ = act_step(model, config, carry, second, training=True)
    assert torch.equal(carry.data["inputs"], first["inputs"]) and carry.steps.tolist() == [2] * 4


def test_q_continue_gets_a_bootstrapped_target(tiny, batch):
    config = HaltingConfig(halting="act", halt_max_steps=4, q_continue=True)
    _, outputs, _ = run(tiny(), config, batch(), 1)
    target = outputs["target_q_continue"]
    assert target.shape == (4,) and ((0 <= target) & (target <= 1)).all()


def test_stablemax_matches_its_definition():
    logits = torch.tensor([[[1.0, -1.0, 0.0]]])
    s = torch.tensor([2.0, 0.5, 1.0])
    expected = -math.log(2.0 / s.sum().item())
    assert math.isclose(stablemax_cross_entropy(logits, torch.tensor([[0]])).item(), expected, rel_tol=1e-9)


def test_ignored_labels_cost_nothing():
    logits = torch.randn(1, 2, 12)
    labels = torch.tensor([[encoding.IGNORE_LABEL, 3]])
    for loss in (stablemax_cross_entropy, softmax_cross_entropy):
        assert loss(logits, labels)[0, 0] == 0


def test_metrics_count_only_halted_examples(tiny, batch):
    model, config = tiny(), HaltingConfig(halting="fixed", halt_max_steps=2)
    data = batch()
    carry = initial_carry(model, data)
    carry, outputs = act_step(model, config, carry, data, training=True)
    loss, metrics = deep_supervision_loss(carry, outputs)
    assert metrics["count"] == 0 and loss > 0
    carry, outputs = act_step(model, config, carry, data, training=True)
    _, metrics = deep_supervision_loss(carry, outputs)
    assert metrics["count"] == 4 and metrics["steps"] == 8


def test_perfect_logits_are_exact_and_train_q_towards_halting(tiny, batch):
    model, config = tiny(), HaltingConfig(halting="fixed", halt_max_steps=1)
    data = batch()
    carry = initial_carry(model, data)
    carry, outputs = act_step(model, config, carry, data, training=True)
    outputs["logits"] = torch.nn.functional.one_hot(data["labels"], encoding.VOCAB_SIZE).float() * 50
    _, metrics = deep_supervision_loss(carry, outputs)
    assert metrics["exact_accuracy"] == 4 and metrics["accuracy"] == 4
    assert metrics["q_halt_accuracy"] == 0  # q starts at "not right", so it is wrong on every example


def test_step_metrics_are_the_count_the_halted_example_metrics_and_the_losses(tiny, batch):
    model, config, data = tiny(), HaltingConfig(halting="fixed", halt_max_steps=1), batch()
    carry, outputs = act_step(model, config, initial_carry(model, data), data, training=True)
    _, metrics = deep_supervision_loss(carry, outputs)
    assert list(metrics) == [COUNT, *HALTED_EXAMPLE_METRICS, "lm_loss", "q_halt_loss"]


def test_mean_metrics_divide_halted_example_metrics_by_the_count_and_the_rest_by_the_slots():
    sums = {"count": 4.0, "exact_accuracy": 2.0, "steps": 8.0, "lm_loss": 16.0, "kl_loss": 4.0}
    assert mean_metrics(sums, slots=8) == {"count": 4.0, "exact_accuracy": 0.5, "steps": 2.0, "lm_loss": 2.0,
                                           "kl_loss": 0.5}
    assert mean_metrics({"count": 0.0, "accuracy": 0.0, "lm_loss": 3.0}, slots=3) == {
        "count": 1.0, "accuracy": 0.0, "lm_loss": 1.0}  # no example halted: the count is taken as 1
