"""How the training scripts were launched, and the one launch that does not do what it looks like.

`accelerate launch --cpu --num_processes 2 -m sft ...` starts a single process: with `--cpu`, accelerate uses its
simple launcher, which starts several CPU processes only through mpirun (`--mpirun_hostfile`). It still sets
MASTER_ADDR, so the script can tell and say so. Two CPU processes over gloo come from the multi-process
launcher: `accelerate launch --config_file recipes/accelerate/cpu_2proc.yaml -m sft ...`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping

CPU_TWO_PROCESS_HINT = ("accelerate launch --cpu starts one process unless mpirun is used (--mpirun_hostfile); for two "
                        "CPU processes over gloo use: accelerate launch --config_file recipes/accelerate/cpu_2proc.yaml")


def single_process_cpu_launch(env: Mapping[str, str] | None = None) -> bool:
    """True when accelerate's --cpu launcher was asked for several processes but started only this one."""
    env = os.environ if env is None else env
    return (env.get("ACCELERATE_USE_CPU", "").lower() == "true" and "MASTER_ADDR" in env
            and int(env.get("WORLD_SIZE", "1")) == 1)


def warn_if_single_process_cpu_launch(prog: str) -> None:
    """Say on stderr when `single_process_cpu_launch()`, naming the launch that gives two CPU processes."""
    if single_process_cpu_launch():
        print(f"{prog}: warning: {CPU_TWO_PROCESS_HINT}", file=sys.stderr)
