"""`python -m grpo` (and `accelerate launch -m grpo`) runs the `arc-grpo` CLI."""

from grpo.cli import main

if __name__ == "__main__":
    main()
