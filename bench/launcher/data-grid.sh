#!/usr/bin/env bash
# Start time and memory of the server with Payara's data grid (Hazelcast) on and off, on one existing
# Lifeboat home, alternating on/off so both see the same machine load; 3 starts each, medians.
# Usage: LIFEBOAT_HOME=<a home started once> bench/launcher/data-grid.sh [rounds]
# Each start: `lifeboat start` wall time (to healthy), Payara's own "startup time" total, the server's
# RSS once healthy. The home's data grid is left off afterwards.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HOME_DIR=${LIFEBOAT_HOME:?set LIFEBOAT_HOME to a Lifeboat home that was started once}
ROUNDS=${1:-3}
DOMAIN_XML=$HOME_DIR/domains/lifeboat/config/domain.xml
LOG=$HOME_DIR/domains/lifeboat/logs/server.log

# Payara drops the attribute when it equals the default (true) on rewriting domain.xml: set it afresh
grid() {
  sed -i -e 's# enabled="[a-z]*"\(></hazelcast-config-specific\)#\1#g' \
    -e "s#<hazelcast-config-specific-configuration\([^>]*\)>#<hazelcast-config-specific-configuration\1 enabled=\"$1\">#g" "$DOMAIN_XML"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

"$ROOT/lifeboat" stop >/dev/null
declare -A wall payara rss
for round in $(seq 1 "$ROUNDS"); do
  for mode in true false; do
    grid $mode
    offset=$(stat -c %s "$LOG" 2>/dev/null || echo 0)
    begin=$(date +%s%N)
    out=$("$ROOT/lifeboat" start)
    end=$(date +%s%N)
    pid=$(sed -n 's/^Server: running (pid \([0-9]*\))$/\1/p' <<<"$out")
    ms=$(tail -c +$((offset + 1)) "$LOG" | grep -o 'total([0-9]*ms)' | tail -n 1 | tr -dc 0-9)
    kb=$(ps -o rss= -p "$pid" | tr -d ' ')
    grep -q 'HazelcastCore' <(tail -c +$((offset + 1)) "$LOG") && seen=yes || seen=no
    printf 'round %s grid %-5s: start %5d ms, Payara startup %6s ms, RSS %5d MiB, Hazelcast in log: %s\n' \
      "$round" "$mode" $(((end - begin) / 1000000)) "$ms" $((kb / 1024)) "$seen"
    wall[$mode]+="$(((end - begin) / 1000000)) " payara[$mode]+="$ms " rss[$mode]+="$((kb / 1024)) "
    "$ROOT/lifeboat" stop >/dev/null
  done
done
grid false
for mode in true false; do
  printf 'grid %-5s median: start %s ms, Payara startup %s ms, RSS %s MiB\n' "$mode" \
    "$(tr ' ' '\n' <<<"${wall[$mode]}" | grep . | median)" "$(tr ' ' '\n' <<<"${payara[$mode]}" | grep . | median)" \
    "$(tr ' ' '\n' <<<"${rss[$mode]}" | grep . | median)"
done
