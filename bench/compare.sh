#!/usr/bin/env bash
# bench/compare.sh: wall time of `e2e run` against the same seven flows written for Playwright Test
# (bench/playwright), both against ONE `e2e shop`, on the same system Chromium, alternately, in
# several rounds; prints medians, the e2e/Playwright ratios, e2e's 1->2 worker speedup on 70 flows
# and the peak RSS of the e2e process itself (Chromium excluded) on a ~200-flow run; with --floor,
# e2e at 1 worker against the same flows in bare rod (bench/floor).
# See bench/README.md. Not a test: never run it in CI.
set -euo pipefail

usage() {
	cat <<'EOF'
usage: bench/compare.sh [options]

  --rounds N        timed rounds per configuration (default 5)
  --rounds-70 N     rounds of the 70-flow configurations (default: --rounds)
  --repeat-70 N     --repeat-each of the "70-flow" runs (default 10: 7 x 10 = 70 flows)
  --no-70           skip the 70-flow runs (and so the speedup figure)
  --rss-repeat N    --repeat-each of the RSS run (default 29: 203 flows)
  --rss-workers N   workers of the RSS run (default 2)
  --no-rss          skip the RSS run
  --floor           also time bench/floor (the seven flows in bare rod: no page objects, recording or
                    runner) at 1 worker in each round, and report e2e's 1-worker time against it
  --warmup N        untimed warm-up runs of each suite first (default 1)
  --quick           --rounds 3 --no-70 --no-rss
  --chromium PATH   the Chromium both suites launch (default: /usr/bin/chromium-headless-shell,
                    what a headless `e2e run` and Playwright launch, else /usr/bin/chromium)
  --e2e-arg ARG     pass ARG to every `e2e run` (repeatable), e.g. --e2e-arg=--artifacts-mode=off
  --out DIR         where timings, the summary and the logs go (default bench/results/<date>)
  --strict          exit 3 when a target is MISSED or UNSURE (some rounds meet it, some do not)
  -h, --help        this help

Exit status: 0 done; 1 a suite failed or could not run (no timing is valid then); 2 bad usage;
3 a target missed or unsure (with --strict).
EOF
}

ROUNDS=5
ROUNDS_70=""
REPEAT_70=10
DO_70=1
RSS_REPEAT=29
RSS_WORKERS=2
DO_RSS=1
DO_FLOOR=0
WARMUP=1
CHROMIUM=/usr/bin/chromium-headless-shell
[[ -x $CHROMIUM ]] || CHROMIUM=/usr/bin/chromium
OUT=""
STRICT=0
E2E_EXTRA=()

die() {
	echo "compare.sh: $*" >&2
	exit 1
}
bad_usage() {
	echo "compare.sh: $*" >&2
	usage >&2
	exit 2
}
need_int() { # name value min
	if ! [[ $2 =~ ^[0-9]+$ ]] || (($2 < $3)); then bad_usage "$1 wants an integer >= $3, got '$2'"; fi
}

while (($#)); do
	case $1 in
	--rounds) ROUNDS=${2-}; shift ;;
	--rounds-70) ROUNDS_70=${2-}; shift ;;
	--repeat-70) REPEAT_70=${2-}; shift ;;
	--no-70) DO_70=0 ;;
	--rss-repeat) RSS_REPEAT=${2-}; shift ;;
	--rss-workers) RSS_WORKERS=${2-}; shift ;;
	--no-rss) DO_RSS=0 ;;
	--floor) DO_FLOOR=1 ;;
	--warmup) WARMUP=${2-}; shift ;;
	--quick) ROUNDS=3 DO_70=0 DO_RSS=0 ;;
	--chromium) CHROMIUM=${2-}; shift ;;
	--e2e-arg) E2E_EXTRA+=("${2-}"); shift ;;
	--e2e-arg=*) E2E_EXTRA+=("${1#--e2e-arg=}") ;;
	--out) OUT=${2-}; shift ;;
	--strict) STRICT=1 ;;
	-h | --help) usage; exit 0 ;;
	*) bad_usage "unknown option '$1'" ;;
	esac
	shift
