#!/usr/bin/env bash
# Change tracking, scan versus trace, in the same run: on a sparse loop device of each size, fio writes
# random 4 KiB blocks at each rate while TraceBench passes over the disk once a second with the trace
# tracker, then back to back with the scanner. Prints the time a pass takes to find and read what changed
# (the tracker's share of RPO) and the tracker's CPU and memory. Needs root and fio. Not part of the tests.
# Usage: bench/trace-rpo/run.sh [seconds]   (default 30)
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)
SECONDS_EACH=${1:-30}
mvn -B -q -f "$ROOT/pom.xml" -DskipTests -pl agent -am install
JAR="$ROOT/agent/target/lifeboat-agent.jar"
WORK=$(mktemp -d)
LOOP=
cleanup() { [ -n "$LOOP" ] && losetup -d "$LOOP" || true; rm -rf "$WORK"; }
trap cleanup EXIT
for size in 1G 64G; do
  truncate -s "$size" "$WORK/disk.img"
  LOOP=$(losetup -f --show "$WORK/disk.img")
  fio --name=fill --filename="$LOOP" --rw=randwrite --bs=1m --direct=1 --io_size=256m --output=/dev/null
  for rate in 5m 20m; do
    echo "== $size, random 4 KiB writes at ${rate}B/s"
    fio --name=w --filename="$LOOP" --rw=randwrite --bs=4k --direct=1 --rate="$rate" --runtime=86400 \
        --time_based --output=/dev/null &  # writes until the bench ends, however long its first full pass takes
    FIO=$!
    java -Xmx256m -cp "$JAR" TraceBench.java "$LOOP" "$(blockdev --getsize64 "$LOOP")" "$SECONDS_EACH"
    kill "$FIO" 2>/dev/null; wait "$FIO" 2>/dev/null || true
  done
  losetup -d "$LOOP"; LOOP=
  rm -f "$WORK/disk.img"
done
