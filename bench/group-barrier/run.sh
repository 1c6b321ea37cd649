#!/usr/bin/env bash
# Replication-group barrier benchmark through the real stack (its own Lifeboat on port base 24000): how long a
# group round holds its members' writes at 2 and 8 agents, against the baseline in the same run: one agent's own
# app-consistent bookmark. Its Java code (GroupBarrierBench) lives with the replication benchmarks, whose stack
# helpers it shares. Not part of the tests.
# Usage: bench/group-barrier/run.sh [agents ...]   (default: 2 8)
exec "$(dirname "$0")/../replication/run.sh" group-barrier "$@"
