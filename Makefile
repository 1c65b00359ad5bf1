# SPDX-License-Identifier: MIT
# lpfpga top-level build. `make` builds the library, CLI and examples; `make run` runs
# the main job; `make test` runs every test (plain and under ASan/UBSan).

CC ?= cc
PYTHON := /usr/bin/python3
PROTOC_C := protoc-c
PREFIX ?= /usr/local
DESTDIR ?=
SAN ?= 0

ifeq ($(SAN),1)
BUILD ?= build-san
SANFLAGS := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
OPT := -O1
else
BUILD ?= build
SANFLAGS :=
OPT := -O2
endif

SPEC_JSON := hw/spec/lpfpga_spec.json
SPEC_GEN := hw/spec/gen
SPEC_H := $(SPEC_GEN)/lpf_spec.h
SPEC_SV := $(SPEC_GEN)/lpf_spec_pkg.sv
GEN := $(BUILD)/gen

CPPFLAGS := -Ihost -Ihost/include -I$(SPEC_GEN) -Ihw/arith -I$(GEN) -D_POSIX_C_SOURCE=200809L
CFLAGS_BASE := -std=c11 $(OPT) -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
	-Wmissing-prototypes -fPIC $(SANFLAGS)
LIB_CFLAGS := $(CFLAGS_BASE) -fvisibility=hidden -DLPFPGA_BUILDING_LIBRARY
LDLIBS := -lprotobuf-c -lm -lpthread
CLI_LDLIBS := -lz -lpng16

