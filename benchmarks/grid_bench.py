"""Milliseconds per training step and per inference step of the grid models, on CPU, at the papers'
configurations and at the tiny CPU one of recipes/grid/overfit_*.yaml; prints a table.

    python benchmarks/grid_bench.py                        # all configurations, batch 4
    python benchmarks/grid_bench.py --only trm-paper --batch 8 --repeats 5 --threads 2

A training step is one outer (ACT) step on a batch of slots: forward through the recursion, deep
supervision loss, backward, AdamW on dense weights and SignSGD on puzzle embeddings. An inference
step is the same outer step without gradient. The papers train with batch 768 on GPUs; on CPU a
batch of 1–8 is what fits in a sensible time, so the table reports ms per example too.
"""

from __future__ import annotations

import argparse
import statistics
import time

# name → (model config fields, canvas side)
CONFIGS = {
    "trm-paper": (dict(arch="trm", hidden_size=512, num_heads=8, num_layers=2, h_cycles=3, l_cycles=6,
                       puzzle_emb_ndim=512, puzzle_emb_len=16), 30),
    # Exactly the reference TRM's ARC-AGI-1 command (TinyRecursiveModels README: arch=trm, L_layers=2,
    # H_cycles=3, L_cycles=4; hidden 512, 8 heads, 16 puzzle-embedding slots: 916 tokens), for side-by-side timing.
    "trm-ref-arc": (dict(arch="trm", hidden_size=512, num_heads=8, num_layers=2, h_cycles=3, l_cycles=4,
                         puzzle_emb_ndim=512, puzzle_emb_len=16), 30),
    "hrm-paper": (dict(arch="hrm", hidden_size=512, num_heads=8, num_layers=4, h_layers=4, h_cycles=2, l_cycles=2,
                       puzzle_emb_ndim=512), 30),
    "transformer-paper": (dict(arch="transformer", hidden_size=512, num_heads=8, num_layers=8, puzzle_emb_ndim=512), 30),
    "trm-tiny": (dict(arch="trm", hidden_size=64, num_heads=4, num_layers=2, h_cycles=2, l_cycles=2,
                      puzzle_emb_ndim=64), 6),
    "hrm-tiny": (dict(arch="hrm", hidden_size=64, num_heads=4, num_layers=2, h_layers=2, h_cycles=2, l_cycles=2,
                      puzzle_emb_ndim=64), 6),
}


def measure(fn, repeats: int, warmup: int) -> tuple[float, float]:
    """Median wall time and median CPU time of this process for fn(), in milliseconds. On a machine
    shared with other work the CPU time (with --threads 1) is the figure an idle machine would show."""
    for _ in range(warmup):
        fn()
    wall, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def bench(name: str, batch_size: int, repeats: int, warmup: int, dtype: str = "float32",
          breakdown: bool = False) -> dict:
    import contextlib

    import torch

    from solvers.grid import encoding
    from solvers.grid.halting import HaltingConfig, act_step, deep_supervision_loss, initial_carry
    from solvers.grid.models import GridModel, GridModelConfig
    from solvers.grid.optim import SparseSignSGD

    fields, side = CONFIGS[name]
    torch.manual_seed(0)
    num_puzzles = 1000
    model = GridModel(GridModelConfig(**fields), seq_len=encoding.seq_len(side), num_puzzles=num_puzzles)
    sparse = model.sparse_parameters()
    dense = [p for p in model.parameters() if all(p is not s for s in sparse)]
    adam = torch.optim.AdamW(dense, lr=1e-4)
    sign = SparseSignSGD(sparse, lr=1e-2) if sparse else None
    # Random grids of the canvas's full size: the cost does not depend on the colours.
    tokens = torch.randint(encoding.COLOUR_OFFSET, encoding.VOCAB_SIZE, (batch_size, encoding.seq_len(side)))
    batch = {"inputs": tokens, "labels": tokens.clone(), "puzzle_ids": torch.randint(1, num_puzzles, (batch_size,))}
    halting = HaltingConfig(halting="act", halt_max_steps=16)
    carry = initial_carry(model, batch)

    # bf16: autocast, as `arc-grid train --mixed_precision bf16` runs (weights and optimizer stay float32).
    def precision():
        return (torch.autocast("cpu", dtype=torch.bfloat16) if dtype == "bfloat16" else contextlib.nullcontext())

    def train_step():
        nonlocal carry
        model.train()
        with precision():
            carry, outputs = act_step(model, halting, carry, batch, training=True)
            loss, _ = deep_supervision_loss(carry, outputs)
        (loss / batch_size).backward()
        torch.nn.utils.clip_grad_norm_(dense, 1.0)
        adam.step()
        adam.zero_grad(set_to_none=True)
        if sign is not None:
            sign.step()
            sign.zero_grad(set_to_none=True)

    def infer_step():
        nonlocal carry
        model.eval()
        with torch.no_grad(), precision():
            carry, _ = act_step(model, halting, carry, batch, training=False)

    train_ms, train_cpu = measure(train_step, repeats, warmup)
    infer_ms, infer_cpu = measure(infer_step, repeats, warmup)
    if breakdown:
        print_breakdown(name, train_step)
    return {"name": name, "params": model.num_parameters(include_puzzles=False), "seq": model.prefix_len + model.seq_len,
            "batch": batch_size, "train_ms": train_ms, "infer_ms": infer_ms, "train_cpu": train_cpu,
            "infer_cpu": infer_cpu}


