/* SPDX-License-Identifier: MIT */
/*
 * lpfpga-regress: constrained-random command streams run on the golden fabric model
 * (host/fabric/) and on the Verilated RTL (liblpfpga_sim.so), compared bit for bit.
 * A case is fully determined by (seed, index): `--seed S --case K` replays it.
 */
#ifndef LPF_REGRESS_H
#define LPF_REGRESS_H

#include <stddef.h>
#include <stdint.h>

#include "lpf_sim.h"

/* The tests (case kinds) the generator knows; docs/testplan.md names them. */
#define RG_TESTS(X)                                                                  \
	X(conv_random)      X(conv_multitile)   X(depthwise_random) X(group_random)      \
	X(matmul_random)    X(raw32_random)     X(pool_random)      X(err_bad_field)     \
	X(err_bad_opcode)   X(err_reserved_bit) X(err_sram_range)   X(err_kernel_range)  \
	X(err_pool_window)  X(err_token)        X(err_cmd_fetch)    X(dma_decerr_unmapped) \
	X(fault_slverr)     X(fault_decerr)     X(fault_stall_recover) X(fault_delay)

/* Functional-coverage bins; a case records which it hit. */
#define RG_BINS(X)                                                                   \
	X(op_conv) X(op_depthwise) X(op_group) X(op_matmul) X(op_raw32) X(op_maxpool)   \
	X(k1x1) X(k3x3) X(k5x5) X(k7x7) X(k_large) X(k_nonsquare)                          \
	X(stride1) X(stride2) X(stride3_plus) X(stride_asym) X(dilation2_plus)             \
	X(pad_none) X(pad_sym) X(pad_asym) X(pad_ge_kernel_half)                           \
	X(tail_rows) X(tail_oc) X(ic_split) X(many_tiles) X(single_tile)                   \
	X(x_u8) X(x_s8) X(w_u8) X(w_s8) X(out_u8) X(out_s8) X(x_zp_nonzero)               \
	X(w_zp_nonzero) X(per_channel) X(per_tensor) X(clip_narrow)                        \
	X(tie_multiplier) X(sat_lo) X(sat_hi) X(pool_neg_origin) X(pool_overlap)           \
	X(load_strided) X(wgt_gather) X(seg_hi_addr) X(unaligned_dram) X(sram_offsets)     \
	X(err_BAD_OPCODE) X(err_BAD_FIELD) X(err_SRAM_RANGE) X(err_DMA)                    \
	X(err_TOKEN_UNDERFLOW) X(err_TOKEN_LEFTOVER) X(err_TOKEN_OVERFLOW)                 \
	X(err_CMD_FETCH) X(err_POOL_WINDOW) X(err_KERNEL_RANGE)                            \
	X(axi_slverr) X(axi_decerr) X(axi_stall) X(axi_delay) X(soft_reset_recover)        \
	X(dram_latency0) X(dram_latency_hi) X(dram_throttled) X(dram_backpressure)

enum rg_test {
#define X(n) RG_T_##n,
	RG_TESTS(X)
#undef X
	RG_N_TESTS
};

enum rg_bin {
#define X(n) RG_B_##n,
	RG_BINS(X)
#undef X
	RG_N_BINS
};

extern const char *const rg_test_names[RG_N_TESTS];
extern const char *const rg_bin_names[RG_N_BINS];

enum rg_fault_mode {
	RG_FAULT_NONE,
	RG_FAULT_ERROR,         /* injected error: expect STATUS.ERROR, then rerun clean */
	RG_FAULT_STALL,         /* injected stall: expect no irq, soft reset, rerun clean */
	RG_FAULT_DELAY,         /* delayed beat: results must still match */
};

/* Overrides from the command line; negative: random per case. */
struct rg_opts {
	int64_t latency, bw;
};

struct rg_case {
	uint64_t seed;
	uint32_t index;
	enum rg_test test;
	uint8_t *dram;          /* initial image; owned */
	size_t dram_size;
	uint64_t base;          /* device address of dram[0] */
	uint64_t seg[4];
	uint64_t cmd_addr;
	uint32_t n_insns;
	int expect_error;       /* compare the error registers only */
	enum rg_fault_mode fault_mode;
	struct lpf_sim_config sim;
	uint64_t out_off;       /* output tensor in dram[] (for the saturation bins) */
	size_t out_len;
	int out_kind;           /* 0 none, 1 uint8, 2 int8, 3 int32 */
	uint8_t bins[RG_N_BINS];
	char desc[320];
};

/* Build case `index` of `seed`; 0 or -1 (message on stderr). Free with rg_case_free. */
int rg_case_build(uint64_t seed, uint32_t index, const struct rg_opts *o, struct rg_case *c);
void rg_case_free(struct rg_case *c);

/* Per-case result. */
struct rg_result {
	int pass;
	uint64_t cycles;        /* RTL cycles of the (final) run */
	uint8_t bins[RG_N_BINS];
	char msg[512];
};

/*
 * Run a case on the golden model and the RTL and compare; max_cycles bounds each run.
 * api NULL: golden model only, checking the case succeeds or fails as its test intends.
 */
void rg_case_run(const struct lpf_sim_api *api, const struct rg_case *c, uint64_t max_cycles,
		 struct rg_result *r);

/* Deterministic generator: splitmix64 state. */
struct rg_rng {
	uint64_t s;
};

uint64_t rg_next(struct rg_rng *r);
uint32_t rg_range(struct rg_rng *r, uint32_t lo, uint32_t hi);   /* inclusive */
int rg_chance(struct rg_rng *r, uint32_t percent);

#endif
