"""The evaluation harness: one solver protocol, one scorer, augmentation voting, resumable runs and
reports. Every solver (reference, search, program, grid models) is evaluated through it.

    arc-eval --solver search --dataset arc-agi-1 --split evaluation --time-budget 30 --out runs/search-eval

In code: `harness.runner.evaluate(solver, tasks, out_dir)`; the protocol is `harness.solver.Solver`,
metrics are defined in `harness.scoring`, voting in `harness.voting`, reports in `harness.report`.
"""
