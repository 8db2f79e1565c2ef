#!/usr/bin/env bash
# One command to run WaFunctions locally: installs what is missing, starts Azurite, the
# engine-host and the functions app, prints the API base URL, restarts any of them that dies,
# and stops them all on Ctrl-C.
#
#   WA_PORT             API port (default 7071)
#   WA_AZURITE_PORT     first of three consecutive ports for Azurite blob/queue/table (default 10000)
#   WA_ENGINE           baileys (default) or simulator
#   WA_ENGINE_REPLICAS  how many engine-host processes to start (default 1); each gets
#                       WA_ENGINE_REPLICA_ID=replica-<n> in its environment
#   WA_ADMIN_KEY        optional bootstrap admin key (lw_live_ + 32 letters/digits)
#   WA_DATA_DIR         where Azurite keeps its data (default .data/)
#
# Supervision: each program runs under a small loop in its own process group (so the terminal's
# Ctrl-C reaches only this script, which stops them in order). A program that exits on its own is
# started again after 1 s, 2 s, 4 s ... up to 30 s; the pause goes back to 1 s once it has stayed
# up for a minute. Ctrl-C (or SIGTERM) stops the functions app and the engine-hosts first and
# waits up to 3 s for them (then SIGKILL), then Azurite, so that storage outlives its clients;
# the whole stop takes under 5 s.
set -euo pipefail
if ((BASH_VERSINFO[0] < 5 || (BASH_VERSINFO[0] == 5 && BASH_VERSINFO[1] < 1))); then
  echo "run.sh needs bash 5.1 or newer (this is $BASH_VERSION)." >&2
  exit 1
fi
cd "$(dirname "$0")"
root=$(pwd)

replicas=${WA_ENGINE_REPLICAS:-1}
if ! [[ $replicas =~ ^[1-9][0-9]*$ ]]; then
  echo "run.sh: WA_ENGINE_REPLICAS must be a whole number from 1 up, not '$replicas'." >&2
  exit 2
fi

source scripts/install.sh
install_all Release

export WA_PORT=${WA_PORT:-7071}
export WA_ENGINE=${WA_ENGINE:-baileys}
azurite_port=${WA_AZURITE_PORT:-10000}
data_dir=${WA_DATA_DIR:-$root/.data}

# Azurite's table file holds the WhatsApp credentials of every linked number: everything from here
# on (the data folder, the files Azurite and the others write) is for this user's eyes only.
umask 077
mkdir -p "$data_dir/azurite"
# An older run (or a folder made by hand) may have left it readable by others. Only what run.sh
# keeps there is fixed recursively, so a WA_DATA_DIR pointing somewhere unexpected is not combed.
chmod go-rwx "$data_dir"
chmod -R go-rwx "$data_dir/azurite"
if [ -e "$data_dir/admin-key" ]; then chmod go-rwx "$data_dir/admin-key"; fi

# The bootstrap admin key: yours if WA_ADMIN_KEY is set, else one generated on the first run and
# kept beside the data (git-ignored) so every run prints the same key.
if [ -z "${WA_ADMIN_KEY:-}" ]; then
  if [ ! -s "$data_dir/admin-key" ]; then
    node -e 'const c=require("crypto"),a="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";let k="lw_live_";for(let i=0;i<32;i++)k+=a[c.randomInt(a.length)];console.log(k)' > "$data_dir/admin-key"
  fi
  WA_ADMIN_KEY=$(cat "$data_dir/admin-key")
fi
export WA_ADMIN_KEY

# Explicit endpoints, so non-default Azurite ports work for both processes.
export AzureWebJobsStorage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$azurite_port/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$((azurite_port + 1))/devstoreaccount1;TableEndpoint=http://127.0.0.1:$((azurite_port + 2))/devstoreaccount1"

# supervise NAME COMMAND...: runs COMMAND, and again whenever it exits, until told to stop (TERM or
# INT), which it passes on to COMMAND before waiting for it to exit.
supervise() {
  local name=$1 child='' timer='' stopping='' delay=1 started rc why
  shift
  set +e
  trap - EXIT
  trap 'stopping=1; [ -n "$child" ] && kill -TERM "$child" 2>/dev/null; [ -n "$timer" ] && kill "$timer" 2>/dev/null' TERM INT
  while [ -z "$stopping" ]; do
    started=$SECONDS
    "$@" &
    child=$!
    [ -n "$stopping" ] && kill -TERM "$child" 2>/dev/null
    echo "run.sh: started $name (pid $child)" >&2
    # (2>/dev/null: bash's own "Killed ..." notice; the line below says it better.)
    wait "$child" 2>/dev/null
    rc=$?
    # A trapped signal ends `wait` early; wait on until the program has really exited.
    while kill -0 "$child" 2>/dev/null; do wait "$child" 2>/dev/null; rc=$?; done
    child=''
    [ -n "$stopping" ] && break
    ((SECONDS - started >= 60)) && delay=1
    if ((rc > 128)); then why="killed by SIG$(kill -l $((rc - 128)))"; else why="exit status $rc"; fi
    echo "run.sh: $name exited unexpectedly ($why); restarting in $delay s" >&2
    sleep "$delay" &
    timer=$!
    wait "$timer"
    timer=''
    delay=$((delay * 2 > 30 ? 30 : delay * 2))
  done
}

