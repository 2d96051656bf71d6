#!/usr/bin/env bash
# run.sh builds rod's launcher manager (github.com/go-rod/rod/lib/launcher/rod-manager, at the rod
# version in go.mod) and runs it on this machine for e2e's `rod-manager` remote kind:
#
#   tools/rod-manager/run.sh                         listen on 127.0.0.1:7317
#   tools/rod-manager/run.sh -address 0.0.0.0:7317   listen beyond loopback (trusted networks only)
#
# It launches the system Chromium ($ROD_MANAGER_CHROMIUM, default /usr/bin/chromium) and never
# downloads one. -allow-all lets clients pick their own browser.bin (rod's manager refuses paths
# outside its download dir otherwise); that is why it listens on loopback unless told otherwise.
# Environment: ROD_MANAGER_BIN is where the binary is built (default tools/rod-manager/bin/rod-manager).
set -euo pipefail

DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BIN=${ROD_MANAGER_BIN:-$DIR/bin/rod-manager}
CHROMIUM=${ROD_MANAGER_CHROMIUM:-/usr/bin/chromium}

[[ -x $CHROMIUM ]] || { echo "run.sh: $CHROMIUM not found: apt-get install -y chromium (or set ROD_MANAGER_CHROMIUM)" >&2; exit 1; }
(cd "$DIR/../.." && go build -o "$BIN" github.com/go-rod/rod/lib/launcher/rod-manager)

args=("$@")
has_address=false
for a in "${args[@]}"; do
	[[ $a == -address* || $a == --address* ]] && has_address=true
done
$has_address || args=(-address 127.0.0.1:7317 "${args[@]}")

# -rod=bin=... is rod's own option: the default browser the manager hands to its clients.
exec "$BIN" -allow-all -rod="bin=$CHROMIUM" "${args[@]}"
