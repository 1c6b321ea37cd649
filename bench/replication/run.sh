#!/usr/bin/env bash
# Replication benchmarks through the real stack (a Lifeboat of its own on port base 24000, or
# LIFEBOAT_BENCH_PORT_BASE), each with its baseline measured in the same run. Not part of the tests.
# Usage: bench/replication/run.sh [initial|rpo|all|storage]
#        bench/replication/run.sh wan-bytes [MiB-per-row]   (what bench/wan-bytes/run.sh runs; default 64)
#        bench/replication/run.sh failover [disks ...]   (what bench/failover/run.sh runs; default 1 4)
#        bench/replication/run.sh failback   (what bench/failback/run.sh runs)
#        bench/replication/run.sh group-barrier [agents ...]   (what bench/group-barrier/run.sh runs; default 2 8)
#        bench/replication/run.sh plan-failover [items ...]   (what bench/plan-failover/run.sh runs; default 3 10)
#        bench/replication/run.sh soak [attack-minutes [quiet-minutes [agents]]]   (default 10 3 4)
#        bench/replication/run.sh stack-rpo [seconds-per-rate [size-GiB [rates ...]]]   (what bench/stack-rpo/run.sh runs)
#        bench/replication/run.sh scale-out [agents [seconds-per-phase [total-MB/s]]]   (what bench/scale-out/run.sh runs,
#                                 with the PostgreSQL it starts; not alone)
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)
export LIFEBOAT_HOME=${LIFEBOAT_BENCH_HOME:-/tmp/lifeboat-bench} LIFEBOAT_PORT_BASE=${LIFEBOAT_BENCH_PORT_BASE:-24000} LIFEBOAT_HOST=localhost
mvn -B -q -f "$ROOT/pom.xml" -DskipTests install
mvn -B -q compile
"$ROOT/lifeboat" start
trap '"$ROOT/lifeboat" stop' EXIT
if [ "${1:-}" = failover ]; then
  shift
  main=org.lifeboat.bench.FailoverBench args=("$@")
elif [ "${1:-}" = failback ]; then
  main=org.lifeboat.bench.FailbackBench args=()
elif [ "${1:-}" = group-barrier ]; then
  shift
  main=org.lifeboat.bench.GroupBarrierBench args=("$@")
elif [ "${1:-}" = plan-failover ]; then
  shift
  main=org.lifeboat.bench.PlanFailoverBench args=("$@")
elif [ "${1:-}" = stack-rpo ]; then
  shift
  main=org.lifeboat.bench.StackRpoBench args=("$@")
elif [ "${1:-}" = scale-out ]; then
  shift
  main=org.lifeboat.bench.ScaleOutBench args=("$@")
elif [ "${1:-}" = wan-bytes ]; then
  shift
  main=org.lifeboat.bench.ReplicationBench args=(wan-bytes "$@")
elif [ "${1:-}" = soak ]; then
  shift
  main=org.lifeboat.bench.SoakBench args=("$@")
else
  main=org.lifeboat.bench.ReplicationBench args=("${1:-all}")
fi
java -Xmx1g -cp "target/classes:$(cat target/classpath.txt)" \
  -Dlifeboat.root="$ROOT" -Dlifeboat.home="$LIFEBOAT_HOME" -Dlifeboat.port.base="$LIFEBOAT_PORT_BASE" "$main" "${args[@]}"
