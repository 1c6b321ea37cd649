#!/usr/bin/env bash
# Change tracking, in the same run: on a sparse loop device of 1 GiB and of 64 GiB, fio writes random 4 KiB
# blocks (--direct=1) at 5 and then 20 MB/s while TraceBench runs its phases one after the other: the trace
# tracker with 64 KiB dirty blocks (coarse, as before), with 4 KiB dirty extents (fine, the agent now), and
# the scanner as the baseline (back-to-back passes on 1 GiB; on 64 GiB one pass, cut at SCAN_LIMIT seconds).
# Then the churn one disk carries: fine trace on 64 GiB at 20, 40 and 80 MB/s. Each phase prints its pass
# p50/p99, the device's read bytes per byte written, and CPU-seconds per GB written. Needs root and fio.
# Not part of the tests. Bounded: each phase SECONDS (default 30), fio killed after each.
# Deleting the 64 GiB image at the end took over 10 minutes here (the file system frees millions of 4 KiB
# extents); the loop device is detached first.
# PARALLEL=1: only the parallel reads' comparison: on a sparse 8 GiB loop device at 20, 40 and 80 MB/s, fine
# trace with one read at a time (fine1, the tracker before) and with DiskScanner.READERS at once (fine), same run;
# first the read stage alone, without writes (reads1, reads: random 4 KiB extents, 30,000 a pass).
# GAP=1: only what a trace gap costs: on a sparse loop device (GAP_SIZE, default 1G) at 5 and 20 MB/s, a full
# compare, fine passes while fio writes for SECONDS and then QUIET seconds (default 30) without writes, then the full
# compare a gap causes and what it re-sends: without the hash refresh (gap-norefresh) and with it (gap-refresh),
# same run, each after a full compare of its own.
# Usage: bench/trace-rpo/run.sh [SECONDS] [SCAN_LIMIT]   (SKIP_BUILD=1: use agent/target/lifeboat-agent.jar as built)
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)
SECONDS_EACH=${1:-30}
SCAN_LIMIT=${2:-900}
[ -n "${SKIP_BUILD:-}" ] || mvn -B -q -f "$ROOT/pom.xml" -DskipTests -pl agent -am install
WORK=$(mktemp -d)
cp "$ROOT/agent/target/lifeboat-agent.jar" "$WORK/agent.jar"  # a rebuild meanwhile does not change what runs
LOOP=
FIO=
cleanup() {
  [ -n "$FIO" ] && kill "$FIO" 2>/dev/null && wait "$FIO" 2>/dev/null || true
  [ -n "$LOOP" ] && losetup -d "$LOOP" || true
  rm -rf "$WORK"
}
trap cleanup EXIT
writes() {  # random 4 KiB writes at $1 until killed (bounded anyway by a day)
  fio --name=w --filename="$LOOP" --rw=randwrite --bs=4k --direct=1 --rate="$1" --runtime=86400 \
      --time_based --output=/dev/null &
  FIO=$!
  sleep 2
}
stop_writes() { kill "$FIO" 2>/dev/null; wait "$FIO" 2>/dev/null || true; FIO=; }
bench() { java -Xmx512m -cp "$WORK/agent.jar" TraceBench.java "$LOOP" "$@"; }
if [ -n "${GAP:-}" ]; then
  truncate -s "${GAP_SIZE:-1G}" "$WORK/disk.img"
  LOOP=$(losetup -f --show "$WORK/disk.img")
  for rate in 5m 20m; do
    for phase in gap-norefresh gap-refresh; do
      echo "== a gap after $SECONDS_EACH s of traced writes and ${QUIET:-30} s quiet: ${GAP_SIZE:-1G}, random 4 KiB writes at ${rate}B/s, $phase"
      GAP_RATE=$rate bench "$SECONDS_EACH" "$phase"  # the bench starts fio (for SECONDS) once its trace runs
    done
  done
  exit 0
fi
if [ -n "${PARALLEL:-}" ]; then
  truncate -s 8G "$WORK/disk.img"
  LOOP=$(losetup -f --show "$WORK/disk.img")
  fio --name=fill --filename="$LOOP" --rw=randwrite --bs=1m --direct=1 --io_size=256m --output=/dev/null
  echo "== parallel reads: 8G, the read stage alone (no writes), 1 then 4 readers, twice"
  bench "$SECONDS_EACH" reads1 reads reads1 reads
  for rate in 20m 40m 80m; do
    echo "== parallel reads: 8G, random 4 KiB writes at ${rate}B/s, fine trace, 1 then 4 readers, twice"
    writes "$rate"; bench "$SECONDS_EACH" fine1 fine fine1 fine; stop_writes
  done
  exit 0
fi
for size in 1G 64G; do
  truncate -s "$size" "$WORK/disk.img"
  LOOP=$(losetup -f --show "$WORK/disk.img")
  fio --name=fill --filename="$LOOP" --rw=randwrite --bs=1m --direct=1 --io_size=256m --output=/dev/null
  for rate in 5m 20m; do
    echo "== $size, random 4 KiB writes at ${rate}B/s"
    writes "$rate"
    if [ "$size" = 1G ]; then bench "$SECONDS_EACH" coarse fine scan; else bench "$SECONDS_EACH" coarse fine; fi
    stop_writes
  done
  if [ "$size" = 64G ]; then
    for rate in 20m 40m 80m; do
      echo "== churn: $size, random 4 KiB writes at ${rate}B/s, fine trace"
      writes "$rate"; bench "$SECONDS_EACH" fine; stop_writes
    done
    echo "== $size, random 4 KiB writes at 20mB/s: one scan pass (cut at $SCAN_LIMIT s)"
    writes 20m; bench "$SCAN_LIMIT" scan-once; stop_writes
  fi
  losetup -d "$LOOP"; LOOP=
  rm -f "$WORK/disk.img"
done
