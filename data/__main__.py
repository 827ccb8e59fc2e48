"""`python -m data` runs the `arc-data` CLI."""

from data.cli import main

main()
