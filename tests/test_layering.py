"""Imports between the project's packages point one way: down the layers below. Imports inside functions count.

    data → arc_dsl → sandbox → rewards → curriculum, editing → student → sampler → sft → grpo → solvers → harness

(`editing` holds the edit task's prompts, feedback, mutations and reasoning text, which the embedded student is
pre-trained on and every stage above uses; `student` loads any student, and builds the embedded one, for the
sampler's local backends and the stages above; `grpo` sits above `sft` because it starts from an SFT output and
reuses SFT's run files and launch checks.) Packages on the same layer do not import each other. `scripts/` and
`benchmarks/` are tools on top of everything, and so is a package's `__main__.py`: like a console script in
pyproject.toml it only starts a CLI and nothing imports it, so `python -m sandbox` may start `arc-sandbox`, whose
module lives in `rewards` (its `run` prints the reward). A `__main__.py` that does more than
`from <module> import main` and `main()` fails.

`KNOWN_UPWARD` lists the upward imports that exist today, each with what removing it takes; the test fails
on any other (a new one), and on a listed one that has gone (so the list only shrinks). It is empty: keep it so.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = [("data",), ("arc_dsl",), ("sandbox",), ("rewards",), ("curriculum", "editing"), ("student",), ("sampler",),
          ("sft",), ("grpo",), ("solvers",), ("harness",)]
LEVEL = {package: level for level, packages in enumerate(LAYERS) for package in packages}

KNOWN_UPWARD: set[tuple[str, str]] = set()  # (file, imported package); none remain


def project_imports(root: Path = ROOT) -> list[tuple[str, str, int]]:
    """(file, imported project package, line) for every import in the packages, function-level ones included."""
    found = []
    for package in LEVEL:
        for path in sorted((root / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top in LEVEL and top != package:
                        found.append((path.relative_to(root).as_posix(), top, node.lineno))
    return found


def upward(imports: list[tuple[str, str, int]]) -> set[tuple[str, str]]:
    return {(file, target) for file, target, _ in imports
            if LEVEL[target] >= LEVEL[file.split("/")[0]] and not file.endswith("/__main__.py")}


def only_starts_a_cli(source: str) -> bool:
    """True for a `__main__.py` that is a docstring, `from <module> import main` and `main()` (guarded or not)."""
    body = ast.parse(source).body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    return (len(body) == 2 and isinstance(body[0], ast.ImportFrom) and [a.name for a in body[0].names] == ["main"]
            and ast.unparse(body[1]) in ("main()", "if __name__ == '__main__':\n    main()"))


def test_imports_point_down_the_layers():
    found = upward(project_imports())
    new = sorted(found - KNOWN_UPWARD)
    assert not new, f"upward or sideways imports (move the shared piece below both instead): {new}"


def test_the_list_of_known_upward_imports_only_shrinks():
    gone = sorted(KNOWN_UPWARD - upward(project_imports()))
    assert not gone, f"these upward imports are gone: remove them from KNOWN_UPWARD: {gone}"


def test_a_new_upward_import_is_caught(tmp_path):
    """The check itself: a function-local import of harness from rewards is flagged, a downward one is not."""
    package = tmp_path / "rewards"
    package.mkdir()
    (package / "late.py").write_text("import data.grid\n\ndef f():\n    from harness.report import compare\n"
                                     "    return compare\n")
    assert upward(project_imports(tmp_path)) == {("rewards/late.py", "harness")}


def test_a_main_module_only_starts_a_cli():
    """The `__main__.py` files sit outside the layers, so they may hold nothing but the start of a CLI."""
    entry_points = sorted(path for package in LEVEL for path in (ROOT / package).rglob("__main__.py"))
    assert entry_points
    doing_more = [path.relative_to(ROOT).as_posix() for path in entry_points
                  if not only_starts_a_cli(path.read_text(encoding="utf-8"))]
    assert not doing_more, f"a __main__.py only imports a CLI's main and calls it: {doing_more}"


def test_a_main_module_that_does_more_is_caught():
    assert only_starts_a_cli('"""Doc."""\n\nfrom data.cli import main\n\nmain()\n')
    assert only_starts_a_cli('from grpo.cli import main\n\nif __name__ == "__main__":\n    main()\n')
    assert not only_starts_a_cli("from rewards.reward import score_execution\n\nscore_execution([], [])\n")
    assert not only_starts_a_cli("from harness.cli import main\nimport harness.report\n\nmain()\n")


def test_every_package_has_a_layer():
    packages = {path.parent.name for path in ROOT.glob("*/__init__.py")}
    assert packages - {"tests"} <= set(LEVEL), f"give these packages a layer: {sorted(packages - set(LEVEL))}"
