#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# `make test`: build and run every test twice, plainly and under ASan/UBSan, then
# print one summary line. Test groups:
#   unit      tests/unit/test_*.c (CUnit, one executable each)
#   onnx      ONNX conformance folders listed in tests/onnx/*.txt (libonnx-testdata)
#   models    our generated models with onnxruntime outputs (tests/models/*)
set -uo pipefail
cd "$(dirname "$0")/.."
export LPF_SRCDIR=$PWD
jobs=$(nproc 2>/dev/null || echo 2)
conf=/usr/share/libonnx-testdata/data/node
passed=0 failed=0 skipped=0
failures=()

count_cunit() {	# $1 = log, $2 = name
	local log=$1 name=$2 line
	line=$(grep -E '^ +tests +[0-9]+' "$log" | tail -n 1)
	if [ -z "$line" ]; then
		failed=$((failed + 1)); failures+=("$name (crashed, no CUnit summary)"); return
	fi
	set -- $line
	passed=$((passed + $4)); failed=$((failed + $5))
	[ "$5" = 0 ] || failures+=("$name")
}

count_onnx() {	# $1 = log, $2 = name, $3 = exit status
	local log=$1 name=$2 status=$3 line
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' "$log" | tail -n 1)
	if [ -z "$line" ]; then
		failed=$((failed + 1)); failures+=("$name (crashed, status $status)"); return
	fi
	set -- $line
	passed=$((passed + $1)); failed=$((failed + $3)); skipped=$((skipped + $5))
	grep -E '^FAIL ' "$log" | sed "s|^|$name: |"
	[ "$status" = 0 ] || failures+=("$name")
}

