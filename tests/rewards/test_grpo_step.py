"""TRL's GRPOTrainer calls our reward functions for a real step with a tiny locally built Qwen2 model.

Nothing is downloaded: the tokenizer is a word-level vocabulary built here whose only generable
tokens are two whole completions (a correct program for the task and a wrong one) and end-of-turn,
so every sampled completion holds a program that the reward runs in the sandbox.
"""

from __future__ import annotations

import json

import pytest

from rewards import extract_program, get_reward_funcs, reward_programs

pytestmark = pytest.mark.timeout(300)

GOOD = "```python\ndef solve(I):\n    return tuple(row[::-1] for row in I)\n```"
BAD = "```python\ndef solve(I):\n    return I\n```"
PAIRS = [{"input": [[1, 2], [3, 4]], "output": [[2, 1], [4, 3]]}, {"input": [[5, 6, 7]], "output": [[7, 6, 5]]}]
CHAT_TEMPLATE = ("{% for m in messages %}<|im_start|>{{ m['role'] }} {{ m['content'] }}<|im_end|>{% endfor %}"
                 "{% if add_generation_prompt %}<|im_start|>assistant {% endif %}")


def tiny_tokenizer():
    from tokenizers import Tokenizer, models, pre_tokenizers
    from transformers import PreTrainedTokenizerFast

    vocab = {"<|endoftext|>": 0, "<|im_start|>": 1, "<|im_end|>": 2, "[UNK]": 3}
    backend = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    backend.pre_tokenizer = pre_tokenizers.WhitespaceSplit()
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=backend, unk_token="[UNK]", pad_token="<|endoftext|>",
                                        eos_token="<|im_end|>", bos_token=None)
    tokenizer.add_special_tokens({"additional_special_tokens": ["<|im_start|>"]})
    tokenizer.add_tokens([GOOD, BAD])  # added tokens decode verbatim
    tokenizer.chat_template = CHAT_TEMPLATE
    return tokenizer


def tiny_model(tokenizer):
    from transformers import Qwen2Config, Qwen2ForCausalLM

    config = Qwen2Config(vocab_size=len(tokenizer), hidden_size=16, intermediate_size=32, num_hidden_layers=1,
                         num_attention_heads=2, num_key_value_heads=1, max_position_embeddings=64,
                         pad_token_id=tokenizer.pad_token_id, eos_token_id=tokenizer.eos_token_id,
                         bos_token_id=None, tie_word_embeddings=True)
    return Qwen2ForCausalLM(config)


def test_grpo_trainer_calls_the_sandboxed_rewards(tmp_path):
    from datasets import Dataset
    from transformers import set_seed
    from trl import GRPOConfig, GRPOTrainer

    set_seed(0)
    tokenizer = tiny_tokenizer()
    model = tiny_model(tokenizer)
    examples_json = json.dumps(PAIRS)
    dataset = Dataset.from_list([{"prompt": [{"role": "user", "content": "mirror the rows"}],
                                  "examples_json": examples_json, "mode": "edit", "start_reward": 0.2,
                                  "task_id": "toy"}] * 4)
    calls = []

    def recording(func):
        def wrapper(completions, **kwargs):
            values = func(completions, **kwargs)
            calls.append((func.__name__, completions, kwargs, values))
            return values

        wrapper.__name__ = func.__name__
        return wrapper

    args = GRPOConfig(output_dir=str(tmp_path), per_device_train_batch_size=4, num_generations=4,
                      max_completion_length=3, max_steps=1, logging_steps=1, learning_rate=1e-3, report_to="none",
                      save_strategy="no", use_cpu=True, bf16=False, disable_tqdm=True, activation_checkpointing=False,
                      # only the two programs and end-of-turn can be sampled, and never an empty completion
                      generation_kwargs={"bad_words_ids": [[0], [1], [3]], "min_new_tokens": 1})
    trainer = GRPOTrainer(model=model, reward_funcs=[recording(f) for f in get_reward_funcs(["smooth", "delta"])],
                          args=args, train_dataset=dataset, processing_class=tokenizer)
    trainer.train()

    assert [name for name, *_ in calls] == ["smooth", "delta"]
    _, completions, kwargs, smooth = calls[0]
    assert kwargs["examples_json"] == [examples_json] * 4 and "log_metric" in kwargs
    programs = [extract_program(completion) for completion in completions]
    assert all(program is not None for program in programs)  # every completion went through the sandbox
    expected = [reward.total for reward in reward_programs(programs, [[p["input"] for p in PAIRS]] * 4,
                                                           [[p["output"] for p in PAIRS]] * 4)]
    assert smooth == pytest.approx(expected)
    assert calls[1][3] == pytest.approx([value - 0.2 for value in expected])  # edit mode: r - start_reward
    logged = {key for entry in trainer.state.log_history for key in entry}
    assert {"reward_components/syntax", "reward_components/pixel", "rewards/smooth/mean"} <= logged
