#!/usr/bin/env bash
# bench/pair.sh: two e2e binaries (or one binary with two sets of arguments) against ONE shop, in
# paired, alternating rounds: in each round both run back to back, the first of the pair
# alternating with the round; prints each run's wall time, the median of each side and the
# median of the per-round ratios B/A (the firmer figure: the rounds drift together).
# See bench/README.md. Not a test: never run it in CI; run it on an idle machine.
set -euo pipefail

usage() {
	cat <<'EOF'
usage: bench/pair.sh [options] A B

  A, B              e2e binaries (build them with go build -o ... ./cmd/e2e at the commits to
                    compare); the same binary twice compares --a-arg against --b-arg
  --rounds N        paired rounds (default 6)
  --workers LIST    worker counts, each measured on its own (default "1 2")
  --repeat N        --repeat-each of each run (default 10: 7 flows x 10 = 70)
  --arg ARG         pass ARG to both runs (repeatable), e.g. --arg=--trace=off
  --a-arg ARG       pass ARG to A's runs only (repeatable)
  --b-arg ARG       pass ARG to B's runs only (repeatable)
  -h, --help        this help
EOF
}

ROUNDS=6 WORKERS="1 2" REPEAT=10
ARGS=() A_ARGS=() B_ARGS=()
while [ $# -gt 0 ]; do
	case "$1" in
	--rounds) ROUNDS=$2; shift 2 ;;
	--workers) WORKERS=$2; shift 2 ;;
	--repeat) REPEAT=$2; shift 2 ;;
	--arg=*) ARGS+=("${1#--arg=}"); shift ;;
	--a-arg=*) A_ARGS+=("${1#--a-arg=}"); shift ;;
	--b-arg=*) B_ARGS+=("${1#--b-arg=}"); shift ;;
	-h | --help) usage; exit 0 ;;
	-*) echo "pair.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
	*) break ;;
	esac
done
[ $# -eq 2 ] || { usage >&2; exit 2; }
A=$(realpath "$1") B=$(realpath "$2")

work=$(mktemp -d)
shop_pid=""
cleanup() {
	[ -n "$shop_pid" ] && kill "$shop_pid" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

# One shop for every run: its own database, on a free port, started by A.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$A" shop --addr "127.0.0.1:$port" --db "$work/shop.db" >"$work/shop.log" 2>&1 &
shop_pid=$!
for _ in $(seq 100); do curl -fs "http://127.0.0.1:$port/api/health" >/dev/null && break; sleep 0.1; done
url="http://127.0.0.1:$port"

# run BIN SIDE WORKERS: one run, its wall time in seconds on stdout; a failed run stops the script.
run() {
	local bin=$1 side=$2 workers=$3 extra=()
	if [ "$side" = A ]; then extra=("${A_ARGS[@]}"); else extra=("${B_ARGS[@]}"); fi
	local start end
	start=$(date +%s.%N)
	if ! (cd "$work" && "$bin" run --base-url "$url" --workers "$workers" --repeat-each "$REPEAT" \
		--artifacts-dir "$work/results-$side" "${ARGS[@]}" "${extra[@]}" >"$work/run.log" 2>&1); then
		echo "pair.sh: $side ($bin) failed at $workers workers; its output:" >&2
		tail -20 "$work/run.log" >&2
		exit 1
	fi
	end=$(date +%s.%N)
	echo "$end - $start" | bc
}

median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "A: $A ${A_ARGS[*]}"
echo "B: $B ${B_ARGS[*]}"
echo "both: --repeat-each $REPEAT ${ARGS[*]}; $ROUNDS rounds; $(nproc) CPUs; load $(cut -d' ' -f1-3 /proc/loadavg)"
for w in $WORKERS; do
	run "$A" A "$w" >/dev/null # warm-up, untimed
	run "$B" B "$w" >/dev/null
	: >"$work/a" ; : >"$work/b" ; : >"$work/r"
	for r in $(seq "$ROUNDS"); do
		if [ $((r % 2)) -eq 1 ]; then ta=$(run "$A" A "$w"); tb=$(run "$B" B "$w"); else tb=$(run "$B" B "$w"); ta=$(run "$A" A "$w"); fi
		echo "$ta" >>"$work/a"; echo "$tb" >>"$work/b"; echo "$tb / $ta" | bc -l >>"$work/r"
		printf '  %d workers, round %d: A %.2f s, B %.2f s, B/A %.3f (load %s)\n' "$w" "$r" "$ta" "$tb" "$(tail -1 "$work/r")" "$(cut -d' ' -f1 /proc/loadavg)"
	done
	printf '%d workers: A %.2f s, B %.2f s (medians); B/A paired median %.3f\n' "$w" \
		"$(median <"$work/a")" "$(median <"$work/b")" "$(median <"$work/r")"
done
