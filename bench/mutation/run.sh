#!/usr/bin/env bash
# Mutation testing (PIT) of the data path's unit tests: the wire protocol, the cache journal, the log
# applier's page writes and the segment codec. Not part of the build or CI; takes ~10 minutes on two cores.
# Usage: bench/mutation/run.sh [--report-only]   (--report-only prints the scores of the last run again)
# Reports: protocol/target/pit-reports/, jca-connector/target/pit-reports/, ejb/target/pit-reports/ (index.html).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
if [[ "${1:-}" != "--report-only" ]]; then
  # -am builds the parent; the profile skips surefire (PIT runs the tests itself) and runs PIT at verify
  mvn -B -q -Pmutation -pl protocol,jca-connector,ejb -am verify
fi
python3 - protocol/target/pit-reports/mutations.xml jca-connector/target/pit-reports/mutations.xml \
    ejb/target/pit-reports/mutations.xml <<'PY'
import collections, sys, xml.etree.ElementTree as ET
DETECTED = {"KILLED", "TIMED_OUT", "MEMORY_ERROR", "RUN_ERROR"}
packages = collections.defaultdict(collections.Counter)
survivors = []
for report in sys.argv[1:]:
    for m in ET.parse(report).getroot().iter("mutation"):
        cls = m.findtext("mutatedClass")
        package = cls.rsplit(".", 1)[0]
        status = m.get("status")
        counts = packages[package]
        counts["total"] += 1
        counts["detected"] += status in DETECTED
        counts["covered"] += status != "NO_COVERAGE"
        if status not in DETECTED:
            survivors.append((cls.split(".")[-1], int(m.findtext("lineNumber")), status,
                              m.findtext("description")))
print(f"{'package':36} {'mutants':>7} {'killed':>6} {'score':>6} {'strength':>8}")
for package, c in sorted(packages.items()):
    print(f"{package:36} {c['total']:7} {c['detected']:6} {100 * c['detected'] / c['total']:5.0f}% "
          f"{100 * c['detected'] / max(c['covered'], 1):7.0f}%")
print("\nscore = killed / all mutants; strength = killed / mutants the tests reach")
print(f"\nsurviving mutants ({len(survivors)}):")
for cls, line, status, description in sorted(survivors):
    print(f"  {cls}:{line} {status} {description}")
PY
