"""Sampling completions from a loaded student, and whether the programs in them parse and pass the sandbox policy.

`sft.evaluate` scores held-out prompts with `generate`; the embedded student's build (`student.embedded`) measures
its parse rate with `generate` and `program_checks`. Several samples of one prompt share one encoding of it
(`generate_samples`; the sampler's transformers backend uses it too, and GRPO through `shared_prefill`): for the
embedded student, 8 edit prompts of 1,000 tokens × 4 samples × 128 new tokens took 4.3 s instead of 7.5 s (1 thread).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from data.python_source import try_parse

# A prompt this close to the model's context limit gets no sample (it could not write a program anyway).
MIN_NEW_TOKENS = 32


def generate(model, tokenizer, prompts: Sequence[list[dict]], *, num_samples: int = 1, max_new_tokens: int = 512,
             temperature: float = 0.0, batch_size: int = 8, seed: int = 0,
             progress: bool | None = None) -> list[list[str]]:
    """`num_samples` completions per chat prompt (greedy when temperature is 0), in prompt order.

    Prompts are batched by length with left padding; a prompt that leaves fewer than `MIN_NEW_TOKENS` of the
    model's context gets empty completions. `progress` (default: when stderr is a terminal) shows a bar of
    prompts done: generation is the long part of an evaluation.
    """
    import sys

    import torch
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    texts = [tokenizer.apply_chat_template(p, add_generation_prompt=True, tokenize=False) for p in prompts]
    ids = [tokenizer(t, add_special_tokens=False)["input_ids"] for t in texts]
    limit = getattr(model.config, "max_position_embeddings", None) or 1 << 30
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    results: list[list[str]] = [[""] * num_samples for _ in ids]
    was_training, padding_side = model.training, tokenizer.padding_side
    model.eval()
    tokenizer.padding_side = "left"
    generator_seed = torch.random.initial_seed()
    torch.manual_seed(seed)
    show = sys.stderr.isatty() if progress is None else progress
    bar = Progress(TextColumn("generating"), BarColumn(), MofNCompleteColumn(), TextColumn("prompts"),
                   TimeRemainingColumn(), transient=True, disable=not show)
    task = bar.add_task("generate", total=len(order))
    try:
        bar.start()
        for start in range(0, len(order), batch_size):
            bar.update(task, completed=start)
            batch = [i for i in order[start:start + batch_size] if limit - len(ids[i]) >= MIN_NEW_TOKENS]
            if not batch:
                continue
            new_tokens = min(max_new_tokens, limit - max(len(ids[i]) for i in batch))
            encoded = tokenizer.pad({"input_ids": [ids[i] for i in batch]}, return_tensors="pt").to(model.device)
            sampling = {"do_sample": True, "temperature": temperature, "top_k": 0} if temperature > 0 else {
                "do_sample": False}
            with torch.no_grad():
                output = generate_samples(
                    model, encoded["input_ids"], encoded["attention_mask"], num_samples=num_samples,
                    max_new_tokens=new_tokens, use_cache=True, pad_token_id=tokenizer.pad_token_id,
                    eos_token_id=tokenizer.eos_token_id, **sampling)
            prompt_width = encoded["input_ids"].shape[1]
            decoded = tokenizer.batch_decode(output[:, prompt_width:], skip_special_tokens=True)
            for k, i in enumerate(batch):
                results[i] = decoded[k * num_samples:(k + 1) * num_samples]
    finally:
        bar.stop()
        tokenizer.padding_side = padding_side
        model.train(was_training)
        torch.manual_seed(generator_seed)
    return results


def generate_samples(model, input_ids, attention_mask=None, *, num_samples: int = 1, generate_fn=None,
                     **generate_kwargs):
    """`model.generate` with `num_return_sequences=num_samples`, each prompt's context encoded once.

    `generate` copies every prompt `num_samples` times before its first forward pass, so the prompts (the long part
    of an edit prompt: grids, program, outputs) are encoded `num_samples` times over. Here all but each prompt's
    last token are encoded once, the cache is copied per sample, and `generate` continues from it: the same
    distribution (greedy: the same tokens up to rounding), the prefill `num_samples` times cheaper. Returns what
    `generate` returns: rows of prompt + completion, prompt `i`'s samples at rows `i * num_samples …`.
    `generate_fn` stands in for `model.generate` (e.g. the original method while a wrapper replaces it).
    """
    import torch

    generate_fn = generate_fn or model.generate
    if attention_mask is None:
        attention_mask = torch.ones_like(input_ids)
    if num_samples <= 1 or input_ids.size(1) < 2:
        return generate_fn(input_ids=input_ids, attention_mask=attention_mask, num_return_sequences=num_samples,
                           **generate_kwargs)
    # Positions as `generate` counts them (from the mask: a left-padded row starts at 0), so the cached keys and
    # the tokens `generate` adds sit at the positions a plain `generate` would give them.
    positions = (attention_mask.long().cumsum(-1) - 1).masked_fill(attention_mask == 0, 0)
    with torch.no_grad():
        prefix = model(input_ids=input_ids[:, :-1], attention_mask=attention_mask[:, :-1],
                       position_ids=positions[:, :-1], use_cache=True)
    # Recent transformers 5.x call the cache `cache` (`past_key_values` still works, with a warning); earlier ones
    # know only `past_key_values`.
    name = "cache" if getattr(prefix, "cache", None) is not None else "past_key_values"
    cache = getattr(prefix, name)
    cache.batch_repeat_interleave(num_samples)
    return generate_fn(input_ids=input_ids.repeat_interleave(num_samples, 0),
                       attention_mask=attention_mask.repeat_interleave(num_samples, 0), **{name: cache},
                       **generate_kwargs)


def repeated_rows(input_ids) -> int:
    """k when the rows of `input_ids` come in consecutive runs of k identical rows (GRPO's groups), else 1."""
    rows = input_ids.size(0)
    k = 1
    while k < rows and bool((input_ids[k] == input_ids[0]).all()):
        k += 1
    if k == 1 or rows % k:
        return 1
    groups = input_ids.view(rows // k, k, -1)
    return k if bool((groups == groups[:, :1]).all()) else 1


@contextmanager
def shared_prefill(model) -> Iterator[None]:
    """While active, `model.generate(input_ids=…, attention_mask=…, …)` on a batch of runs of identical prompts
    (what GRPO generates: each prompt repeated once per sample) encodes each prompt once (`generate_samples`).
    Any other call (other inputs, a static cache, rows that are not such runs) goes to `generate` unchanged."""
    original = model.generate
    own = "generate" in vars(model)

    def generate(*args, **kwargs):
        input_ids, mask = kwargs.get("input_ids"), kwargs.get("attention_mask")
        config = kwargs.get("generation_config") or getattr(model, "generation_config", None)
        others = set(kwargs) - {"input_ids", "attention_mask", "generation_config"}
        group = 1 if args or input_ids is None or others or getattr(config, "cache_implementation", None) else (
            repeated_rows(input_ids))
        if group == 1:
            return original(*args, **kwargs)
        rest = {key: value for key, value in kwargs.items() if key not in ("input_ids", "attention_mask")}
        return generate_samples(model, input_ids[::group], None if mask is None else mask[::group],
                                num_samples=group, generate_fn=original, **rest)

    model.generate = generate
    try:
        yield
    finally:
        if own:
            model.generate = original
        else:
            del model.generate


def parses(program: str | None) -> bool:
    """Whether an extracted program (None: the completion held none) is valid Python."""
    if program is None:
        return False
    return try_parse(program) is not None


def program_checks(completions: Sequence[str]) -> dict[str, float | int]:
    """How many completions hold a program that parses, and how many of those the sandbox policy allows."""
    from rewards import extract_program
    from sandbox import check_policy

    programs = [extract_program(c) for c in completions]
    parsed = [p for p in programs if parses(p)]
    allowed = [p for p in parsed if check_policy(p) is None]
    n = max(1, len(completions))
    return {"samples": len(completions), "parse_rate": len(parsed) / n, "policy_rate": len(allowed) / n}
