#!/bin/sh
# SPDX-License-Identifier: MIT
#
# Regenerate tests/models/: models and inputs (scripts/gen_test_models.py), outputs from
# onnxruntime-node 1.30.0 with graph optimizations disabled (scripts/gen_ort_fixtures.js; the QDQ
# cases of oracle onnxruntime_opt_all with optimizations 'all', which fuse DQ -> op -> Q), and
# outputs of the cases onnxruntime cannot run from scripts/exact_reference.py. Then cross-checks:
# the exact reference must agree bit for bit with onnxruntime on every case it can interpret,
# and onnxruntime must still reject the exact-reference cases.
#
# Usage: scripts/gen-test-fixtures.sh [OUT_DIR]     (default tests/models; deterministic)
# onnxruntime-node is installed into build/npm on first use (needs the npm registry once).

set -eu

root=$(cd "$(dirname "$0")/.." && pwd)
py=${PYTHON:-/usr/bin/python3}
out=${1:-$root/tests/models}
npm_prefix=$root/build/npm
ort_version=1.30.0

ort_pkg=$npm_prefix/node_modules/onnxruntime-node/package.json
if ! grep -q "\"version\": \"$ort_version\"" "$ort_pkg" 2>/dev/null; then
	echo "installing onnxruntime-node@$ort_version into $npm_prefix"
	mkdir -p "$npm_prefix"
	# skip the postinstall download of GPU libraries; the CPU library ships in the package
	ONNXRUNTIME_NODE_INSTALL=skip npm install --prefix "$npm_prefix" --no-audit --no-fund \
		"onnxruntime-node@$ort_version"
fi

mkdir -p "$out"
"$py" "$root/scripts/gen_test_models.py" --out "$out"

ort_cases=$("$py" "$root/scripts/gen_test_models.py" --list onnxruntime | sed "s|^|$out/|")
ort_all_cases=$("$py" "$root/scripts/gen_test_models.py" --list onnxruntime_opt_all | sed "s|^|$out/|")
exact_cases=$("$py" "$root/scripts/gen_test_models.py" --list exact_reference | sed "s|^|$out/|")

# shellcheck disable=SC2086 # case paths contain no spaces
node "$root/scripts/gen_ort_fixtures.js" --npm-prefix "$npm_prefix" write $ort_cases
# shellcheck disable=SC2086
node "$root/scripts/gen_ort_fixtures.js" --npm-prefix "$npm_prefix" --optimization all \
	write $ort_all_cases
# shellcheck disable=SC2086
"$py" "$root/scripts/exact_reference.py" write $exact_cases

echo "cross-check: exact reference vs onnxruntime outputs"
# shellcheck disable=SC2086
"$py" "$root/scripts/exact_reference.py" check $ort_cases

echo "cross-check: onnxruntime must still reject the exact-reference cases"
# shellcheck disable=SC2086
if res=$(node "$root/scripts/gen_ort_fixtures.js" --npm-prefix "$npm_prefix" check $exact_cases)
then
	echo "$res"
	echo "onnxruntime now runs the exact-reference cases: compare them and update the README" >&2
	exit 1
fi
echo "$res"
if echo "$res" | grep -v '^ERROR ' | grep -q .; then
	echo "onnxruntime ran an exact-reference case: compare it and update the README" >&2
	exit 1
fi

du -sh "$out"
