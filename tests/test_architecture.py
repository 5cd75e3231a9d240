"""The shape of the code: a pure domain package, no import circles, pages without app imports,
test modules that share through conftest.py and support modules only."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("ils", "queries", "components", "pagekit", "web", "pages", "cli")


def py_files():
    for pkg in PACKAGES:
        yield from sorted((ROOT / pkg).rglob("*.py"))
    yield ROOT / "app.py"


def test_domain_package_imports_neither_dash_nor_sqlalchemy():
    modules = sorted("ils." + ".".join(p.relative_to(ROOT / "ils").with_suffix("").parts)
                     for p in (ROOT / "ils").rglob("*.py") if p.name != "__init__.py")
    code = ("import importlib, sys\n"
            f"for m in {modules!r}: importlib.import_module(m)\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('dash', 'sqlalchemy', 'flask'))\n"
            "print(','.join(bad))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "", f"ils imports {out.stdout.strip()}"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def import_graph() -> dict[str, set[str]]:
    """{module: the project modules it imports}, at the top or inside a function alike.
    `from pkg import sub` counts as importing `pkg.sub` when that is a module."""
    paths = {_module_name(p): p for p in py_files()}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        out: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = here[:len(here) - node.level + 1] if node.level else []
                mod = ".".join(base + ([node.module] if node.module else []))
                subs = [f"{mod}.{a.name}" for a in node.names if f"{mod}.{a.name}" in paths]
                targets = subs + ([mod] if len(subs) < len(node.names) else [])
            else:
                continue
            out.update(t for t in targets if t in paths and t != name)
        graph[name] = out
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import circle as [a, b, …, a], None when there is none."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return path[path.index(nxt):] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_find_cycle_finds_a_circle_and_only_a_circle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b", "c"}, "b": {"c"}, "c": set()}) is None


def test_the_import_graph_has_no_circle():
    graph = import_graph()
    assert {"app", "cli.commands", "pagekit.data", "queries.write.locks"} <= set(graph)
    cycle = find_cycle(graph)
    assert cycle is None, "import circle: " + " → ".join(cycle or [])


@pytest.mark.parametrize("path", sorted((ROOT / "pages").rglob("*.py")),
                         ids=lambda p: str(p.relative_to(ROOT / "pages")))
def test_pages_never_import_the_app(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert node.module != "app", f"{path.name} imports from app"
        if isinstance(node, ast.Import):
            assert all(a.name != "app" for a in node.names), f"{path.name} imports app"


def test_no_cdn_in_assets_or_app():
    for path in [*ROOT.joinpath("assets").glob("*"), ROOT / "app.py"]:
        if path.suffix in (".css", ".js", ".py"):
            body = path.read_text(encoding="utf-8")
            assert "cdn." not in body and "googleapis" not in body, path.name


def _imports(path: Path) -> set[str]:
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.add(node.module)
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


@pytest.mark.parametrize("path", sorted((ROOT / "components").rglob("*.py")),
                         ids=lambda p: str(p.relative_to(ROOT / "components")))
def test_components_import_no_page(path):
    bad = sorted(m for m in _imports(path) if m == "pages" or m.startswith("pages."))
    assert not bad, f"components/{path.relative_to(ROOT / 'components')} imports {bad}"


OWN = ("app", "bench", "cli", "components", "ils", "pagekit", "pages", "queries", "tests",
       "tools", "web")


def _top_level_names(path: Path) -> set[str]:
    """What a module defines itself (functions, classes, assignments), not what it imports."""
    names: set[str] = set()
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(e.id for t in targets for e in ast.walk(t) if isinstance(e, ast.Name))
    return names


def test_domain_names_are_imported_from_their_module():
    """No module of `ils/` is a facade: `from ils.x import name` finds `name` defined in
    `ils/x.py` (a package's `__init__.py` may gather its package's names)."""
    files = [*py_files(), *sorted((ROOT / "tests").rglob("*.py")), *sorted((ROOT / "bench").rglob("*.py"))]
    bad = []
    for path in files:
        if "node_modules" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.ImportFrom) and node.level == 0 and node.module
                    and node.module.split(".")[0] == "ils"):
                continue
            home = ROOT.joinpath(*node.module.split(".")).with_suffix(".py")
            if not home.exists():
                continue  # a package: its __init__ may gather names
            own = _top_level_names(home)
            bad += [f"{path.relative_to(ROOT)}: {node.module}.{a.name}" for a in node.names
                    if a.name not in own]
    assert bad == [], "import these from the module that defines them: " + ", ".join(bad)


@pytest.mark.parametrize("path", sorted((ROOT / "components").rglob("*.py")),
                         ids=lambda p: str(p.relative_to(ROOT / "components")))
def test_components_are_ui_only(path):
    """`components/` is UI only: of the app's own packages it imports only `components/` and
    `ils/` (its data come as arguments), and neither SQLAlchemy nor Flask; reading (`queries/`), the pages' plumbing
    (`pagekit/`), the server (`web/`) and the views build on it, never the other way round."""
    own = {m for m in _imports(path) if m.split(".")[0] in OWN + ("sqlalchemy", "flask")}
    bad = sorted(m for m in own if m.split(".")[0] not in ("components", "ils"))
    assert not bad, f"components/{path.relative_to(ROOT / 'components')} imports {bad}"


def test_the_ui_rule_can_fail():
    """The rule above sees an import inside a function as well as one at the top."""
    probe = ROOT / "components" / "shell.py"
    assert "dash" in _imports(probe) and "components.explain" in _imports(probe)


@pytest.mark.parametrize("path", sorted((ROOT / "pagekit").rglob("*.py")),
                         ids=lambda p: str(p.relative_to(ROOT / "pagekit")))
def test_pagekit_imports_no_page_and_no_web_module(path):
    """`pagekit/` serves every view: it imports no view (views register with it) and not the
    server (which serves the files it builds)."""
    bad = sorted(m for m in _imports(path) if m.split(".")[0] in ("pages", "web", "app"))
    assert not bad, f"pagekit/{path.relative_to(ROOT / 'pagekit')} imports {bad}"


def test_web_modules_import_no_page():
    for path in sorted((ROOT / "web").rglob("*.py")):
        bad = sorted(m for m in _imports(path) if m == "pages" or m.startswith("pages."))
        assert not bad, f"web/{path.name} imports {bad}"


def test_sign_in_modules_form_no_import_circle():
    """web.auth is imported by web.routes and web.demo, never the reverse (a circle before)."""
    for name in ("auth", "config", "sessions", "pages"):
        mods = _imports(ROOT / "web" / f"{name}.py")
        assert not {"web.routes", "web.demo"} & mods, f"web/{name}.py imports the routes"


def _url_package(path: str) -> str:
    first = path.strip("/").split("/")[0].replace("-", "_")  # /att-gora → pages/att_gora
    return first or "start"


def test_every_route_is_found_from_its_url(city_db):
    """The URL names the one package that holds the view's layout, callbacks, loader and
    tables: /namnd/<id> → pages/namnd/ with data.py (its loader) and tables.py."""
    import dash

    routes = [p for p in dash.page_registry.values() if p["module"] != "pages.not_found_404"]
    assert len(routes) >= 11
    for page in routes:
        pkg = _url_package(page.get("path_template") or page["path"])
        assert page["module"] == f"pages.{pkg}", (page["path"], page["module"])
        folder = ROOT / "pages" / pkg
        for part in ("__init__.py", "data.py", "tables.py"):
            assert (folder / part).exists(), folder / part
    loose = sorted(p.name for p in (ROOT / "pages").glob("*.py")
                   if p.name not in ("__init__.py", "not_found_404.py"))
    assert loose == [], f"views outside a package: {loose}"


# queries/ by role: read/ (what views, exports and the CLI read), write/ (every write and what
# guards it) and at the top the engine's plumbing every layer uses (db, schema, cache, scope …).
QUERIES_CORE = frozenset(f"queries.{p.stem}" for p in (ROOT / "queries").glob("*.py")
                         if p.stem != "__init__")
# What read/ still takes from write/: the stored lights are read and written by one module
# (queries/write/lights.py) and the org tree comes with the write helpers. Only shrinks.
READ_FROM_WRITE = frozenset({"queries.write.lights", "queries.write.write_common"})


def _is_write_module(name: str) -> bool:
    return name.startswith("queries.write.")


def _queries_modules(path: Path) -> set[str]:
    """The modules of `queries/` a file imports (`from queries.read import x` counts as
    `queries.read.x` when x is a module), at the top or inside a function alike."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module.split(".")[0] == "queries":
                for a in node.names:
                    sub = f"{node.module}.{a.name}"
                    is_module = ROOT.joinpath(*sub.split(".")).with_suffix(".py").exists()
                    out.add(sub if is_module else node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.split(".")[0] == "queries")
    return out