done
ROUNDS_70=${ROUNDS_70:-$ROUNDS}
need_int --rounds "$ROUNDS" 1
need_int --rounds-70 "$ROUNDS_70" 1
need_int --repeat-70 "$REPEAT_70" 2
need_int --rss-repeat "$RSS_REPEAT" 1
need_int --rss-workers "$RSS_WORKERS" 1
need_int --warmup "$WARMUP" 0

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PW_DIR=$ROOT/bench/playwright
E2E=$ROOT/bin/e2e
OUT=${OUT:-$ROOT/bench/results/$(date +%Y%m%d-%H%M%S)}
FLOWS=7 # the suite's size; every run must pass exactly FLOWS x repeat-each flows

# Nothing from the caller's environment may configure either tool behind our back.
while IFS= read -r v; do unset "$v"; done < <(compgen -e | grep -E '^(E2E_|PW_|PWDEBUG|PLAYWRIGHT_)' || true)
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

for t in go node npm curl setsid ps; do
	command -v "$t" >/dev/null || die "$t not found"
done
[[ -x $CHROMIUM ]] || die "no Chromium at $CHROMIUM (use --chromium)"

# ---------------------------------------------------------------- processes and cleanup

WORK=""
SHOP_PID=""
CUR_PID=""  # the suite run in progress: leader of its own session (setsid)
CUR_MARK=""
LEFTOVERS=0 # processes still alive after a suite run had ended

# Every process a run starts carries CMPBENCH_RUN=<mark> in its environment, which Chromium
# inherits from either tool even when it is started in a session or process group of its own:
# that finds what a run left behind, and only that.
MARK_ID="$$-$(date +%s)"

# marked_pids MARK: the pids of the live processes of the run marked MARK.
marked_pids() {
	grep -lzxF -- "CMPBENCH_RUN=$MARK_ID-$1" /proc/[0-9]*/environ 2>/dev/null | sed 's#^/proc/\([0-9]*\)/environ$#\1#' || true
}