declare -A name_of=()
app_tier=()
storage_tier=()
# spawn TIER NAME COMMAND...: a supervisor in a process group of its own (job control on just for
# the fork), so a terminal's Ctrl-C, which goes to the foreground group, reaches only this script.
spawn() {
  local -n tier=$1
  local name=$2
  shift 2
  set -m
  supervise "$name" "$@" &
  tier+=($!)
  set +m
  name_of[$!]=$name
}

# stop_tier MILLISECONDS SUPERVISOR...: TERM, wait at most that long, then SIGKILL each supervisor's
# whole process group (the supervisor and its program).
stop_tier() {
  local ms=$1 id timer p
  shift
  local pending=("$@")
  ((${#pending[@]})) || return 0
  kill -TERM "${pending[@]}" 2>/dev/null
  sleep "$((ms / 1000)).$(printf '%03d' $((ms % 1000)))" &
  timer=$!
  while ((${#pending[@]})); do
    id=''
    wait -n -p id "${pending[@]}" "$timer"
    [ -z "$id" ] || [ "$id" = "$timer" ] && break
    for p in "${!pending[@]}"; do [ "${pending[p]}" = "$id" ] && unset 'pending[p]'; done
    pending=("${pending[@]}")
  done
  for p in "${pending[@]}"; do
    echo "run.sh: ${name_of[$p]} did not stop within ${ms} ms; killing it" >&2
    kill -KILL -- "-$p" 2>/dev/null
  done
  ((${#pending[@]})) && wait "${pending[@]}" 2>/dev/null
  kill -KILL "$timer" 2>/dev/null # KILL: the timer was started while TERM is ignored, and inherited that
  wait "$timer" 2>/dev/null
  return 0
}

stopped=''
stop_all() {
  [ -n "$stopped" ] && return 0
  stopped=1
  set +e
  trap '' INT TERM # a second Ctrl-C must not cut the ordered stop short and leave programs behind
  echo "==> stopping" >&2
  local t0=${EPOCHREALTIME//[!0-9]/} left
  # Storage's clients first (they finish in-flight work against it), then storage.
  stop_tier 3000 "${app_tier[@]}"
  left=$((4500 - (${EPOCHREALTIME//[!0-9]/} - t0) / 1000))
  stop_tier $((left < 1000 ? 1000 : left)) "${storage_tier[@]}"
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap stop_all EXIT

echo "==> Azurite on ports $azurite_port-$((azurite_port + 2)), data in $data_dir/azurite" >&2
spawn storage_tier azurite node_modules/.bin/azurite --silent --skipApiVersionCheck --loose --disableTelemetry --location "$data_dir/azurite" \
  --blobPort "$azurite_port" --queuePort "$((azurite_port + 1))" --tablePort "$((azurite_port + 2))"

echo "==> engine-host ($WA_ENGINE) x $replicas" >&2
for ((n = 1; n <= replicas; n++)); do
  spawn app_tier "engine-host replica-$n" env WA_ENGINE_REPLICA_ID="replica-$n" node engine-host/dist/src/index.js
done

echo "==> functions app on port $WA_PORT" >&2
spawn app_tier functions dotnet functions/bin/Release/net10.0/WaFunctions.dll

waited_from=$SECONDS
until curl -fsS --max-time 2 "http://localhost:$WA_PORT/api/v1/ready" >/dev/null 2>&1; do
  if [ -n "$waited_from" ] && ((SECONDS - waited_from >= 60)); then
    echo "run.sh: not ready after a minute; still waiting (see the output above)" >&2
    waited_from=''
  fi
  sleep 0.5
done
echo ""
echo "WaFunctions is up (Ctrl-C stops everything)"
echo "  API base URL: http://localhost:$WA_PORT/api/v1"
echo "  Admin key:    $WA_ADMIN_KEY"

# The supervisors run until stop_all tells them to stop.
wait "${app_tier[@]}" "${storage_tier[@]}"
