#!/usr/bin/env bash
# Scale-out (issue 13): aggregate ingest, CPU-seconds per GB and RPO with one and with two Payara Micro process
# servers, 20 agents (sparse 64 MiB loop devices, trace tracker, fio random writes at a fixed total rate), against the
# storage ceiling measured in the same run, then the time to re-home the items of a process server killed with -9.
# A configuration server on PostgreSQL of its own (the tests' test-postgresql script: a cluster in
# $LIFEBOAT_BENCH_HOME-postgresql on 127.0.0.1:SCALE_OUT_PG_PORT, default 26532), config server on
# LIFEBOAT_BENCH_PORT_BASE (default 24500), process servers on base+100 and base+400, homes beside
# LIFEBOAT_BENCH_HOME (default /tmp/lifeboat-bench-scale-out). Its Java code (ScaleOutBench) lives with the
# replication benchmarks, whose stack helpers it shares. Needs root and fio. Everything it started (agents, fio,
# process servers, the configuration server, PostgreSQL, loop devices) is stopped at the end, also on failure.
# Not part of the tests. Usage: bench/scale-out/run.sh [agents [seconds-per-phase [total-MB/s]]]   (default 20 120 4)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export LIFEBOAT_BENCH_HOME=${LIFEBOAT_BENCH_HOME:-/tmp/lifeboat-bench-scale-out}
export LIFEBOAT_BENCH_PORT_BASE=${LIFEBOAT_BENCH_PORT_BASE:-24500}
export SCALE_OUT_STATE=$LIFEBOAT_BENCH_HOME-state
PG_DIR=$LIFEBOAT_BENCH_HOME-postgresql
PG_PORT=${SCALE_OUT_PG_PORT:-26532}

cleanup() {
  set +e
  # agents and fio the benchmark started (each pid only while its command line still names what it was started
  # for), then its process servers, loop devices and PostgreSQL
  if [ -f "$SCALE_OUT_STATE/pids" ]; then
    while read -r pid marker; do
      { tr '\0' ' ' < "/proc/$pid/cmdline"; } 2>/dev/null | grep -qF -- "$marker" && kill "$pid"
    done < "$SCALE_OUT_STATE/pids"
  fi
  for ps in ps1 ps2; do
    [ ! -f "$LIFEBOAT_BENCH_HOME-$ps/process-server.conf" ] \
      || LIFEBOAT_HOME=$LIFEBOAT_BENCH_HOME-$ps "$ROOT/lifeboat" process-server stop >/dev/null
  done
  if [ -f "$SCALE_OUT_STATE/loops" ]; then
    while read -r loop image; do
      losetup -j "$image" 2>/dev/null | grep -q "^$loop:" && losetup -d "$loop"
    done < "$SCALE_OUT_STATE/loops"
  fi
  rm -rf "$SCALE_OUT_STATE"
  "$ROOT/ear/src/test/scripts/test-postgresql" stop "$PG_DIR" >/dev/null
}
trap cleanup EXIT
# a fresh vault each run (a new database, Lifeboat home and process-server homes): items and process servers of an
# earlier run would otherwise stay assigned, and change where new items and re-homed ones go
[ ! -f "$LIFEBOAT_BENCH_HOME/lifeboat.conf" ] || LIFEBOAT_HOME=$LIFEBOAT_BENCH_HOME "$ROOT/lifeboat" stop >/dev/null || true
for ps in ps1 ps2; do
  [ ! -f "$LIFEBOAT_BENCH_HOME-$ps/process-server.conf" ] \
    || LIFEBOAT_HOME=$LIFEBOAT_BENCH_HOME-$ps "$ROOT/lifeboat" process-server stop >/dev/null || true
done
for dir in "$LIFEBOAT_BENCH_HOME" "$LIFEBOAT_BENCH_HOME-ps1" "$LIFEBOAT_BENCH_HOME-ps2" "$PG_DIR"; do
  if [ -e "$dir" ] && [ ! -f "$dir/lifeboat.conf" ] && [ ! -f "$dir/process-server.conf" ] && [ ! -f "$dir/data/PG_VERSION" ]; then
    echo "bench/scale-out: $dir is not one of this benchmark's homes; not deleting it (set LIFEBOAT_BENCH_HOME)" >&2
    exit 1
  fi
done
"$ROOT/ear/src/test/scripts/test-postgresql" stop "$PG_DIR" >/dev/null 2>&1 || true
rm -rf "$SCALE_OUT_STATE" "$LIFEBOAT_BENCH_HOME" "$PG_DIR"
mkdir -p "$SCALE_OUT_STATE"
"$ROOT/ear/src/test/scripts/test-postgresql" start "$PG_DIR" "$PG_PORT"
# the configuration server's home is made on PostgreSQL at its first start (replication/run.sh starts and stops it)
export LIFEBOAT_DATABASE_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/lifeboat?user=lifeboat"
export LIFEBOAT_DATABASE_PASSWORD_FILE=$PG_DIR/password
"$ROOT/bench/replication/run.sh" scale-out "$@"
