"""Realistic mutations of a DSL program (pure): plausible first attempts that are a little wrong.

The offline teacher breaks a verified program with these to get parents worth editing, and GRPO's edit
mode can use them for start programs:

    from editing.mutate import mutate
    mutant = mutate(program, random.Random(0), palette={0, 2, 3}, count=2)
    mutant.program, [m.kind for m in mutant.mutations]

Kinds (each changes one statement, except `drop_step`, which also rewires the lines after it):
- primitive: a primitive swapped for an opposite (`rotate_90` → `rotate_270`, `most_…` → `least_…`) or a
  sibling with the same signature; also primitives passed as values (`argmax(x, size)`);
- colour: a colour constant (or an int passed where a colour is expected) changed, preferring colours
  the task uses; constant: a direction constant (UP → DOWN …);
- number: an int off by one; flag: a keyword True/False flipped; operator: a comparison or arithmetic
  operator changed (== ↔ !=, < ↔ >, + ↔ -);
- swap_arguments: two arguments of a call swapped; wrong_argument: a variable replaced by another one
  defined earlier (including what `return` returns);
- drop_step: an assignment removed and later uses rewired to its input; duplicate_step: a grid → grid
  step applied twice.
"""

from __future__ import annotations

import ast
import copy
import inspect
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from data.python_source import try_parse

OPPOSITES = (
    ("horizontal", "vertical"), ("top", "bottom"), ("left", "right"), ("upper", "lower"), ("most", "least"),
    ("largest", "smallest"), ("first", "last"), ("argmin", "argmax"), ("minimum", "maximum"), ("90", "270"),
    ("increment", "decrement"), ("antidiagonal", "diagonal"), ("inner", "outer"), ("width", "height"),
    ("up", "down"), ("keep_if", "drop_if"), ("row", "column"), ("direct", "diagonal"), ("min", "max"),
)
COMPARE_SWAPS = {ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Lt: ast.Gt, ast.Gt: ast.Lt, ast.LtE: ast.GtE,
                 ast.GtE: ast.LtE, ast.In: ast.NotIn, ast.NotIn: ast.In}
BINOP_SWAPS = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.FloorDiv, ast.FloorDiv: ast.Mult}
KINDS = ("primitive", "colour", "constant", "number", "flag", "operator", "swap_arguments", "wrong_argument",
         "drop_step", "duplicate_step")


@dataclass(frozen=True)
class Primitive:
    name: str
    params: tuple[str, ...]  # annotation text per parameter
    returns: str
    doc: str  # first docstring line


@dataclass(frozen=True)
class Vocabulary:
    """What the mutator knows about the DSL: primitives by name, colour and direction constants."""

    primitives: dict[str, Primitive]
    colours: dict[str, int]
    directions: dict[str, tuple[int, int]]

    def colour_name(self, value: int) -> str | None:
        return next((name for name, v in self.colours.items() if v == value), None)


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The DSL's vocabulary, read from `arc_dsl` (signatures and docstrings of its public functions)."""
    import arc_dsl

    primitives, colours, directions = {}, {}, {}
    for name in arc_dsl.__all__:
        value = getattr(arc_dsl, name, None)
        if inspect.isfunction(value):
            signature = inspect.signature(value)
            params = tuple(str(p.annotation) for p in signature.parameters.values())
            doc = (inspect.getdoc(value) or "").strip().splitlines()
            primitives[name] = Primitive(name, params, str(signature.return_annotation), doc[0] if doc else "")
        elif name.isupper() and type(value) is int and 0 <= value <= 9:
            colours[name] = value
        elif name.isupper() and isinstance(value, tuple) and len(value) == 2 and all(type(v) is int for v in value):
            directions[name] = value
    return Vocabulary(primitives, colours, directions)


@dataclass(frozen=True)
class Mutation:
    """One change: `edits` maps line indices (0-based) to their new text, or None to delete the line."""

    kind: str
    edits: tuple[tuple[int, str | None], ...]
    detail: str

    @property
    def lines(self) -> frozenset[int]:
        return frozenset(line for line, _ in self.edits)


@dataclass(frozen=True)
class Mutant:
    program: str
    mutations: tuple[Mutation, ...]


