"""`python -m harness` runs the arc-eval CLI."""

from harness.cli import main

# Guarded: solvers that use a process pool (search) start workers that import the main module again.
if __name__ == "__main__":
    main()
