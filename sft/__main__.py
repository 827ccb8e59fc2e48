"""`python -m sft` runs `arc-sft` (so `accelerate launch -m sft --config …` works)."""

from sft.cli import main

if __name__ == "__main__":
    main()
