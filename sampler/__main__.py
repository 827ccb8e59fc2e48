"""`python -m sampler` runs the `arc-sample` CLI."""

from sampler.cli import main

main()