run_pass() {	# $1 = build dir, $2 = extra make args
	local build=$1 label=$2 log rc
	shift 2
	echo "== building ($label) =="
	mkdir -p "$build/logs"
	if ! make --no-print-directory -j"$jobs" BUILD="$build" "$@" test-build \
		>"$build/logs/build.log" 2>&1; then
		cat "$build/logs/build.log"
		failed=$((failed + 1)); failures+=("build ($label)")
		return
	fi
	for t in "$build"/tests/test_*; do
		[ -x "$t" ] || continue
		log="$build/logs/$(basename "$t").log"
		LPF_BUILDDIR=$build "$t" >"$log" 2>&1
		rc=$?
		count_cunit "$log" "$label $(basename "$t")"
		if [ $rc != 0 ]; then cat "$log"; fi
		echo "$label $(basename "$t"): $(grep -E '^ +tests +[0-9]+' "$log" | awk '{print $4" passed, "$5" failed"}')"
	done
	for list in tests/onnx/*.txt; do
		[ -f "$list" ] || continue
		mapfile -t dirs < <(grep -v '^\s*#' "$list" | grep -v '^\s*$' | sed "s|^|$conf/|")
		log="$build/logs/onnx-$(basename "$list" .txt).log"
		"$build/bin/lpfpga" onnx-test -b cpu --strict "${dirs[@]}" >"$log" 2>&1
		rc=$?
		count_onnx "$log" "$label onnx $(basename "$list" .txt)" $rc
		echo "$label onnx $(basename "$list" .txt): $(tail -n 1 "$log")"
	done
	if ls -d tests/models/*/ >/dev/null 2>&1; then
		log="$build/logs/models.log"
		"$build/bin/lpfpga" onnx-test -b cpu --strict tests/models/*/ >"$log" 2>&1
		rc=$?
		count_onnx "$log" "$label models" $rc
		echo "$label models: $(tail -n 1 "$log")"
	fi
	# --- cpu backend kernels (docs/cpu-backend.md): the models once per kernel, plain pass only
	if [ "$label" = plain ] && ls -d tests/models/*/ >/dev/null 2>&1; then
		for kernel in portable avx2 avx512vnni; do
			case $kernel in
			avx2) need='avx2' ;;
			avx512vnni) need='avx512f avx512bw avx512vl avx512_vnni' ;;
			*) need='' ;;
			esac
			missing=0
			for flag in $need; do
				grep -qw "$flag" /proc/cpuinfo || missing=1
			done
			if [ $missing = 1 ]; then
				skipped=$((skipped + 1))
				echo "$label models, kernel $kernel: SKIP (this CPU lacks it)"
				continue
			fi
			log="$build/logs/models-$kernel.log"
			LPFPGA_CPU_KERNEL=$kernel "$build/bin/lpfpga" onnx-test -b cpu --strict \
				tests/models/*/ >"$log" 2>&1
			rc=$?
			count_onnx "$log" "$label models, kernel $kernel" $rc
			echo "$label models, kernel $kernel: $(tail -n 1 "$log")"
		done
	fi
	# --- end of cpu backend kernels
}

if git rev-parse --git-dir >/dev/null 2>&1; then
	if out=$(make --no-print-directory check-generated 2>&1); then
		passed=$((passed + 1)); echo "generated spec files: up to date"
	else
		echo "$out"
		failed=$((failed + 1)); failures+=("check-generated: hw/spec/gen or docs differ from gen_spec.py output")
	fi
fi
# RTL: lint (Verilator, Icarus), yosys synthesis against the baselines, block testbenches.
mkdir -p build/logs
scripts/hw-check.sh >build/logs/hw-check.log 2>&1
rc=$?
line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' build/logs/hw-check.log | tail -n 1)
if [ -n "$line" ]; then
	set -- $line
	passed=$((passed + $1)); failed=$((failed + $3))
else
	failed=$((failed + 1))
fi
if [ $rc != 0 ]; then
	grep -E '^FAIL' build/logs/hw-check.log
	failures+=("hw-check (build/logs/hw-check.log)")
fi
echo "hw-check: ${line:-crashed}"

run_pass build plain
# Under sanitizers the Fashion-MNIST oracle test checks the first 1000 images, not 10000.
LPF_FASHION_LIMIT=1000 ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 run_pass build-san sanitizers SAN=1

# --- sim: the RTL under Verilator (LPF_SIM_TESTS=0 skips it) ---
# Builds build/sim/ once, then: the harness unit test, the sim backend test (SLVERR,
# timeout -> SOFT_RESET -> next inference correct), a fixed-seed regression against the
# golden model, and onnx-test -b sim on the conformance lists and every tests/models/.
if [ "${LPF_SIM_TESTS:-1}" != 0 ]; then
	echo "== sim: building the Verilated fabric =="
	if ! make --no-print-directory -j"$jobs" sim build/tests/sim_test_backend \
		build/sim-test/test_lpf_sim >build/logs/sim-build.log 2>&1; then
		cat build/logs/sim-build.log
		failed=$((failed + 1)); failures+=("sim build")
	else
		export LPFPGA_TIMEOUT_MS=${LPFPGA_TIMEOUT_MS:-2000}
		for t in build/sim-test/test_lpf_sim build/tests/sim_test_backend; do
			log=build/logs/sim-$(basename "$t").log
			lib=build/sim/liblpfpga_sim.so
			[ "$t" = build/sim-test/test_lpf_sim ] && lib=build/sim-test/liblpfpga_sim.so
			LPFPGA_SIM_LIB=$lib "$t" >"$log" 2>&1
			count_cunit "$log" "sim $(basename "$t")"
			echo "sim $(basename "$t"): $(grep -E '^ +tests +[0-9]+' "$log" | awk '{print $4" passed, "$5" failed"}')"
		done
		log=build/logs/sim-regress.log
		build/bin/lpfpga-regress --seed 1 --count 300 -j "$jobs" --max-cycles 10000000 \
			--junit build/sim/regress.xml \
			--cov build/sim/regress-cov.txt >"$log" 2>&1
		rc=$?
		grep -E '^FAIL|rerun' "$log"
		set -- $(sed -n 's/^regress: seed [0-9]*, \([0-9]*\) cases, \([0-9]*\) passed, \([0-9]*\) failed.*/\1 \2 \3/p' "$log")
		if [ $# = 3 ]; then
			passed=$((passed + $2)); failed=$((failed + $3))
			[ "$3" = 0 ] || failures+=("sim regress (build/sim/regress.xml)")
		else
			failed=$((failed + 1)); failures+=("sim regress (crashed, status $rc)")
		fi
		echo "sim regress: $(tail -n 1 "$log")"
		for list in tests/onnx/*.txt; do
			mapfile -t dirs < <(grep -v '^\s*#' "$list" | grep -v '^\s*$' | sed "s|^|$conf/|")
			log="build/logs/sim-onnx-$(basename "$list" .txt).log"
			build/bin/lpfpga onnx-test -b sim --strict "${dirs[@]}" >"$log" 2>&1
			count_onnx "$log" "sim onnx $(basename "$list" .txt)" $?
			echo "sim onnx $(basename "$list" .txt): $(tail -n 1 "$log")"
		done
		log=build/logs/sim-models.log
		build/bin/lpfpga onnx-test -b sim --strict tests/models/*/ >"$log" 2>&1
		count_onnx "$log" "sim models" $?
		echo "sim models: $(tail -n 1 "$log")"
		# The shipped Fashion-MNIST models on the RTL against onnxruntime, 300 images.
		log=build/logs/sim-fashion.log
		LPF_FASHION_BACKEND=sim LPF_FASHION_LIMIT=300 build/tests/test_fashion_oracle \
			>"$log" 2>&1
		count_cunit "$log" "sim test_fashion_oracle"
		echo "sim fashion (300 images): $(grep -E '^ +tests +[0-9]+' "$log" | awk '{print $4" passed, "$5" failed"}')"
	fi
else
	echo "sim: skipped (LPF_SIM_TESTS=0; see sim/README.md)"
	skipped=$((skipped + 1))
fi

if [ ${#failures[@]} -gt 0 ]; then
	echo "failures:"
	printf '  %s\n' "${failures[@]}"
fi
echo "total: $passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