@pytest.mark.parametrize("path", sorted((ROOT / "pages").rglob("*.py")),
                         ids=lambda p: str(p.relative_to(ROOT / "pages")))
def test_one_loader_per_view(path):
    """Within pages/, a view reads only through its `data.py` (and the cache) and writes only
    through its `writes.py`, which imports nothing of queries/ but write modules."""
    got = _queries_modules(path)
    if path.name == "data.py":
        return
    where = f"pages/{path.relative_to(ROOT / 'pages')}"
    if path.name == "writes.py":
        reads = sorted(m for m in got if not _is_write_module(m) and m not in QUERIES_CORE)
        assert reads == [], f"{where} imports {reads}: writes.py imports write modules only"
    else:
        assert not got, f"{where} imports {sorted(got)}: read through data.py, write through writes.py"


def test_queries_layers():
    """The plumbing at the top of queries/ imports neither read/ nor write/; read/ takes from
    write/ only what READ_FROM_WRITE names; every module of queries/ has its role's folder."""
    graph = import_graph()
    loose = sorted(p.name for p in (ROOT / "queries").glob("*.py"))
    assert {"db.py", "schema.py", "cache.py"} <= set(loose)
    for mod, deps in sorted(graph.items()):
        if mod in QUERIES_CORE:
            up = sorted(d for d in deps if d.startswith(("queries.read.", "queries.write.")))
            assert up == [], f"{mod} imports {up}"
        if mod.startswith("queries.read."):
            writes = sorted(d for d in deps if _is_write_module(d) and d not in READ_FROM_WRITE)
            assert writes == [], f"{mod} imports {writes}"
    assert {m for m in graph if m.startswith("queries.read.")} and {
        m for m in graph if m.startswith("queries.write.")}


