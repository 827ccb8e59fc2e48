"""The evaluation harness: one scorer, resumable runs and reports. Every solver (reference, search,
program, grid models) is evaluated through it.

    arc-eval --solver search --dataset arc-agi-1 --split evaluation --time-budget 30 --out runs/search-eval

In code: `harness.runner.evaluate(solver, tasks, out_dir)`; metrics are defined in `harness.scoring`,
reports in `harness.report`. The protocol a solver implements (`solvers.protocol.Solver`) and the
augmentation vote (`solvers.voting`) live one layer down, in `solvers`, so solvers need nothing from here.
"""
