"""`make rehearse` (scripts/rehearse.py) runs the real-scale recipes themselves: its overrides never touch a
hand-off (where a stage reads or writes), and (slow) both chains run end to end on CPU."""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HANDOFFS = {"--model_name_or_path", "--dataset_name", "--output_dir", "--out", "--difficulty_table", "--config"}


def rehearse():
    spec = importlib.util.spec_from_file_location("rehearse", ROOT / "scripts" / "rehearse.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("chain", ["qwen1.5b", "qwen7b"])
def test_stages_run_the_scale_recipes_without_moving_their_handoffs(chain):
    module = rehearse()
    stages = module.stages(chain, {"anthropic": "http://x", "openai": "http://x"}, "/tiny")
    assert [name for name, *_ in stages] == ["sample", "dataset", "sft", "grpo", "eval"]
    for name, command, _, overrides in stages:
        assert overrides, f"{name}: say which overrides were needed"
        recipe = command[command.index("--config") + 1] if "--config" in command else None
        if recipe:
            assert Path(recipe).is_file() and Path(recipe).is_relative_to(ROOT / "recipes")
            flags = command[command.index("--config") + 2:]
            moved = HANDOFFS & set(flags)
            # The one allowed: the tiny local model in place of the SFT recipe's Hub id (GRPO keeps runs/<chain>/sft).
            assert moved <= ({"--model_name_or_path"} if name == "sft" else set()), f"{name} overrides {moved}"


@pytest.mark.slow
def test_both_chains_rehearse_on_cpu(tmp_path):
    import subprocess

    run = subprocess.run([sys.executable, str(ROOT / "scripts" / "rehearse.py"), "--work", str(tmp_path / "r")],
                         capture_output=True, text=True, timeout=1500, cwd=ROOT)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "GRPO adapter base = runs/qwen1.5b/sft/merged" in run.stdout
    assert "GRPO adapter base = runs/qwen7b/sft/merged" in run.stdout
