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
  the name `__name__` is allowed) and no frame / code / generator introspection attributes
  (`gi_frame`, `f_back`, `f_globals`, `tb_frame`, `co_code`…);
* none of the escape builtins: exec, eval, compile, open, __import__, globals, locals, vars,
  getattr, setattr, delattr, breakpoint, input, help, dir, memoryview, exit, quit;
* at most `max_chars` characters.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field, replace
from functools import lru_cache

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


@dataclass(frozen=True)
class Policy:
    """What a program may contain. `Policy()` is the default; `Policy.disabled()` checks nothing."""

    allowed_modules: frozenset[str] = field(default=DEFAULT_MODULES)
    denied_modules: frozenset[str] = field(default=DENIED_MODULES)
    banned_names: frozenset[str] = field(default=BANNED_NAMES)
    banned_attributes: frozenset[str] = field(default=BANNED_ATTRIBUTES)
    max_chars: int = 50_000
    enabled: bool = True

    @classmethod
    def disabled(cls) -> Policy:
        """No checks at all: only the process isolation stands between the program and the host."""
        return cls(enabled=False)

    def allowing(self, *modules: str) -> Policy:
        """This policy with more importable modules."""
        return replace(self, allowed_modules=self.allowed_modules | frozenset(modules))

    @property
    def importable(self) -> frozenset[str]:
        """Top-level modules a program may import (the sandbox pre-imports them: children cannot open files)."""
        return frozenset({DSL_MODULE}) | self.allowed_modules

    def module_allowed(self, name: str) -> bool:
        if any(name == denied or name.startswith(denied + ".") for denied in self.denied_modules):
            return False
        return name.split(".")[0] in self.importable


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
    return _verdict(program, policy)


@lru_cache(maxsize=8192)  # GRPO groups repeat programs; parsing is the parent's main per-program cost
def _verdict(program: str, policy: Policy) -> tuple[ErrorKind, str] | None:
    if len(program) > policy.max_chars:
        return ErrorKind.POLICY, f"program is {len(program)} characters long (limit {policy.max_chars})"
    try:
        tree = ast.parse(program)
    except SyntaxError as error:
        where = f" (line {error.lineno})" if error.lineno else ""
        return ErrorKind.SYNTAX, f"SyntaxError: {error.msg}{where}"
    except (ValueError, RecursionError, MemoryError, OverflowError) as error:
        return ErrorKind.SYNTAX, f"{type(error).__name__}: the program cannot be parsed"
    for node in ast.walk(tree):
        message = _violation(node, policy)
        if message is not None:
            line = getattr(node, "lineno", None)
            return ErrorKind.POLICY, f"line {line}: {message}" if line else message
    return None


def _is_dunder(name: str | None) -> bool:
    return bool(name) and len(name) > 4 and name.startswith("__") and name.endswith("__")  # type: ignore[union-attr]


def _violation(node: ast.AST, policy: Policy) -> str | None:
    allowed = ", ".join(sorted(policy.importable))
    if isinstance(node, ast.Import):
        for alias in node.names:
            if not policy.module_allowed(alias.name):
                return f"import of '{alias.name}' is not allowed (allowed: {allowed})"
            if _is_dunder(alias.asname):
                return f"the name '{alias.asname}' is not allowed"
    elif isinstance(node, ast.ImportFrom):
        if node.level:
            return "relative imports are not allowed"
        module = node.module or ""
        if not policy.module_allowed(module):
            return f"import from '{module}' is not allowed (allowed: {allowed})"
        for alias in node.names:
            if alias.name != "*" and not policy.module_allowed(f"{module}.{alias.name}"):
                return f"import of '{module}.{alias.name}' is not allowed"
            if _is_dunder(alias.name) or _is_dunder(alias.asname):
                return f"the name '{alias.asname or alias.name}' is not allowed"
    elif isinstance(node, ast.Name):
        if node.id in policy.banned_names:
            return f"'{node.id}' is not allowed"
        if _is_dunder(node.id) and node.id not in ALLOWED_DUNDER_NAMES:
            return f"the name '{node.id}' is not allowed (no dunder names)"
    elif isinstance(node, ast.Attribute):
        if _is_dunder(node.attr):
            return f"attribute '{node.attr}' is not allowed (no dunder attributes)"
        if node.attr in policy.banned_attributes:
            return f"attribute '{node.attr}' is not allowed (no frame or code introspection)"
    elif isinstance(node, ast.keyword):
        if _is_dunder(node.arg):
            return f"keyword '{node.arg}' is not allowed"
    elif isinstance(node, ast.arg):
        if _is_dunder(node.arg):
            return f"argument name '{node.arg}' is not allowed"
    elif isinstance(node, ast.MatchClass):
        for name in node.kwd_attrs:
            if _is_dunder(name) or name in policy.banned_attributes:
                return f"pattern attribute '{name}' is not allowed"
    elif isinstance(node, (ast.Global, ast.Nonlocal)):
        for name in node.names:
            if _is_dunder(name):
                return f"the name '{name}' is not allowed"
    return None
