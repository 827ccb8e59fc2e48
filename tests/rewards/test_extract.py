"""Extracting the program and the reasoning from completions (hand-written completions)."""

from __future__ import annotations

from rewards import answer_text, completion_text, extract_program, extract_reasoning

PROGRAM = "from arc_dsl import *\n\ndef solve(I):\n    return rotate_90(I)\n"


def fenced(body: str, language: str = "python") -> str:
    return f"```{language}\n{body}```"


def test_think_then_fenced_program():
    completion = f"<think>\nRotate it.\n</think>\nHere it is:\n{fenced(PROGRAM)}\n"
    assert extract_program(completion) == PROGRAM
    assert extract_reasoning(completion) == "Rotate it."


def test_last_block_defining_solve_wins():
    first, trailing = fenced("def solve(I):\n    return I\n"), fenced("print(1)\n")
    assert extract_program(f"{first}\nBetter:\n{fenced(PROGRAM)}\n{trailing}") == PROGRAM


def test_py_and_bare_fences_count():
    assert extract_program(fenced(PROGRAM, "py")) == PROGRAM
    assert extract_program(fenced(PROGRAM, "")) == PROGRAM


def test_other_languages_do_not_count():
    assert extract_program(fenced(PROGRAM, "json")) is None


def test_block_without_solve_is_not_a_program():
    assert extract_program(fenced("x = 1\n")) is None


def test_unclosed_last_fence_runs_to_the_end():
    assert extract_program(f"<think>ok</think>\n```python\n{PROGRAM}") == PROGRAM


def test_code_inside_unfinished_reasoning_is_not_an_answer():
    assert extract_program(f"<think>maybe\n{fenced(PROGRAM)}") is None


def test_code_only_inside_reasoning_is_not_an_answer():
    assert extract_program(f"<think>{fenced(PROGRAM)}</think>\nNo idea.") is None


def test_no_program_at_all():
    assert extract_program("I cannot solve this.") is None


def test_prefilled_fence_program_before_the_closing_fence():
    assert extract_program(PROGRAM + "```\nDone.") == PROGRAM


def test_conversational_completion():
    messages = [{"role": "assistant", "content": f"<think>r</think>{fenced(PROGRAM)}"}]
    assert completion_text(messages).endswith("```") and extract_program(messages) == PROGRAM


def test_content_parts_are_joined():
    messages = [{"role": "assistant", "content": [{"type": "text", "text": "<think>a"},
                                                   {"type": "text", "text": "b</think>"}]}]
    assert extract_reasoning(messages) == "ab"


def test_lone_closing_think_tag():
    assert extract_reasoning(f"chat template opened it\n</think>\n{fenced(PROGRAM)}") == "chat template opened it"
    assert answer_text("r</think>answer") == "answer"


def test_no_think_tags_means_no_reasoning():
    assert extract_reasoning(fenced(PROGRAM)) is None


# ---------------------------------------------------------------- hostile completions: linear time, sane results

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = ["\n", " ", "\t", "```", "```python", "```py\n", "def solve(", "def", "solve", "(", "<think>", "</think>",
           "import x\n", "from arc_dsl import *\n", "    return I\n", "x", "\r\n", "\u00a0", "`"]


@settings(max_examples=200, deadline=1000)  # the time bound per case: a hostile completion must not stall a step
@given(st.lists(st.tuples(st.sampled_from(_PIECES), st.integers(1, 20_000)), max_size=12))
def test_hostile_completions_extract_in_linear_time(parts):
    text = "".join(piece * count for piece, count in parts)  # long runs of blank lines, fences, tags, headers
    program = extract_program(text)
    assert program is None or ("def" in program and "solve" in program and len(program) <= len(text) + 1)
    extract_reasoning(text)


@settings(max_examples=100, deadline=1000)
@given(st.text(max_size=5000))
def test_arbitrary_text_never_breaks_extraction(text):
    program = extract_program(text)
    assert program is None or program.endswith("\n")


def test_megabytes_of_blank_lines_before_a_program_are_fine():
    text = "\n" * 1_000_000 + " \n" * 200_000 + fenced(PROGRAM)
    assert extract_program(text) == PROGRAM
