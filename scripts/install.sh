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

# The dashboard browser tests drive Debian's Chromium. Installed only where we may (root, as on CI) and only
# when missing; elsewhere the browser suite reports its tests as skipped and says why.
install_chromium_if_needed() {
  [ -x /usr/bin/chromium ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    echo "==> /usr/bin/chromium is missing and this is not root: the dashboard browser tests will be skipped (apt-get install chromium)" >&2
    return 0
  fi
  echo "==> apt-get install chromium (dashboard browser tests)" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-liberation >&2
}

# What only the tests use: Kiota (a .NET tool pinned in .config/dotnet-tools.json) and the packages of the client
# project it generates into, restored now so the test that builds that client finds them in the local cache.
install_test_tools() {
  local root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  echo "==> dotnet tool restore; restoring the generated-client project's packages" >&2
  (cd "$root" && dotnet tool restore >&2)
  dotnet restore "$root/tests/ApiClients/CSharp/ClientFlows.csproj" --nologo -v quiet >&2
}

install_all() {
  local configuration=$1 root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required (dotnet not found)." >&2; exit 1; }
  command -v node >/dev/null || { echo "Node 20 is required (node not found)." >&2; exit 1; }
  npm_install_if_needed "$root"
  npm_install_if_needed "$root/engine-host"
  npm_install_if_needed "$root/dashboard"
  install_chromium_if_needed
  echo "==> building engine-host" >&2
  (cd "$root/engine-host" && npm run --silent build >&2)
  # Before the .NET build: the functions project copies dashboard/dist into its output.
  echo "==> building the dashboard" >&2
  (cd "$root/dashboard" && npm run --silent build >&2)
  echo "==> building the .NET solution ($configuration)" >&2
  dotnet build "$root/WaFunctions.sln" -c "$configuration" --nologo -v quiet -clp:ErrorsOnly >&2
}
