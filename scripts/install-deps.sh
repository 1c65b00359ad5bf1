#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Install the Debian 12 packages lpfpga needs (apt, --no-install-recommends) when
# something is missing. As root it installs them; otherwise it prints the command.
#   scripts/install-deps.sh [build|test|run|fuzz]...   (default: build)
set -euo pipefail

build=(gcc libc6-dev make git python3 protobuf-c-compiler libprotobuf-c-dev zlib1g-dev libpng-dev)
test=(libcunit1-dev libonnx-testdata dataset-fashion-mnist g++ verilator iverilog yosys)
run=(dataset-fashion-mnist)
fuzz=(clang libclang-rt-14-dev)

want=("${build[@]}")
for set in "$@"; do
	case "$set" in
	build) ;;
	test) want+=("${test[@]}") ;;
	run) want+=("${run[@]}") ;;
	fuzz) want+=("${fuzz[@]}") ;;
	*) echo "install-deps: unknown set '$set' (build, test, run, fuzz)" >&2; exit 2 ;;
	esac
done

missing=()
for p in "${want[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "lpfpga: missing Debian packages: ${missing[*]}" >&2
	echo "install them with:" >&2
	echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
	exit 1
fi
echo "lpfpga: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
