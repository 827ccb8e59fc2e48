"""No program can see another program's data: not its outputs, its inputs, nor its text.

A GRPO group shares a sandbox pool: if a program could find what an earlier program returned (or the
text of a reference solver run before it), a "copycat" completion would earn the full reward. These
tests run *spies* after *victims* from the same zygotes, in batches mixed with correct programs, and
the spies hunt for the victims' data three ways:

* frame walk: every frame above `solve` (its locals and globals, recursively through containers);
* object walk: every object the garbage collector knows and everything they refer to;
* heap scan: the raw bytes of the process's memory — the whole malloc heap (freed chunks included)
  and every pymalloc pool that holds a live object — searched for the victims' bytes.

A positive control runs the same spy in a process that does hold the data and checks it finds it.
With the policy on, the spies are refused before they run; with it off (isolation only), they run
their whole search and must find nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from rewards import get_reward_funcs
from sandbox import ErrorKind, Policy, SandboxPool

pytestmark = pytest.mark.timeout(120)

CANARY = f"canary{uuid.uuid4().hex}"  # appears only in the victims' program text
VICTIM_INPUT = ((5, 0, 5, 0, 5), (0, 8, 8, 8, 0), (5, 8, 2, 8, 5), (0, 8, 8, 8, 0), (5, 0, 5, 0, 5))
SECRET = ((7, 3, 9, 1), (1, 8, 2, 6), (6, 4, 5, 3), (2, 9, 7, 4))  # the victim's output: the answer key
SPY_INPUT = ((1, 2), (3, 4))

VICTIM = f'''
def solve(I):
    note = "{CANARY}"
    return {SECRET!r}
'''
CORRECT = "def solve(I):\n    return tuple(tuple(row) for row in I)\n"


def _needles() -> dict[str, list[bytes]]:
    compact = [json.dumps([list(row) for row in grid], separators=(",", ":")).encode() for grid in (SECRET,)]
    spaced = [json.dumps([list(row) for row in grid]).encode() for grid in (SECRET,)]
    tuples = [repr(SECRET).encode(), repr(SECRET).replace(" ", "").encode()]
    inputs = [json.dumps([list(row) for row in VICTIM_INPUT], separators=(sep, ":")).encode() for sep in (",", ", ")]
    inputs.append(json.dumps([list(row) for row in VICTIM_INPUT]).encode())
    return {"program": [CANARY.encode()], "output": compact + spaced + tuples, "input": inputs}


def _split(needles: dict[str, list[bytes]]) -> dict[str, list[tuple[bytes, bytes]]]:
    """Each needle as two halves: the spy never holds a whole needle, so it cannot find itself."""
    return {kind: [(needle[:len(needle) // 2], needle[len(needle) // 2:]) for needle in values]
            for kind, values in needles.items()}


SPY = f'''
import ctypes, gc, sys

HALVES = {_split(_needles())!r}
KINDS = ("program", "output", "input")
def _grid(shifted, width):  # built from shifted values: the spy's own text never spells out a needle
    cells = [value - 1 for value in shifted]
    return tuple(tuple(cells[at:at + width]) for at in range(0, len(cells), width))


SECRET = _grid({[cell + 1 for row in SECRET for cell in row]!r}, {len(SECRET[0])})
SECRET_ROWS = [list(r) for r in SECRET]
INPUT = _grid({[cell + 1 for row in VICTIM_INPUT for cell in row]!r}, {len(VICTIM_INPUT[0])})
INPUT_ROWS = [list(r) for r in INPUT]
OWN = {{id(HALVES), id(SECRET), id(SECRET_ROWS), id(INPUT), id(INPUT_ROWS)}}


def _contains(blob, head, tail):
    at = blob.find(head)
    while at >= 0:
        if blob[at + len(head):at + len(head) + len(tail)] == tail:
            return True
        at = blob.find(head, at + 1)
    return False


def _hits(blob, found):
    for kind in KINDS:
        if not found[kind] and any(_contains(blob, head, tail) for head, tail in HALVES[kind]):
            found[kind] = True


def _walk(value, found, seen, depth=0):
    if id(value) in seen or id(value) in OWN or depth > 6:
        return
    seen.add(id(value))
    if isinstance(value, str):
        _hits(value.encode("utf-8", "replace"), found)
    elif isinstance(value, (bytes, bytearray, memoryview)):
        _hits(bytes(value), found)
    elif isinstance(value, dict):
        for key, item in list(value.items()):
            _walk(key, found, seen, depth + 1)
            _walk(item, found, seen, depth + 1)
    elif isinstance(value, (list, tuple, set, frozenset)):
        if value == SECRET or value == SECRET_ROWS:
            found["output"] = True
        if value == INPUT or value == INPUT_ROWS:
            found["input"] = True
        for item in list(value):
            _walk(item, found, seen, depth + 1)


def frame_walk(found):
    seen = set()
    frame = sys._getframe(1)
    while frame is not None:
        _walk(frame.f_locals, found, seen)
        _walk(frame.f_globals, found, seen)
        frame = frame.f_back


def object_walk(found):
    seen = set()
    for obj in gc.get_objects():
        if id(obj) in OWN:
            continue
        _walk(obj, found, seen, depth=5)  # the object itself and what it holds directly
        for ref in gc.get_referents(obj):
            _walk(ref, found, seen, depth=5)


class _Mallinfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
                 "keepcost")]


def heap_scan(found):
    libc = ctypes.CDLL(None)
    libc.sbrk.restype = ctypes.c_void_p
    libc.sbrk.argtypes = (ctypes.c_long,)
    libc.mallinfo2.restype = _Mallinfo2
    libc.madvise.argtypes = (ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int)

    def mapped(start, length):  # madvise(MADV_NORMAL) fails with ENOMEM on unmapped pages: no segfault
        return libc.madvise(start, length, 0) == 0

    top = libc.sbrk(0)
    bottom = top - libc.mallinfo2().arena
    step = 1 << 20
    for start in range(bottom, top, step):  # the brk heap: every malloc'd block, freed ones included
        length = min(step + 4096, top - start)  # overlapping windows: nothing is missed at a boundary
        if mapped(start, length):
            _hits(ctypes.string_at(start, length), found)
    pools = set()
    for obj in gc.get_objects():
        for ref in [obj] + gc.get_referents(obj):
            if sys.getsizeof(ref) <= 512:  # a small object: it sits in a 16 KiB pymalloc pool
                pools.add(id(ref) & ~0x3FFF)
    for base in pools:  # the pools, freed blocks included
        if not bottom <= base < top and mapped(base, 0x4000):
            _hits(ctypes.string_at(base, 0x4000), found)


def solve(I):
    rows = []
    for hunt in (frame_walk, object_walk, heap_scan):
        found = dict.fromkeys(KINDS, False)
        try:
            hunt(found)
        except Exception:
            pass
        rows.append(tuple(int(found[kind]) for kind in KINDS))
    return tuple(rows)
'''
NOTHING_FOUND = ((0, 0, 0),) * 3  # (program, output, input) found by frames / objects / heap


@pytest.fixture(params=["policy", "isolation-only"])
def policy(request):
    return Policy() if request.param == "policy" else Policy.disabled()


def _assert_spy_found_nothing(result, policy: Policy) -> None:
    if policy.enabled:
        assert result.program_error is ErrorKind.POLICY  # sys, gc and ctypes are not importable
    else:
        assert result.ok, result.message or result.examples[0].message
        assert result.outputs == (NOTHING_FOUND,), f"the spy found (program, output, input) = {result.outputs[0]}"


_CONTROL = """
import json, sys
sys.path.insert(0, sys.argv[1])
from sandbox.runner import execute
job = json.loads(sys.stdin.read())
held = job["held"]
held["frame"] = bytes.fromhex(held["frame"])  # the raw job bytes, as the zygote used to receive them
execute(job["spy"], [((1, 2), (3, 4))], sys.stdout.buffer.write)
"""


def test_the_spy_finds_the_data_of_a_process_that_holds_it():
    """Positive control: in a fresh interpreter holding a victim's job (as the old zygote did), each
    of the spy's three hunts finds the program text, the output and the input."""
    held = {"program": VICTIM, "inputs": [[list(row) for row in VICTIM_INPUT]],
            "raw": json.dumps({"i": 0, "out": [list(row) for row in SECRET]}, separators=(",", ":")),
            "frame": json.dumps({"program": VICTIM, "inputs": [VICTIM_INPUT]}, separators=(",", ":")).encode().hex()}
    done = subprocess.run([sys.executable, "-c", _CONTROL, str(Path(__file__).resolve().parents[2])],
                          input=json.dumps({"held": held, "spy": SPY}), capture_output=True, text=True, timeout=60)
    record = json.loads(done.stdout.splitlines()[0])
    assert record == {"i": 0, "out": [[1, 1, 1]] * 3}, done.stderr[-2000:]


