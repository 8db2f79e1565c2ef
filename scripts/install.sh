#!/usr/bin/env bash
# Installs what is missing, from this repo's own lockfiles only: the root tools (Azurite and the
# independent clients the tests check us against), the engine-host's packages, and the .NET build.
# Sourced by run.sh and test.sh. Usage: install_all <Configuration>
set -euo pipefail

# npm ci only when the lockfile is newer than what is installed (a fresh clone always installs).
npm_install_if_needed() {
  local dir=$1
  if [ ! -f "$dir/node_modules/.package-lock.json" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "==> npm ci in ${dir}" >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >&2)
  fi
}

install_all() {
  local configuration=$1 root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (dotnet not found)." >&2; exit 1; }
  command -v node >/dev/null || { echo "Node 20 is required (node not found)." >&2; exit 1; }
  npm_install_if_needed "$root"
  npm_install_if_needed "$root/engine-host"
  echo "==> building engine-host" >&2
  (cd "$root/engine-host" && npm run --silent build >&2)
  echo "==> building the .NET solution ($configuration)" >&2
  dotnet build "$root/WaFunctions.sln" -c "$configuration" --nologo -v quiet -clp:ErrorsOnly >&2
}
