"""Invertible augmentations of grids and whole tasks: the 8 dihedral transforms, colour permutations
(with or without 0 kept fixed) and translation inside the 30×30 canvas.

An `Augmentation` is a value: `aug.grid(g)` applies it, `aug.invert(g)` undoes it, `aug.task(t)` applies
it to every grid of a task, and `aug.name` / `Augmentation.parse(name)` round-trip it as a string so
datasets can record the augmentation of every row and predictions can be inverted later.

    aug = Augmentation(dihedral=3, colours=(0, 2, 1, 3, 4, 5, 6, 7, 8, 9), translate=(1, 2))
    assert aug.invert(aug.grid(g)) == g
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from data.errors import DataError
from data.grid import MAX_SIDE, NUM_COLOURS, Grid
from data.task import Example, Task

IDENTITY_COLOURS: tuple[int, ...] = tuple(range(NUM_COLOURS))
DIHEDRAL_NAMES = ("id", "rot90", "rot180", "rot270", "flip_h", "flip_v", "transpose", "anti_transpose")
# Inverse of each dihedral transform, by index into DIHEDRAL_NAMES (rotations invert to the opposite turn).
DIHEDRAL_INVERSE = (0, 3, 2, 1, 4, 5, 6, 7)


def _transpose(grid: Grid) -> Grid:
    return tuple(zip(*grid, strict=True))


def _rot90(grid: Grid) -> Grid:  # clockwise
    return tuple(zip(*grid[::-1], strict=True))


def dihedral(grid: Grid, index: int) -> Grid:
    """Apply dihedral transform `index` (0–7, see DIHEDRAL_NAMES) to a grid."""
    if index == 0:
        return grid
    if index == 1:
        return _rot90(grid)
    if index == 2:
        return tuple(row[::-1] for row in grid[::-1])
    if index == 3:
        return _rot90(_rot90(_rot90(grid)))
    if index == 4:
        return tuple(row[::-1] for row in grid)
    if index == 5:
        return grid[::-1]
    if index == 6:
        return _transpose(grid)
    if index == 7:
        return _transpose(grid[::-1])[::-1]
    raise ValueError(f"dihedral index must be 0-7, got {index}")


def recolour(grid: Grid, mapping: tuple[int, ...]) -> Grid:
    """Replace colour c by mapping[c] everywhere."""
    return tuple(tuple(mapping[cell] for cell in row) for row in grid)


def invert_mapping(mapping: tuple[int, ...]) -> tuple[int, ...]:
    """The inverse permutation of a colour mapping."""
    inverse = [0] * len(mapping)
    for source, target in enumerate(mapping):
        inverse[target] = source
    return tuple(inverse)


def translate(grid: Grid, dy: int, dx: int, fill: int = 0) -> Grid:
    """Pad the grid with `fill` above (dy rows) and left (dx columns); the canvas stays ≤ 30×30."""
    if dy == 0 and dx == 0:
        return grid
    height, width = len(grid) + dy, len(grid[0]) + dx
    if height > MAX_SIDE or width > MAX_SIDE:
        raise ValueError(f"translation by ({dy},{dx}) leaves the {MAX_SIDE}x{MAX_SIDE} canvas")
    blank = (fill,) * width
    return (blank,) * dy + tuple((fill,) * dx + row for row in grid)


def untranslate(grid: Grid, dy: int, dx: int) -> Grid:
    """Inverse of `translate`: drop the first dy rows and dx columns."""
    if dy == 0 and dx == 0:
        return grid
    return tuple(row[dx:] for row in grid[dy:])


@dataclass(frozen=True)
class Augmentation:
    """A dihedral transform, then a colour permutation, then a translation; exactly invertible."""

    dihedral: int = 0
    colours: tuple[int, ...] = IDENTITY_COLOURS
    translate: tuple[int, int] = (0, 0)

    def __post_init__(self) -> None:
        if not 0 <= self.dihedral < 8:
            raise ValueError(f"dihedral must be 0-7, got {self.dihedral}")
        if sorted(self.colours) != list(IDENTITY_COLOURS):
            raise ValueError(f"colours must be a permutation of 0-9, got {self.colours}")
        if min(self.translate) < 0:
            raise ValueError(f"translate must be non-negative, got {self.translate}")

    @property
    def is_identity(self) -> bool:
        return self.dihedral == 0 and self.colours == IDENTITY_COLOURS and self.translate == (0, 0)

    def grid(self, grid: Grid) -> Grid:
        """The augmented grid."""
        out = recolour(dihedral(grid, self.dihedral), self.colours)
        return translate(out, *self.translate, fill=self.colours[0])

    def invert(self, grid: Grid) -> Grid:
        """Undo `grid()`: a prediction made on the augmented task, mapped back to the original."""
        out = untranslate(grid, *self.translate)
        out = recolour(out, invert_mapping(self.colours))
        return dihedral(out, DIHEDRAL_INVERSE[self.dihedral])

    def fits(self, task: Task) -> bool:
        """True when every grid of the task stays inside 30×30 after translation."""
        dy, dx = self.translate
        grids = [g for e in task.train + task.test for g in (e.input, e.output) if g is not None]
        return all(max(len(g), len(g[0])) + max(dy, dx) <= MAX_SIDE for g in grids)

    def task(self, task: Task) -> Task:
        """The whole task augmented consistently (every input and output)."""

        def example(e: Example) -> Example:
            return Example(self.grid(e.input), None if e.output is None else self.grid(e.output))

        return Task(task.id, tuple(map(example, task.train)), tuple(map(example, task.test)),
                    task.dataset, task.split, task.meta)

    def invert_task(self, task: Task) -> Task:
        """Undo `task()`."""

        def example(e: Example) -> Example:
            return Example(self.invert(e.input), None if e.output is None else self.invert(e.output))

        return Task(task.id, tuple(map(example, task.train)), tuple(map(example, task.test)),
                    task.dataset, task.split, task.meta)

    @property
    def name(self) -> str:
        """A compact string form, e.g. 'd3.c0213456789.t1x2'; 'id' for the identity."""
        if self.is_identity:
            return "id"
        return f"d{self.dihedral}.c{''.join(map(str, self.colours))}.t{self.translate[0]}x{self.translate[1]}"

    @classmethod
    def parse(cls, name: str) -> Augmentation:
        """Inverse of `name`."""
        if name == "id":
            return cls()
        try:
            d_part, c_part, t_part = name.split(".")
            dy, dx = t_part[1:].split("x")
            return cls(int(d_part[1:]), tuple(int(ch) for ch in c_part[1:]), (int(dy), int(dx)))
        except (ValueError, IndexError):
            raise DataError(f"not an augmentation name: {name!r}") from None


def random_augmentation(rng: random.Random, *, keep_background: bool = True, max_translate: int = 0,
                        task: Task | None = None) -> Augmentation:
    """A random augmentation; with `keep_background` colour 0 stays 0. Translation is drawn in
    [0, max_translate] and shrunk until the task (when given) still fits in 30×30."""
    colours = list(range(1, NUM_COLOURS)) if keep_background else list(IDENTITY_COLOURS)
    rng.shuffle(colours)
    mapping = (0, *colours) if keep_background else tuple(colours)
    dy = rng.randint(0, max_translate) if max_translate else 0
    dx = rng.randint(0, max_translate) if max_translate else 0
    aug = Augmentation(rng.randrange(8), tuple(mapping), (dy, dx))
    while task is not None and not aug.fits(task):
        dy, dx = max(dy - 1, 0), max(dx - 1, 0)
        aug = Augmentation(aug.dihedral, aug.colours, (dy, dx))
    return aug


def augmentations(count: int, seed: int = 0, *, keep_background: bool = True, max_translate: int = 0,
                  task: Task | None = None) -> list[Augmentation]:
    """`count` distinct non-identity augmentations, deterministic for a seed."""
    rng = random.Random(seed)
    seen: set[Augmentation] = set()
    out: list[Augmentation] = []
    attempts = 0
    while len(out) < count and attempts < count * 20 + 100:
        attempts += 1
        aug = random_augmentation(rng, keep_background=keep_background, max_translate=max_translate, task=task)
        if aug.is_identity or aug in seen:
            continue
        seen.add(aug)
        out.append(aug)
    return out
