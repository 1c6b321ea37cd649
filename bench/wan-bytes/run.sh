#!/usr/bin/env bash
# WAN bytes per changed byte through the real stack (its own Lifeboat on port base 24000, or
# LIFEBOAT_BENCH_PORT_BASE): request body bytes the process server sends to the storage account, with the log
# applier on premises (the default, the baseline) and with every segment through the cache container as an
# applier near Azure needs it, for random and for compressible changes, in the same run. Its Java code lives with
# the replication benchmarks (ReplicationBench, mode wan-bytes), whose stack helpers it shares. Not part of the tests.
# Usage: bench/wan-bytes/run.sh [MiB-per-row]   (default 64)
exec "$(dirname "$0")/../replication/run.sh" wan-bytes "$@"
