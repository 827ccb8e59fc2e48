"""EFE memory agent: loss components logged separately, memory-bank writes logged, one training step."""

import json

import pytest

from data.errors import UserError
from solvers.grid.cli import parse_configs
from solvers.grid.efe import COMPONENTS, parse_weights
from solvers.grid.train import train


def test_weights_parse_and_reject_unknown_components():
    weights = parse_weights("risk=1,ambiguity=0.2")
    assert weights["ambiguity"] == 0.2 and weights["step"] == 0.0
    with pytest.raises(UserError, match="unknown component"):
        parse_weights("surprise=1")


ARGS = ["--arch", "trm", "--conditioning", "efe", "--text_max_tokens", "64", "--hidden_size", "32", "--num_heads", "2",
        "--num_layers", "1", "--h_cycles", "1", "--l_cycles", "1", "--puzzle_emb_ndim", "32", "--halt_max_steps", "2",
        "--tasks", "74dd1130", "--eval_tasks", "6ea4a07e", "--split_strategy", "clean", "--canvas_side", "6",
        "--num_augmentations", "1", "--batch_size", "4", "--max_steps", "2", "--log_every", "1", "--save_every", "0",
        "--eval_max_examples", "8", "--num_threads", "1", "--efe_success_threshold", "100"]


@pytest.fixture(scope="module")
def trained(text_model, tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("efe")
    args = [*ARGS, "--text_model", text_model, "--output_dir", str(tmp_path / "run"), "--cache_dir", str(tmp_path / "c")]
    summary = train(*parse_configs(args), progress=False)
    lines = [json.loads(line) for line in (tmp_path / "run" / "metrics.jsonl").read_text().splitlines()]
    return tmp_path, summary, [line for line in lines if "train/lm_loss" in line]


def test_every_efe_component_and_its_scale_is_logged(trained):
    _, _, lines = trained
    for name in COMPONENTS:
        assert f"train/efe_{name}" in lines[0] and f"train/efe_scale_{name}" in lines[0]
    assert lines[0]["train/efe_consistency"] >= 0


def test_memory_bank_writes_are_logged_and_fill_the_bank(trained):
    _, _, lines = trained
    assert lines[0]["train/memory_updates"] > 0  # threshold 100: every example is a "success"
    assert lines[-1]["train/memory_size"] >= lines[0]["train/memory_size"] > 0


def test_efe_agent_predicts_through_the_harness_solver(trained):
    from data.loaders import find_task
    from solvers.registry import make_solver

    tmp_path, summary, _ = trained
    solver = make_solver("efe", checkpoint=str(tmp_path / "run"), views=1)
    task = find_task("6ea4a07e", "arc-agi-1").without_test_outputs()
    assert all(len(a) <= 2 for a in solver.predict(task)) and summary["holdout/examples"] > 0


def _components(inputs, labels, logits, hidden=8, agent=None):
    """EFEConditioning.components on a stand-in holding only what it reads (heads and the task context)."""
    import types

    import torch

    from solvers.grid import encoding
    from solvers.grid.efe import EFEConditioning

    torch.manual_seed(0)
    agent = agent or types.SimpleNamespace(solution=torch.nn.Linear(encoding.VOCAB_SIZE, hidden),
                                  inverse=torch.nn.Linear(hidden, encoding.VOCAB_SIZE),
                                  context=torch.randn(len(inputs), hidden, requires_grad=True))
    outputs = {"logits": logits, "q_halt_logits": torch.zeros(len(inputs))}
    return EFEConditioning.components(agent, {"inputs": inputs, "labels": labels}, outputs), agent


def test_auxiliary_terms_do_not_pull_the_prediction_and_bidirectional_is_a_divergence():
    import torch

    from solvers.grid import encoding

    inputs = torch.randint(encoding.COLOUR_OFFSET, encoding.VOCAB_SIZE, (3, 10))
    logits = torch.randn(3, 10, encoding.VOCAB_SIZE, requires_grad=True)
    parts, agent = _components(inputs, inputs.clone(), logits)
    (parts["consistency"] + parts["bidirectional"]).sum().backward()
    assert logits.grad is None or not logits.grad.any()  # they train the heads and the context only
    assert agent.context.grad is not None and agent.inverse.weight.grad.abs().sum() > 0
    assert (parts["bidirectional"] >= -1e-5).all()  # KL: never below 0 ...
    with torch.no_grad():  # ... and 0 when the inverse model predicts the input's colour histogram exactly
        histogram = torch.bincount(inputs[0], minlength=encoding.VOCAB_SIZE).float() / inputs.shape[1]
        agent.inverse.weight.zero_()
        agent.inverse.bias.copy_(histogram.clamp_min(1e-30).log())
    agent.context = agent.context[:1]
    parts, _ = _components(inputs[:1], inputs[:1].clone(), logits[:1].detach(), agent=agent)
    assert abs(float(parts["bidirectional"][0])) < 1e-4


def test_memory_reads_are_logged_once_the_bank_holds_solutions(trained):
    _, _, lines = trained
    assert lines[0]["train/memory_reads"] == 0  # step 1 reads an empty bank, then writes
    assert lines[-1]["train/memory_reads"] > 0


def test_the_exported_ema_model_holds_the_live_bank_not_an_average_of_it(trained):
    from solvers.grid.checkpoint import load_model

    tmp_path, _, lines = trained
    filled = load_model(tmp_path / "run").model.conditioning.memory_filled
    assert set(filled.unique().tolist()) <= {0.0, 1.0}  # an EMA of the bank leaves fractions in new slots
    assert filled.sum() == lines[-1]["train/memory_size"] > 0


def test_eval_switches_memory_reads_off(trained):
    from typer.testing import CliRunner

    from solvers.grid.cli import app

    tmp_path, _, _ = trained
    results = {}
    for flag in ("--memory-reads", "--no-memory-reads"):
        out = tmp_path / f"eval{flag}.json"
        result = CliRunner().invoke(app, ["eval", "--checkpoint", str(tmp_path / "run"), "--which", "train",
                                          "--max-examples", "4", "--out", str(out), flag])
        assert result.exit_code == 0, result.output
        results[flag] = json.loads(out.read_text())["train"]
    assert results["--memory-reads"]["memory_reads"] > 0 and results["--memory-reads"]["memory_slots"] > 0
    assert results["--no-memory-reads"]["memory_reads"] == 0
