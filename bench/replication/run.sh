#!/usr/bin/env bash
# Replication benchmarks through the real stack (a Lifeboat of its own on port base 24000), each with its
# baseline measured in the same run. Not part of the tests. Usage: bench/replication/run.sh [initial|rpo|all|storage]
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)
export LIFEBOAT_HOME=${LIFEBOAT_BENCH_HOME:-/tmp/lifeboat-bench} LIFEBOAT_PORT_BASE=24000 LIFEBOAT_HOST=localhost
mvn -B -q -f "$ROOT/pom.xml" -DskipTests install
mvn -B -q compile
"$ROOT/lifeboat" start
trap '"$ROOT/lifeboat" stop' EXIT
java -Xmx1g -cp "target/classes:$(cat target/classpath.txt)" \
  -Dlifeboat.root="$ROOT" -Dlifeboat.home="$LIFEBOAT_HOME" org.lifeboat.bench.ReplicationBench "${1:-all}"
