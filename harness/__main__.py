"""`python -m harness` runs the arc-eval CLI."""

from harness.cli import main

main()
