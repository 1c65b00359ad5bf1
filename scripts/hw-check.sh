#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Hardware gate: lint, compile and synthesise the RTL blocks and the whole fabric
# (lpf_fabric_top), compare the synthesis results with the committed baselines, then build and
# run the block-level Verilator testbenches and the fabric smoke testbench (sim/tb/top/).
#
#   scripts/hw-check.sh                     run everything; exit status 1 on any failure
#   scripts/hw-check.sh --update-baselines  rewrite hw/baselines/yosys-0.23/*.json instead of
#                                           comparing (review the diff before committing)
#   SEED=N scripts/hw-check.sh              reseed the random tests (default 1)
#
# Prints one line per check and `N passed, M failed` at the end. Outputs go to build/sim/.
set -uo pipefail
cd "$(dirname "$0")/.."

PY=/usr/bin/python3
OUT=build/sim
SEED=${SEED:-1}
UPDATE=0
for arg in "$@"; do
	case $arg in
	--update-baselines) UPDATE=1 ;;
	*) echo "usage: $0 [--update-baselines]" >&2; exit 2 ;;
	esac
done

PKG=hw/spec/gen/lpf_spec_pkg.sv
WAIVERS=(hw/rtl/lint/*.vlt)
POST=(hw/rtl/post/post_i2f.sv hw/rtl/post/post_fnorm.sv hw/rtl/post/post_round.sv
	hw/rtl/post/post_requant.sv hw/rtl/post/post_maxpool.sv)
ARRAY=(hw/rtl/array/array_operand.sv hw/rtl/array/array_mac.sv hw/rtl/array/array_top.sv)
# The whole fabric: every module under hw/rtl/ (one module per file), top lpf_fabric_top.
FABRIC=("${POST[@]}" "${ARRAY[@]}" hw/rtl/buf/*.sv hw/rtl/ctrl/*.sv hw/rtl/dma/*.sv
	hw/rtl/compute/*.sv hw/rtl/top/lpf_fabric_top.sv)
BASELINES=hw/baselines/yosys-0.23
VFLAGS=(--cc --exe --build -O3 --x-assign fast --x-initial fast --noassert -j 2
	-MAKEFLAGS "OPT_FAST=-O3")

mkdir -p "$OUT/logs"
passed=0 failed=0
failures=()

ok() { passed=$((passed + 1)); printf 'PASS %s\n' "$1"; }
ko() {	# $1 = name, $2 = log
	failed=$((failed + 1)); failures+=("$1"); printf 'FAIL %s (log: %s)\n' "$1" "$2"
	[ -f "$2" ] && tail -n 20 "$2" | sed 's/^/    /'
}

# check NAME CMD...: run CMD with output to a log; any failure or any output on stderr fails.
check() {
	local name=$1 log="$OUT/logs/$1.log"; shift
	if "$@" >"$log" 2>"$log.err" && [ ! -s "$log.err" ]; then
		ok "$name"
	else
		cat "$log.err" >>"$log"; ko "$name" "$log"
	fi
}

# ---------------------------------------------------------------- lint, compile
for f in "${POST[@]}" "${ARRAY[@]}"; do
	m=$(basename "$f" .sv)
	case $f in */post/*) srcs=("${POST[@]}") ;; *) srcs=("${ARRAY[@]}") ;; esac
	check "lint_$m" verilator --lint-only -Wall "${WAIVERS[@]}" "$PKG" "${srcs[@]}" --top-module "$m"
	check "iverilog_$m" iverilog -g2012 -o /dev/null -s "$m" "$PKG" "${srcs[@]}"
done
# The array at the block-test size as well as the spec size.
check lint_array_top_4x4 verilator --lint-only -Wall "${WAIVERS[@]}" "$PKG" "${ARRAY[@]}" \
	--top-module array_top -GRows=4 -GCols=4

# The whole fabric. Icarus 11 prints two kinds of "sorry" notes for valid code that it
# simulates correctly anyway (it ignores `unique` on case statements, and it re-evaluates an
# always_comb on every bit of a vector of which the block reads only a constant part-select);
# they are filtered out, anything else on stderr fails the check.
check lint_lpf_fabric_top verilator --lint-only -Wall "${WAIVERS[@]}" "$PKG" "${FABRIC[@]}" \
	--top-module lpf_fabric_top
iverilog_fabric() {
	iverilog -g2012 -o /dev/null -s lpf_fabric_top "$PKG" "${FABRIC[@]}" 2>&1 >/dev/null |
		grep -vE 'sorry: (constant selects in always_\* processes are not currently supported|Case unique/unique0 qualities are ignored)' >&2
	return "${PIPESTATUS[0]}"
}
check iverilog_lpf_fabric_top iverilog_fabric

# ---------------------------------------------------------------- synthesis and baselines
# Resource counts from yosys `stat` of synth_xilinx: LUT = LUT1..6 + SRL16E/SRLC32E, FF = FD*,
# DSP = DSP48E1, BRAM = RAMB18E1 + RAMB36E1.
synth() {	# $1 = top, rest = sources
	local top=$1; shift
	yosys -q -l "$OUT/logs/yosys_$top.log" -p "read_verilog -sv $PKG $*; \
		synth_xilinx -flatten -top $top; tee -q -o $OUT/yosys_$top.stat stat" >/dev/null
}

baseline() {	# $1 = top: print the counts, compare (or update) hw/baselines
	"$PY" - "$OUT/yosys_$1.stat" "$BASELINES/$1_default.json" "$UPDATE" <<'PYEOF'
import json, os, re, sys

stat, base, update = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
# Allowed relative change per metric; 0 means exact.
TOLERANCE = {"LUT": 0.10, "FF": 0.10, "DSP": 0.0, "BRAM": 0.0}
GROUPS = {
    "LUT": r"LUT[1-6]|SRL16E|SRLC32E",
    "FF": r"FD[A-Z]*",
    "DSP": r"DSP48E1",
    "BRAM": r"RAMB18E1|RAMB36E1",
}
cells = {}
text = open(stat).read()
# The flattened design is the last (only) module section of the report.
for name, count in re.findall(r"^\s+(\S+)\s+(\d+)\s*$", text, re.M):
    cells[name] = int(count)
got = {k: sum(v for n, v in cells.items() if re.fullmatch(p, n)) for k, p in GROUPS.items()}
print("resources: " + ", ".join(f"{k} {got[k]}" for k in TOLERANCE))
if update:
    os.makedirs(os.path.dirname(base), exist_ok=True)
    with open(base, "w") as f:
        json.dump(got, f, indent=2)
        f.write("\n")
    print(f"wrote {base}")
    sys.exit(0)
if not os.path.exists(base):
    print(f"no baseline {base}; run scripts/hw-check.sh --update-baselines")
    sys.exit(1)
want = json.load(open(base))
bad = []
for k, tol in TOLERANCE.items():
    lim = tol * want[k]
    if abs(got[k] - want[k]) > lim:
        bad.append(f"{k} {got[k]} vs baseline {want[k]} (tolerance {tol:.0%})")
for b in bad:
    print("out of tolerance: " + b)
sys.exit(1 if bad else 0)
PYEOF
}

# The whole fabric takes a few minutes in yosys: it runs in the background, next to the block
# syntheses and testbenches, and is collected at the end (synth_result).
synth lpf_fabric_top "${FABRIC[@]}" 2>"$OUT/logs/yosys_lpf_fabric_top.err" &
FABRIC_SYNTH=$!

# Yosys warnings fail a synthesis, except two that yosys 0.23 prints for intended structures:
# "Replacing memory \x with list of registers" (an unpacked array of registers, e.g. per-row
# state in the fabric, is meant as registers) and "Resizing cell port <buffer>.mem_q... from N
# bits to M bits" (a buf_ram narrower than the RAMB18E1/RAMB36E1 data port it is mapped onto).
YOSYS_OK='^Warning: (Replacing memory \\\S+ with list of registers|Resizing cell port \S+\.mem_q\.\S+ from [0-9]+ bits to [0-9]+ bits)\.'
synth_result() {	# $1 = top, $2 = exit status of its synth
	local top=$1 err="$OUT/logs/yosys_$1.err"
	if [ "$2" = 0 ] && ! grep -vqE "$YOSYS_OK" "$err"; then
		ok "yosys_$top"
		log="$OUT/logs/baseline_$top.log"
		if baseline "$top" >"$log" 2>&1; then
			ok "baseline_$top"; sed 's/^/    /' "$log"
		else
			ko "baseline_$top" "$log"
		fi
	else
		ko "yosys_$top" "$err"
	fi
}

for top in post_requant array_top; do
	case $top in post_requant) srcs=("${POST[@]}") ;; *) srcs=("${ARRAY[@]}") ;; esac
	synth "$top" "${srcs[@]}" 2>"$OUT/logs/yosys_$top.err"
	synth_result "$top" $?
done

# ---------------------------------------------------------------- block testbenches
# build NAME TOP EXTRA...: one Verilator build per testbench, once per run.
build() {
	local name=$1 top=$2; shift 2
	check "build_$name" verilator "${VFLAGS[@]}" -Mdir "$OUT/$name" -o "tb_$name" \
		--top-module "$top" "$@"
}

# run NAME ARGS...: run a testbench; count its PASS/FAIL lines.
run() {
	local name=$1 log="$OUT/logs/run_$1.log" status; shift
	if [ ! -x "$OUT/$name/tb_$name" ]; then ko "run_$name (not built)" "$log"; return; fi
	"$OUT/$name/tb_$name" "$@" +seed="$SEED" >"$log" 2>&1
	status=$?
	grep -E '^(PASS|FAIL) ' "$log" | sed "s/^/  /"
	grep -E '^  ' "$log" | grep -vE '^  (PASS|FAIL) ' | head -n 10
	grep -E '^tb_' "$log" | sed 's/^/  /'
	passed=$((passed + $(grep -cE '^PASS ' "$log")))
	local n; n=$(grep -cE '^FAIL ' "$log")
	failed=$((failed + n))
	[ "$n" = 0 ] || failures+=("run_$name: rerun with $OUT/$name/tb_$name $* +seed=$SEED")
	if [ "$status" != 0 ] && [ "$n" = 0 ]; then
		ko "run_$name (exit status $status, no FAIL line)" "$log"
	fi
}

gcc -std=c11 -O2 -Wall -Wextra -Werror -Ihw/arith -c sim/tb/common/tb_arith.c \
	-o "$OUT/tb_arith.o" 2>"$OUT/logs/tb_arith.log" && ok build_tb_arith ||
	ko build_tb_arith "$OUT/logs/tb_arith.log"

CF="-O2 -I$PWD/sim/tb/common"
build post_requant post_requant -CFLAGS "$CF" -LDFLAGS "$PWD/$OUT/tb_arith.o" \
	"$PKG" "${POST[@]}" "$PWD/sim/tb/post/tb_post_requant.cpp"
build post_maxpool post_maxpool -CFLAGS "$CF" "$PKG" "${POST[@]}" \
	"$PWD/sim/tb/post/tb_post_maxpool.cpp"
build array_4x4 array_top -GRows=4 -GCols=4 -CFLAGS "$CF -DTB_ROWS=4 -DTB_COLS=4" \
	"$PKG" "${ARRAY[@]}" "$PWD/sim/tb/array/tb_array_top.cpp"
SPEC_ROWS=$(sed -n 's/^ *parameter int PeRows = \([0-9]*\);/\1/p' "$PKG")
SPEC_COLS=$(sed -n 's/^ *parameter int PeCols = \([0-9]*\);/\1/p' "$PKG")
build array_spec array_top -CFLAGS "$CF -DTB_ROWS=$SPEC_ROWS -DTB_COLS=$SPEC_COLS" \
	"$PKG" "${ARRAY[@]}" "$PWD/sim/tb/array/tb_array_top.cpp"

run post_requant +vectors=5000000
run post_maxpool +windows=200000
run array_4x4 +tiles=20000
run array_spec +tiles=300

# ---------------------------------------------------------------- fabric smoke testbench
# sim/tb/top/build.sh builds lpf_fabric_top with the golden model and runs every job on both;
# its per-conv-job cycle and utilisation lines are shown.
check tb_fabric_top sim/tb/top/build.sh
grep -E '^(  perf|FAIL|ALL|FAILED)' "$OUT/logs/tb_fabric_top.log" | sed 's/^/  /'

wait "$FABRIC_SYNTH"
synth_result lpf_fabric_top $?

# ---------------------------------------------------------------- testplans
# Every test a testplan names must have reported PASS in this run.
log="$OUT/logs/testplans.log"
if "$PY" - hw/rtl/*/*_testplan.json >"$log" 2>&1 <<'PYEOF'
import glob, json, re, sys

seen = set()
for path in glob.glob("build/sim/logs/run_*.log"):
    for line in open(path):
        m = re.match(r"PASS (\S+) ", line)
        if m:
            seen.add(m.group(1))
missing = []
for plan in sys.argv[1:]:
    for tp in json.load(open(plan))["testpoints"]:
        for t in tp["tests"]:
            if t not in seen:
                missing.append(f"{plan}: testpoint {tp['name']}: {t} did not pass")
print("\n".join(missing) or "every testpoint's tests passed")
sys.exit(1 if missing else 0)
PYEOF
then ok testplans; else ko testplans "$log"; fi

echo
for f in "${failures[@]+"${failures[@]}"}"; do echo "failed: $f"; done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
