"""Enumerative search over compositions of catalogue steps that fit a task's demonstration pairs.

icecuber-style, in small: a state is the tuple of grids obtained by applying a sequence of steps to
every input of the task (demonstration inputs and test inputs together). Starting from the inputs, the
search applies every step to every state, depth by depth:

- deduplicated by outputs: two sequences giving the same grids on every input are one state (a hash of
  all the grids), so the space grows with distinct behaviours, not with programs;
- pruned by shape: on the last level, steps that keep the shape are skipped when the shapes are
  already wrong; grids that are empty or larger than 30×30 end a branch;
- pruned by partial match: every state is scored against the demonstration outputs (shape and pixel
  agreement); the next level expands the best states first, as many as the time budget allows (or
  only the best `beam`);
- a final colour map: when a state has the right shapes and its colours map consistently onto the
  expected ones (cell by cell, over all demonstration pairs), that map is one more step;
- a final local rule, on the inputs and the states one step away: when no colour map fits, a table
  from each cell's context (its colour and what surrounds it, or on the inputs also the size rank of
  its object: `arc_dsl.cell_contexts`) to its
  expected colour, learned from the demonstrations, kept only when it is consistent on every
  demonstration cell and knows every context the test inputs have (a table that would have to guess
  on the test is no fit), then applied with `arc_dsl.local_rule`;
- a final stamp, on the inputs only (`fit_stamp`): each object, by its shape and colours, rewritten with the
  cells its box (widened by a margin) shows in the outputs, kept only when that table is consistent on every
  demonstration, explains every changed cell and knows every object of the test inputs (`arc_dsl.stamp_objects`);
- a final assembly, when no single program fits (`assemble`, icecuber's combination of partial answers in
  small): one state's drawn cells painted over another's, when every cell the first draws is right and it
  covers every cell the second gets wrong, on every demonstration pair;
- depth-limited and time-limited: the search stops after the level where the first exact fit was
  found (simpler programs first; fits that end with a local rule do not stop it), at `max_depth`, or
  when the CPU-time budget runs out.

`search(...)` returns every exact fit (and the best partial fits) with its steps, so the caller can
emit the program text (`program_source`) and rank the attempts. Everything runs in this process on
arc_dsl's own functions: the steps are our trusted templates, not model code, so no sandbox is needed.
"""

from __future__ import annotations

import heapq
import itertools
import operator
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from arc_dsl.colours import most_common_colour
from arc_dsl.geometry import upper_left_corner
from arc_dsl.grids import NEIGHBOURHOODS, context_rows, local_rule, object_key, paint, stamp_objects
from arc_dsl.objects import cells_except, objects
from data.grid import MAX_SIDE, Grid
from solvers.search.steps import Step, step_source

ColourMap = tuple[tuple[int, int], ...]
# A fitted local rule: the neighbourhood it reads and its table's entries that change a cell's colour.
LocalRule = tuple[str, tuple[tuple[tuple, int], ...]]
# Local rules are fitted on the inputs and on states this many steps from them (each fit reads every
# demonstration cell a few times over: far costlier than a colour map, so not on every state).
RULE_DEPTH = 1
# Contexts that read the grid's objects (ARC-AGI-1 training 08ed6ac7, b230c067: objects recoloured by their size
# rank) cost an object search per grid, far more than a cell's neighbours: they are fitted on the inputs only.
CELL_NEIGHBOURHOODS = tuple(kind for kind in NEIGHBOURHOODS if not kind.startswith("object_"))
# A rule that changes more contexts than this is a memorised picture, not a rule (and long program text).
MAX_RULE_ENTRIES = 48
# What searching on ranked colours adds to a program's cost: the same steps on the task's own colours are simpler.
RANKED_COST = 1.0
# Assembly (`assemble`): states with the demonstrations' output shapes are remembered up to this many; fits
# are looked for among the bases with the fewest wrong cells and the cheapest pieces, up to this many of each.
ASSEMBLY_STATES = 1500
ASSEMBLY_BASES = 200
ASSEMBLY_PIECES = 400
ASSEMBLY_FITS = 4
ASSEMBLY_COST = 1.0
# A fitted stamp (`fit_stamp`): the object kind (univalued, diagonal) and, per object key (`arc_dsl.grids.object_key`),
# the cells painted around it (offset from its top-left, colour).
Stamp = tuple[bool, bool, tuple[tuple[tuple, tuple[tuple[tuple[int, int], int], ...]], ...]]
# Object kinds and margins a stamp is fitted with, simplest first; its patterns' cells are capped like a local rule's.
STAMP_KINDS = ((True, False), (True, True), (False, False), (False, True))
STAMP_MARGINS = (0, 1, 2)
MAX_STAMP_CELLS = 96