def apply_edits(program: str, edits: Iterable[tuple[int, str | None]]) -> str:
    lines = program.splitlines()
    table = dict(edits)
    out = [table.get(i, line) for i, line in enumerate(lines)]
    return "\n".join(line for line in out if line is not None) + "\n"


def strip_comments(program: str) -> str:
    """`program` without comment lines and trailing comments (docstrings stay)."""
    import io
    import tokenize

    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(program).readline))
    except (tokenize.TokenError, SyntaxError):
        return program
    comments = {(t.start[0], t.start[1]) for t in tokens if t.type == tokenize.COMMENT}
    lines = program.splitlines()
    out = []
    for number, line in enumerate(lines, 1):
        cut = [col for row, col in comments if row == number]
        if cut:
            line = line[: cut[0]].rstrip()
            if not line.strip():
                continue
        out.append(line)
    return "\n".join(out) + "\n"


# -- finding the sites a mutation can touch ---------------------------------------------------------------


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _simple_statements(tree: ast.Module) -> list[ast.stmt]:
    """Single-line assignments, returns and expressions inside the program's functions."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.Return, ast.Expr)) and node.lineno == node.end_lineno:
            found.append(node)
    return sorted(found, key=lambda n: n.lineno)


def _local_names(tree: ast.Module) -> dict[str, int]:
    """Variables of `solve` (and friends) → the line where each is first bound."""
    names: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for arg in node.args.args:
                names.setdefault(arg.arg, node.lineno)
        elif isinstance(node, (ast.Assign, ast.For, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for sub in ast.walk(target):
                    if isinstance(sub, ast.Name):
                        names.setdefault(sub.id, node.lineno)
    return names


def _call_param(parent: ast.AST | None, child: ast.AST, vocab: Vocabulary) -> str | None:
    """The annotation of the primitive parameter `child` is passed to, if any."""
    if not isinstance(parent, ast.Call) or not isinstance(parent.func, ast.Name):
        return None
    primitive = vocab.primitives.get(parent.func.id)
    if primitive is None:
        return None
    for position, arg in enumerate(parent.args):
        if arg is child and position < len(primitive.params):
            return primitive.params[position]
    return None


def _siblings(name: str, vocab: Vocabulary) -> tuple[list[str], list[str]]:
    """(opposites, same-signature siblings) of a primitive."""
    primitive = vocab.primitives[name]
    opposites = []
    for a, b in OPPOSITES:
        for old, new in ((a, b), (b, a)):
            if old in name:
                candidate = name.replace(old, new)
                if candidate != name and candidate in vocab.primitives and candidate not in opposites:
                    opposites.append(candidate)
    same = [other.name for other in vocab.primitives.values()
            if other.name != name and other.params == primitive.params and other.returns == primitive.returns
            and other.name not in opposites]
    return opposites, sorted(same)


Maker = Callable[[random.Random], "tuple[str, str] | None"]  # rng -> (new statement text, detail) or None


@dataclass(frozen=True)
class _Site:
    kind: str
    line: int  # 0-based
    make: Callable[[random.Random], Mutation | None]


def _node_sites(stmt: ast.stmt, line: int, indent: str, vocab: Vocabulary, palette: frozenset[int],
                earlier: list[str]) -> list[_Site]:
    """Mutation sites inside one statement; each rewrites a copy of the statement and unparses it."""
    sites: list[_Site] = []
    nodes = list(ast.walk(stmt))
    parents = {id(child): node for node in nodes for child in ast.iter_child_nodes(node)}

    def site(kind: str, index: int, change: Callable[[ast.AST, random.Random], str | None]) -> None:
        def make(rng: random.Random) -> Mutation | None:
            clone = copy.deepcopy(stmt)
            target = list(ast.walk(clone))[index]
            detail = change(target, rng)
            if detail is None:
                return None
            text = indent + ast.unparse(clone)
            return Mutation(kind, ((line, text),), detail)

        sites.append(_Site(kind, line, make))

    for index, node in enumerate(nodes):
        parent = parents.get(id(node))
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
            name = node.id
            if name in vocab.primitives:
                opposites, same = _siblings(name, vocab)
                if opposites or same:
                    def swap(target, rng, name=name, opposites=opposites, same=same):
                        choices = opposites if opposites and (not same or rng.random() < 0.7) else same
                        target.id = rng.choice(choices)
                        return f"{name} -> {target.id}"
                    site("primitive", index, swap)
            elif name in vocab.colours:
                def recolour(target, rng, name=name):
                    target.id = _other_colour_name(vocab, vocab.colours[name], palette, rng)
                    return f"{name} -> {target.id}"
                site("colour", index, recolour)
            elif name in vocab.directions:
                def redirect(target, rng, name=name):
                    target.id = rng.choice(sorted(set(vocab.directions) - {name}))
                    return f"{name} -> {target.id}"
                site("constant", index, redirect)
            elif name in earlier and isinstance(parent, (ast.Call, ast.Return)) and parent is not None:
                others = [v for v in earlier if v != name]
                if others:
                    def rewire(target, rng, name=name, others=others):
                        target.id = rng.choice(others)
                        return f"{name} -> {target.id}"
                    site("wrong_argument", index, rewire)
        elif isinstance(node, ast.Constant) and type(node.value) is bool:
            def flip(target, rng):
                target.value = not target.value
                return f"{not target.value} -> {target.value}"
            site("flag", index, flip)
        elif isinstance(node, ast.Constant) and type(node.value) is int:
            if _call_param(parent, node, vocab) == "Colour" and 0 <= node.value <= 9:
                def recolour_int(target, rng):
                    old = target.value
                    target.value = vocab.colours[_other_colour_name(vocab, old, palette, rng)]
                    return f"{old} -> {target.value}"
                site("colour", index, recolour_int)
            else:
                def nudge(target, rng):
                    old = target.value
                    target.value = old + rng.choice((-1, 1)) if old > 0 else old + 1
                    return f"{old} -> {target.value}"
                site("number", index, nudge)
        elif isinstance(node, ast.Compare) and type(node.ops[0]) in COMPARE_SWAPS:
            def flip_compare(target, rng):
                old = type(target.ops[0])
                target.ops[0] = COMPARE_SWAPS[old]()
                return f"{_op_text(old)} -> {_op_text(type(target.ops[0]))}"
            site("operator", index, flip_compare)
        elif isinstance(node, ast.BinOp) and type(node.op) in BINOP_SWAPS:
            def flip_binop(target, rng):
                old = type(target.op)
                target.op = BINOP_SWAPS[old]()
                return f"{_op_text(old)} -> {_op_text(type(target.op))}"
            site("operator", index, flip_binop)
        if isinstance(node, ast.Call) and len(node.args) >= 2:
            # A plausible slip swaps arguments of the same type (two colours, two grids), so for a known
            # primitive only same-annotation neighbours are swapped.
            primitive = vocab.primitives.get(node.func.id) if isinstance(node.func, ast.Name) else None
            pairs = [(i, i + 1) for i in range(len(node.args) - 1)
                     if ast.dump(node.args[i]) != ast.dump(node.args[i + 1])
                     and (primitive is None or len(primitive.params) <= i + 1
                          or primitive.params[i] == primitive.params[i + 1])]
            if pairs:
                def swap_args(target, rng, pairs=pairs):
                    i, j = rng.choice(pairs)
                    target.args[i], target.args[j] = target.args[j], target.args[i]
                    name = ast.unparse(target.func)
                    return f"{name}: arguments {i + 1} and {j + 1} swapped"
                site("swap_arguments", index, swap_args)
    return sites


def _op_text(op: type) -> str:
    return {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.Gt: ">", ast.LtE: "<=", ast.GtE: ">=",
            ast.In: "in", ast.NotIn: "not in", ast.Add: "+", ast.Sub: "-", ast.Mult: "*",
            ast.FloorDiv: "//"}.get(op, op.__name__)


def _other_colour_name(vocab: Vocabulary, old: int, palette: frozenset[int], rng: random.Random) -> str:
    preferred = sorted(c for c in palette if c != old)
    pool = preferred if preferred and rng.random() < 0.8 else [c for c in range(10) if c != old]
    return vocab.colour_name(rng.choice(pool)) or str(rng.choice(pool))


def _statement_sites(tree: ast.Module, lines: list[str], vocab: Vocabulary) -> list[_Site]:
    """drop_step and duplicate_step sites (whole statements)."""
    sites: list[_Site] = []
    statements = _simple_statements(tree)
    locals_ = _local_names(tree)
    for stmt in statements:
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name)
                and isinstance(stmt.value, ast.Call) and isinstance(stmt.value.func, ast.Name)):
            continue
        target, call, line = stmt.targets[0].id, stmt.value, stmt.lineno - 1
        primitive = vocab.primitives.get(call.func.id)
        inputs = [a.id for a in call.args if isinstance(a, ast.Name) and a.id in locals_ and a.id != target]
        later = [s for s in statements if s.lineno > stmt.lineno
                 and any(isinstance(n, ast.Name) and n.id == target for n in ast.walk(s))]
        rebinds = any(isinstance(s, ast.Assign) and any(isinstance(t, ast.Name) and t.id == target
                                                        for t in s.targets) for s in later)
        if inputs and later and not rebinds:
            def drop(rng, stmt=stmt, target=target, inputs=inputs, later=later, line=line):
                source = rng.choice(inputs)
                edits: list[tuple[int, str | None]] = [(line, None)]
                for s in later:
                    clone = copy.deepcopy(s)
                    for node in ast.walk(clone):
                        if isinstance(node, ast.Name) and node.id == target:
                            node.id = source
                    edits.append((s.lineno - 1, _indent(lines[s.lineno - 1]) + ast.unparse(clone)))
                return Mutation("drop_step", tuple(edits), f"dropped `{ast.unparse(stmt)}`")
            sites.append(_Site("drop_step", line, drop))
        if primitive and len(call.args) == 1 and not call.keywords and primitive.params[:1] == (primitive.returns,):
            def duplicate(rng, stmt=stmt, line=line):
                clone = copy.deepcopy(stmt)
                clone.value = ast.Call(func=copy.deepcopy(clone.value.func), args=[clone.value], keywords=[])
                text = _indent(lines[line]) + ast.unparse(clone)
                return Mutation("duplicate_step", ((line, text),), f"`{ast.unparse(stmt.value.func)}` applied twice")
            sites.append(_Site("duplicate_step", line, duplicate))
    return sites


def mutation_sites(program: str, palette: Iterable[int] = ()) -> list[_Site]:
    """Every place `program` can be mutated (empty when it does not parse)."""
    tree = try_parse(program)
    if tree is None:
        return []
    vocab = vocabulary()
    lines = program.splitlines()
    locals_ = _local_names(tree)
    palette = frozenset(palette)
    sites = _statement_sites(tree, lines, vocab)
    for stmt in _simple_statements(tree):
        line = stmt.lineno - 1
        earlier = sorted(name for name, first in locals_.items() if first < stmt.lineno)
        sites.extend(_node_sites(stmt, line, _indent(lines[line]), vocab, palette, earlier))
    return sites


def mutate(program: str, rng: random.Random, *, palette: Iterable[int] = (), count: int = 1,
           kinds: Iterable[str] | None = None, attempts: int = 20) -> Mutant | None:
    """`program` with `count` mutations on different lines (kinds drawn evenly), or None if impossible.

    The result parses and differs from `program`; whether it still solves the task is for the caller to
    check by running it.
    """
    allowed = set(kinds) if kinds is not None else set(KINDS)
    sites = [s for s in mutation_sites(program, palette) if s.kind in allowed]
    for _ in range(attempts):
        chosen: list[Mutation] = []
        used: set[int] = set()
        by_kind: dict[str, list[_Site]] = {}
        for s in sites:
            by_kind.setdefault(s.kind, []).append(s)
        kinds_left = sorted(by_kind)
        while kinds_left and len(chosen) < count:
            kind = rng.choice(kinds_left)
            options = [s for s in by_kind[kind] if s.line not in used]
            if not options:
                kinds_left.remove(kind)
                continue
            site = rng.choice(options)
            by_kind[kind].remove(site)
            mutation = site.make(rng)
            if mutation is None or mutation.lines & used:
                continue
            chosen.append(mutation)
            used |= mutation.lines
        if not chosen:
            return None
        text = apply_edits(program, [edit for m in chosen for edit in m.edits])
        if try_parse(text) is None:
            continue
        if text.strip() != program.strip():
            return Mutant(text, tuple(chosen))
    return None
