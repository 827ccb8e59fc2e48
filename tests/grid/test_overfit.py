"""The overfit check at CPU scale (slow: minutes of CPU per model): the overfit recipes
reach > 90 % exact accuracy on their own training pairs."""

from pathlib import Path

import pytest

from solvers.grid.cli import parse_configs
from solvers.grid.train import train

RECIPES = Path(__file__).parents[2] / "recipes" / "grid"


@pytest.mark.slow
@pytest.mark.timeout(3600)
@pytest.mark.parametrize("arch", ["trm", "hrm"])
def test_overfit_recipe_memorises_its_training_pairs(arch, tmp_path):
    configs = parse_configs(["--config", str(RECIPES / f"overfit_{arch}.yaml"), "--output_dir", str(tmp_path / "run"),
                             "--cache_dir", str(tmp_path / "cache")])
    summary = train(*configs, progress=False)
    assert summary["eval_train/exact_accuracy"] > 0.9
