#!/usr/bin/env bash
# RPO through the whole stack as the server reports it (GET /protectedItems/{name} rpoSeconds, p50/p99 over the
# run) while fio writes random 4 KiB blocks to a sparse loop device at 5 and 20 MB/s: the agent with the trace
# tracker, then with the scanner, same run (its own Lifeboat: LIFEBOAT_BENCH_PORT_BASE, default 24000, and
# LIFEBOAT_BENCH_HOME). Its Java code (StackRpoBench) lives with the replication benchmarks, whose stack helpers
# it shares. Needs root and fio; each loop device is detached and its image deleted at the end. Not part of the tests.
# Usage: bench/stack-rpo/run.sh [seconds-per-rate [size-GiB [rates ...]]]   (default 120 1 5m 20m)
exec "$(dirname "$0")/../replication/run.sh" stack-rpo "$@"
