"""The AST policy: a fast filter that rejects obviously out-of-bounds programs before they run.

It is a filter, not the boundary. It catches honest mistakes and lazy escapes early, with a clear
message that can go back to the model (`line 3: import of 'os' is not allowed …`), and saves a
process. Everything it rejects is also stopped by the process isolation (see `sandbox.isolation`);
`Policy.disabled()` switches it off so the tests can prove that (`arc-sandbox run --no-policy`).

Rules (each configurable on `Policy`):
* imports only from `arc_dsl` and `allowed_modules` (default: math, itertools, functools,
  collections, numpy) and their submodules, never from `denied_modules` (the reference solvers live
  in `arc_dsl.solvers`: a program must not import the answer key); no relative imports;
* no dunder names or attributes (`__class__`, `__subclasses__`, `__builtins__`, `__globals__`…;
  the name `__name__` is allowed), no private attributes or imported names (`np._core`,
  `collections._sys`: any `_`-prefixed one), no frame / code / generator introspection attributes
  (`gi_frame`, `f_back`, `f_globals`, `tb_frame`, `co_code`…), and no attribute or imported name
  that is a module outside the allow-list in some allowed module (`np.ctypeslib.ctypes`,
  `functools.sys`…: `module_attribute_names`); the same rules apply to the fields of format
  strings (`"{0.__class__}".format(x)`);
* a module-level `def solve(...)` (a program without one is refused as SYNTAX: it cannot be scored);
* none of the escape builtins: exec, eval, compile, open, __import__, globals, locals, vars,
  getattr, setattr, delattr, breakpoint, input, help, dir, memoryview, exit, quit;
* at most `max_chars` characters, and at most `max_braces` `{` characters (CPython 3.11's parser finds
  each f-string replacement field by rescanning its string from the start: 16,000 fields in one
  50,000-character f-string take 0.4 s to parse, 2,000 take 0.04 s; braces outside f-strings count too,
  the check runs before the parse).

Cost: linear in the program's length (one parse, one walk; the brace cap bounds the parser's one
quadratic case). Verdicts are cached by a digest of the program (GRPO groups repeat programs); the
length and brace caps are checked before anything is cached.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import string
import sys
import types
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

from data.python_source import PARSE_ERRORS, parse, try_parse
from sandbox.result import ErrorKind

DSL_MODULE = "arc_dsl"
DEFAULT_MODULES = frozenset({"math", "itertools", "functools", "collections", "numpy"})
DENIED_MODULES = frozenset({"arc_dsl.solvers", "arc_dsl.cli", "arc_dsl.__main__"})
BANNED_NAMES = frozenset({
    "exec", "eval", "compile", "open", "__import__", "globals", "locals", "vars", "getattr", "setattr",
    "delattr", "breakpoint", "input", "help", "dir", "memoryview", "exit", "quit",
})
BANNED_ATTRIBUTES = frozenset({
    "gi_frame", "gi_code", "gi_yieldfrom", "cr_frame", "cr_code", "cr_await", "ag_frame", "ag_code",
    "ag_await", "f_back", "f_globals", "f_locals", "f_builtins", "f_code", "f_trace", "tb_frame", "tb_next",
    "co_code", "co_consts", "co_names",
})
ALLOWED_DUNDER_NAMES = frozenset({"__name__"})
# Modules that lead out of the filter; refused as attribute names even where the parent has not imported
# the allowed module that exposes them (the rest of `module_attribute_names` is found by looking).
ESCAPE_MODULE_NAMES = frozenset({
    "os", "sys", "ctypes", "builtins", "importlib", "subprocess", "gc", "inspect", "io", "posix", "socket",
    "pickle", "marshal", "types", "threading", "signal", "mmap", "resource", "pathlib", "shutil", "tempfile",
    "code", "runpy", "traceback", "linecache", "weakref", "operator", "platform", "warnings",
})


@dataclass(frozen=True)
class Policy:
    """What a program may contain. `Policy()` is the default; `Policy.disabled()` checks nothing."""

    allowed_modules: frozenset[str] = field(default=DEFAULT_MODULES)
    denied_modules: frozenset[str] = field(default=DENIED_MODULES)
    banned_names: frozenset[str] = field(default=BANNED_NAMES)
    banned_attributes: frozenset[str] = field(default=BANNED_ATTRIBUTES)
    max_chars: int = 50_000
    max_braces: int = 2_000
    enabled: bool = True

    @classmethod
    def disabled(cls) -> Policy:
        """No checks at all: only the process isolation stands between the program and the host."""
        return cls(enabled=False)

    def allowing(self, *modules: str) -> Policy:
        """This policy with more importable modules."""
        return replace(self, allowed_modules=self.allowed_modules | frozenset(modules))

    @cached_property  # (a frozen dataclass still has a __dict__ for it; read once per AST node)
    def importable(self) -> frozenset[str]:
        """Top-level modules a program may import (the sandbox pre-imports them: children cannot open files)."""
        return frozenset({DSL_MODULE}) | self.allowed_modules

    def module_allowed(self, name: str) -> bool:
        if any(name == denied or name.startswith(denied + ".") for denied in self.denied_modules):
            return False
        return name.split(".")[0] in self.importable

    @cached_property
    def module_attributes(self) -> frozenset[str]:
        return module_attribute_names(self.importable, self.denied_modules)

    def size_refused(self, program: str) -> str | None:
        """Why `program` is too big to parse at all (length, or '{' count: f-string fields cost the parser
        quadratic time), or None. Checked before any parse, here and where the sandbox compiles."""
        if len(program) > self.max_chars:
            return f"program is {len(program)} characters long (limit {self.max_chars})"
        if (braces := program.count("{")) > self.max_braces:
            return f"program has {braces} '{{' characters (limit {self.max_braces})"
        return None

    def attribute_refused(self, name: str) -> str | None:
        """Why `.name` (or `from m import name`) is refused, or None."""
        if name.startswith("_") and name not in ALLOWED_DUNDER_NAMES:
            return f"attribute '{name}' is not allowed (no private or dunder attributes)"
        if name in self.banned_attributes:
            return f"attribute '{name}' is not allowed (no frame or code introspection)"
        if name in self.module_attributes:
            return f"attribute '{name}' is not allowed (a module outside the allow-list)"
        return None


DEFAULT_POLICY = Policy()


def check_policy(program: str, policy: Policy | None = None) -> str | None:
    """None when `program` parses and passes `policy` (default: `Policy()`), else a one-line message."""
    verdict = policy_verdict(program, policy)
    return None if verdict is None else verdict[1]


def policy_verdict(program: str, policy: Policy | None = None) -> tuple[ErrorKind, str] | None:
    """None when the program may run; else (SYNTAX or POLICY, message)."""
    policy = DEFAULT_POLICY if policy is None else policy
    if not policy.enabled:
        return None
    if not isinstance(program, str):
        return ErrorKind.SYNTAX, f"program must be a string, not {type(program).__name__}"
    if (too_big := policy.size_refused(program)) is not None:  # before anything else: never parsed or cached
        return ErrorKind.POLICY, too_big
    key = (hashlib.blake2b(program.encode("utf-8", "surrogatepass"), digest_size=16).digest(), policy)
    return VERDICTS.get(key, lambda: _verdict(program, policy))


class VerdictCache:
    """Recent verdicts by (program digest, policy): bounded memory, however long the programs."""

    def __init__(self, maxsize: int = 8192):
        self.maxsize = maxsize
        self._entries: OrderedDict[tuple[bytes, Policy], tuple[ErrorKind, str] | None] = OrderedDict()
        self.hits = 0

    def get(self, key: tuple[bytes, Policy], compute):
        if key in self._entries:
            self.hits += 1
            self._entries.move_to_end(key)
            return self._entries[key]
        verdict = self._entries[key] = compute()
        if len(self._entries) > self.maxsize:
            self._entries.popitem(last=False)
        return verdict

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        self._entries.clear()


VERDICTS = VerdictCache()  # GRPO groups repeat programs; parsing is the parent's main per-program cost


def _verdict(program: str, policy: Policy) -> tuple[ErrorKind, str] | None:
    try:
        tree = parse(program)
    except SyntaxError as error:
        where = f" (line {error.lineno})" if error.lineno else ""
        return ErrorKind.SYNTAX, f"SyntaxError: {error.msg}{where}"
    except PARSE_ERRORS as error:
        return ErrorKind.SYNTAX, f"{type(error).__name__}: the program cannot be parsed"
    for node in _nodes(tree):
        if not isinstance(node, _CHECKED):
            continue
        message = _violation(node, policy)
        if message is not None:
            line = getattr(node, "lineno", None)
            return ErrorKind.POLICY, f"line {line}: {message}" if line else message
    if not defines_solve(tree):
        return ErrorKind.SYNTAX, "the program defines no function solve(I) at module level"
    return None


def defines_solve(program: str | ast.Module) -> bool:
    """True when the program parses and defines `def solve(...)` with a positional parameter at module level."""
    if isinstance(program, str):
        program = try_parse(program)
        if program is None:
            return False
    return any(isinstance(node, ast.FunctionDef) and node.name == "solve"
               and len(node.args.posonlyargs) + len(node.args.args) >= 1 for node in program.body)


@lru_cache(maxsize=16)
def module_attribute_names(importable: frozenset[str], denied: frozenset[str] = DENIED_MODULES) -> frozenset[str]:
    """Attribute names that are, in some allowed module, a module outside the allow-list (plus the escape modules).

    Found by importing the allowed modules here, in the trusted parent (they are the ones the sandbox
    pre-imports), and looking at every loaded submodule's public attributes."""
    def allowed(name: str) -> bool:
        return name.split(".")[0] in importable and not any(name == d or name.startswith(d + ".") for d in denied)

    for name in sorted(importable):
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a module that does not import exposes nothing
            continue
    names = set(ESCAPE_MODULE_NAMES - importable)
    for module_name, module in list(sys.modules.items()):
        if module is None or not allowed(module_name):
            continue
        for attribute, value in list(vars(module).items()):
            if isinstance(value, types.ModuleType) and not allowed(value.__name__):
                names.add(attribute)
    return frozenset(names)