@dataclass(frozen=True)
class Candidate:
    """A program found by the search: its steps, an optional final colour map, and its outputs."""

    steps: tuple[Step, ...]
    colour_map: ColourMap
    score: float  # 1.0 = every demonstration output reproduced exactly
    outputs: tuple[Grid, ...]  # on the demonstration inputs, then the test inputs
    rule: LocalRule | None = None  # a final local rule (never together with a colour map)
    # Found on the task's colours ranked by count (`arc_dsl.rank_colours` of each input), its outputs mapped
    # back (`unrank_colours`): the program ranks its input first and maps its answer back last.
    ranked: bool = False
    # Assembled from two states (`assemble`): the cells `overlay`'s steps draw (all but their grid's commonest
    # colour) painted over what `steps` give.
    overlay: tuple[Step, ...] | None = None
    stamp: Stamp | None = None  # a final stamp (`fit_stamp`; on the inputs only, never with a map or a rule)

    @property
    def cost(self) -> float:
        rule = 0.0 if self.rule is None else 2.0 + 0.25 * NEIGHBOURHOODS.index(self.rule[0])
        if self.stamp is not None:
            rule = 2.5 + 0.25 * STAMP_KINDS.index(self.stamp[:2])
        ranked = RANKED_COST if self.ranked else 0.0
        overlay = 0.0 if self.overlay is None else ASSEMBLY_COST + sum(step.cost for step in self.overlay)
        return sum(step.cost for step in self.steps) + (1.0 if self.colour_map else 0.0) + rule + ranked + overlay

    @property
    def exact(self) -> bool:
        return self.score >= 1.0


@dataclass
class SearchResult:
    """What a search found, and how much work it did."""

    exact: list[Candidate] = field(default_factory=list)
    partial: list[Candidate] = field(default_factory=list)  # best non-exact fits, best first
    states: int = 0
    depth: int = 0
    seconds: float = 0.0
    exhausted: bool = False  # True when the space up to max_depth was fully explored


def _valid(grid: object) -> bool:
    return (isinstance(grid, tuple) and 0 < len(grid) <= MAX_SIDE and isinstance(grid[0], tuple)
            and 0 < len(grid[0]) <= MAX_SIDE)


# Step results remembered per search, keyed by (step name, grid): different states share grids (a step
# that leaves some inputs unchanged, two paths agreeing on one input), so a fifth to a third of the step
# calls repeat one already made. Bounded: past this many entries nothing more is remembered.
MEMO_ENTRIES = 20_000
_FAILED: Grid = ()  # memo value of a step that raised or gave no grid (a real grid is never empty)


def _apply(step: Step, state: tuple[Grid, ...], memo: dict | None = None) -> tuple[Grid, ...] | None:
    out = []
    limit = step.max_side
    for grid in state:
        if len(grid) > limit or len(grid[0]) > limit:
            return None
        key = (step.name, grid)
        value = memo.get(key) if memo is not None else None
        if value is None:
            try:
                value = step.function(grid)
            except Exception:  # noqa: BLE001 — a step that does not apply to this grid ends the branch
                value = _FAILED
            if not _valid(value):
                value = _FAILED
            if memo is not None and len(memo) < MEMO_ENTRIES:
                memo[key] = value
        if value is _FAILED:
            return None
        out.append(value)
    return tuple(out)


def _pixel_score(grid: Grid, target: Grid) -> float:
    """0 for a wrong shape, else 0.2 for the shape plus 0.8 × the fraction of equal cells."""
    if len(grid) != len(target) or len(grid[0]) != len(target[0]):
        return 0.0
    same = 0
    for row, row_t in zip(grid, target, strict=True):
        same += len(row) if row == row_t else sum(map(operator.eq, row, row_t))
    return 0.2 + 0.8 * same / (len(target) * len(target[0]))


def colour_map(grids: Sequence[Grid], targets: Sequence[Grid]) -> ColourMap | None:
    """The colour → colour map turning every grid into its target cell by cell, if one exists (the
    identity pairs are left out; an empty map means the grids already equal the targets)."""
    mapping: dict[int, int] = {}
    for grid, target in zip(grids, targets, strict=True):
        if len(grid) != len(target) or len(grid[0]) != len(target[0]):
            return None
        for row, row_t in zip(grid, target, strict=True):
            for a, b in zip(row, row_t, strict=True):
                seen = mapping.setdefault(a, b)
                if seen != b:
                    return None
    return tuple(sorted((a, b) for a, b in mapping.items() if a != b))