def test_the_loader_rule_can_fail():
    """The rule above sees `from queries import x` and an import inside a function."""
    probe = ROOT / "pages" / "namnd" / "data.py"
    assert {"queries.read.assessment_reads", "queries.cache"} <= _queries_modules(probe)


def test_no_loader_modules_left_in_components():
    assert sorted(p.name for p in (ROOT / "components").glob("*_export.py")) == []


def _imports_a_test_module(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = ([node.module or ""] if isinstance(node, ast.ImportFrom)
                 else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
        found += [n for n in names if n.split(".")[-1].startswith("test_")]
    return found


def test_test_modules_share_through_conftest_and_support_modules_only():
    tests = ROOT / "tests"
    importing = {p.relative_to(tests).as_posix(): _imports_a_test_module(p)
                 for p in sorted(tests.rglob("test_*.py")) if "node_modules" not in p.parts}
    assert {k: v for k, v in importing.items() if v} == {}, (
        "move shared fixtures to conftest.py (or a support module conftest.py names in "
        "pytest_plugins), helpers to a support module")


def test_a_view_registers_under_its_own_name():
    """One name per view (issue 19): its tables, data addresses, download links and folds are
    registered through `pagekit.view` (`VIEW = view.of(__name__)`: the package's name), never
    with a name spelled out – the views had two (`pages/start` registered "overview")."""
    import re

    from tests.code_scan import lines_matching

    direct = re.compile(r"(?<![`.\w])(register_table|folds\.register|download_buttons)\(")
    allowed = {"pagekit/view.py", "pagekit/org/frame.py"}  # the View; the org views' toolbar
    bad = [line for line in lines_matching(direct, "pagekit/view.py")
           if line.split(":", 1)[0] not in allowed
           and not re.search(r"\bdef (register_table|register|download_buttons)\(", line)]
    assert bad == [], "register through the view's VIEW (pagekit.view):\n" + "\n".join(bad)
    views = {p.parent.name for p in (ROOT / "pages").glob("*/*.py")
             if "view.of(__name__)" in p.read_text(encoding="utf-8")}
    assert len(views) >= 10, views
