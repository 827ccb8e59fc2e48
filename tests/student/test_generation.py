"""Sampling completions from a student (`student.generation`), and the parse and policy checks of their programs."""

from student.generation import generate, parses, program_checks

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