def _is_dunder(name: str | None) -> bool:
    return bool(name) and len(name) > 4 and name.startswith("__") and name.endswith("__")  # type: ignore[union-attr]


_CHECKED = (ast.Import, ast.ImportFrom, ast.Name, ast.Attribute, ast.Constant, ast.keyword, ast.arg, ast.MatchClass,
            ast.Global, ast.Nonlocal)


def _nodes(tree: ast.AST):
    """Every node of the tree (depth first; cheaper than ast.walk's generators per field)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for name in node._fields:
            value = getattr(node, name, None)
            if type(value) is list:
                stack.extend(item for item in reversed(value) if isinstance(item, ast.AST))
            elif isinstance(value, ast.AST):
                stack.append(value)


def _violation(node: ast.AST, policy: Policy) -> str | None:
    if isinstance(node, ast.Import):
        for alias in node.names:
            if not policy.module_allowed(alias.name) or _private_module(alias.name):
                return f"import of '{alias.name}' is not allowed (allowed: {', '.join(sorted(policy.importable))})"
            if _is_dunder(alias.asname):
                return f"the name '{alias.asname}' is not allowed"
    elif isinstance(node, ast.ImportFrom):
        if node.level:
            return "relative imports are not allowed"
        module = node.module or ""
        if not policy.module_allowed(module) or _private_module(module):
            return f"import from '{module}' is not allowed (allowed: {', '.join(sorted(policy.importable))})"
        for alias in node.names:
            if alias.name != "*" and not policy.module_allowed(f"{module}.{alias.name}"):
                return f"import of '{module}.{alias.name}' is not allowed"
            if alias.name != "*" and (reason := policy.attribute_refused(alias.name)):
                return f"import of '{module}.{alias.name}' is not allowed ({reason.split('(', 1)[-1]}"
            if _is_dunder(alias.asname):
                return f"the name '{alias.asname}' is not allowed"
    elif isinstance(node, ast.Name):
        if node.id in policy.banned_names:
            return f"'{node.id}' is not allowed"
        if _is_dunder(node.id) and node.id not in ALLOWED_DUNDER_NAMES:
            return f"the name '{node.id}' is not allowed (no dunder names)"
    elif isinstance(node, ast.Attribute):
        return policy.attribute_refused(node.attr)
    elif isinstance(node, ast.Constant) and isinstance(node.value, str) and "{" in node.value:
        return _format_violation(node.value, policy)
    elif isinstance(node, ast.keyword):
        if _is_dunder(node.arg):
            return f"keyword '{node.arg}' is not allowed"
    elif isinstance(node, ast.arg):
        if _is_dunder(node.arg):
            return f"argument name '{node.arg}' is not allowed"
    elif isinstance(node, ast.MatchClass):
        for name in node.kwd_attrs:
            if policy.attribute_refused(name):
                return f"pattern attribute '{name}' is not allowed"
    elif isinstance(node, (ast.Global, ast.Nonlocal)):
        for name in node.names:
            if _is_dunder(name):
                return f"the name '{name}' is not allowed"
    return None


def _private_module(name: str) -> bool:
    return any(part.startswith("_") for part in name.split("."))


_FIELD_PARTS = str.maketrans("[]", "..")


def _format_violation(text: str, policy: Policy, depth: int = 0) -> str | None:
    """A refused attribute in a format field of `text` ("{0.__class__}", "{x.f_back}"), if any."""
    try:
        fields = list(string.Formatter().parse(text))
    except (ValueError, IndexError):
        return None  # not a valid format string: .format() would fail on it too
    for _, field_name, spec, _ in fields:
        if field_name:
            for part in field_name.translate(_FIELD_PARTS).split(".")[1:]:
                if part and not part.isdigit() and (reason := policy.attribute_refused(part.strip("'\""))):
                    return f"format field '{{{field_name[:40]}}}': {reason}"
        if spec and "{" in spec and depth < 2:
            nested = _format_violation(spec, policy, depth + 1)
            if nested:
                return nested
    return None