@pytest.mark.parametrize("workers", [1, 2])
def test_spies_after_victims_find_nothing(policy, workers):
    jobs = []
    for _ in range(3):
        jobs += [(VICTIM, [VICTIM_INPUT]), (CORRECT, [SPY_INPUT]), (VICTIM, [VICTIM_INPUT]), (SPY, [SPY_INPUT])]
    with SandboxPool(workers) as pool:
        results = pool.run_many(jobs, policy=policy, timeout_s=20)
        spies = [result for (program, _), result in zip(jobs, results, strict=True) if program is SPY]
        for (program, _), result in zip(jobs, results, strict=True):
            if program is VICTIM:
                assert result.outputs == (SECRET,)
        for result in spies:
            _assert_spy_found_nothing(result, policy)
        # and once more in a batch of its own, after the victims' batch has finished
        _assert_spy_found_nothing(pool.run(SPY, [SPY_INPUT], policy=policy, timeout_s=20), policy)


def _copycat(variant: int) -> str:
    """A completion whose program returns whatever 4x4 grid it can find in its process (frames, then objects)."""
    return f'''<think>copy the answer, variant {variant}</think>
```python
import gc, json, sys

def solve(I):
    pool = []
    frame = sys._getframe(1)
    while frame is not None:
        pool.extend(frame.f_locals.values())
        pool.extend(frame.f_globals.values())
        frame = frame.f_back
    pool.extend(gc.get_objects())
    for obj in list(pool):
        pool.extend(gc.get_referents(obj))
    for value in pool:
        try:
            if isinstance(value, (str, bytes)) and len(value) < 100000:
                for line in (value.decode() if isinstance(value, bytes) else value).splitlines():
                    record = json.loads(line) if line.startswith("{{") else None
                    if isinstance(record, dict) and len(record.get("out") or ()) == 4:
                        return tuple(tuple(row) for row in record["out"])
            if isinstance(value, tuple) and len(value) == 4 and all(len(r) == 4 for r in value) and value != I:
                return value
        except Exception:
            pass
    return I
```'''


@pytest.mark.parametrize("workers", [1, 2])
def test_a_grpo_group_of_copycats_earns_no_pixel_credit(policy, workers):
    """One correct completion and seven that try to copy its answer: the copies score 0 on pixels."""
    from sandbox import pool as pool_module

    correct = f"<think>constant</think>\n```python\ndef solve(I):\n    return {SECRET!r}\n```"
    completions = [correct] + [_copycat(k) for k in range(7)]
    examples = json.dumps([{"input": [list(r) for r in VICTIM_INPUT], "output": [list(r) for r in SECRET]}])
    try:
        [pixel] = get_reward_funcs(["pixel"], policy=policy, workers=workers, timeout_s=20)
        pixels = pixel(completions, examples_json=[examples] * len(completions))
        assert pixels[0] == 1.0
        assert pixels[1:] == [0.0] * 7, f"copycats earned pixel credit: {pixels}"
        [smooth] = get_reward_funcs(["smooth"], policy=policy, workers=workers, timeout_s=20)  # a fresh scorer
        again = smooth(completions[::-1], examples_json=[examples] * len(completions))  # copies first this time
        assert again[-1] == pytest.approx(1.2) and max(again[:-1]) <= 0.2
    finally:
        pool_module.shutdown()
