"""Neural grid solvers: HRM, TRM and a transformer baseline that predict the output grid directly.

    encoding    the one grid ↔ token-sequence encoding (PAD / EOS / colour tokens)
    dataset     augmented, encoded training data with puzzle ids and the HRM ablations' split strategies
    layers      the shared transformer block (RoPE attention, SwiGLU, RMSNorm)
    models      GridModel: conditioning (puzzle embedding) + TRM / HRM / transformer core + heads
    halting     deep supervision and halting rules (ACT Q-head, fixed, random, equilibrium)
    train       `arc-grid train --config recipes/grid/<name>.yaml`
    evaluate    inference, voting, pass@k, Q calibration (`arc-grid eval`)
    solver      GridSolver for the harness (`arc-eval --solver trm --checkpoint runs/<run>/grid`)

Nothing here is imported eagerly: torch loads only when a model is built.
"""
