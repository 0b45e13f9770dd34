#!/usr/bin/env bash
# Makes the real Neo4j test server (tests/neo4j_server.py) startable on a fresh Debian
# machine: a JDK 17 (the launcher runs as a single-file source program, which needs the
# jdk.compiler module, so a full JDK rather than only a JRE), Maven, and the neo4j-harness
# jars resolved from Maven Central with their classpath cached. Idempotent; quiet on success.
set -euo pipefail
cd "$(dirname "$0")/.."

java_ok() {
    command -v java >/dev/null 2>&1 || return 1
    local major
    major=$(java -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -n1)
    [ "${major:-0}" -ge 17 ] && java --list-modules 2>/dev/null | grep -q '^jdk\.compiler@'
}

pkgs=()
java_ok || pkgs+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || pkgs+=(maven)
if [ ${#pkgs[@]} -gt 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    # Refresh the package lists only when they do not know the packages yet.
    for p in "${pkgs[@]}"; do
        if ! apt-cache policy "$p" 2>/dev/null | grep -q 'Candidate: [0-9]'; then
            apt-get update -qq >/dev/null
            break
        fi
    done
    apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
fi

"${PYTHON:-python}" -c '
import sys
from tests.neo4j_server import Neo4jUnavailable, resolve_classpath
try:
    resolve_classpath()
except Neo4jUnavailable as e:
    sys.exit(f"neo4j-setup: {e.reason}")
'
