"""Program test-time training: hindsight rows from the student's own programs, a LoRA-adapted copy, the solver path."""

from __future__ import annotations

import pytest

from data.loaders import load_tasks
from data.task import Example, Task
from solvers.program_ttt import TTTConfig, adapt, hindsight_rows

pytestmark = pytest.mark.timeout(300)

A, B = ((1, 2), (3, 4)), ((5, 0), (0, 5))
MIRRORED_A, MIRRORED_B = ((2, 1), (4, 3)), ((0, 5), (5, 0))
TASK = Task("t", (Example(A, ((9, 9), (9, 9))), Example(B, ((9, 9), (9, 9)))), (Example(A, ((7, 7), (7, 7))),))


def completion(body: str) -> str:
    return f"<think>try</think>\n```python\nfrom arc_dsl import *\n\ndef solve(I):\n    return {body}\n```"


def test_hindsight_rows_keep_one_row_per_distinct_non_degenerate_behaviour():
    runs = [
        (completion("hmirror(I)"), (MIRRORED_A, MIRRORED_B)),  # a real behaviour: kept
        (completion("vmirror(vmirror(hmirror(I)))"), (MIRRORED_A, MIRRORED_B)),  # same outputs: dropped
        (completion("I"), (A, B)),  # identity: dropped
        (completion("((9, 9), (9, 9))"), (((9, 9), (9, 9)),) * 2),  # constant (and the task itself): dropped
        (completion("crash(I)"), None),  # failed: dropped
    ]
    rows = hindsight_rows(TASK, runs, style="compact")
    assert len(rows) == 1
    assert rows[0]["completion"] == [{"role": "assistant", "content": runs[0][0]}]
    prompt = rows[0]["prompt"][-1]["content"]
    assert "21\n43" in prompt and "99\n99" not in prompt  # relabelled: the program's outputs are the answers
    assert "77" not in prompt  # the test output is never shown


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from student.tiny import build_tiny_model

    folder = build_tiny_model(tmp_path_factory.mktemp("tiny"), max_positions=4096)
    return folder, AutoModelForCausalLM.from_pretrained(folder), AutoTokenizer.from_pretrained(folder)


def test_adapt_trains_a_copy_and_leaves_the_student_untouched(tiny):
    import torch

    _, model, tokenizer = tiny
    before = {name: weight.clone() for name, weight in model.state_dict().items()}
    rows = hindsight_rows(TASK, [(completion("hmirror(I)"), (MIRRORED_A, MIRRORED_B))], style="compact")
    adapted = adapt(model, tokenizer, rows, TTTConfig(steps=4, learning_rate=1e-2))
    assert all(torch.equal(before[name], weight) for name, weight in model.state_dict().items())
    text = rows[0]["prompt"][-1]["content"] + rows[0]["completion"][0]["content"]
    ids = tokenizer(text, return_tensors="pt")["input_ids"][:, :256]
    with torch.no_grad():
        assert not torch.allclose(model(ids).logits, adapted(ids).logits)
    with pytest.raises(ValueError, match="at least one row"):
        adapt(model, tokenizer, [], TTTConfig(steps=1))


def _solve_with_halves(folder, monkeypatch, first_bodies, second_body):
    """ProgramSolver with TTT on the rot-180 task: the first half's completions are `first_bodies`, the second
    half (asked of `generate_with`) `second_body`; returns the prediction, the models asked and the solver."""
    from sampler.backends.base import Completion
    from solvers.program import ProgramSolver

    task = load_tasks("arc-agi-1", "training", ids=["6150a2bd"])[0]
    solver = ProgramSolver(backend="transformers", model=str(folder), samples=4, ttt_steps=2, max_tokens=16)
    seen_models = []

    async def first_half(messages, n, **_):
        return [Completion(completion(body), 0, 0, 0.0) for body in first_bodies][:n]

    def second_half(model, messages, n, **_):
        seen_models.append(model)
        return [Completion(completion(second_body), 0, 0, 0.0)] * n

    monkeypatch.setattr(solver.backend, "complete", first_half)
    monkeypatch.setattr(solver.backend, "generate_with", second_half)
    try:
        return solver.predict_detailed(task.without_test_outputs()), seen_models, solver
    finally:
        solver.close()


def test_the_solver_samples_the_second_half_from_the_adapted_copy(tiny, monkeypatch):
    """First half: two programs with distinct behaviours (so there are hindsight rows); second half from the
    adapted model, which the backend is asked to sample from."""
    prediction, seen_models, _ = _solve_with_halves(tiny[0], monkeypatch, ("mirror_horizontal(I)", "mirror_vertical(I)"),
                                                    "rotate_90(I)")
    assert "error" not in prediction.info, prediction.info
    assert prediction.info["ttt_rows"] == 2 and prediction.info["completions"] == 4
    assert len(seen_models) == 1 and seen_models[0].__class__.__name__.startswith("Peft")
    assert prediction.info["samples"] == 3  # two first-half programs + one distinct second-half program


def test_ttt_needs_the_local_student():
    from data.errors import UserError
    from solvers.program import ProgramSolver

    with pytest.raises(UserError, match="transformers backend"):
        ProgramSolver(backend="openai", base_url="http://127.0.0.1:9", model="m", ttt_steps=4)


def test_without_hindsight_rows_the_student_samples_the_second_half_seeded_apart(tiny, monkeypatch):
    """Only identity programs (no usable relabelling): the second half still comes from generate_with, from the
    unadapted student, so it is not a repeat of the first half's seeded samples."""
    prediction, seen_models, solver = _solve_with_halves(tiny[0], monkeypatch, ("I", "I"), "rotate_180(I)")
    assert prediction.info["ttt_rows"] == 0 and prediction.info["completions"] == 4
    assert len(seen_models) == 1 and seen_models[0] is solver.backend.loaded()[1]
    assert prediction.info["fitting_programs"] == 1  # the second half's program was run and scored


def test_generate_with_is_seeded_apart_from_the_backends_own_samples(tiny):
    from sampler.backends.local_hf import TransformersBackend

    folder, _, _ = tiny
    backend = TransformersBackend(model=str(folder))
    messages = [{"role": "user", "content": "Write the program."}]
    own = [c.text for c in backend._generate(messages, 2, 12, 1.0)]
    assert own == [c.text for c in backend._generate(messages, 2, 12, 1.0)]  # seeded per prompt
    other = [c.text for c in backend.generate_with(backend.loaded()[1], messages, 2, max_tokens=12, temperature=1.0)]
    assert other != own
