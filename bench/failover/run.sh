#!/usr/bin/env bash
# Failover benchmark through the real stack (a Lifeboat of its own on port base 24000, as the replication
# benchmarks): testFailover request -> failover disks ready, for 1 x 1 GiB and 4 x 1 GiB, against the plain
# Azure SDK copy of the same snapshots in the same run. The Java code lives with the replication benchmarks
# (bench/replication, class FailoverBench) to share their stack helpers. Not part of the tests.
# Usage: bench/failover/run.sh
set -euo pipefail
cd "$(dirname "$0")/../replication"
ROOT=$(cd ../.. && pwd)
export LIFEBOAT_HOME=${LIFEBOAT_BENCH_HOME:-/tmp/lifeboat-bench} LIFEBOAT_PORT_BASE=24000 LIFEBOAT_HOST=localhost
mvn -B -q -f "$ROOT/pom.xml" -DskipTests install
mvn -B -q compile
"$ROOT/lifeboat" start
trap '"$ROOT/lifeboat" stop' EXIT
java -Xmx1g -cp "target/classes:$(cat target/classpath.txt)" \
  -Dlifeboat.root="$ROOT" -Dlifeboat.home="$LIFEBOAT_HOME" org.lifeboat.bench.FailoverBench
