"""The import-layer contract: data flows one way, and nothing imports upward.

From the bottom::

    core      c2graph.graph (schema, model, rules, graphs, diff, suggest)
    loaders   c2graph.loaders                       may import: core
    store     c2graph.graph.store                   core, loaders
    cypher    c2graph.cypher      } peers: neither imports the other
    analysis  c2graph.graph.analysis }              core, loaders, store
    viz       c2graph.viz                           everything below
    top       c2graph (the API), c2graph.cli        everything

Every import counts, at module level or inside a function (a lazy import is still a
dependency).  The check reads the source with ``ast``, so it needs nothing installed
and names the file and line of each offence.  Also checked: no code imports the bare
folder names (``graph``, ``cypher``, ``loaders``, ``viz``), which exist only in the
repository, never in an install.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Repository folder -> the package it installs as (pyproject's package-dir).
PACKAGES = {"graph": "c2graph.graph", "loaders": "c2graph.loaders",
            "cypher": "c2graph.cypher", "viz": "c2graph.viz", "c2graph": "c2graph"}
#: Layers, bottom first; the first prefix that matches a module decides its layer.
LAYERS = [("core", 0), ("loaders", 1), ("store", 2), ("cypher", 3), ("analysis", 3),
          ("viz", 4), ("top", 5)]
PREFIXES = [("c2graph.graph.store", "store"), ("c2graph.graph.analysis", "analysis"),
            ("c2graph.graph", "core"), ("c2graph.loaders", "loaders"),
            ("c2graph.cypher", "cypher"), ("c2graph.viz", "viz"), ("c2graph", "top")]
RANK = dict(LAYERS)
BARE = set(PACKAGES) - {"c2graph"}


def layer(module: str) -> str | None:
    for prefix, name in PREFIXES:
        if module == prefix or module.startswith(prefix + "."):
            return name
    return None


def package_modules() -> dict[str, Path]:
    """Every module of the installed package, by its dotted name."""
    out = {}
    for folder, package in PACKAGES.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = list(path.relative_to(ROOT / folder).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join([package, *parts])] = path
    return out


MODULES = package_modules()


def imports(path: Path, module: str):
    """``(line, imported module)`` for every import in a file, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(parent + ([base] if base else []))
            for alias in node.names:  # 'from pkg import submodule' imports the submodule
                full = f"{base}.{alias.name}"
                yield node.lineno, full if full in MODULES else base


def test_every_package_module_has_a_layer():
    assert MODULES, "no package module found"
    assert [m for m in MODULES if layer(m) is None] == []


def test_nothing_imports_upward():
    offences = []
    for module, path in MODULES.items():
        here = layer(module)
        for line, target in imports(path, module):
            there = layer(target)
            if there is None or there == here:
                continue
            if RANK[there] >= RANK[here]:  # upward, or a peer (cypher, analysis)
                offences.append(f"{path.relative_to(ROOT)}:{line}: {here} module {module}"
                                f" imports {there} module {target}")
    assert offences == []


def test_the_contract_catches_an_upward_import(tmp_path):
    """The check itself can fail: a core module importing the CLI is found."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from c2graph.cli.common import emit\n")
    found = [(line, target) for line, target in imports(bad, "c2graph.graph.bad")
             if RANK[layer(target)] > RANK[layer("c2graph.graph.bad")]]
    assert found == [(2, "c2graph.cli.common")]


def test_no_code_imports_the_bare_folder_names():
    """``import graph`` works only from a checkout; the install has ``c2graph.graph``."""
    files = [p for folder in (*PACKAGES, "tests", "bench", "scripts")
             if (ROOT / folder).is_dir() for p in sorted((ROOT / folder).rglob("*.py"))]
    offences = []
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module] if isinstance(node, ast.ImportFrom) and not node.level
                     and node.module else [])
            for name in names:
                if name.split(".")[0] in BARE:
                    offences.append(f"{path.relative_to(ROOT)}:{node.lineno}: import {name}")
    assert offences == []
