"""Arguments: every recipe parses, mistakes are one-line user errors with exit code 2."""

import subprocess
import sys
from pathlib import Path

import pytest

from data.errors import UserError
from grpo.train import parse_args

RECIPES = sorted((Path(__file__).parents[2] / "recipes" / "grpo").glob("*.yaml"))
# Real-scale recipes ask for bf16 GPUs; parsing them here only checks every key is a real field.
ON_CPU = ["--bf16", "false", "--use_cpu", "true"]


@pytest.mark.parametrize("recipe", RECIPES, ids=lambda p: p.name)
def test_every_recipe_parses(recipe):
    script, curriculum, training, model = parse_args(["--config", str(recipe), *ON_CPU])
    assert script.task_mode in ("write", "edit") and training.num_generations >= 2


def test_vllm_recipes_cover_server_and_colocate():
    modes = {parse_args(["--config", str(r), *ON_CPU])[2].vllm_mode for r in RECIPES
             if parse_args(["--config", str(r), *ON_CPU])[2].use_vllm}
    assert modes == {"server", "colocate"}


def test_flags_override_the_recipe():
    recipe = next(r for r in RECIPES if r.name == "demo.yaml")
    assert parse_args(["--config", str(recipe), "--max_steps", "3"])[2].max_steps == 3


def test_an_unknown_recipe_key_is_a_user_error(tmp_path):
    (tmp_path / "bad.yaml").write_text("no_such_field: 1\n")
    with pytest.raises(UserError):
        parse_args(["--config", str(tmp_path / "bad.yaml")])


def test_a_bad_task_mode_is_a_user_error():
    with pytest.raises(UserError):
        parse_args(["--task_mode", "rewrite"])


def test_a_missing_recipe_exits_2_with_one_line():
    proc = subprocess.run([sys.executable, "-m", "grpo", "--config", "/nonexistent/recipe.yaml"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2 and proc.stderr.strip().splitlines() == [
        "arc-grpo: error: --config: no such file or folder: /nonexistent/recipe.yaml"]
