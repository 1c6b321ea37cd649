#!/usr/bin/env bash
# The churn profiler's own cost: `lifeboat agent profile` on a sparse loop device for SECONDS, first idle
# (the baseline, in the same run), then while fio writes random 4 KiB blocks at 20 MiB/s (21 MB/s). Prints the
# profiler process's CPU (user + system, and as a share of one core), its peak RSS, and what it reported
# against what fio wrote. The kernel's share of tracing runs in the writers' context and is not in these
# figures. Needs root and fio. Not part of the tests.
# Usage: bench/profile/run.sh [seconds]   (default 60)
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)
SECONDS_EACH=${1:-60}
mvn -B -q -o -f "$ROOT/pom.xml" -DskipTests -pl agent -am install
JAR="$ROOT/agent/target/lifeboat-agent.jar"
WORK=$(mktemp -d)
LOOP=
cleanup() { [ -n "$LOOP" ] && losetup -d "$LOOP" || true; rm -rf "$WORK"; }
trap cleanup EXIT
truncate -s 4G "$WORK/disk.img"
LOOP=$(losetup -f --show "$WORK/disk.img")

measure() { # the profiler for SECONDS_EACH under /usr/bin/time
  /usr/bin/time -f "%U %S %M" -o "$WORK/time" java -jar "$JAR" profile --disk "$LOOP" \
      --duration "${SECONDS_EACH}s" --json --machine bench > "$WORK/report.json"
}

report() { # $1: label, $2: bytes fio wrote (0: none)
  read -r user sys rss < "$WORK/time"
  python3 - "$1" "$user" "$sys" "$rss" "$SECONDS_EACH" "$WORK/report.json" "${2:-0}" <<'PY'
import json, sys
label, user, sys_, rss, secs, path, fio_bytes = sys.argv[1:]
d = json.load(open(path))["disks"][0]
cpu = float(user) + float(sys_)
print(f"{label:>22}: CPU {cpu:6.2f} s ({cpu / float(secs) * 100:5.1f} % of a core; user {float(user):.2f}, "
      f"sys {float(sys_):.2f}), peak RSS {int(rss) / 1024:6.1f} MiB, writes {d['writes']:>8}, "
      f"{d['bytesWritten'] / 1e6:8.1f} MB counted" + (f" of {int(fio_bytes) / 1e6:.1f} MB fio wrote" if int(fio_bytes) else "")
      + f", peak {d['peakBytesPerSecond'] / 1e6:.2f} MB/s, touched {d['touchedShare'] * 100:.1f} %")
PY
}

echo "== churn profiler on a 4 GiB loop device, ${SECONDS_EACH} s each (MB = 10^6 bytes)"
measure
report "idle (baseline)"
# fio starts 3 s after the profiler (its JVM start) and stops 2 s before its end, so that every write is counted
fio --name=w --filename="$LOOP" --rw=randwrite --bs=4k --direct=1 --ioengine=libaio --iodepth=4 \
    --rate=20m --startdelay=3 --runtime=$((SECONDS_EACH - 5)) --time_based --norandommap \
    --output-format=json --output="$WORK/fio.json" &
FIO=$!
measure
wait $FIO
report "20 MiB/s random 4 KiB" "$(python3 -c "import json;print(json.load(open('$WORK/fio.json'))['jobs'][0]['write']['io_bytes'])")"
