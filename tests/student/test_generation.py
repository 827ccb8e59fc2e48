"""Sampling completions from a student (`student.generation`), and the parse and policy checks of their programs."""

import torch

from student.generation import (
    generate,
    generate_samples,
    parses,
    program_checks,
    repeated_rows,
    shared_prefill,
)

PROMPT = [{"role": "user", "content": "Write the program.\nInput:\n012\n345"}]


def test_generation_leaves_the_model_and_tokenizer_as_they_were(tiny_model):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = AutoModelForCausalLM.from_pretrained(tiny_model).train()
    tokenizer = AutoTokenizer.from_pretrained(tiny_model)
    side = tokenizer.padding_side
    completions = generate(model, tokenizer, [PROMPT, PROMPT], num_samples=2, max_new_tokens=2, temperature=1.0)
    assert [len(samples) for samples in completions] == [2, 2]
    assert model.training and tokenizer.padding_side == side


def test_program_checks_count_programs_that_parse_and_pass_the_policy():
    good = "```python\nfrom arc_dsl import *\n\ndef solve(I):\n    return I\n```"
    broken = "```python\ndef solve(I):\n    return (I\n```"
    forbidden = "```python\nimport os\n\ndef solve(I):\n    return os.listdir(I)\n```"
    checks = program_checks([good, broken, forbidden, "no program here"])
    assert checks == {"samples": 4, "parse_rate": 0.5, "policy_rate": 0.25}
    assert parses("x = 1") and not parses("x = (") and not parses(None)


def test_samples_from_a_prompt_encoded_once_match_samples_from_its_copies(tiny_model):
    """Greedy (float64, so no rounding tie can flip a token): the shared-prefix samples are the copies' samples."""
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(tiny_model).double().eval()
    torch.manual_seed(0)
    ids = torch.randint(3, 300, (2, 9))
    mask = torch.ones_like(ids)
    mask[0, :3] = 0  # a left-padded prompt
    ids = ids.masked_fill(mask == 0, 0)
    options = {"max_new_tokens": 6, "min_new_tokens": 6, "do_sample": False, "pad_token_id": 0, "eos_token_id": 1,
               "output_scores": True, "return_dict_in_generate": True}
    with torch.no_grad():
        copies = model.generate(input_ids=ids.repeat_interleave(3, 0), attention_mask=mask.repeat_interleave(3, 0),
                                **options)
        shared = generate_samples(model, ids, mask, num_samples=3, **options)
    assert shared.sequences.shape == (6, 15)
    assert torch.equal(shared.sequences, copies.sequences)
    # The scores too: the cached prompt sits at the positions `generate` gives it (a left-padded row starts at 0).
    for ours, theirs in zip(shared.scores, copies.scores, strict=True):
        assert torch.equal(ours.isfinite(), theirs.isfinite())
        torch.testing.assert_close(ours[ours.isfinite()], theirs[theirs.isfinite()], atol=1e-9, rtol=1e-9)
    with torch.no_grad():
        sampled = generate_samples(model, ids, mask, num_samples=3, max_new_tokens=4, do_sample=True, pad_token_id=0)
    assert torch.equal(sampled[:, :9], ids.repeat_interleave(3, 0))  # prompt i's samples at rows 3i..3i+2


def test_repeated_rows_finds_groups_of_identical_prompts():
    a, b = [1, 2, 3], [4, 5, 6]
    assert repeated_rows(torch.tensor([a, a, a, b, b, b])) == 3
    assert repeated_rows(torch.tensor([a, a, b, b, b])) == 1  # runs of different lengths
    assert repeated_rows(torch.tensor([a, a, b, b, b, b])) == 2  # b's run splits into two groups of 2
    assert repeated_rows(torch.tensor([a, b, a, b])) == 1
    assert repeated_rows(torch.tensor([a, a, a])) == 3
    assert repeated_rows(torch.tensor([a])) == 1


def test_grpo_groups_are_generated_from_one_prefill_per_prompt(tiny_model):
    from transformers import AutoModelForCausalLM, GenerationConfig

    model = AutoModelForCausalLM.from_pretrained(tiny_model).double().eval()
    torch.manual_seed(1)
    ids = torch.randint(3, 300, (2, 8))
    mask = torch.ones_like(ids)
    mask[1, :2] = 0
    ids = ids.masked_fill(mask == 0, 0)
    batch = {"input_ids": ids.repeat_interleave(4, 0), "attention_mask": mask.repeat_interleave(4, 0),
             "generation_config": GenerationConfig(max_new_tokens=5, min_new_tokens=5, do_sample=False,
                                                   pad_token_id=0, eos_token_id=1)}
    with torch.no_grad():
        plain = model.generate(**batch)
        widths = []
        model.get_decoder().register_forward_pre_hook(
            lambda module, args, kwargs: widths.append(tuple(kwargs["input_ids"].shape)), with_kwargs=True)
        with shared_prefill(model):
            shared = model.generate(**batch)
    assert widths[0] == (2, 7)  # both prompts but their last tokens, once each
    assert all(width[0] == 8 for width in widths[1:])
    assert torch.equal(shared, plain)
    assert "generate" not in vars(model)  # the wrapper is gone