def apply_colour_map(grid: Grid, mapping: ColourMap) -> Grid:
    """Every cell of colour a becomes b for each (a, b) in mapping, all at once; others stay."""
    table = dict(mapping)
    return tuple(tuple(table.get(cell, cell) for cell in row) for row in grid)


def _rule_table(grids: Sequence[Grid], targets: Sequence[Grid], kind: str) -> dict[tuple, int] | None:
    """Every `kind` context of `grids` → its colour in `targets`, or None at the first context with two colours."""
    table: dict[tuple, int] = {}
    for grid, target in zip(grids, targets, strict=True):
        for keys, row_t in zip(context_rows(grid, kind), target, strict=True):  # row by row: stops at a clash
            for key, colour in zip(keys, row_t, strict=True):
                if table.setdefault(key, colour) != colour:
                    return None
    return table


def fit_local_rule(grids: Sequence[Grid], targets: Sequence[Grid], tests: Sequence[Grid],
                   kinds: Sequence[str] = NEIGHBOURHOODS) -> LocalRule | None:
    """The first of `kinds` (`arc_dsl.NEIGHBOURHOODS`, most general first) whose context → colour table is
    consistent on every cell of `grids` → `targets` (same shapes) and has an entry for every context of
    `tests`; with its entries that change a cell (at most MAX_RULE_ENTRIES). None when no table fits."""
    for kind in kinds:
        table = _rule_table(grids, targets, kind)
        if table is None or not all(key in table for grid in tests for keys in context_rows(grid, kind) for key in keys):
            continue
        changes = tuple(sorted((key, colour) for key, colour in table.items() if key[0] != colour))
        if 0 < len(changes) <= MAX_RULE_ENTRIES:
            return kind, changes
    return None


def _window(obj, margin: int, h: int, w: int) -> tuple[int, int, range, range]:
    """An object's top-left corner and the rows and columns of its box widened by margin, clipped to an h×w grid."""
    top, left = upper_left_corner(obj)
    bottom = max(r for _, (r, _) in obj)
    right = max(c for _, (_, c) in obj)
    return top, left, range(max(0, top - margin), min(h, bottom + margin + 1)), range(max(0, left - margin),
                                                                                     min(w, right + margin + 1))


def _stamp_table(grids: Sequence[Grid], targets: Sequence[Grid], univalued: bool, diagonal: bool,
                 margin: int) -> dict[tuple, dict[tuple[int, int], tuple[int, bool]]] | None:
    """Per object key, each window cell's (offset → target colour, changed anywhere) over every demonstration, or
    None at the first clash or at a changed cell no object's window holds."""
    table: dict[tuple, dict[tuple[int, int], tuple[int, bool]]] = {}
    for grid, target in zip(grids, targets, strict=True):
        h, w = len(grid), len(grid[0])
        covered = set()
        for obj in objects(grid, univalued, diagonal, True):
            top, left, rows, columns = _window(obj, margin, h, w)
            pattern = table.setdefault(object_key(obj), {})
            for r in rows:
                for c in columns:
                    covered.add((r, c))
                    colour, changed = target[r][c], grid[r][c] != target[r][c]
                    seen = pattern.setdefault((r - top, c - left), (colour, changed))
                    if seen[0] != colour:
                        return None
                    if changed and not seen[1]:
                        pattern[(r - top, c - left)] = (colour, True)
        for r, (row, row_t) in enumerate(zip(grid, target, strict=True)):
            if row != row_t and any(a != b and (r, c) not in covered for c, (a, b) in enumerate(zip(row, row_t, strict=True))):
                return None
    return table


