"""Packages that load their public names on first use (PEP 562), so importing one name stays cheap."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def lazy_getattr(package: str, exports: Mapping[str, str]) -> Callable[[str], Any]:
    """A module `__getattr__` for `package`: `exports` maps a public name to the submodule defining it; any other
    name that is a submodule is imported (as `import package; package.submodule` found it when the package
    imported everything); the value is cached in the package so the next lookup costs nothing."""

    def __getattr__(name: str) -> Any:
        if name not in exports:
            try:
                return importlib.import_module(f"{package}.{name}")
            except ModuleNotFoundError as error:
                if error.name != f"{package}.{name}":
                    raise
                raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(f"{package}.{exports[name]}"), name)
        setattr(sys.modules[package], name, value)
        return value

    return __getattr__
