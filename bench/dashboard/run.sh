#!/usr/bin/env bash
# The console's dashboard on a large site, against the API serving the same data, in the same run: a Lifeboat of
# its own (port base 27000) on a PostgreSQL of its own (127.0.0.1:29600, under the work directory), seeded by SQL
# (seed.sql) with ITEMS protected items and ITEMS x POINTS recovery points, then DashboardBench measures the page's
# server time, its time to interactive in headless Chromium and the API calls, RUNS times each; then one item's
# page and API reads, with the database's indexes and, as the baseline in the same run, without them.
# Needs Debian's postgresql, chromium and chromium-driver. Not part of the tests.
# Usage: bench/dashboard/run.sh [items [points-per-item [runs]]]   (default 500 100 20: 50,000 points)
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)
ITEMS=${1:-500} POINTS=${2:-100} RUNS=${3:-20}
WORK=${LIFEBOAT_BENCH_DIR:-/tmp/lifeboat-bench-dashboard}
PG_PORT=${LIFEBOAT_BENCH_PG_PORT:-29600}
export LIFEBOAT_HOME=$WORK/home LIFEBOAT_PORT_BASE=${LIFEBOAT_BENCH_PORT_BASE:-27000} LIFEBOAT_HOST=localhost
PG="$ROOT/ear/src/test/scripts/test-postgresql"

[ -n "${LIFEBOAT_BENCH_NO_BUILD:-}" ] || mvn -B -q -f "$ROOT/pom.xml" -DskipTests -DskipITs install
mvn -B -q compile
mkdir -p "$WORK"
"$PG" start "$WORK/postgresql" "$PG_PORT"
cleanup() { "$ROOT/lifeboat" stop || true; "$PG" stop "$WORK/postgresql" || true; }
trap cleanup EXIT
if [ ! -f "$LIFEBOAT_HOME/lifeboat.conf" ]; then
  export LIFEBOAT_DATABASE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/lifeboat?user=lifeboat"
  export LIFEBOAT_DATABASE_PASSWORD_FILE=$WORK/postgresql/password
fi
"$ROOT/lifeboat" start   # deploys the EAR just built, and with it the schema

bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
seed_started=$(date +%s.%N)
runuser -u postgres -- "$bin/psql" -q -X -v ON_ERROR_STOP=1 -h "$WORK/postgresql/socket" -p "$PG_PORT" -U postgres \
  -d lifeboat -v items="$ITEMS" -v points_per_item="$POINTS" -f - < seed.sql
echo "seeded in $(echo "$(date +%s.%N) - $seed_started" | bc) s"
# a monitoring tick (every 5 s) computes the new items' health and raises their alerts before the first read
sleep 15

status=$("$ROOT/lifeboat" status || true)   # "not healthy" when a 1 s health probe meets a busy server
field() { printf '%s\n' "$status" | sed -n "s/^$1: //p"; }
bench() {
  java -Xmx512m -cp "target/classes:$(cat target/classpath.txt)" org.lifeboat.bench.DashboardBench \
    "$(field Console)" "$(field API)/" "$(field 'Server certificate')" "$(field 'Admin password file')" "$RUNS" "$@"
}
bench
# the baseline for one item's reads, same run: the database without the indexes the server makes at start
runuser -u postgres -- "$bin/psql" -q -X -v ON_ERROR_STOP=1 -h "$WORK/postgresql/socket" -p "$PG_PORT" -U postgres \
  -d lifeboat -c 'DROP INDEX recovery_point_item' -c 'DROP INDEX recovery_point_disk_point'
echo "== baseline: without the indexes recovery_point_item and recovery_point_disk_point"
bench item-only