# sweep MARK: waits up to 5s for the processes of run MARK to end, then kills what is left, by pid.
sweep() {
	local mark=$1 pids i
	for ((i = 0; i < 50; i++)); do
		pids=$(marked_pids "$mark")
		[[ -z $pids ]] && return 0
		sleep 0.1
	done
	echo "compare.sh: warning: processes left behind by $mark: $(ps -o pid=,comm= -p "${pids//$'\n'/,}" | tr -s ' \n' ' ')" >&2
	LEFTOVERS=$((LEFTOVERS + $(wc -w <<<"$pids")))
	# shellcheck disable=SC2086 # one pid a word
	kill -KILL $pids 2>/dev/null || true
}

# shellcheck disable=SC2317 # invoked by the EXIT trap
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	if [[ -n $CUR_PID ]]; then
		kill -TERM -- "-$CUR_PID" 2>/dev/null || true
		wait "$CUR_PID" 2>/dev/null || true
		sweep "$CUR_MARK"
	fi
	if [[ -n $SHOP_PID ]]; then
		kill -TERM "$SHOP_PID" 2>/dev/null || true
		wait "$SHOP_PID" 2>/dev/null || true
		sweep shop
	fi
	[[ -n $WORK ]] && rm -rf "$WORK"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- build, install, shop

echo "== building bin/e2e"
(cd "$ROOT" && go build -o bin/e2e ./cmd/e2e) || die "go build failed"
if ((DO_FLOOR)); then
	(cd "$ROOT" && go build -o bin/floor ./bench/floor) || die "go build of bench/floor failed"
fi

if [[ ! -x $PW_DIR/node_modules/.bin/playwright || ! -d $PW_DIR/node_modules/sql.js ||
	$PW_DIR/package-lock.json -nt $PW_DIR/node_modules/.package-lock.json ]]; then
	echo "== installing bench/playwright dependencies (npm ci)"
	(cd "$PW_DIR" && npm ci --no-audit --no-fund) || die "npm ci failed in $PW_DIR"
fi
PLAYWRIGHT=$PW_DIR/node_modules/.bin/playwright

mkdir -p "$OUT/logs" || die "cannot create $OUT"
OUT=$(cd "$OUT" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cmpbench.XXXXXX")
mkdir -p "$WORK/e2e-cwd"

echo "== starting the shop"
setsid env "CMPBENCH_RUN=$MARK_ID-shop" "$E2E" shop --addr 127.0.0.1:0 --db "$WORK/shop.db" >"$OUT/logs/shop.log" 2>&1 &
SHOP_PID=$!
BASE=""
for ((i = 0; i < 100; i++)); do
	BASE=$(sed -n 's/^shop: serving \(http:[^ ]*\) .*/\1/p' "$OUT/logs/shop.log")
	[[ -n $BASE ]] && break
	kill -0 "$SHOP_PID" 2>/dev/null || die "the shop did not start: $(cat "$OUT/logs/shop.log")"
	sleep 0.1
done
[[ -n $BASE ]] || die "the shop did not say where it serves: $(cat "$OUT/logs/shop.log")"
curl -fsS "$BASE/api/health" >/dev/null || die "$BASE/api/health does not answer"

# ---------------------------------------------------------------- runs

TIMES=$OUT/timings.tsv
printf 'round\ttool\tworkers\trepeat_each\tflows\tseconds\tcores_busy\n' >"$TIMES"

# suite_cmd TOOL WORKERS REPEAT: sets CMD to the full command line of one run. Each tool keeps one
# output directory for all its runs, as it would for a user: e2e schedules the slowest flows first
# by the timings of its previous run there; Playwright empties its own at each start.
suite_cmd() {
	local tool=$1 workers=$2 repeat=$3
	case $tool in
	e2e)
		CMD_DIR=$WORK/e2e-cwd # no e2e.yaml there: only the flags below configure e2e
		CMD=("$E2E" run --base-url "$BASE" --browser-bin "$CHROMIUM" --workers "$workers"
			--repeat-each "$repeat" --reporter list --artifacts-dir "$OUT/artifacts/e2e"
			${E2E_EXTRA[@]+"${E2E_EXTRA[@]}"})
		;;
	floor)
		CMD_DIR=$WORK/e2e-cwd
		CMD=("$ROOT/bin/floor" --base-url "$BASE" --browser-bin "$CHROMIUM" --repeat-each "$repeat")
		;;
	playwright)
		CMD_DIR=$PW_DIR
		CMD=(env "E2E_BASE_URL=$BASE" "E2E_WORKERS=$workers" "E2E_REPEAT_EACH=$repeat"
			"E2E_BROWSER_BIN=$CHROMIUM" "E2E_PW_OUTPUT=$OUT/artifacts/playwright"
			"$PLAYWRIGHT" test --config "$PW_DIR/playwright.config.ts")
		;;
	esac
}

# launch NAME LOG: starts CMD in the background in a session of its own, marked NAME, its output
# in LOG; sets CUR_PID (the command's own pid: setsid and env exec it) and CUR_MARK.
launch() {
	CUR_MARK=$1
	(cd "$CMD_DIR" && exec setsid env "CMPBENCH_RUN=$MARK_ID-$1" "${CMD[@]}") >"$2" 2>&1 &
	CUR_PID=$!
}

# check_passed TOOL LOG WANT: the run's own summary says WANT flows passed and none failed.
check_passed() {
	local tool=$1 log=$2 want=$3 got
	case $tool in
	e2e) got=$(sed -n 's/^ *\([0-9][0-9]*\) passed, 0 failed, 0 flaky.*/\1/p' "$log" | tail -1) ;;
	floor) got=$(sed -n 's/^ *\([0-9][0-9]*\) passed, 0 failed.*/\1/p' "$log" | tail -1) ;;
	playwright)
		if grep -Eq '^ *[0-9]+ (failed|flaky|interrupted|did not run)' "$log"; then got=""; else
			got=$(sed -n 's/^ *\([0-9][0-9]*\) passed (.*/\1/p' "$log" | tail -1)
		fi
		;;
	esac
	[[ $got == "$want" ]]
}