def fit_stamp(grids: Sequence[Grid], targets: Sequence[Grid], tests: Sequence[Grid]) -> Stamp | None:
    """Objects rewritten by their own shape and colours (ARC-AGI-1 training 6c434453: a hollow square becomes a
    cross; 913fb3ed, 95990924, a9f96cdd, d364b489: a pattern drawn around each pixel or square): the first object
    kind and margin (STAMP_KINDS, STAMP_MARGINS) whose table — object key → the target's cells in the object's
    box widened by the margin — is consistent over every demonstration, explains every changed cell, and knows
    every object of the test inputs (and every cell of its window there), or knows it to be inert (`_stamp_knows`).
    Only the cells some demonstration changes are kept. None when no table fits or the patterns would hold more than MAX_STAMP_CELLS cells."""
    for univalued, diagonal in STAMP_KINDS:
        for margin in STAMP_MARGINS:
            table = _stamp_table(grids, targets, univalued, diagonal, margin)
            if table is None or not _stamp_knows(table, tests, univalued, diagonal, margin):
                continue
            patterns = tuple(sorted((key, tuple(sorted((offset, colour) for offset, (colour, changed) in cells.items()
                                                       if changed)))
                                    for key, cells in table.items()))
            patterns = tuple((key, cells) for key, cells in patterns if cells)
            if patterns and sum(len(cells) for _, cells in patterns) <= MAX_STAMP_CELLS:
                return univalued, diagonal, patterns
    return None


def _stamp_knows(table: dict, tests: Sequence[Grid], univalued: bool, diagonal: bool, margin: int) -> bool:
    """Every object of the test grids has a pattern in `table` that knows each cell of its window there — or is
    inert: a known object that changed none of the cells seen around it (ARC-AGI-1 training 0ca9ddb6: an azure
    pixel only ever seen at the top edge), or an unknown one, when some demonstrated object is inert and no object
    that changes anything shares a colour with it (dc1df850: colours the demonstrations never show are left alone
    like the others that are)."""
    inert = {key for key, cells in table.items() if not any(changed for _, changed in cells.values())}
    active = {colour for key in table if key not in inert for colour, _ in key}
    for grid in tests:
        h, w = len(grid), len(grid[0])
        for obj in objects(grid, univalued, diagonal, True):
            key = object_key(obj)
            pattern = table.get(key)
            if key in inert or (pattern is None and inert and not {colour for colour, _ in key} & active):
                continue
            if pattern is None:
                return False
            top, left, rows, columns = _window(obj, margin, h, w)
            if any((r - top, c - left) not in pattern for r in rows for c in columns):
                return False
    return True


def apply_stamp(grid: Grid, stamp: Stamp) -> Grid:
    """The grid after the fitted stamp (what the emitted program's `stamp_objects` call computes)."""
    univalued, diagonal, patterns = stamp
    return stamp_objects(grid, univalued, diagonal, dict(patterns))


def apply_local_rule(grid: Grid, rule: LocalRule) -> Grid:
    """The grid after the fitted rule (what the emitted program's `local_rule` call computes)."""
    return local_rule(grid, rule[0], dict(rule[1]))


def _drawn(grid: Grid) -> Grid:
    """What a piece contributes to an assembly: its cells of every colour but its commonest."""
    return cells_except(grid, most_common_colour(grid))


def assemble(shaped: Sequence[tuple[tuple[Step, ...], tuple[Grid, ...]]], targets: Sequence[Grid]) -> list[Candidate]:
    """Exact fits made of two states (icecuber's assembly of partial answers, in small): a piece's drawn cells
    (all but its grid's commonest colour) painted over a base. A piece qualifies when every cell it draws is
    right on every demonstration; a base when the piece's drawn cells cover every cell it gets wrong. `shaped`
    are states (with their paths) whose demonstration grids have the targets' shapes; the bases with the fewest
    wrong cells and the cheapest pieces are tried (ASSEMBLY_BASES, ASSEMBLY_PIECES), up to ASSEMBLY_FITS fits.
    A base and a piece that share no step are separate programs joined by one `paint`, so the fit costs both."""
    import numpy as np

    n = len(targets)

    def flat(grid: Grid):
        return np.frombuffer(bytes(itertools.chain.from_iterable(grid)), dtype=np.uint8)

    def bits(flags) -> int:
        return int.from_bytes(np.packbits(flags).tobytes(), "big")

    wanted = np.concatenate([flat(t) for t in targets])
    # Per state, one bit per demonstration cell (all pairs in a row): the cells it gets wrong, the cells it draws.
    pieces, bases = [], []
    for path, state in shaped:
        grids = [flat(grid) for grid in state[:n]]
        cells = np.concatenate(grids)
        miss = cells != wanted
        ink = np.concatenate([g != np.bincount(g, minlength=10).argmax() for g in grids])  # ties: the smaller colour
        if miss.any():
            bases.append((int(miss.sum()), path, state, bits(miss)))
        if ink.any() and not (miss & ink).any():
            pieces.append((sum(step.cost for step in path), path, state, bits(ink)))
    pieces.sort(key=lambda item: item[0])
    bases.sort(key=lambda item: item[0])
    fits: list[Candidate] = []
    for _, piece_path, piece, drawn in pieces[:ASSEMBLY_PIECES]:
        for _, base_path, base, wrong in bases[:ASSEMBLY_BASES]:
            if wrong & ~drawn or base is piece:
                continue
            outputs = tuple(paint(b, _drawn(p)) for b, p in zip(base, piece, strict=True))
            fits.append(Candidate(base_path, (), 1.0, outputs, overlay=piece_path))
            if len(fits) == ASSEMBLY_FITS:
                return fits
    return fits


