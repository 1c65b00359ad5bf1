#!/bin/sh
# SPDX-License-Identifier: MIT
# Build the ONNX loader fuzzer with clang/libFuzzer into build-fuzz/ and run it for
# $1 seconds (default 60). Crashes are copied into the seed corpus as named
# regression inputs, which the unit tests replay; commit them with the fix.
set -eu

SECONDS_TO_RUN=${1:-60}
CC=${FUZZ_CC:-clang}
OUT=build-fuzz
CORPUS=tests/fuzz/corpus/onnx_loader

cd "$(dirname "$0")/.."
if ! command -v "$CC" >/dev/null 2>&1; then
	echo "run-fuzz: $CC not found (install clang for libFuzzer)" >&2
	exit 1
fi
mkdir -p "$OUT/gen" "$OUT/corpus" "$OUT/artifacts"
protoc-c --proto_path=host/onnx --c_out="$OUT/gen" host/onnx/onnx.proto

FLAGS="-g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all"
INC="-Ihost -Ihost/include -I$OUT/gen -D_POSIX_C_SOURCE=200809L"
# Only what the loader needs: nobody else's sources can break this build.
$CC -std=c11 $FLAGS $INC -o "$OUT/fuzz_onnx_loader" \
	tests/fuzz/fuzz_onnx_loader.c host/onnx/onnx_*.c host/ir/graph.c host/core/error.c \
	"$OUT/gen/onnx.pb-c.c" -lprotobuf-c

echo "run-fuzz: fuzzing the ONNX loader for ${SECONDS_TO_RUN}s"
status=0
"$OUT/fuzz_onnx_loader" -max_total_time="$SECONDS_TO_RUN" -max_len=65536 \
	-rss_limit_mb=2560 -artifact_prefix="$OUT/artifacts/" -print_final_stats=1 \
	"$OUT/corpus" "$CORPUS" || status=$?

found=0
for f in "$OUT"/artifacts/*; do
	[ -f "$f" ] || continue
	name=$(basename "$f")
	cp "$f" "$CORPUS/$name"
	echo "run-fuzz: saved $CORPUS/$name"
	found=$((found + 1))
done
rm -f "$OUT"/artifacts/*
if [ "$found" -gt 0 ] || [ "$status" -ne 0 ]; then
	echo "run-fuzz: $found failing input(s) saved as regressions in $CORPUS:" \
		"fix the loader, then commit them (tests/unit/test_onnx_import replays them)" >&2
	exit 1
fi
echo "run-fuzz: no failures"