# busy_ticks: clock ticks all CPUs have spent busy since boot (everything but idle and iowait).
busy_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }

# run_once ROUND TOOL WORKERS REPEAT: one timed run; a failing run ends the benchmark. Besides the
# wall time it records how many cores the whole machine kept busy on average during the run
# (tool, Chromium and shop together): near the core count, the run was CPU-bound.
run_once() {
	local round=$1 tool=$2 workers=$3 repeat=$4 name log t0 t1 b0 b1 rc=0 secs busy
	name=$tool-w$workers-r$repeat-$round
	log=$OUT/logs/$name.log
	suite_cmd "$tool" "$workers" "$repeat"
	b0=$(busy_ticks)
	t0=$(date +%s.%N)
	launch "$name" "$log"
	wait "$CUR_PID" || rc=$?
	t1=$(date +%s.%N)
	b1=$(busy_ticks)
	sweep "$CUR_MARK"
	CUR_PID=""
	if ((rc != 0)) || ! check_passed "$tool" "$log" $((FLOWS * repeat)); then
		echo "compare.sh: $tool failed (exit $rc, $workers workers, repeat-each $repeat): not a valid timing. Last lines of $log:" >&2
		tail -n 40 "$log" >&2
		exit 1
	fi
	secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
	busy=$(awk -v s="$secs" -v t=$((b1 - b0)) -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.2f", t / hz / s }')
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$tool" "$workers" "$repeat" $((FLOWS * repeat)) "$secs" "$busy" >>"$TIMES"
	printf '  round %-7s %-10s %d worker(s) %3d flows  %8.2fs  %4s cores busy\n' "$round" "$tool" "$workers" $((FLOWS * repeat)) "$secs" "$busy"
}

# pair ROUND WORKERS REPEAT: both suites, the one that goes first alternating with the round.
pair() {
	local round=$1 workers=$2 repeat=$3
	if (((${round#w} + 0) % 2)); then
		run_once "$round" e2e "$workers" "$repeat"
		run_once "$round" playwright "$workers" "$repeat"
	else
		run_once "$round" playwright "$workers" "$repeat"
		run_once "$round" e2e "$workers" "$repeat"
	fi
}

load() { cut -d' ' -f1-3 /proc/loadavg; }

{
	echo "date:        $(date -Is)"
	echo "host:        $(nproc) cores, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo), load at start $(load)"
	echo "e2e:         $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')$(cd "$ROOT" && git diff --quiet 2>/dev/null || echo ' (work tree modified)'), $(go version | cut -d' ' -f3)"
	echo "playwright:  $("$PLAYWRIGHT" --version), node $(node --version)"
	echo "chromium:    $CHROMIUM, $("$CHROMIUM" --version 2>/dev/null | head -1)"
	echo "shop:        $BASE (one shop for every run)"
	echo "e2e args:    ${E2E_EXTRA[*]:-(none)}"
} | tee "$OUT/env.txt"

if ((WARMUP > 0)); then
	echo "== warm-up ($WARMUP untimed run(s) of each suite, 2 workers)"
	for ((r = 1; r <= WARMUP; r++)); do pair "w$r" 2 1; done
	# Warm-up rows are not timings.
	sed -i '/^w[0-9]/d' "$TIMES"
fi

echo "== timed rounds: $ROUNDS x (7 flows at 1 and 2 workers)$( ((DO_70)) && echo ", $ROUNDS_70 x ($((FLOWS * REPEAT_70)) flows at 1 and 2 workers)")"
MAXR=$ROUNDS
((DO_70 && ROUNDS_70 > MAXR)) && MAXR=$ROUNDS_70
for ((r = 1; r <= MAXR; r++)); do
	echo "-- round $r/$MAXR (load $(load))"
	if ((r <= ROUNDS)); then
		pair "$r" 1 1
		((DO_FLOOR)) && run_once "$r" floor 1 1
		pair "$r" 2 1
	fi
	if ((DO_70 && r <= ROUNDS_70)); then
		pair "$r" 1 "$REPEAT_70"
		pair "$r" 2 "$REPEAT_70"
	fi
done

# ---------------------------------------------------------------- peak RSS

# The e2e process's own peak RSS: VmHWM in its /proc status, the kernel's high-water mark of that
# process alone (GNU time's "maximum resident set size" would take in its waited-for children,
# Chromium among them), read every 0.1s: the last read before it exits is the figure. For
# reference, every 2s the proportional set size (PSS: shared pages split between the processes
# that share them) of each process of the run is summed, for the tester's own processes (e2e and
# leakless; Playwright's node runner and workers) and for everything, Chromium included.
RSS_E2E_KB=""
declare -A PSS_TESTER PSS_ALL RSS_SECS

# sample_pss MARK: prints "<PSS of the tester's processes> <PSS of all>" in KiB for run MARK.
sample_pss() {
	local pid name k v pss tester=0 all=0
	for pid in $(marked_pids "$1"); do
		read -r name 2>/dev/null <"/proc/$pid/comm" || continue
		pss=0
		while read -r k v _; do
			if [[ $k == Pss: ]]; then pss=$v; break; fi
		done 2>/dev/null <"/proc/$pid/smaps_rollup" || continue
		all=$((all + pss))
		[[ $name == chrom* ]] || tester=$((tester + pss))
	done
	echo "$tester $all"
}

rss_run() { # TOOL
	local tool=$1 name log t0 t1 rc=0 hwm=0 tester_peak=0 all_peak=0 k v n a tick=0
	name=$tool-rss-w$RSS_WORKERS-r$RSS_REPEAT
	log=$OUT/logs/$name.log
	suite_cmd "$tool" "$RSS_WORKERS" "$RSS_REPEAT"
	t0=$(date +%s.%N)
	launch "$name" "$log"
	while kill -0 "$CUR_PID" 2>/dev/null; do
		if [[ $tool == e2e ]]; then
			while read -r k v _; do
				if [[ $k == VmHWM: ]]; then ((v > hwm)) && hwm=$v; break; fi
			done 2>/dev/null <"/proc/$CUR_PID/status" || true
		fi
		if ((tick++ % 20 == 10)); then
			read -r n a < <(sample_pss "$name") || true
			((${n:-0} > tester_peak)) && tester_peak=$n
			((${a:-0} > all_peak)) && all_peak=$a
		fi
		sleep 0.1
	done
	wait "$CUR_PID" || rc=$?
	t1=$(date +%s.%N)
	sweep "$CUR_MARK"
	CUR_PID=""
	if ((rc != 0)) || ! check_passed "$tool" "$log" $((FLOWS * RSS_REPEAT)); then
		echo "compare.sh: $tool failed in the RSS run (exit $rc). Last lines of $log:" >&2
		tail -n 40 "$log" >&2
		exit 1
	fi
	[[ $tool == e2e ]] && RSS_E2E_KB=$hwm
	PSS_TESTER[$tool]=$tester_peak PSS_ALL[$tool]=$all_peak
	RSS_SECS[$tool]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }')
	printf '  %-10s %d flows, %d workers: %ss\n' "$tool" $((FLOWS * RSS_REPEAT)) "$RSS_WORKERS" "${RSS_SECS[$tool]}"
}

if ((DO_RSS)); then
	echo "== peak RSS: $((FLOWS * RSS_REPEAT)) flows, $RSS_WORKERS workers (load $(load))"
	rss_run e2e
	rss_run playwright
fi

# ---------------------------------------------------------------- summary

# median TOOL WORKERS REPEAT [COLUMN]: "median min max n" of the timed runs' seconds (or of
# another column of timings.tsv).
median() {
	awk -F'\t' -v t="$1" -v w="$2" -v r="$3" -v c="${4:-6}" 'NR > 1 && $2 == t && $3 == w && $4 == r { print $c }' "$TIMES" |
		sort -g | awk '{ v[NR] = $1 } END {
			if (NR == 0) { print "- - - 0"; exit }
			m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			printf "%.2f %.2f %.2f %d\n", m, v[1], v[NR], NR }'
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f", a / b }'; }
# per_round TOOL_A WORKERS_A TOOL_B WORKERS_B REPEAT: the ratio A / B of the two runs of each
# round, in round order (the runs of one round ran back to back, under the same load).
per_round() {
	awk -F'\t' -v ta="$1" -v wa="$2" -v tb="$3" -v wb="$4" -v r="$5" '
		NR > 1 && $4 == r && (($2 == ta && $3 == wa) || ($2 == tb && $3 == wb)) {
			if (!($1 in seen)) { seen[$1]; order[++n] = $1 }
			if ($2 == ta && $3 == wa) a[$1] = $6; else b[$1] = $6
		}
		END { for (i = 1; i <= n; i++) { k = order[i]; if ((k in a) && (k in b) && b[k] > 0) printf "%s%.2f", (c++ ? " " : ""), a[k] / b[k] } }' "$TIMES"
}
# verdict VALUE OP TARGET [ROUND_VALUES]: "met" when the value meets the target and so does every
# round's value; "MISSED" when neither the value nor any round does; otherwise "UNSURE": the rounds
# straddle the target, and one more run could come out either way.
verdict() {
	awk -v v="$1" -v op="$2" -v t="$3" -v rounds="${4:-}" '
		function ok(x) { return (op == "<=") ? x <= t : (op == ">=") ? x >= t : x < t }
		BEGIN {
			if (v == "-" || v == "") { print "n/a"; exit }
			n = split(rounds, r, " "); good = 0
			for (i = 1; i <= n; i++) good += ok(r[i])
			if (ok(v) && good == n) print "met"
			else if (!ok(v) && good == 0) print "MISSED"
			else printf "UNSURE (%d of %d rounds meet it)\n", good, n }'
}

{
	echo
	echo "Wall time of the whole command, median of the timed rounds [min-max], seconds"
	printf '%-22s %-30s %-30s %7s  %s\n' "configuration" "e2e" "playwright" "e2e/pw" "target"
	declare -A MED
	confs=("1 1" "2 1")
	((DO_70)) && confs+=("1 $REPEAT_70" "2 $REPEAT_70")
	for c in "${confs[@]}"; do
		read -r w rep <<<"$c"
		read -r em emin emax en <<<"$(median e2e "$w" "$rep")"
		read -r pm pmin pmax pn <<<"$(median playwright "$w" "$rep")"
		MED[e2e-$w-$rep]=$em MED[pw-$w-$rep]=$pm
		rt=$(ratio "$em" "$pm")
		target=""
		((rep == 1)) && target="<= 0.70: $(verdict "$rt" '<=' 0.70 "$(per_round e2e "$w" playwright "$w" "$rep")")"
		printf '%-22s %-30s %-30s %7s  %s\n' "$((FLOWS * rep)) flows, $w worker(s)" \
			"$em [$emin-$emax] n=$en" "$pm [$pmin-$pmax] n=$pn" "$rt" "$target"
	done
	echo
	echo "Cores the machine kept busy during those runs, median (of $(getconf _NPROCESSORS_ONLN))"
	for c in "${confs[@]}"; do
		read -r w rep <<<"$c"
		printf '%-22s %-30s %-30s\n' "$((FLOWS * rep)) flows, $w worker(s)" \
			"$(median e2e "$w" "$rep" 7 | cut -d' ' -f1)" "$(median playwright "$w" "$rep" 7 | cut -d' ' -f1)"
	done
	if ((DO_70)); then
		sp=$(ratio "${MED[e2e-1-$REPEAT_70]}" "${MED[e2e-2-$REPEAT_70]}")
		spw=$(ratio "${MED[pw-1-$REPEAT_70]}" "${MED[pw-2-$REPEAT_70]}")
		spr=$(per_round e2e 1 e2e 2 "$REPEAT_70")
		echo
		printf 'e2e speedup, 1 -> 2 workers, %d flows:         %5s  target >= 1.6: %s\n' $((FLOWS * REPEAT_70)) "$sp" "$(verdict "$sp" '>=' 1.6 "$spr")"
		printf 'playwright speedup, 1 -> 2 workers, %d flows:  %5s  (reference)\n' $((FLOWS * REPEAT_70)) "$spw"
	fi
	if ((DO_FLOOR)); then
		read -r fm fmin fmax fn <<<"$(median floor 1 1)"
		fr=$(ratio "${MED[e2e-1-1]}" "$fm")
		echo
		printf 'bench/floor (bare rod), 7 flows, 1 worker:   %s [%s-%s] n=%s\n' "$fm" "$fmin" "$fmax" "$fn"
		printf 'e2e/floor, 7 flows, 1 worker:                %5s  target <= 1.15: %s\n' "$fr" \
			"$(verdict "$fr" '<=' 1.15 "$(per_round e2e 1 floor 1 1)")"
	fi
	echo
	echo "The same figures round by round (each from runs of one round, back to back)"
	for w in 1 2; do
		printf '%-46s %s\n' "e2e/pw, 7 flows, $w worker(s):" "$(per_round e2e "$w" playwright "$w" 1)"
	done
	((DO_FLOOR)) && printf '%-46s %s\n' "e2e/floor, 7 flows, 1 worker:" "$(per_round e2e 1 floor 1 1)"
	if ((DO_70)); then
		printf '%-46s %s\n' "e2e speedup, 1 -> 2 workers, $((FLOWS * REPEAT_70)) flows:" "$spr"
		printf '%-46s %s\n' "playwright speedup, 1 -> 2 workers, $((FLOWS * REPEAT_70)) flows:" "$(per_round playwright 1 playwright 2 "$REPEAT_70")"
	fi
	if ((DO_RSS)); then
		mb() { awk -v k="$1" 'BEGIN { if (k == "" || k == 0) print "-"; else printf "%.1f", k / 1024 }'; }
		echo
		echo "Memory, $((FLOWS * RSS_REPEAT)) flows, $RSS_WORKERS workers (MB)"
		printf '%-52s %10s %10s  %s\n' "" e2e playwright target
		printf '%-52s %10s %10s  %s\n' "peak RSS of the e2e process alone (VmHWM)" "$(mb "$RSS_E2E_KB")" "" \
			"< 80: $(verdict "$(mb "$RSS_E2E_KB")" '<' 80)"
		printf '%-52s %10s %10s\n' "tester processes, peak of summed PSS (2s samples)" \
			"$(mb "${PSS_TESTER[e2e]}")" "$(mb "${PSS_TESTER[playwright]}")"
		printf '%-52s %10s %10s\n' "all processes with Chromium, peak summed PSS" \
			"$(mb "${PSS_ALL[e2e]}")" "$(mb "${PSS_ALL[playwright]}")"
		printf '%-52s %10s %10s\n' "wall time of that run (s)" "${RSS_SECS[e2e]}" "${RSS_SECS[playwright]}"
	fi
	echo
	echo "load at end $(load); processes left behind after runs: $LEFTOVERS"
	echo "timings: $TIMES; logs: $OUT/logs"
} | tee "$OUT/summary.txt"

find "$OUT/artifacts" -name .last-run.json -delete 2>/dev/null || true
find "$OUT/artifacts" -depth -type d -empty -delete 2>/dev/null || true
# The summary ran in a pipeline (a subshell): read its verdicts back.
if ((STRICT)) && grep -Eq 'MISSED|UNSURE' "$OUT/summary.txt"; then exit 3; fi
exit 0