def search(train_inputs: Sequence[Grid], train_outputs: Sequence[Grid], test_inputs: Sequence[Grid],
           steps: Sequence[Step], *, budget_s: float = 30.0, max_depth: int = 3, beam: int | None = None,
           keep_partial: int = 4, min_depth: int = 0) -> SearchResult:
    """Search compositions of `steps` (up to `max_depth` long) mapping the demonstration inputs to their
    outputs within `budget_s` seconds of CPU time (see the module docstring). Exact fits end the search
    after their level, unless that level is below `min_depth` (to look for deeper alternatives)."""
    clock = time.process_time
    start = clock()
    deadline = start + budget_s
    n = len(train_inputs)
    targets = tuple(train_outputs)
    target_shapes = [(len(g), len(g[0])) for g in targets]
    root = tuple(train_inputs) + tuple(test_inputs)
    result = SearchResult()
    seen = {hash(root)}
    frontier: list[tuple[float, tuple[Step, ...], tuple[Grid, ...]]] = [(0.0, (), root)]
    tie = itertools.count()  # heap tie-breaker: states themselves are not compared
    partial: list[Candidate] = []
    out_of_time = False
    memo: dict = {}
    shaped: list[tuple[tuple[Step, ...], tuple[Grid, ...]]] = []  # states with the outputs' shapes, for `assemble`

    def shapes_ok(state: tuple[Grid, ...]) -> bool:
        return all((len(g), len(g[0])) == s for g, s in zip(state[:n], target_shapes, strict=False))

    def fitted(path: tuple[Step, ...], state: tuple[Grid, ...], mapping: ColourMap | None) -> Candidate | None:
        """An exact fit that ends with the colour map, or with a local rule when none maps and it is near the root."""
        if mapping is not None:
            outputs = state if not mapping else tuple(apply_colour_map(g, mapping) for g in state)
            return Candidate(path, mapping, 1.0, outputs)
        if len(path) > RULE_DEPTH or not shapes_ok(state):
            return None
        rule = fit_local_rule(state[:n], targets, state[n:], CELL_NEIGHBOURHOODS if path else NEIGHBOURHOODS)
        return None if rule is None else Candidate(path, (), 1.0, tuple(apply_local_rule(g, rule) for g in state), rule)

    def plain_fit_found() -> bool:
        """An exact fit without a local rule or stamp exists: a rule costs about two steps, so rule fits never end
        the search."""
        return any(c.rule is None and c.stamp is None for c in result.exact)

    # Depth 0: the inputs themselves, perhaps recoloured (an empty map here would be the identity: no fit).
    if shapes_ok(root):
        shaped.append(((), root))
    mapping = colour_map(root[:n], targets) if shaped else None
    fit = fitted((), root, mapping or None)
    if fit is not None:
        result.exact.append(fit)
    # A stamp on the inputs themselves (it reads their objects: too costly for every state), beside any local rule.
    stamp = fit_stamp(root[:n], targets, root[n:]) if shaped and not plain_fit_found() else None
    if stamp is not None:
        result.exact.append(Candidate((), (), 1.0, tuple(apply_stamp(g, stamp) for g in root), stamp=stamp))
    if plain_fit_found():
        frontier = []

    for depth in range(1, max_depth + 1 if frontier else 1):
        children: list[tuple[float, tuple[Step, ...], tuple[Grid, ...]]] = []
        best_last: list[tuple[float, int, tuple[Step, ...], tuple[Grid, ...]]] = []
        last_level = depth == max_depth
        for _, path, state in frontier:
            parent_shapes_ok = shapes_ok(state)
            for step in steps:
                if clock() > deadline:
                    out_of_time = True
                    break
                if (last_level and step.same_shape and not parent_shapes_ok) or (step.root_only and path):
                    continue
                child = _apply(step, state, memo)
                if child is None:
                    continue
                key = hash(child)
                if key in seen:
                    continue
                seen.add(key)
                result.states += 1
                child_path = (*path, step)
                shaped_child = shapes_ok(child)
                mapping = colour_map(child[:n], targets) if shaped_child else None
                if shaped_child and len(shaped) < ASSEMBLY_STATES:
                    shaped.append((child_path, child))
                fit = fitted(child_path, child, mapping)
                if fit is not None:
                    result.exact.append(fit)
                    continue
                score = sum(_pixel_score(g, t) for g, t in zip(child[:n], targets, strict=True)) / n
                if not last_level:
                    children.append((score, child_path, child))
                elif len(best_last) < keep_partial or score > best_last[0][0]:
                    # The last level is never expanded: keep only its best few states, not all of them.
                    heapq.heappush(best_last, (score, next(tie), child_path, child))
                    if len(best_last) > keep_partial:
                        heapq.heappop(best_last)
            if out_of_time:
                break
        result.depth = depth
        children += [(score, path, state) for score, _, path, state in best_last]
        children.sort(key=lambda item: -item[0])
        partial.extend(Candidate(p, (), s, c) for s, p, c in children[:keep_partial])
        if (plain_fit_found() and depth >= min_depth) or out_of_time:
            break
        # Best-first: the next level expands the best-scoring states first, as many as time allows.
        frontier = children if beam is None else children[:beam]
        if not frontier:
            break
    if not plain_fit_found():
        result.exact += assemble(shaped, targets)
    # An assembled fit leaves the space open: a single program one level deeper is the simpler answer.
    result.exhausted = not out_of_time and all(c.overlay is not None for c in result.exact)
    result.exact.sort(key=lambda c: c.cost)  # stable: equal cost keeps discovery order
    partial.sort(key=lambda c: (-c.score, c.cost))
    result.partial = partial[:keep_partial]
    result.seconds = clock() - start
    return result


