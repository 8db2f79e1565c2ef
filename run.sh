#!/usr/bin/env bash
# One command to run WaFunctions locally: installs what is missing, starts Azurite, the
# engine-host and the functions app, prints the API base URL, and stops all three on Ctrl-C.
#
#   WA_PORT          API port (default 7071)
#   WA_AZURITE_PORT  first of three consecutive ports for Azurite blob/queue/table (default 10000)
#   WA_ENGINE        baileys (default) or simulator
#   WA_ADMIN_KEY     optional bootstrap admin key (lw_live_ + 32 letters/digits)
#   WA_DATA_DIR      where Azurite keeps its data (default .data/)
set -euo pipefail
cd "$(dirname "$0")"
root=$(pwd)
source scripts/install.sh
install_all Release

export WA_PORT=${WA_PORT:-7071}
export WA_ENGINE=${WA_ENGINE:-baileys}
azurite_port=${WA_AZURITE_PORT:-10000}
data_dir=${WA_DATA_DIR:-$root/.data}
mkdir -p "$data_dir/azurite"

# The bootstrap admin key: yours if WA_ADMIN_KEY is set, else one generated on the first run and
# kept beside the data (git-ignored) so every run prints the same key.
if [ -z "${WA_ADMIN_KEY:-}" ]; then
  if [ ! -s "$data_dir/admin-key" ]; then
    (umask 077; node -e 'const c=require("crypto"),a="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";let k="lw_live_";for(let i=0;i<32;i++)k+=a[c.randomInt(a.length)];console.log(k)' > "$data_dir/admin-key")
  fi
  WA_ADMIN_KEY=$(cat "$data_dir/admin-key")
fi
export WA_ADMIN_KEY

# Explicit endpoints, so non-default Azurite ports work for both processes.
export AzureWebJobsStorage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$azurite_port/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$((azurite_port + 1))/devstoreaccount1;TableEndpoint=http://127.0.0.1:$((azurite_port + 2))/devstoreaccount1"

pids=()
stop_all() {
  trap - INT TERM EXIT
  echo "==> stopping" >&2
  # Reverse start order: the app and engine finish in-flight work before storage goes away.
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill -TERM "${pids[i]}" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap stop_all INT TERM EXIT

echo "==> Azurite on ports $azurite_port-$((azurite_port + 2)), data in $data_dir/azurite" >&2
node_modules/.bin/azurite --silent --skipApiVersionCheck --loose --disableTelemetry --location "$data_dir/azurite" \
  --blobPort "$azurite_port" --queuePort "$((azurite_port + 1))" --tablePort "$((azurite_port + 2))" &
pids+=($!)

echo "==> engine-host ($WA_ENGINE)" >&2
node engine-host/dist/src/index.js &
pids+=($!)

echo "==> functions app on port $WA_PORT" >&2
dotnet functions/bin/Release/net10.0/WaFunctions.dll &
pids+=($!)

for _ in $(seq 1 120); do
  if curl -fsS "http://localhost:$WA_PORT/api/v1/ready" >/dev/null 2>&1; then
    echo ""
    echo "WaFunctions is up (Ctrl-C stops everything)"
    echo "  API base URL: http://localhost:$WA_PORT/api/v1"
    echo "  Admin key:    $WA_ADMIN_KEY"
    break
  fi
  sleep 0.5
done

# Exit (and stop the others) as soon as any of the three exits.
wait -n "${pids[@]}" || true