# Operator families of a step: matrix products (every linear layer and the blocked attention's products, forward
# and backward), attention (the fused kernel, or the blocked bf16 path's softmax), the element-wise steps when
# compiled (--fuse-elementwise), and everything else (eager norms, RoPE, SwiGLU's element-wise part, residual adds,
# casts, the optimizer).
FAMILIES = (("matrix products", ("aten::mm", "aten::addmm", "aten::bmm", "aten::baddbmm")),
            ("attention kernel", ("scaled_dot_product", "_BlockedAttention", "aten::_softmax")),
            ("compiled element-wise steps", ("CompiledFxGraph", "Torch-Compiled Region", "CompiledFunction")))


def print_breakdown(name: str, step) -> None:
    """Where one training step's CPU time goes (torch.profiler), by operator family, with the matrix
    products' achieved GFLOP/s: the figure to hold against the CPU's peak before hunting for speed. The
    times come from a step profiled without FLOP counting (counting inflates the elementwise ops), the
    FLOPs from a second step profiled with it."""
    from torch.profiler import ProfilerActivity, profile

    def family(key: str) -> str:
        return next((label for label, keys in FAMILIES if any(k in key for k in keys)), "other")

    with profile(activities=[ProfilerActivity.CPU]) as timed:
        step()
    with profile(activities=[ProfilerActivity.CPU], with_flops=True) as counted:
        step()
    events = timed.key_averages()
    total = sum(e.self_cpu_time_total for e in events)
    shares: dict[str, float] = {}
    for event in events:
        shares[family(event.key)] = shares.get(family(event.key), 0) + event.self_cpu_time_total
    flops = sum(e.flops or 0 for e in counted.key_averages() if family(e.key) == "matrix products")
    gemm_us = shares.get("matrix products", 0)
    parts = ", ".join(f"{label} {100 * us / total:.0f} %" for label, us in sorted(shares.items(), key=lambda kv: -kv[1]))
    rate = f"; matrix products at {flops / gemm_us / 1e3:.0f} GFLOP/s" if gemm_us and flops else ""
    others = sorted((e for e in events if family(e.key) == "other"), key=lambda e: -e.self_cpu_time_total)[:4]
    top = ", ".join(f"{e.key} {100 * e.self_cpu_time_total / total:.0f} %" for e in others)
    print(f"{name}: one training step, {total / 1e6:.2f} CPU-s in operators: {parts}{rate}; largest of the rest: {top}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", choices=sorted(CONFIGS), help="Configurations to run (default: all).")
    parser.add_argument("--batch", type=int, default=4, help="Batch size (slots) of every configuration.")
    parser.add_argument("--repeats", type=int, default=3, help="Timed steps (median reported).")
    parser.add_argument("--warmup", type=int, default=1, help="Untimed steps first.")
    parser.add_argument("--threads", type=int, default=0, help="torch CPU threads (0 = torch's default).")
    parser.add_argument("--dtype", choices=("float32", "bfloat16"), default="float32",
                        help="float32, or bfloat16 autocast (worth it on CPUs with AMX/AVX512-BF16).")
    parser.add_argument("--fuse-elementwise", action="store_true",
                        help="Compile the blocks' element-wise steps (as `arc-grid train --fuse_elementwise true`).")
    parser.add_argument("--breakdown", action="store_true",
                        help="Also profile one training step: CPU share of matrix products, attention, the rest.")
    args = parser.parse_args()

    import torch
    from rich.console import Console
    from rich.table import Table

    if args.threads:
        torch.set_num_threads(args.threads)
    if args.fuse_elementwise:
        from solvers.grid.layers import fuse_elementwise

        fuse_elementwise()
    fused = ", element-wise steps compiled" if args.fuse_elementwise else ""
    table = Table(title=f"grid models on CPU ({torch.get_num_threads()} threads, {args.dtype}{fused}, "
                        f"torch {torch.__version__})")
    for column in ("config", "params", "tokens", "batch", "train ms/step", "infer ms/step", "train cpu-ms/step",
                   "infer cpu-ms/step", "train ms/example", "infer ms/example"):
        table.add_column(column, justify="right" if column != "config" else "left")
    for name in args.only or list(CONFIGS):
        row = bench(name, args.batch, args.repeats, args.warmup, args.dtype, args.breakdown)
        table.add_row(name, f"{row['params'] / 1e6:.2f}M", str(row["seq"]), str(row["batch"]), f"{row['train_ms']:.1f}",
                      f"{row['infer_ms']:.1f}", f"{row['train_cpu']:.1f}", f"{row['infer_cpu']:.1f}",
                      f"{row['train_ms'] / row['batch']:.1f}",
                      f"{row['infer_ms'] / row['batch']:.1f}")
    Console(width=200).print(table)


if __name__ == "__main__":
    main()
