#!/usr/bin/env bash
# Failback benchmark through the real stack (its own Lifeboat on port base 24000): the master target
# (lifeboat-agent receive) brings a 1 GiB on-premises disk to a recovery point with 5 % of its blocks changed,
# bytes downloaded and time, against a full copy of the point's image in the same run. Its Java code
# (FailbackBench) lives with the replication benchmarks, whose stack helpers it shares. Not part of the tests.
# Usage: bench/failback/run.sh
exec "$(dirname "$0")/../replication/run.sh" failback
