#!/usr/bin/env bash
# Cold start of local mode: process start to the first 200 from /api/v1/ready (storage set up, the Durable worker
# started), median of repeated starts, for the functions app published self-contained ReadyToRun linux-x64, next to
# the same figure for an empty ASP.NET Core app published the same way (the floor), and the ratio.
# Usage: bench/coldstart/run.sh [runs=15]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
runs=${1:-15}
work=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT

(cd "$root" && [ -d node_modules ] || npm ci --no-audit --no-fund >/dev/null)
echo "publishing both apps (self-contained ReadyToRun linux-x64)..." >&2
dotnet publish "$root/functions/WaFunctions.csproj" -c Release -r linux-x64 --self-contained true -p:PublishReadyToRun=true -o "$work/functions" --nologo -v quiet >/dev/null
dotnet publish "$here/empty-app/EmptyApp.csproj" -c Release -r linux-x64 --self-contained true -p:PublishReadyToRun=true -o "$work/empty" --nologo -v quiet >/dev/null

ports=($(node -e 'const n=require("net");const g=()=>new Promise(r=>{const s=n.createServer().listen(0,()=>{const p=s.address().port;s.close(()=>r(p))})});(async()=>{const a=[];for(let i=0;i<5;i++)a.push(await g());console.log(a.join(" "))})()'))
"$root/node_modules/.bin/azurite" --silent --skipApiVersionCheck --loose --disableTelemetry --location "$work/azurite" \
  --blobPort "${ports[0]}" --queuePort "${ports[1]}" --tablePort "${ports[2]}" &
sleep 2
export AzureWebJobsStorage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:${ports[0]}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:${ports[1]}/devstoreaccount1;TableEndpoint=http://127.0.0.1:${ports[2]}/devstoreaccount1"
export WA_SETTINGS_FILE=/nonexistent WA_ADMIN_KEY=lw_live_ColdStartBenchAdmin0000000000000

app=$(WA_PORT=${ports[3]} node "$here/coldstart.mjs" "$runs" "http://127.0.0.1:${ports[3]}/api/v1/ready" "$work/functions/WaFunctions")
floor=$(ASPNETCORE_URLS="http://127.0.0.1:${ports[4]}" node "$here/coldstart.mjs" "$runs" "http://127.0.0.1:${ports[4]}/" "$work/empty/EmptyApp")
node -e '
const app = JSON.parse(process.argv[1]), floor = JSON.parse(process.argv[2]);
console.log(`functions app  start -> first 200 /api/v1/ready: median ${app.medianMs} ms (min ${app.minMs}, max ${app.maxMs}, ${app.runs} runs)`);
console.log(`empty ASP.NET  start -> first 200 /             : median ${floor.medianMs} ms (min ${floor.minMs}, max ${floor.maxMs}, ${floor.runs} runs)  [floor]`);
console.log(`ratio to floor: ${(app.medianMs / floor.medianMs).toFixed(2)}x`);' "$app" "$floor"
