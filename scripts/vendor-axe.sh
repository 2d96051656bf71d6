#!/usr/bin/env bash
# Vendors axe-core VERSION from the npm registry into internal/axe/vendor, checking axe.min.js
# against the package's own sri-history.json.
set -euo pipefail
version=${1:?usage: scripts/vendor-axe.sh VERSION}
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "axe-core@$version" >/dev/null && tar xzf "axe-core-$version.tgz")
want=$(node -e "console.log(require('$tmp/package/sri-history.json')['$version']['axe.min.js'])")
got="sha256-$(openssl dgst -sha256 -binary "$tmp/package/axe.min.js" | base64)"
[ "$want" = "$got" ] || { echo "axe.min.js: $got, the package says $want" >&2; exit 1; }
cp "$tmp/package/axe.min.js" "$tmp/package/LICENSE" "$tmp/package/LICENSE-3RD-PARTY.txt" internal/axe/vendor/
sed -i "s/axe-core [0-9.]* from/axe-core $version from/; s/axe-core@[0-9.]*/axe-core@$version/; s/sha256-[A-Za-z0-9+\/=]*/$got/" internal/axe/vendor/README.md
echo "vendored axe-core $version ($got); now set Version in internal/axe/axe.go"
