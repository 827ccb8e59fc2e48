"""`python -m arc_dsl` runs the `arc-dsl` CLI."""

from arc_dsl.cli import main

main()
