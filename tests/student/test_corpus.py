"""The embedded model's corpus: completion format, plans, hold-out, mutations (pure functions)."""

import ast

from data.splits import is_held_out as pretraining_holdout
from rewards import extract_program, extract_reasoning
from student.corpus import build_corpus, completion_for, plan_for

PROGRAM = "from arc_dsl import *\n\n\ndef solve(I):\n    # Mirror the grid.\n    return flip_horizontal(I)\n"


def test_completion_holds_the_program_where_the_reward_finds_it():
    assert extract_program(completion_for(PROGRAM)).strip() == PROGRAM.strip()


def test_plan_is_the_programs_comments():
    assert extract_reasoning(completion_for(PROGRAM)) == "Mirror the grid."


def test_plan_without_comments_names_the_primitives_in_order():
    program = "def solve(I):\n    x = crop(I, (0, 0), (2, 2))\n    return flip_vertical(x)\n"
    assert plan_for(program) == "Compose crop, flip_vertical."


def test_holdout_is_a_stable_fifth_of_the_training_tasks():
    from data import load_tasks

    ids = [task.id for task in load_tasks("arc-agi-1", "training")]
    held = [task_id for task_id in ids if pretraining_holdout(task_id)]
    assert 0.12 < len(held) / len(ids) < 0.28 and held == [t for t in ids if pretraining_holdout(t)]


def _corpus(solvers, seed=0):
    def prompt_for(task_id):
        return [{"role": "user", "content": f"task {task_id}"}]

    def mutate(program, rng):
        return program.replace("flip_horizontal", rng.choice(["rotate_90", "transpose"]))

    return build_corpus(solvers, prompt_for, mutate, mutations_per_program=2, seed=seed)


def test_corpus_leaves_out_held_out_tasks():
    ids = [f"{n:08x}" for n in range(40)]
    corpus = _corpus(dict.fromkeys(ids, PROGRAM))
    assert set(corpus.task_ids) == {t for t in ids if not pretraining_holdout(t)}
    assert {chat.task_id for chat in corpus.chats} == set(corpus.task_ids)


def test_corpus_mutations_are_distinct_and_parse():
    corpus = _corpus({"00000001": PROGRAM})
    programs = [extract_program(text) for text in corpus.programs]
    assert len(set(programs)) == len(programs) == 3
    for program in programs:
        ast.parse(program)


def test_corpus_is_deterministic_for_a_seed():
    solvers = {f"{n:08x}": PROGRAM for n in range(10)}
    assert _corpus(solvers, seed=3) == _corpus(solvers, seed=3)


def test_corpus_with_real_mutations_only_holds_programs_that_parse():
    from arc_dsl.solvers import load_solvers
    from editing.mutate import mutate

    solvers = dict(list(load_solvers().items())[:10])

    def variant(program, rng):
        mutant = mutate(program, rng)
        return None if mutant is None else mutant.program

    corpus = build_corpus(solvers, lambda t: [], variant, mutations_per_program=3, seed=0)
    assert len(corpus.programs) > len(corpus.task_ids)
    for text in corpus.programs:
        ast.parse(extract_program(text))


def _task():
    from data.task import Example, Task

    return Task("t", (Example(((1, 0),), ((2, 0),)), Example(((0, 1),), ((0, 2),))), (), "arc-agi-1", "training")


def _prompt(task):
    return [{"role": "user", "content": repr([e.output for e in task.train])}]


def test_hindsight_task_has_the_mutants_outputs_as_answers_and_the_mutant_as_program():
    from student.corpus import hindsight_chat

    chat = hindsight_chat(_task(), "def solve(I):\n    return I\n", [((3, 0),), ((0, 3),)], _prompt)
    assert chat is not None and "((3, 0),)" in chat.messages[0]["content"]
    assert "def solve(I)" in chat.completion and chat.task_id == "t~hindsight"


def test_degenerate_hindsight_tasks_are_skipped():
    from student.corpus import hindsight_chat

    task, program = _task(), "def solve(I):\n    return I\n"
    assert hindsight_chat(task, program, None, _prompt) is None  # the mutant crashed
    assert hindsight_chat(task, program, [((1, 0),), ((0, 1),)], _prompt) is None  # the identity
    assert hindsight_chat(task, program, [((5,),), ((5,),)], _prompt) is None  # one constant grid
    assert hindsight_chat(task, program, [((2, 0),), ((0, 2),)], _prompt) is None  # the original task
    assert hindsight_chat(task, program, [((3, 0),)], _prompt) is None  # fewer outputs than inputs
