"""Every recipe under recipes/ parses with the project's own parser for its stage (bf16 forced off: no GPU here),
every accelerate config loads with accelerate's own loader, and a misspelled key or enum value fails at parse time."""

from pathlib import Path

import pytest
import yaml

from data.errors import UserError

RECIPES = Path(__file__).resolve().parents[1] / "recipes"
CPU = ["--bf16", "false"]


def parse_sft(path, *extra):
    from sft.train import parse_args

    return parse_args(["--config", str(path), *CPU, *extra])


def parse_grpo(path, *extra):
    from grpo.train import parse_args

    return parse_args(["--config", str(path), *CPU, *extra])


def parse_sample(path, *extra):
    from sampler.config import load_config

    return load_config(path)


def parse_grid(path, *extra):
    from solvers.grid.cli import parse_configs

    return parse_configs(["--config", str(path), *extra])


def load_accelerate(path, *extra):
    """accelerate's loader (unknown top-level keys raise), and the nested deepspeed/fsdp keys must be launch options
    (accelerate launch turns each into a flag; an unknown one is silently dropped)."""
    from accelerate.commands.config.config_args import load_config_from_file
    from accelerate.commands.launch import launch_command_parser

    try:
        load_config_from_file(str(path))
    except ValueError as error:
        raise UserError(str(error)) from None
    options = {action.dest for action in launch_command_parser()._actions}
    raw = yaml.safe_load(path.read_text())
    for section in ("deepspeed_config", "fsdp_config"):
        unknown = sorted(set(raw.get(section) or {}) - options)
        if unknown:
            raise UserError(f"{path}: {section} has unknown key(s) {', '.join(unknown)}")


PARSERS = {"sft": parse_sft, "grpo": parse_grpo, "sample": parse_sample, "grid": parse_grid,
           "accelerate": load_accelerate}
ALL = sorted(RECIPES.rglob("*.yaml"))


def test_every_recipe_folder_has_a_parser():
    assert {path.parent.name for path in ALL} <= set(PARSERS)
    assert len(ALL) >= 40


@pytest.mark.parametrize("path", ALL, ids=lambda p: str(p.relative_to(RECIPES)))
def test_recipe_parses(path):
    PARSERS[path.parent.name](path)


MISSPELLINGS = [  # (recipe, a key or value in it, the misspelling)
    ("sft/qwen2.5-coder-1.5b.yaml", "lora_alpha:", "lora_alfa:"),
    ("grpo/qwen1.5b_colocate.yaml", "num_generations:", "num_generation:"),
    ("grpo/qwen1.5b_colocate.yaml", "vllm_mode: colocate", "vllm_mode: servr"),
    ("grpo/qwen1.5b_colocate.yaml", "loss_type: dapo", "loss_type: dapoo"),
    ("grpo/qwen7b_server.yaml", "scale_rewards: batch", "scale_rewards: groups"),
    ("sample/anthropic.yaml", "concurrency:", "concurency:"),
    ("accelerate/deepspeed_zero3.yaml", "num_machines:", "num_machine:"),
    ("accelerate/deepspeed_zero3.yaml", "zero_stage:", "zero_stag:"),
    ("accelerate/fsdp.yaml", "fsdp_state_dict_type:", "fsdp_state_dict_typ:"),
]


@pytest.mark.parametrize("recipe,good,bad", MISSPELLINGS, ids=[f"{r}:{b}" for r, _, b in MISSPELLINGS])
def test_a_misspelled_key_or_value_fails_at_parse_time(recipe, good, bad, tmp_path):
    source = (RECIPES / recipe).read_text()
    assert good in source
    path = tmp_path / recipe.split("/")[0] / Path(recipe).name
    path.parent.mkdir()
    path.write_text(source.replace(good, bad, 1))
    misspelled = bad.split(": ")[1] if ": " in bad else bad.rstrip(":")  # the error names it
    with pytest.raises(UserError, match=misspelled):
        PARSERS[path.parent.name](path)


def test_scale_recipes_chain_through_one_run_folder_per_student():
    """Each scale recipe reads exactly what the previous one writes: runs/<name>/{sample,dataset,sft,grpo}."""
    from grpo.train import parse_args as grpo_args
    from sampler.config import load_config
    from sft.train import parse_args as sft_args

    chains = {"qwen1.5b": ("anthropic", "qwen2.5-coder-1.5b", "qwen1.5b_colocate"),
              "qwen7b": ("openai", "qwen2.5-coder-7b", "qwen7b_server")}
    for name, (sample, sft, grpo) in chains.items():
        run = f"runs/{name}"
        assert load_config(RECIPES / "sample" / f"{sample}.yaml").out == f"{run}/sample"
        assert f"--traces {run}/sample --out {run}/dataset" in (RECIPES / "sample" / f"{sample}.yaml").read_text()
        script, training, _ = sft_args(["--config", str(RECIPES / "sft" / f"{sft}.yaml"), *CPU])
        assert (script.dataset_name, training.output_dir, script.merge_adapter) == (f"{run}/dataset", f"{run}/sft", True)
        _, curriculum, training, model = grpo_args(["--config", str(RECIPES / "grpo" / f"{grpo}.yaml"), *CPU])
        assert model.model_name_or_path == f"{run}/sft" and training.output_dir == f"{run}/grpo"
        assert curriculum.difficulty_table == f"{run}/sample/difficulty.json"