LIB_SRCS := $(filter-out host/cli/%,$(wildcard host/*/*.c))
LIB_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(LIB_SRCS)) $(BUILD)/obj/gen/onnx.pb-c.o
CLI_SRCS := $(wildcard host/cli/*.c)
CLI_OBJS := $(patsubst %.c,$(BUILD)/obj/%.o,$(CLI_SRCS))
EXAMPLE_SRCS := $(wildcard examples/*.c)
EXAMPLES := $(patsubst examples/%.c,$(BUILD)/bin/%,$(EXAMPLE_SRCS))
TEST_SRCS := $(wildcard tests/unit/test_*.c)
TESTS := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(TEST_SRCS))
TEST_COMMON := $(wildcard tests/common/*.c)

LIB_A := $(BUILD)/lib/liblpfpga.a
LIB_SO := $(BUILD)/lib/liblpfpga.so
CLI := $(BUILD)/bin/lpfpga

.PHONY: all deps run test test-build check-generated spec install fuzz clean help bench hw-check \
	baselines-update
.DELETE_ON_ERROR:

all: $(LIB_A) $(LIB_SO) $(CLI) $(BUILD)/include/lpfpga.h $(EXAMPLES)

help:
	@echo "make            build library, CLI and examples into $(BUILD)/"
	@echo "make run        install deps if needed, run the main job"
	@echo "make test       install deps if needed, run all tests (plain + sanitizers)"
	@echo "make fuzz       run the ONNX loader fuzzer (FUZZ_SECONDS=60)"
	@echo "make bench      images/s of the cpu backend vs onnxruntime (BENCH_SECONDS=2 per row)"
	@echo "make install    PREFIX=$(PREFIX) DESTDIR=$(DESTDIR)"
	@echo "make check-generated  regenerate spec outputs and fail on any diff"
	@echo "make hw-check   RTL lint, synthesis baselines and block testbenches"
	@echo "make baselines-update  rewrite hw/baselines/ from a fresh synthesis (review the diff)"

# --- generated sources ------------------------------------------------------------
$(SPEC_H) $(SPEC_SV): $(SPEC_JSON) hw/spec/gen_spec.py
	$(PYTHON) hw/spec/gen_spec.py --out $(SPEC_GEN) --docs docs
	@touch $(SPEC_H) $(SPEC_SV)

spec: $(SPEC_H)

check-generated:
	$(PYTHON) hw/spec/gen_spec.py --out $(SPEC_GEN) --docs docs --check

$(GEN)/onnx.pb-c.c $(GEN)/onnx.pb-c.h &: host/onnx/onnx.proto
	@mkdir -p $(GEN)
	$(PROTOC_C) --proto_path=host/onnx --c_out=$(GEN) host/onnx/onnx.proto

# --- library ------------------------------------------------------------------------
$(BUILD)/obj/gen/onnx.pb-c.o: $(GEN)/onnx.pb-c.c
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -std=c11 $(OPT) -g -fPIC -fvisibility=hidden $(SANFLAGS) -c $< -o $@

$(BUILD)/obj/host/%.o: host/%.c $(SPEC_H) $(GEN)/onnx.pb-c.h
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) $(LIB_CFLAGS) -MMD -MP -c $< -o $@

$(LIB_A): $(LIB_OBJS)
	@mkdir -p $(dir $@)
	rm -f $@
	ar rcs $@ $^

$(LIB_SO): $(LIB_OBJS)
	@mkdir -p $(dir $@)
	$(CC) -shared -Wl,-soname,liblpfpga.so.0 $(SANFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/include/lpfpga.h: host/include/lpfpga.h
	@mkdir -p $(dir $@)
	cp $< $@

# --- CLI and examples (public header only) ------------------------------------------
$(BUILD)/obj/host/cli/%.o: host/cli/%.c host/include/lpfpga.h
	@mkdir -p $(dir $@)
	$(CC) -Ihost/include $(CFLAGS_BASE) -D_POSIX_C_SOURCE=200809L -MMD -MP -c $< -o $@

$(CLI): $(CLI_OBJS) $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(SANFLAGS) -o $@ $(CLI_OBJS) $(LIB_A) $(LDLIBS) $(CLI_LDLIBS)

$(BUILD)/bin/%: examples/%.c $(LIB_A) host/include/lpfpga.h
	@mkdir -p $(dir $@)
	$(CC) -Ihost/include $(CFLAGS_BASE) -D_POSIX_C_SOURCE=200809L -o $@ $< $(LIB_A) $(LDLIBS)

# --- tests --------------------------------------------------------------------------
$(BUILD)/tests/test_%: tests/unit/test_%.c $(TEST_COMMON) $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Itests $(CFLAGS_BASE) -o $@ $< $(TEST_COMMON) $(LIB_A) -lcunit $(LDLIBS) -lz

deps:
	@scripts/install-deps.sh build

test:
	@scripts/install-deps.sh build test
	@scripts/run-tests.sh

# Build everything the test runner needs (scripts/run-tests.sh calls this per build).
test-build: all $(TESTS)

run:
	@scripts/install-deps.sh build run
	@echo "lpfpga: building (build/) ..."
	@$(MAKE) -s --no-print-directory all
	@scripts/run-main-job.sh $(BUILD)

# --- hardware ------------------------------------------------------------------------
hw-check:
	@scripts/install-deps.sh build test
	@scripts/hw-check.sh

baselines-update:
	@scripts/hw-check.sh --update-baselines

# --- benchmark (bench/; not part of make test) ----------------------------------------
BENCH_SECONDS ?= 2
$(BUILD)/bench/bench_lpfpga: bench/bench_lpfpga.c $(LIB_A) host/include/lpfpga.h
	@mkdir -p $(dir $@)
	$(CC) -Ihost/include $(CFLAGS_BASE) -D_POSIX_C_SOURCE=200809L -o $@ $< $(LIB_A) $(LDLIBS)

bench: $(BUILD)/bench/bench_lpfpga
	@BENCH_SECONDS=$(BENCH_SECONDS) bench/run-bench.sh $(BUILD)

# --- fuzzing ------------------------------------------------------------------------
FUZZ_SECONDS ?= 60
fuzz:
	@scripts/install-deps.sh build fuzz
	@scripts/run-fuzz.sh $(FUZZ_SECONDS)

# --- install ------------------------------------------------------------------------
install: all
	install -d $(DESTDIR)$(PREFIX)/lib $(DESTDIR)$(PREFIX)/include $(DESTDIR)$(PREFIX)/bin \
		$(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 644 $(LIB_A) $(DESTDIR)$(PREFIX)/lib/
	install -m 755 $(LIB_SO) $(DESTDIR)$(PREFIX)/lib/liblpfpga.so.0
	ln -sf liblpfpga.so.0 $(DESTDIR)$(PREFIX)/lib/liblpfpga.so
	install -m 644 host/include/lpfpga.h $(DESTDIR)$(PREFIX)/include/
	install -m 755 $(CLI) $(DESTDIR)$(PREFIX)/bin/
	install -d $(DESTDIR)$(PREFIX)/share/lpfpga/models
	install -m 644 models/*.onnx models/README.md $(DESTDIR)$(PREFIX)/share/lpfpga/models/
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@VERSION@|0.1.0|' scripts/lpfpga.pc.in \
		> $(DESTDIR)$(PREFIX)/lib/pkgconfig/lpfpga.pc

clean:
	rm -rf build build-san

-include $(shell find $(BUILD)/obj -name '*.d' 2>/dev/null)

# --- Verilated fabric: make sim / regress / bench-sim / coverage (sim/sim.mk) ---------
include sim/sim.mk
