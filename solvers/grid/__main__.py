"""`python -m solvers.grid` (also `accelerate launch -m solvers.grid train ...`) runs `arc-grid`."""

from solvers.grid.cli import main

if __name__ == "__main__":
    main()
