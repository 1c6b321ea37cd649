#!/usr/bin/env bash
# Recovery plan benchmark through the real stack (its own Lifeboat; port base LIFEBOAT_BENCH_PORT_BASE, default
# 24000; home LIFEBOAT_BENCH_HOME): a plan's testFailover, request to job end, for plans of 3 and 10 items in one
# boot group and of 10 items in two groups, against the baseline measured in the same run: the testFailover of
# one item alone. Its Java code (PlanFailoverBench) lives with the replication benchmarks, whose stack helpers
# it shares. Not part of the tests.
# Usage: bench/plan-failover/run.sh [items ...]   (default: 3 10)
exec "$(dirname "$0")/../replication/run.sh" plan-failover "$@"