def program_source(candidate: Candidate) -> str:
    """The candidate as a program in the format models write (`from arc_dsl import *`, `def solve(I)`)."""
    lines: list[str] = []
    counter = 0
    start = "I"
    if candidate.ranked:
        lines.append("x0 = rank_colours(I, I)")
        start = "x0"

    def chain(steps: Sequence[Step], current: str) -> str:
        """Append the steps' lines, applied one after another to `current`; the name of the last value."""
        nonlocal counter
        for step in steps:
            names = [f"x{counter + k + 1}" for k in range(len(step.lines))]
            counter += len(step.lines)
            lines.extend(step_source(step, names, current))
            current = names[-1]
        return current

    current = chain(candidate.steps, start)
    if candidate.overlay is not None:
        base = current
        current = chain(candidate.overlay, start)
        counter += 1
        lines.append(f"x{counter} = paint({base}, cells_except({current}, most_common_colour({current})))")
        current = f"x{counter}"
    if candidate.colour_map:
        expression = current
        for old, new in candidate.colour_map:
            expression = f"fill({expression}, {new}, indices_of_colour({current}, {old}))"
        counter += 1
        lines.append(f"x{counter} = {expression}")
        current = f"x{counter}"
    if candidate.rule is not None:
        kind, changes = candidate.rule
        counter += 1
        lines.append(f"x{counter} = local_rule({current}, {kind!r}, {dict(changes)!r})")
        current = f"x{counter}"
    if candidate.stamp is not None:
        univalued, diagonal, patterns = candidate.stamp
        counter += 1
        lines.append(f"x{counter} = stamp_objects({current}, {univalued}, {diagonal}, {dict(patterns)!r})")
        current = f"x{counter}"
    if candidate.ranked:
        counter += 1
        lines.append(f"x{counter} = unrank_colours({current}, I)")
        current = f"x{counter}"
    steps = " → ".join(step.name for step in candidate.steps) or "identity"
    if candidate.overlay is not None:
        steps += ", under the drawn cells of " + (" → ".join(step.name for step in candidate.overlay) or "the input")
    if candidate.colour_map:
        steps += " → colours " + ", ".join(f"{a}→{b}" for a, b in candidate.colour_map)
    if candidate.rule is not None:
        steps += f" → local rule ({candidate.rule[0]}, {len(candidate.rule[1])} contexts)"
    if candidate.stamp is not None:
        steps += f" → stamp ({len(candidate.stamp[2])} objects)"
    if candidate.ranked:
        steps = f"colours ranked by count → {steps} → colours restored"
    body = "\n".join(f"    {line}" for line in lines)
    return (f"from arc_dsl import *\n\n\ndef solve(I):\n    # found by search: {steps}\n"
            + (body + "\n" if body else "") + f"    return {current}\n")
