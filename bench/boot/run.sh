#!/usr/bin/env bash
# Boot verification time through the real stack, with its baseline measured in the same run: QEMU booting
# the same bootable disk straight from the local file (no download, no Lifeboat) with the same command line
# the server uses, timed from start to the marker. Not part of the tests.
# Usage: bench/boot/run.sh [rounds (default 3)]        needs curl, jq and the tools of `./lifeboat test`
# Lifeboat runs on a home of its own (LIFEBOAT_BENCH_HOME, default /tmp/lifeboat-boot-bench) on port base
# LIFEBOAT_BENCH_PORT_BASE (default 25000). The disk is ear/src/test/scripts/bootable-test-disk's (48 MiB).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ROUNDS=${1:-3}
export LIFEBOAT_HOME=${LIFEBOAT_BENCH_HOME:-/tmp/lifeboat-boot-bench} LIFEBOAT_PORT_BASE=${LIFEBOAT_BENCH_PORT_BASE:-25000}
export LIFEBOAT_HOST=localhost
MARKER='Run /init as init process' # the server's default marker: the request below sends no body
WORK=$(mktemp -d /tmp/boot-bench.XXXXXX)
mkdir -p "$WORK/tmp"
AGENT_PID=

cleanup() {
  [ -n "$AGENT_PID" ] && kill "$AGENT_PID" 2>/dev/null || true
  "$ROOT/lifeboat" stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

"$ROOT/ear/src/test/scripts/bootable-test-disk" "$ROOT/ear/target/bootable-test-disk/disk.img"
cp "$ROOT/ear/target/bootable-test-disk/disk.img" "$WORK/disk.img"

# The baseline: the local image, QEMU as QemuBoot starts it, start to marker.
baseline() {
  local console=$WORK/console
  rm -f "$console" && mkfifo "$console"
  local begin; begin=$(now_ms)
  TMPDIR=$WORK/tmp qemu-system-x86_64 -machine pc,accel=tcg -m 512 -smp 1 -nographic -serial stdio -monitor none \
    -nic none -no-reboot -boot strict=on -sandbox on,obsolete=deny,elevateprivileges=deny,spawn=deny \
    -drive "file=$WORK/disk.img,format=raw,snapshot=on,if=ide,index=0,media=disk" </dev/null >"$console" 2>&1 &
  local qemu=$!
  grep -m1 -q "$MARKER" <"$console"
  echo $(( $(now_ms) - begin ))
  kill "$qemu" 2>/dev/null; wait "$qemu" 2>/dev/null || true
}

mvn -B -q -f "$ROOT/pom.xml" -DskipTests install
"$ROOT/lifeboat" start >/dev/null
API=https://localhost:$((LIFEBOAT_PORT_BASE + 81))/lifeboat/api/v1
api() { curl -sS --fail-with-body --cacert "$LIFEBOAT_HOME/tls/server-cert.pem" -u "admin:$(cat "$LIFEBOAT_HOME/secrets/admin-password")" "$@"; }

# A protected machine with the bootable disk, through initial replication, and one recovery point.
item=boot-bench
api -X DELETE "$API/protectedItems/$item" >/dev/null 2>&1 || true
agent_id=$("$ROOT/lifeboat" agent register --server "$API" --passphrase-file "$LIFEBOAT_HOME/secrets/registration-passphrase" \
  --disk "$WORK/disk.img" --state "$WORK/agent" --name "$item" | grep -oE '[0-9a-f]{8}-[0-9a-f-]{27}' | head -n 1)
api -X PUT -H 'Content-Type: application/json' -d "{\"agentId\":\"$agent_id\"}" "$API/protectedItems/$item" >/dev/null
"$ROOT/lifeboat" agent run --state "$WORK/agent" >"$WORK/agent.log" 2>&1 &
AGENT_PID=$!
for _ in $(seq 1 300); do
  [ "$(api "$API/protectedItems/$item" | jq -r .initialPercent)" = 100 ] && break
  sleep 1
done
bookmark=$("$ROOT/lifeboat" agent bookmark --state "$WORK/agent" --timeout 600 | grep -oE '[0-9a-f]{8}-[0-9a-f-]{27}' | head -n 1)
point=
for _ in $(seq 1 300); do
  point=$(api "$API/protectedItems/$item/recoveryPoints" | jq -r ".[] | select(.bookmarkId == \"$bookmark\") | .id")
  [ -n "$point" ] && break
  sleep 1
done
[ -n "$point" ] || { echo "no recovery point for bookmark $bookmark" >&2; exit 1; }

# Alternating, so both see the same machine load.
declare -a base total boot
for round in $(seq 1 "$ROUNDS"); do
  b=$(baseline)
  begin=$(now_ms)
  job=$(api -X POST "$API/protectedItems/$item/recoveryPoints/$point/verifyBoot" | jq -r .id)
  state=
  for _ in $(seq 1 1200); do
    state=$(api "$API/jobs/$job" | jq -r .state)
    [ "$state" = Succeeded ] || [ "$state" = Failed ] && break
    sleep 0.5
  done
  t=$(( $(now_ms) - begin ))
  [ "$state" = Succeeded ] || { echo "round $round: the job ended $state: $(api "$API/jobs/$job")" >&2; exit 1; }
  d=$(api "$API/protectedItems/$item/recoveryPoints/$point" | jq -r .bootVerification.durationMillis)
  printf 'round %s: baseline (local image, QEMU to marker) %6d ms; verifyBoot request to job done %6d ms, of which QEMU to marker %6d ms\n' \
    "$round" "$b" "$t" "$d"
  base+=("$b") total+=("$t") boot+=("$d")
done
printf 'median of %s: baseline %s ms; verifyBoot %s ms (QEMU to marker %s ms)\n' "$ROUNDS" \
  "$(printf '%s\n' "${base[@]}" | median)" "$(printf '%s\n' "${total[@]}" | median)" "$(printf '%s\n' "${boot[@]}" | median)"
api -X DELETE "$API/protectedItems/$item" >/dev/null
