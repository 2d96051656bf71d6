#!/usr/bin/env bash
# bench/soak.sh: one long run, checked for holding up (bench/soak): every flow passes, none is
# flaky, memory stays flat (RSS at flow 100 and at the last within 10%), no process is left.
#
#   bench/soak.sh local [repeat-each]   1,001 flows (7 x 143) on 2 local workers
#   bench/soak.sh grid  [repeat-each]   203 flows (7 x 29) through a Selenium Grid started here
#                                        (tools/grid/grid.sh hub-and-nodes), then 0 sessions left
#   bench/soak.sh grid-chaos [repeat-each]  1,001 flows (7 x 143) through that grid, one node
#                                        killed (SIGKILL, with its chromedriver and Chromium) at a
#                                        third and at two thirds of the run and started again
#
# Results go to bench/results/soak-<mode>-<date>/. See bench/README.md. Not a test: never run it
# in CI.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mode=${1:-local}
out=bench/results/soak-$mode-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$out"
go build -o "$out/e2e" ./cmd/e2e
go build -o "$out/soak" ./bench/soak
echo "soak: $mode at $(git rev-parse --short HEAD), results in $out"

case $mode in
local)
	"$out/soak" -e2e "$out/e2e" -repeat-each "${2:-143}" -workers 2 -out "$out/run"
	;;
grid | grid-chaos)
	port=$((20000 + RANDOM % 20000))
	export GRID_RUN_DIR=$PWD/$out/grid GRID_PUBLISH_PORT=$((port + 10)) GRID_SUBSCRIBE_PORT=$((port + 11))
	# A session request the grid keeps no longer than e2e waits for it (docs/remote-browsers.md).
	export GRID_REQUEST_TIMEOUT=40 GRID_REQUEST_TIMEOUT_PERIOD=5
	trap 'tools/grid/grid.sh stop >/dev/null' EXIT
	tools/grid/grid.sh hub-and-nodes "$port" $((port + 1)) $((port + 2))
	hub=http://127.0.0.1:$port
	args=(-workers 2 -out "$out/run")
	if [[ $mode == grid ]]; then
		args+=(-repeat-each "${2:-29}" -first-sample 100 -args "--remote-kind selenium --remote-url $hub")
	else
		repeat=${2:-143}
		total=$((7 * repeat))
		# Kill the first node's process group (the node, its chromedriver and Chromium), give the
		# run a few seconds without it, then start it again on the same port.
		node=$((port + 1))
		restart="kill -KILL -- -\$(cat $GRID_RUN_DIR/node-$node.pid) && sleep 5 && tools/grid/grid.sh node $node $hub 1"
		args+=(-repeat-each "$repeat" -first-sample $((total < 400 ? total / 4 : 100))
			-at "$((total / 3))=$restart" -at "$((2 * total / 3))=$restart"
			-args "--remote-kind selenium --remote-url $hub --retries 0")
	fi
	status=0
	"$out/soak" -e2e "$out/e2e" "${args[@]}" || status=$?
	sessions=$(curl -s --noproxy '*' -X POST -H 'Content-Type: application/json' "$hub/graphql" \
		-d '{"query":"{ grid { sessionCount } }"}' | grep -o '"sessionCount" *: *[0-9]*' | grep -o '[0-9]*$')
	if [[ $sessions == 0 ]]; then
		echo "  MET    grid sessions left: 0"
	else
		echo "  MISSED grid sessions left: ${sessions:-unknown}"
		status=1
	fi
	exit $status
	;;
*)
	echo "usage: bench/soak.sh local|grid|grid-chaos [repeat-each]" >&2
	exit 2
	;;
esac
