"""Building, caching and resolving the embedded student model (a tiny recipe; the build path is the real one)."""

import dataclasses
import json
import os
import subprocess
import sys

from student.embedded import build_info, ensure_embedded_model, resolve_model


def test_other_model_names_pass_through():
    assert resolve_model("Qwen/Qwen2.5-Coder-1.5B-Instruct") == "Qwen/Qwen2.5-Coder-1.5B-Instruct"


def test_built_model_is_a_qwen2_folder_that_loads(tiny_embedded_model):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model = AutoModelForCausalLM.from_pretrained(tiny_embedded_model)
    tokenizer = AutoTokenizer.from_pretrained(tiny_embedded_model)
    assert model.config.model_type == "qwen2" and model.config.vocab_size == len(tokenizer)


def test_build_records_its_figures(tiny_embedded_model):
    info = build_info(tiny_embedded_model)
    assert info["parameters"] > 0 and 0.0 <= info["parse_rate_greedy"] <= 1.0 and info["train_loss_first"] is not None
    assert info["hindsight_tasks"] > 0  # the tiny recipe asks for one per reference program: run in the sandbox
    assert info["repair_pairs"] > 0 and 0 < info["repair_rows"] <= info["repair_pairs"]  # ... and for repair pairs


def test_cached_model_is_returned_without_rebuilding(tiny_embedded_model, tiny_embedded_recipe):
    stamp = (tiny_embedded_model / "build_info.json").stat().st_mtime_ns
    assert ensure_embedded_model(tiny_embedded_model.parent, recipe=tiny_embedded_recipe) == tiny_embedded_model
    assert (tiny_embedded_model / "build_info.json").stat().st_mtime_ns == stamp


def test_a_changed_recipe_gets_its_own_folder(tiny_embedded_model, tiny_embedded_recipe):
    from student.embedded import cache_key

    assert cache_key(tiny_embedded_recipe) == tiny_embedded_model.name
    changed = dataclasses.replace(tiny_embedded_recipe, max_steps=tiny_embedded_recipe.max_steps + 1)
    assert cache_key(changed) != tiny_embedded_model.name


def test_the_precision_is_decided_before_the_key(tiny_embedded_recipe, monkeypatch):
    import student.precision
    from student.embedded import cache_key, resolved_recipe

    auto = dataclasses.replace(tiny_embedded_recipe, bf16=None)
    for fast in (True, False):
        monkeypatch.setattr(student.precision, "fast_bf16", lambda fast=fast: fast)
        assert resolved_recipe(auto).bf16 is fast
        assert cache_key(auto) == cache_key(dataclasses.replace(auto, bf16=fast))
    assert cache_key(dataclasses.replace(auto, bf16=True)) != cache_key(dataclasses.replace(auto, bf16=False))


def test_the_build_records_its_precision(tiny_embedded_model, tiny_embedded_recipe):
    from student.embedded import build_info, resolved_recipe

    assert build_info(tiny_embedded_model)["recipe"]["bf16"] is resolved_recipe(tiny_embedded_recipe).bf16


def test_the_cache_key_does_not_build_the_corpus(tiny_embedded_recipe, monkeypatch):
    import editing.mutate
    import student.embedded

    key = student.embedded.cache_key(tiny_embedded_recipe)

    def forbidden(*args, **kwargs):
        raise AssertionError("the cache key built the corpus")

    monkeypatch.setattr(editing.mutate, "mutate", forbidden)
    monkeypatch.setattr(student.embedded, "build_corpus", forbidden)
    assert student.embedded.cache_key(tiny_embedded_recipe) == key


def test_the_cache_key_follows_the_prompts_the_corpus_uses(tiny_embedded_recipe, monkeypatch):
    import editing.prompts
    from student.embedded import cache_key

    no_repairs = dataclasses.replace(tiny_embedded_recipe, repair_per_task=0)
    key, key_without = cache_key(tiny_embedded_recipe), cache_key(no_repairs)
    edit = editing.prompts.edit_messages
    monkeypatch.setattr(editing.prompts, "edit_messages", lambda *a, **k: [*edit(*a, **k), {"role": "user",
                                                                                              "content": "Reworded."}])
    assert cache_key(tiny_embedded_recipe) != key  # repair pairs are edit prompts: rewording them rebuilds
    assert cache_key(no_repairs) == key_without  # without repair pairs the corpus has no edit prompt
    write = editing.prompts.write_messages

    def reworded(task, **kwargs):
        messages = write(task, **kwargs)
        return [*messages[:-1], {**messages[-1], "content": messages[-1]["content"] + " Reworded."}]

    monkeypatch.setattr(editing.prompts, "write_messages", reworded)
    assert cache_key(no_repairs) != key_without


def test_default_cache_follows_the_environment(monkeypatch, tmp_path):
    from student.embedded import cache_root

    monkeypatch.setenv("ARC_EDIT_CACHE", str(tmp_path))
    assert cache_root() == tmp_path / "embedded"


def test_pretraining_skips_held_out_tasks(tiny_embedded_model):
    from data.splits import is_held_out as pretraining_holdout

    assert not any(pretraining_holdout(task_id) for task_id in build_info(tiny_embedded_model)["pretraining_tasks"])


def test_concurrent_callers_share_one_build(tmp_path, tiny_embedded_recipe):
    recipe = dataclasses.replace(tiny_embedded_recipe, max_steps=1, seed=7)
    code = ("import json, sys; from student.embedded import EmbeddedRecipe, ensure_embedded_model; "
            "print(ensure_embedded_model(sys.argv[1], recipe=EmbeddedRecipe(**json.loads(sys.argv[2]))))")
    env = {**os.environ, "TOKENIZERS_PARALLELISM": "false"}
    procs = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path), json.dumps(dataclasses.asdict(recipe))],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for _ in range(2)]
    outputs = [p.communicate(timeout=600) for p in procs]
    assert all(p.returncode == 0 for p in procs), [err[-2000:] for _, err in outputs]
    paths = {out.strip() for out, _ in outputs}
    builds = sum(err.count("building into") for _, err in outputs)
    assert len(paths) == 1 and builds == 1 and sorted(p.name for p in tmp_path.iterdir() if p.is_dir()) == [
        os.path.basename(paths.pop())]



def test_repair_pairs_answer_with_the_line_edits_back_to_the_reference():
    """Each repair pair's prompt lists a mutant for line edits; its answer's edits turn it into the reference."""
    from arc_dsl.solvers import load_solvers
    from editing.prompts import line_edit_start
    from rewards import extract_program
    from student.corpus import Corpus
    from student.embedded import repair_chats

    solvers = load_solvers()
    ids = tuple(sorted(solvers)[:4])
    chats = repair_chats(Corpus((), (), (), ids), per_task=2, seed=0)
    assert {chat.task_id for chat in chats} <= set(ids) and len(chats) >= 4
    for chat in chats:
        start = line_edit_start(chat.messages)
        assert start is not None and "```edit\n" in chat.completion and "```python" not in chat.completion
        assert extract_program(chat.completion, start).strip() == solvers[chat.task_id].strip() != start.strip()
