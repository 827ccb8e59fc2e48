"""arc-grid: user mistakes are one line and exit 2; eval prints and writes metrics."""

import subprocess
import sys

import pytest

from data.errors import UserError
from solvers.grid.cli import parse_configs


def arc_grid(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "solvers.grid", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=300)


def test_missing_recipe_is_one_line_exit_2(tmp_path):
    result = arc_grid("train", "--config", str(tmp_path / "nope.yaml"))
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "--config: no such file" in result.stderr


def test_unknown_recipe_key_is_a_user_error(tmp_path):
    recipe = tmp_path / "bad.yaml"
    recipe.write_text("arch: trm\nhidden_sise: 12\n")
    with pytest.raises(UserError, match="hidden_sise"):
        parse_configs(["--config", str(recipe)])


def test_flags_override_the_recipe(tmp_path):
    recipe = tmp_path / "r.yaml"
    recipe.write_text("arch: hrm\nmax_steps: 10\n")
    model, _, _, args = parse_configs(["--config", str(recipe), "--max_steps", "3"])
    assert model.arch == "hrm" and args.max_steps == 3


def test_eval_without_a_model_is_one_line_exit_2(tmp_path):
    result = arc_grid("eval", "--checkpoint", str(tmp_path))
    assert result.returncode == 2 and "no grid model" in result.stderr


def test_flags_lists_every_config_field():
    result = arc_grid("flags")
    assert result.returncode == 0
    assert all(f"--{name} " in result.stdout for name in ("arch", "halting", "split_strategy", "puzzle_lr"))
