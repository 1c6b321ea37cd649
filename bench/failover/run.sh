#!/usr/bin/env bash
# Failover benchmark through the real stack (its own Lifeboat on port base 24000): testFailover request ->
# failover disks ready, for 1 x 1 GiB and 4 x 1 GiB, against the plain Azure SDK copy of the same snapshots
# in the same run. Its Java code (FailoverBench) lives with the replication benchmarks, whose stack
# helpers it shares. Not part of the tests.
# Usage: bench/failover/run.sh [disk-count ...]   (default: 1 4)
exec "$(dirname "$0")/../replication/run.sh" failover "$@"
