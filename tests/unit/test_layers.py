"""The import rule of docs/ARCHITECTURE.md, checked on every module of `desktop_app/`.

- Imports point downward only: each top-level package (or module) of the app has a level in
  `LEVELS`, and a module imports (outside `if TYPE_CHECKING:`) only packages of a LOWER level (siblings such as `shopify`,
  `store` and `credentials` share a level, so they never import each other). `records/`
  imports nothing of the app but itself.
- `demo_shop/` stands apart: it imports only `geo`, and only the composition roots reach it.
- Qt only in `ui/` and the entry points; `sync/` and `i18n` may use `QtCore`.
- The window (`ui/`) and the command line (`cli`) make no direct writes to the store: they
  call `sync/` for that.
- No import cycle among the app's modules, imports inside functions counted too (only
  `if TYPE_CHECKING:` imports are left out: they never run).

Every import is read with `ast`, relative ones and those inside functions included.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "desktop_app"

#: The level of each top-level package or module of the app (the first name after
#: `desktop_app.`; `__init__` is `desktop_app/__init__.py`). A module may import only from a
#: lower level. A new top-level package must be given its level here.
LEVELS: dict[str, int] = {
    "__main__": 8,  # the entry point: starts the command line or the window
    "cli": 7,  # the command line; also a composition root (builds the services)
    "gui": 6,  # the window's start (`run_gui`), called by the entry point and `cli gui`
    "ui": 5, "app": 5,  # the window; the composition root (services for window and CLI)
    "sync": 4,
    "shopify": 3, "store": 3, "credentials": 3,
    "i18n": 2,
    "paths": 1, "validation": 1,
    "__init__": 0, "errors": 0, "geo": 0, "log": 0, "records": 0,
}
#: Stands apart: imports only these of the app, and only these packages may import it.
DEMO_SHOP = "demo_shop"
DEMO_SHOP_IMPORTS = {"geo"}
DEMO_SHOP_IMPORTED_BY = {"__main__", "cli", "app"}

#: Where Qt may be imported: everything in the window and the entry points that start it;
#: `QtCore` alone (signals, timers, translators) in the engine and the translations.
QT_ANYWHERE = {"ui", "gui", "__main__"}
QT_CORE_ONLY = {"sync", "i18n"}
QT_MODULES = ("PySide6", "shiboken6", "qasync")

#: A function of `store/` whose name starts with one of these verbs writes to the database.
WRITE_VERBS = {
    "add", "apply", "assign", "clear", "create", "delete", "finish", "forget", "import",
    "insert", "keep", "link", "mark", "move", "post", "prune", "put", "reduce", "remove",
    "rename", "replace", "reset", "save", "set", "stage", "start", "store", "unlink",
    "update", "upsert", "write",
}
#: Modules of `store/` that hand out write access whatever the name taken from them: the
#: peewee models (`Model.create`, `.save`, `.update`) and the migrations.
WRITE_MODULES = ("desktop_app.store.models", "desktop_app.store.order_models",
                 "desktop_app.store.migrations")
WRITERS_FORBIDDEN = {"ui", "cli"}

#: Writes to the store the window or the command line still make, by (package, function).
#: Being removed in issue 16 (one shop-administration service in sync/): empty at the end.
ALLOWED_DIRECT_WRITES: set[tuple[str, str]] = set()  # none: both go through sync/

#: Upward imports allowed, as (importing package, imported package): none.
ALLOWED_UPWARD: set[tuple[str, str]] = set()

#: Import cycles allowed (imports inside functions counted), each the set of its modules:
#: none. Issue 16 removed the last ones (`__main__` <-> `cli`; the service, the job table and
#: the jobs); any cycle fails at once.
ALLOWED_CYCLES: list[frozenset[str]] = []


@dataclass(frozen=True)
class Import:
    """One imported name: `target` is the module (or, for `from m import f`, `m.f` when `f`
    is not a module); `kind` is "top", "lazy" (inside a function) or "type-only"."""

    path: Path
    line: int
    target: str
    kind: str

    @property
    def where(self) -> str:
        return f"{self.path.relative_to(PACKAGE.parent)}:{self.line}"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def _is_module(dotted: str) -> bool:
    base = PACKAGE.parent / dotted.replace(".", "/")
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


class _Imports(ast.NodeVisitor):
    def __init__(self, path: Path) -> None:
        self.path = path
        self.module = _module_name(path)
        self.is_package = path.name == "__init__.py"
        self.found: list[Import] = []
        self._depth = 0
        self._type_only = 0

    def _kind(self) -> str:
        return "type-only" if self._type_only else ("lazy" if self._depth else "top")

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self._depth += 1
        self.generic_visit(node)
        self._depth -= 1

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_If(self, node: ast.If) -> None:
        test = node.test
        if getattr(test, "id", None) == "TYPE_CHECKING" or getattr(test, "attr", None) == "TYPE_CHECKING":
            self._type_only += 1
            for child in node.body:
                self.visit(child)
            self._type_only -= 1
            for child in node.orelse:
                self.visit(child)
        else:
            self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self.found.append(Import(self.path, node.lineno, alias.name, self._kind()))

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level == 0:
            base = node.module or ""
        else:
            package = self.module.split(".") if self.is_package else self.module.split(".")[:-1]
            package = package[: len(package) - (node.level - 1)]
            base = ".".join(package + ([node.module] if node.module else []))
        for alias in node.names:
            dotted = f"{base}.{alias.name}"
            if base.startswith("desktop_app"):
                target = dotted if _is_module(dotted) else f"{base}:{alias.name}"
            else:
                target = dotted  # `from PySide6 import QtCore` -> PySide6.QtCore
            self.found.append(Import(self.path, node.lineno, target, self._kind()))


@cache
def _parsed(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


@cache
def _imports_of(path: Path) -> tuple[Import, ...]:
    visitor = _Imports(path)
    visitor.visit(_parsed(path))
    return tuple(visitor.found)


@cache
def _all_imports() -> tuple[Import, ...]:
    return tuple(imp for path in sorted(PACKAGE.rglob("*.py")) for imp in _imports_of(path))


def _module_of(target: str) -> str:
    """The app module a target names (`desktop_app.store.shops:get_shop` -> ...store.shops)."""
    module = target.split(":")[0]
    while not _is_module(module) and "." in module:
        module = module.rsplit(".", 1)[0]
    return module


def _area(module: str) -> str:
    parts = module.split(".")
    return "__init__" if len(parts) == 1 else parts[1]


def _area_of_path(path: Path) -> str:
    return _area(_module_name(path))


def _app_imports() -> list[Import]:
    return [i for i in _all_imports() if i.target.startswith("desktop_app")]


def test_every_top_level_package_has_a_level():
    areas = {_area_of_path(p) for p in PACKAGE.rglob("*.py")} - {DEMO_SHOP}
    assert sorted(areas - LEVELS.keys()) == []


def test_imports_point_downward_only():
    """Imports that run (at the top or inside a function). An `if TYPE_CHECKING:` import only
    names a type for annotations: the window may name the `app.AppContext` it is given."""
    upward = []
    for imp in _app_imports():
        if imp.kind == "type-only":
            continue
        src, dst = _area_of_path(imp.path), _area(_module_of(imp.target))
        if src == dst or DEMO_SHOP in (src, dst) or (src, dst) in ALLOWED_UPWARD:
            continue
        if src not in LEVELS or dst not in LEVELS:
            continue  # test_every_top_level_package_has_a_level names it
        if LEVELS[dst] >= LEVELS[src]:
            upward.append(f"{imp.where} {src} -> {dst} ({imp.target}, {imp.kind})")
    assert upward == []


def test_records_import_only_records():
    outside = [f"{i.where} {i.target}" for i in _app_imports()
               if _area_of_path(i.path) == "records" and _area(_module_of(i.target)) != "records"]
    assert outside == []


def test_the_store_does_not_import_shopify():
    found = [f"{i.where} {i.target}" for i in _app_imports()
             if _area_of_path(i.path) == "store" and _area(_module_of(i.target)) == "shopify"]
    assert found == []


def test_the_demo_shop_stands_apart():
    crossings = []
    for imp in _app_imports():
        src, dst = _area_of_path(imp.path), _area(_module_of(imp.target))
        if src == DEMO_SHOP and dst not in DEMO_SHOP_IMPORTS | {DEMO_SHOP}:
            crossings.append(f"{imp.where} demo_shop -> {dst}")
        if dst == DEMO_SHOP and src not in DEMO_SHOP_IMPORTED_BY | {DEMO_SHOP}:
            crossings.append(f"{imp.where} {src} -> demo_shop")
    assert crossings == []


def test_qt_only_in_the_window_and_qtcore_in_the_engine():
    misplaced = []
    for imp in _all_imports():
        if not imp.target.startswith(QT_MODULES):
            continue
        area = _area_of_path(imp.path)
        if area in QT_ANYWHERE:
            continue
        if area in QT_CORE_ONLY and imp.target.startswith("PySide6.QtCore"):
            continue
        misplaced.append(f"{imp.where} {imp.target}")
    assert misplaced == []


def _store_names_used(path: Path) -> list[tuple[int, str, str]]:
    """(line, store module, name) for every name a file takes from `store/`: imported with
    `from desktop_app.store.x import name`, or read as `x.name` off an imported store module."""
    tree = _parsed(path)
    used: list[tuple[int, str, str]] = []
    for imp in _imports_of(path):
        if imp.target.startswith("desktop_app.store") and ":" in imp.target:
            module, name = imp.target.split(":")
            used.append((imp.line, module, name))
    modules: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                full = f"{node.module}.{alias.name}" if node.module else alias.name
                if full.startswith("desktop_app.store") and _is_module(full):
                    modules[alias.asname or alias.name] = full
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("desktop_app.store") and alias.asname:
                    modules[alias.asname] = alias.name
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in modules):
            used.append((node.lineno, modules[node.value.id], node.attr))
    return used


def _is_write(module: str, name: str) -> bool:
    return module.startswith(WRITE_MODULES) or name.split("_")[0] in WRITE_VERBS


def _direct_writes() -> list[tuple[str, str, str]]:
    """(where, package, name) of each store write in the window and the command line."""
    writes = []
    for path in sorted(PACKAGE.rglob("*.py")):
        area = _area_of_path(path)
        if area not in WRITERS_FORBIDDEN:
            continue
        for line, module, name in _store_names_used(path):
            if _is_write(module, name):
                writes.append((f"{path.relative_to(PACKAGE.parent)}:{line}", area, name))
    return writes


def test_the_window_and_the_command_line_make_no_direct_writes_to_the_store():
    writes = [f"{where} {module}: {name}" for where, module, name in _direct_writes()
              if (module, name) not in ALLOWED_DIRECT_WRITES]
    assert writes == []


def _cycles(graph: dict[str, set[str]]) -> list[set[str]]:
    """The strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[set[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = set()
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.add(member)
                        if member == node:
                            break
                    if len(component) > 1:
                        found.append(component)
    return found


def _import_graph(imports: list[Import], *, type_only: bool = False) -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for imp in imports:
        if imp.kind == "type-only" and not type_only:
            continue
        source, target = _module_name(imp.path), _module_of(imp.target)
        if target != source:
            graph[source].add(target)
    return graph


def _new_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    return [sorted(cycle) for cycle in _cycles(graph)
            if not any(cycle <= allowed for allowed in ALLOWED_CYCLES)]


def test_no_import_cycles_counting_imports_inside_functions():
    assert _new_cycles(_import_graph(_app_imports())) == []


def test_no_import_cycles_counting_type_only_imports_too():
    """A module that names another's class for its annotations only, while that one imports
    it, is a circle on the plan of the house even if it never runs: a base class or protocol
    in the lower module is the shape (`customer_bulk_export.CustomerExporter`,
    `company_bulk_export.CompanyExporter`, `resolvers_bulk_mutations.OperationFiles`)."""
    assert _new_cycles(_import_graph(_app_imports(), type_only=True)) == []


def test_the_cycle_check_sees_a_cycle_made_by_an_import_inside_a_function():
    """Control: a lazy import back from `errors` to `sync.engine` closes a new cycle."""
    graph = _import_graph(_app_imports())
    assert "desktop_app.errors" in graph["desktop_app.sync.engine"]
    graph["desktop_app.errors"].add("desktop_app.sync.engine")
    assert ["desktop_app.errors", "desktop_app.sync.engine"] in _new_cycles(graph)


def test_the_write_check_sees_a_store_write():
    """Control: the classification takes writes as writes and reads as reads."""
    assert _is_write("desktop_app.store.shops", "update_shop")
    assert _is_write("desktop_app.store.models", "Customer")
    assert not _is_write("desktop_app.store.shops", "get_shop")
    assert not _is_write("desktop_app.store.customers", "list_customers")
