"""The embedded model's tokenizer: grid rows merge into few tokens, text round-trips, a chat template TRL can train
with."""

import pytest

from student.embedded import IM_END, train_tokenizer

TEXTS = [
    "from arc_dsl import *\n\n\ndef solve(I):\n    x1 = objects(I)\n    return paint(I, x1)\n" * 20,
    "Input (3x3):\n012\n345\n678\nOutput (3x3):\n876\n543\n210\n" * 20,
    "Write the program. Fix the program. Solves 1 of 3 pairs.\n" * 20,
]
MESSAGES = [{"role": "system", "content": "Write a program."}, {"role": "user", "content": "Input:\n0120\n3300"}]
ANSWER = {"role": "assistant", "content": "<think>Swap.</think>\n```python\ndef solve(I):\n    return I\n```"}


@pytest.fixture(scope="module")
def tokenizer():
    return train_tokenizer(TEXTS, 300)


def test_runs_of_digits_merge_and_round_trip(tokenizer):
    # A grid row is one run of digits: BPE merges its common cells, so a row costs fewer tokens than cells.
    row = "012\n"
    assert len(tokenizer.tokenize(row)) < len(row)
    text = "0012345678990\n"
    assert tokenizer.decode(tokenizer(text)["input_ids"]) == text


def test_digits_never_merge_with_letters_or_spaces(tokenizer):
    # Pieces split at digit runs: "x1" and "I, 2" keep their digits apart from the text around them.
    tokens = tokenizer.tokenize("x1 = recolour(I, 2)")
    assert all(token.isdigit() or not any(ch.isdigit() for ch in token) for token in tokens)


def test_grid_rows_keep_their_newlines(tokenizer):
    text = "Input (2x4):\n0120\n3300\n"
    assert tokenizer.decode(tokenizer(text)["input_ids"]) == text


def test_unseen_unicode_round_trips(tokenizer):
    text = "Δr → 0.5 ✓ 日本"
    assert tokenizer.decode(tokenizer(text)["input_ids"]) == text


def test_think_tags_are_single_tokens_kept_by_decoding(tokenizer):
    ids = tokenizer("<think>x</think>")["input_ids"]
    assert len(ids) == 3 and tokenizer.decode(ids, skip_special_tokens=True) == "<think>x</think>"


def test_eos_is_the_end_of_turn_and_pad_differs(tokenizer):
    assert tokenizer.eos_token == IM_END and tokenizer.pad_token_id != tokenizer.eos_token_id


def test_prompt_is_a_token_prefix_of_prompt_plus_completion(tokenizer):
    # TRL's completion-only loss masks the tokens of the prompt rendered with the generation prompt.
    prompt = tokenizer.apply_chat_template(MESSAGES, add_generation_prompt=True, return_dict=True)["input_ids"]
    full = tokenizer.apply_chat_template([*MESSAGES, ANSWER], return_dict=True)["input_ids"]
    assert full[:len(prompt)] == prompt and len(full) > len(prompt)


def test_assistant_mask_covers_the_answer_and_its_end_of_turn(tokenizer):
    # What TRL's assistant_only_loss trains on: the {% generation %} span of each assistant turn.
    out = tokenizer.apply_chat_template([*MESSAGES, ANSWER, MESSAGES[1]], return_dict=True,
                                        return_assistant_tokens_mask=True)
    trained = [t for t, m in zip(out["input_ids"], out["assistant_masks"], strict=True) if m]
    assert tokenizer.decode(trained) == ANSWER["content"] + IM_END


def test_completion_tokens_end_with_end_of_turn(tokenizer):
    prompt = tokenizer.apply_chat_template(MESSAGES, add_generation_prompt=True, return_dict=True)["input_ids"]
    full = tokenizer.apply_chat_template([*MESSAGES, ANSWER], return_dict=True)["input_ids"]
    completion = tokenizer.decode(full[len(prompt):])
    assert completion.startswith(ANSWER["content"]) and IM_END in completion
