"""The layout's rules, checked on the source: imports point one way, class names are unique."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

RADIO = Path(__file__).resolve().parents[2] / "radio"
# The composition layers: they may import any stage; no stage imports them back.
COMPOSITION = {"config", "pipeline", "lifecycle", "cli", "studio"}
PACKAGES = {p.stem for p in RADIO.iterdir() if p.is_dir() or p.suffix == ".py"} - {"__init__"}


def _modules() -> dict[str, ast.Module]:
    return {str(path.relative_to(RADIO.parent)): ast.parse(path.read_text(encoding="utf-8"))
            for path in sorted(RADIO.rglob("*.py"))}


def _package(path: str) -> str:
    """radio/speech/cache.py → speech; radio/config.py → config."""
    parts = Path(path).with_suffix("").parts
    return parts[1]


def _imported_packages(tree: ast.Module) -> set[str]:
    found = set()
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        for name in names:
            parts = name.split(".")
            if parts[0] == "radio" and len(parts) > 1 and parts[1] in PACKAGES:
                found.add(parts[1])
    return found


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for path, tree in _modules().items():
        package = _package(path)
        graph[package] |= _imported_packages(tree) - {package}
    return graph


def test_no_import_cycle_between_packages() -> None:
    graph = _graph()
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    cycles: list[str] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                cycles.append(" → ".join([*path[path.index(target):], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert not cycles, "import cycles between radio packages:\n" + "\n".join(cycles)


def test_core_imports_nothing_above_it() -> None:
    assert _graph().get("core", set()) == set()


@pytest.mark.slow
def test_no_stage_imports_the_composition_layers() -> None:
    wrong = [f"{stage} imports {sorted(targets & COMPOSITION)}"
             for stage, targets in _graph().items()
             if stage not in COMPOSITION and targets & COMPOSITION]
    assert not wrong


def test_no_two_classes_share_a_name() -> None:
    where: dict[str, list[str]] = defaultdict(list)
    for path, tree in _modules().items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef):
                where[node.name].append(path)
    shared = {name: paths for name, paths in where.items() if len(paths) > 1}
    assert not shared, f"class names used twice: {shared}"


# SQLAlchemy's statement builders: a module that imports one of them builds queries itself.
_QUERY_BUILDERS = {"select", "delete", "insert", "update", "text", "func"}
_QUERY_CALLS = {"execute", "scalar", "scalars", "query"}  # on a Session or Connection
_SESSION_NAMES = {"session", "connection", "conn"}


def test_queries_live_in_the_store() -> None:
    """Stages call radio.store's repository functions; none builds or runs a query itself."""
    wrong = []
    for path, tree in _modules().items():
        if _package(path) == "store":
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sqlalchemy"):
                wrong += [f"{path}:{node.lineno} imports {a.name}" for a in node.names
                          if a.name in _QUERY_BUILDERS]
            elif isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Name) and func.id in {"select", "delete"}:
                    wrong.append(f"{path}:{node.lineno} calls {func.id}()")
                elif (isinstance(func, ast.Attribute) and func.attr in _QUERY_CALLS
                      and isinstance(func.value, ast.Name) and func.value.id in _SESSION_NAMES):
                    wrong.append(f"{path}:{node.lineno} calls {func.value.id}.{func.attr}()")
    assert not wrong, "queries outside radio/store/:\n" + "\n".join(wrong)
