"""`python -m sandbox` runs the `arc-sandbox` CLI."""

from sandbox.cli import main

main()
