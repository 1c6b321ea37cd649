#!/usr/bin/env bash
# Vault recovery benchmark: ITEMS items of POINTS recovery points (default 50 x 100) written into the vault
# catalog of a storage account of its own (an Azurite over HTTP) by the product's writer; then
#  - baseline: list and download the manifest blobs, nothing else (3 rounds, median)
#  - the catalog read recovery starts with (download, open, parse; 3 rounds, median)
#  - end to end: a fresh Lifeboat home on that account, `./lifeboat vault recover --key-file` timed.
# Not part of the tests. Usage: bench/vault/run.sh [ITEMS [POINTS]]
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)
ITEMS=${1:-50} POINTS=${2:-100}
WORK=${LIFEBOAT_BENCH_DIR:-/tmp/lifeboat-vault-bench}
PORT_BASE=${LIFEBOAT_BENCH_PORT_BASE:-23000}
AZURITE_PORT=$((PORT_BASE + 2100))
rm -rf "$WORK" && mkdir -p "$WORK/azurite"
mvn -B -q -o -f "$ROOT/pom.xml" -DskipTests package
mvn -B -q -o compile # the dependencies' class path only
CP="target/bench-classes:$ROOT/ejb/target/classes:$ROOT/protocol/target/classes:$(cat target/classpath.txt)"
javac -d target/bench-classes -cp "$CP" src/bench/java/org/lifeboat/bench/VaultBench.java

ACCOUNT_KEY=$(head -c 64 /dev/urandom | base64 -w0)
AZURITE_ACCOUNTS="bench:$ACCOUNT_KEY" "$ROOT/domain-config/azurite/node_modules/.bin/azurite-blob" \
  --blobHost 127.0.0.1 --blobPort "$AZURITE_PORT" --location "$WORK/azurite" --skipApiVersionCheck --loose \
  --disableTelemetry > "$WORK/azurite.log" 2>&1 &
AZURITE=$!
export LIFEBOAT_HOME=$WORK/home LIFEBOAT_PORT_BASE=$PORT_BASE LIFEBOAT_HOST=localhost
trap '"$ROOT/lifeboat" stop >/dev/null 2>&1 || true; kill $AZURITE' EXIT
for _ in $(seq 60); do (exec 3<>"/dev/tcp/127.0.0.1/$AZURITE_PORT") 2>/dev/null && break; sleep 0.5; done
CONNECTION="DefaultEndpointsProtocol=http;AccountName=bench;AccountKey=$ACCOUNT_KEY;BlobEndpoint=http://127.0.0.1:$AZURITE_PORT/bench;"
head -c 32 /dev/urandom | base64 -w0 > "$WORK/recovery.key"

java -Xmx1g -cp "$CP" org.lifeboat.bench.VaultBench \
  "$CONNECTION" "$WORK/recovery.key" "$ITEMS" "$POINTS"

LIFEBOAT_AZURE_STORAGE_CONNECTION_STRING=$CONNECTION "$ROOT/lifeboat" start > "$WORK/start.log"
begin=$(date +%s.%N)
"$ROOT/lifeboat" vault recover --key-file "$WORK/recovery.key" > "$WORK/recover.log"
end=$(date +%s.%N)
printf 'end to end: ./lifeboat vault recover of %s items x %s points: %.2f s\n' "$ITEMS" "$POINTS" "$(echo "$end - $begin" | bc)"
