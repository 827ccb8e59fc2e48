"""The sample → execute → edit loop, with the offline teacher and with an API teacher on loopback."""

import asyncio
import json

import pytest

from arc_dsl.solvers import load_solvers
from data.loaders import load_tasks
from editing.mutate import strip_comments
from editing.prompts import current_program
from sampler.backends import get_backend
from sampler.config import SampleConfig
from sampler.fake_server import FakeLLMServer
from sampler.loop import run_sampling, sample_task
from sampler.store import TraceStore, read_traces

TASK_IDS = sorted(load_solvers())[:3]
SETTINGS = dict(style="compact", samples=4, rounds=2, parents=2, edits=2, task_concurrency=2)
TRACE_FIELDS = {"id", "task_id", "teacher", "round", "parent_program", "parent_reward", "prompt", "completion",
                "child_program", "child_reward", "delta", "examples", "prompt_tokens", "completion_tokens",
                "cost_usd", "timestamp"}


@pytest.fixture(scope="module")
def tasks():
    return load_tasks("arc-agi-1", "training", ids=TASK_IDS)


@pytest.fixture(scope="module")
def outcomes(tasks):
    config = SampleConfig(**SETTINGS)

    async def go():
        backend = get_backend("offline", **config.backend_options())
        return [await sample_task(task, backend, config) for task in tasks]

    return asyncio.run(go())


def test_every_accepted_trace_improves(outcomes):
    assert all(r["delta"] > 0 for o in outcomes for r in o.accepted) and any(o.accepted for o in outcomes)


def test_at_most_k_traces_per_task(outcomes):
    assert all(len(o.accepted) <= 3 for o in outcomes)


def test_every_scored_program_is_a_recorded_transition(outcomes):
    assert all(len(o.transitions) == o.stats["programs"] and o.transitions for o in outcomes)


def test_records_have_every_trace_field(outcomes):
    assert all(TRACE_FIELDS <= set(r) for o in outcomes for r in o.transitions)


def test_delta_is_child_minus_parent_reward(outcomes):
    for r in (r for o in outcomes for r in o.transitions):
        assert r["delta"] == pytest.approx(r["child_reward"] - r["parent_reward"], abs=1e-5)


def test_no_recorded_prompt_holds_the_solution(outcomes):
    for o in outcomes:
        solution = load_solvers()[o.task_id]
        for r in o.transitions:
            text = json.dumps(r["prompt"])
            assert json.dumps(solution.strip())[1:-1] not in text
            assert json.dumps(strip_comments(solution).strip())[1:-1] not in text


def test_edit_transitions_come_from_edit_prompts(outcomes):
    edits = [r for o in outcomes for r in o.transitions if r["mode"] == "edit"]
    assert edits and all(current_program(r["prompt"]).strip() == r["parent_program"].strip() for r in edits)


def test_the_same_settings_give_the_same_traces(tasks, outcomes):
    config = SampleConfig(**SETTINGS)
    again = asyncio.run(sample_task(tasks[0], get_backend("offline", **config.backend_options()), config))
    assert [r["id"] for r in again.accepted] == [r["id"] for r in outcomes[0].accepted]


def test_hindsight_adds_solved_tasks_made_from_a_programs_own_outputs(tasks):
    config = SampleConfig(**{**SETTINGS, "hindsight": 2})
    outcome = asyncio.run(sample_task(tasks[1], get_backend("offline", **config.backend_options()), config))
    relabelled = [r for r in outcome.transitions if r["task_id"] != tasks[1].id]
    assert relabelled and all(r["solved"] and r["source_task_id"] == tasks[1].id and "~h" in r["task_id"]
                              for r in relabelled)


def test_hindsight_tasks_use_the_programs_outputs(tasks):
    config = SampleConfig(**{**SETTINGS, "hindsight": 1})
    outcome = asyncio.run(sample_task(tasks[1], get_backend("offline", **config.backend_options()), config))
    [record] = [r for r in outcome.transitions if r["task_id"] != tasks[1].id]
    outputs = [e["output"] for e in record["child_result"]["examples"]]
    assert [pair["output"] for pair in record["task"]["train"]] == outputs


MIRROR = "from arc_dsl import *\n\n\ndef solve(I):\n    return mirror_vertical(I)\n"
IDENTITY = "from arc_dsl import *\n\n\ndef solve(I):\n    return I\n"


def scripted_teacher(request):
    """First attempts return the input; edits mirror it (which solves the toy task)."""
    program = MIRROR if "Current program" in request.last_user_text else IDENTITY
    return f"<think>Look at the pairs.</think>\n```python\n{program}```"


def line_edit_teacher(request):
    """Compact edit prompts list the program as numbered rows: the teacher answers with the line that changes."""
    if "Current program" not in request.last_user_text:
        return scripted_teacher(request)
    assert "@5     return I" in request.last_user_text
    return "<think>Mirror it.</think>\n```edit\n@5     return mirror_vertical(I)\n```"


def run_api(toy_task, tmp_path, handler=scripted_teacher, **options):
    config = SampleConfig(**{**SETTINGS, "teacher": "openai", "model": "gpt-4o", "out": str(tmp_path), **options})
    with FakeLLMServer(handler=handler) as server:
        backend = get_backend("openai", base_url=server.openai_base_url, **config.backend_options())
        store = TraceStore(tmp_path)

        async def go():
            try:
                return await run_sampling([toy_task], backend, config, store)
            finally:
                await backend.aclose()

        return asyncio.run(go()), store


def test_api_teacher_edits_are_recorded_with_tokens_and_cost(toy_task, tmp_path, api_keys):
    summary, _ = run_api(toy_task, tmp_path)
    [trace] = read_traces(tmp_path)
    assert summary.tasks_done == 1 and trace["mode"] == "edit" and trace["child_program"] == MIRROR
    assert trace["teacher"] == {"backend": "openai", "model": "gpt-4o"} and trace["completion_tokens"] > 0


def test_a_line_edit_answer_is_applied_to_the_parent_it_edits(toy_task, tmp_path, api_keys):
    summary, _ = run_api(toy_task, tmp_path, handler=line_edit_teacher, style="compact")
    [trace] = read_traces(tmp_path)
    assert trace["mode"] == "edit" and trace["parent_program"].strip() == IDENTITY.strip()
    assert trace["child_program"].strip() == MIRROR.strip() and trace["child_reward"] > trace["parent_reward"]


def test_cost_cap_stops_cleanly_with_no_partial_task(toy_task, tmp_path, api_keys):
    # $1 per output token, max_tokens 30: the first request (4 samples) may cost $120 and costs about $96
    # (4 x 24 tokens); the edit request after it (2 samples) may cost $60, past the $150 cap: never sent.
    prices = {"teacher_options": {"prices": {"gpt-4o": [0, 1e6]}}, "max_tokens": 30}
    summary, store = run_api(toy_task, tmp_path, max_cost_usd=150.0, **prices)
    assert summary.stopped and "cost cap" in summary.stopped
    assert summary.meter["requests"] == 1 and 0 < summary.meter["spent_usd"] <= 150.0
    assert store.done == set() and not (tmp_path / "traces.jsonl").exists()


def test_the_same_run_without_a_cap_finishes(toy_task, tmp_path, api_keys):
    summary, store = run_api(toy_task, tmp_path, teacher_options={"prices": {"gpt-4o": [0, 1e6]}}, max_tokens=30)
    assert summary.stopped is None and store.done == {toy_task.id}
