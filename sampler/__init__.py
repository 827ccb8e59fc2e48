"""sampler (see DESIGN.md §2)."""
