# SPDX-License-Identifier: MIT
# The Verilated fabric, the sim backend's library and the regression runner; included by
# the top Makefile. Targets:
#   make sim             build/sim/liblpfpga_sim.so (+ build/sim-trace/ for waves) and the runner
#   make regress         SEED=1 COUNT=1000 JOBS=2 [LATENCY= BW=] constrained-random RTL vs golden
#   make bench-sim       cycles/s, one Fashion-MNIST image through the RTL, MAC utilisation
#   make coverage        regression on build/sim-cov/ (line+toggle), verilator_coverage summary
#   make sim-harness-test  the harness unit test against its test double (no fabric needed)
# Each library is built once with Verilator (-O3 --x-assign fast --x-initial fast --noassert,
# OPT_FAST=-O3) and rebuilt only when an RTL or harness file changes.

VERILATOR ?= verilator
VERILATOR_COVERAGE ?= verilator_coverage
SIM_CXX ?= g++
SIM_VROOT := $(shell $(VERILATOR) --getenv VERILATOR_ROOT 2>/dev/null)
SIM_TOP ?= lpf_fabric_top
SIM_RTL := $(SPEC_SV) $(sort $(wildcard hw/rtl/*/*.sv))
SIM_VLT := $(wildcard hw/rtl/lint/*.vlt)
SIM_HARNESS := sim/harness/lpf_sim.cpp sim/harness/lpf_sim_dram.cpp
SIM_HARNESS_H := sim/harness/lpf_sim.h sim/harness/lpf_sim_dram.h sim/harness/lpf_sim.map
SIM_VFLAGS := --cc --build -j 2 -O3 --x-assign fast --x-initial fast --noassert --no-timing \
	--prefix Vlpf_fabric -CFLAGS -fPIC -MAKEFLAGS "OPT_FAST=-O3 OPT_SLOW=-O1 OPT_GLOBAL=-O2"
SIM_CXXFLAGS := -std=c++17 -O2 -g -fPIC -fvisibility=hidden -Wall -Wextra -Werror \
	-Isim/harness -isystem $(SIM_VROOT)/include -isystem $(SIM_VROOT)/include/vltstd
SIM_LIB := build/sim/liblpfpga_sim.so
SIM_LIB_TRACE := build/sim-trace/liblpfpga_sim.so
SIM_LIB_COV := build/sim-cov/liblpfpga_sim.so
SIM_LIB_TEST := build/sim-test/liblpfpga_sim.so
REGRESS := $(BUILD)/bin/lpfpga-regress
REGRESS_SRCS := $(wildcard sim/regress/*.c)

# The sim backend (host/backends/sim_backend.c) includes lpf_sim.h and dlopen()s the library.
CPPFLAGS += -Isim/harness
LDLIBS += -ldl

# $(call sim_variant,DIR,TOP,SOURCES,EXTRA VERILATOR FLAGS,TRACE 0/1,COVERAGE 0/1)
define sim_variant
$(1)/obj/Vlpf_fabric__ALL.a: $(3) $(SIM_VLT) sim/sim.mk
	@mkdir -p $(1)
	rm -rf $(1)/obj
	$(VERILATOR) $(SIM_VFLAGS) $(4) --top-module $(2) --Mdir $(1)/obj $(SIM_VLT) $(3) \
		> $(1)/verilator.log 2>&1 || { cat $(1)/verilator.log; exit 1; }
	$(MAKE) --no-print-directory -C $(1)/obj -f Vlpf_fabric.mk -f $(CURDIR)/sim/harness/globals.mk \
		lpf_sim_globals >> $(1)/verilator.log 2>&1 || { cat $(1)/verilator.log; exit 1; }

$(1)/obj/%.o: sim/harness/%.cpp $(SIM_HARNESS_H) $(1)/obj/Vlpf_fabric__ALL.a
	$(SIM_CXX) $(SIM_CXXFLAGS) -isystem $(1)/obj -DVM_TRACE=$(5) -DVM_TRACE_FST=$(5) \
		-DVM_COVERAGE=$(6) -DLPF_SIM_TOP_NAME=$(2) -c $$< -o $$@

$(1)/liblpfpga_sim.so: $(patsubst sim/harness/%.cpp,$(1)/obj/%.o,$(SIM_HARNESS))
	$(SIM_CXX) -shared -Wl,--version-script=sim/harness/lpf_sim.map -o $$@ $$^ \
		$(1)/obj/Vlpf_fabric__ALL.a $$(addprefix $(1)/obj/,$$(shell cat $(1)/obj/lpf_sim_globals.txt)) \
		-lz -lpthread
endef

$(eval $(call sim_variant,build/sim,$(SIM_TOP),$(SIM_RTL),,0,0))
$(eval $(call sim_variant,build/sim-trace,$(SIM_TOP),$(SIM_RTL),--trace-fst,1,0))
$(eval $(call sim_variant,build/sim-cov,$(SIM_TOP),$(SIM_RTL),--coverage-line --coverage-toggle,0,1))
$(eval $(call sim_variant,build/sim-test,lpf_sim_testdut,$(SPEC_SV) sim/harness/test/lpf_sim_testdut.sv,--trace-fst,1,0))

$(REGRESS): $(REGRESS_SRCS) $(wildcard sim/regress/*.h) $(LIB_A)
	@mkdir -p $(dir $@)
	$(CC) $(CPPFLAGS) -Isim/regress $(CFLAGS_BASE) -o $@ $(REGRESS_SRCS) $(LIB_A) $(LDLIBS)

build/sim-test/test_lpf_sim: sim/harness/test/test_lpf_sim.c sim/harness/lpf_sim.h $(SIM_LIB_TEST)
	$(CC) -Isim/harness -Itests -Ihost -I$(SPEC_GEN) $(CFLAGS_BASE) -D_POSIX_C_SOURCE=200809L \
		-o $@ $< tests/common/lpf_test.c -lcunit -ldl

$(BUILD)/bin/lpfpga-bench-sim: sim/bench/bench_sim.c $(LIB_A) host/include/lpfpga.h
	@mkdir -p $(dir $@)
	$(CC) -Ihost/include $(CFLAGS_BASE) -D_POSIX_C_SOURCE=200809L -o $@ $< $(LIB_A) $(LDLIBS) -lz

$(BUILD)/tests/sim_test_backend: sim/harness/test/test_sim_backend.c $(LIB_A) host/include/lpfpga.h
	@mkdir -p $(dir $@)
	$(CC) -Ihost/include -Itests $(CFLAGS_BASE) -D_POSIX_C_SOURCE=200809L -o $@ $< \
		tests/common/lpf_test.c $(LIB_A) -lcunit $(LDLIBS)

.PHONY: sim sim-harness-test sim-backend-test regress bench-sim coverage
sim: all $(SIM_LIB) $(SIM_LIB_TRACE) $(REGRESS)

sim-backend-test: sim $(BUILD)/tests/sim_test_backend
	LPFPGA_SIM_LIB=$(SIM_LIB) $(BUILD)/tests/sim_test_backend

sim-harness-test: build/sim-test/test_lpf_sim
	LPFPGA_SIM_LIB=$(SIM_LIB_TEST) build/sim-test/test_lpf_sim

SEED ?= 1
COUNT ?= 1000
JOBS ?= 2
REGRESS_ARGS ?=
regress: sim
	$(REGRESS) --seed $(SEED) --count $(COUNT) -j $(JOBS) --junit build/sim/regress.xml \
		--cov-table build/sim/regress-cov.txt $(REGRESS_ARGS)

bench-sim: sim $(BUILD)/bin/lpfpga-bench-sim
	sim/bench-sim.sh $(BUILD)

coverage: all $(SIM_LIB_COV) $(REGRESS)
	rm -rf build/sim-cov/dat && mkdir -p build/sim-cov/dat
	LPFPGA_SIM_LIB=$(SIM_LIB_COV) LPFPGA_SIM_COV_DIR=build/sim-cov/dat \
		$(REGRESS) --seed $(SEED) --count $(COUNT) -j $(JOBS)
	$(VERILATOR_COVERAGE) --write build/sim-cov/coverage.dat build/sim-cov/dat/*.dat
	$(VERILATOR_COVERAGE) --annotate build/sim-cov/annotated --annotate-min 1 \
		build/sim-cov/coverage.dat | tail -n 3
	@echo "annotated sources: build/sim-cov/annotated/"
