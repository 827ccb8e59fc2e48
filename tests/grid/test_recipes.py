"""Every recipe in recipes/grid/ parses and trains one step (data and length shrunk, architecture,
halting rule and split strategy kept)."""

import json
from pathlib import Path

import pytest

from solvers.grid.cli import parse_configs
from solvers.grid.train import train

RECIPES = sorted((Path(__file__).parents[2] / "recipes" / "grid").glob("*.yaml"))
TINY = ["--max_steps", "1", "--batch_size", "4", "--max_tasks", "2", "--max_eval_tasks", "1", "--max_grid_side", "5",
        "--canvas_side", "6", "--num_augmentations", "1", "--folds", "2", "--fold", "0", "--eval_max_examples", "8",
        "--eval_batch_size", "8", "--log_every", "1", "--save_every", "0", "--eval_every", "0", "--report_to", "none"]


def test_there_is_a_recipe_for_each_experiment_of_the_hrm_ablations():
    names = {recipe.stem for recipe in RECIPES}
    assert {"overfit_trm", "overfit_hrm", "aug_0", "aug_300", "aug_1000", "hrm_cycles_1x1", "hrm_cycles_2x2",
            "hrm_cycles_4x4", "hrm_cycles_1x4", "hrm_cycles_4x1", "transformer_matched", "transformer_deep",
            "halting_act", "halting_fixed", "halting_random", "halting_equilibrium", "puzzle_emb_0", "puzzle_emb_8",
            "puzzle_emb_16", "puzzle_emb_32", "split_original", "split_clean", "split_leave_one_out"} <= names


@pytest.mark.parametrize("recipe", RECIPES, ids=lambda path: path.stem)
def test_recipe_runs_one_step(recipe, tmp_path, request):
    extra = []
    if "text_model:" in recipe.read_text():
        # The recipe's text model (the embedded student) takes minutes to build on a fresh machine; the
        # step only needs a text model of the same kind, so a tiny local one stands in.
        extra = ["--text_model", request.getfixturevalue("text_model")]
    configs = parse_configs(["--config", str(recipe), *TINY, *extra, "--output_dir", str(tmp_path / "run"),
                             "--cache_dir", str(tmp_path / "cache")])
    summary = train(*configs, progress=False)
    assert summary["step"] == 1
    line = json.loads((tmp_path / "run" / "metrics.jsonl").read_text().splitlines()[0])
    assert line["train/lm_loss"] > 0 and (tmp_path / "run" / "model" / "model.safetensors").is_file()
