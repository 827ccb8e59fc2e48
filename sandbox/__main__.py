"""`python -m sandbox` runs the `arc-sandbox` CLI."""

from rewards.sandbox_cli import main

main()
