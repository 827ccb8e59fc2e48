"""solvers: everything that answers an ARC task, and the contract they share with the harness.

    protocol    the Solver protocol, `Prediction` and its normalisation (≤ 2 attempts per test input)
    voting      augmentation voting: run a solver on augmented copies of a task, invert, vote
    registry    every solver by name (`make_solver("search", time_budget=30)`), imported lazily
    reference   the verified arc_dsl reference programs, run through the sandbox (an oracle)
    search      a DSL search over arc_dsl step compositions
    program     a model writes programs, the sandbox runs them, a weighted vote picks answers
    grid        neural grid models (TRM, HRM, transformer, ETRM, hybrid LLM+TRM, EFE) and `arc-grid`

The harness (one layer up) evaluates any object that satisfies `solvers.protocol.Solver`.
"""
