/* SPDX-License-Identifier: MIT */
/*
 * State of the golden fabric model shared by its parts: registers (fabric_regs.c),
 * the command interpreter and token queues (fabric_exec.c), and the units
 * (fabric_dma.c for LOAD/STORE, fabric_conv.c, fabric_post.c).
 *
 * Unit functions check their instruction's fields and buffer ranges before they
 * change anything (except a DMA error, which can strike mid-transfer), execute it,
 * add their DRAM bytes and MACs to the counters and return LPF_ERR_NONE or the
 * LPF_ERR_* code that stops the job.
 */
#ifndef LPF_FABRIC_INTERNAL_H
#define LPF_FABRIC_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "fabric/fabric_model.h"
#include "isa/isa.h"

#define LPF_FAB_PARAM_BYTES (LPF_PARAM_BUF_ENTRIES * LPF_PARAM_ENTRY_BYTES)

/* Byte offsets inside a parameter entry (architecture.md). */
#define LPF_FAB_PARAM_BIAS 0
#define LPF_FAB_PARAM_MULT 4
#define LPF_FAB_PARAM_WZP 8

/* The four dependency-token queues. */
enum lpf_fab_queue {
	LPF_Q_LOAD_TO_COMPUTE,
	LPF_Q_COMPUTE_TO_LOAD,
	LPF_Q_COMPUTE_TO_STORE,
	LPF_Q_STORE_TO_COMPUTE,
	LPF_Q_COUNT,
};

enum lpf_fab_unit {
	LPF_UNIT_LOAD,
	LPF_UNIT_COMPUTE,
	LPF_UNIT_STORE,
	LPF_UNIT_COUNT,
};

/* A token queue holds the estimated cycle at which each queued token was pushed. */
struct lpf_fab_tokens {
	uint64_t at[LPF_TOKEN_DEPTH];
	uint32_t head, count;
};

struct lpf_fab_perf {
	uint64_t busy, macs, stall, rd_bytes, wr_bytes;
};

/* Channels in one packed block of output channels of the SIMD CONV kernels. */
#define LPF_FAB_NT 8

/* Packed weight blocks kept per fabric, and WGT loads remembered for their keys. */
#define LPF_FAB_WCACHE 16
#define LPF_FAB_WGT_SRCS 8

/*
 * Input-tile scratch of the SIMD CONV kernels: one 32-bit word per (k group of 4 or
 * 2 channels, pixel), at most one per input byte, and room for whole-vector reads
 * past the last pixel.
 */
#define LPF_FAB_TILE_WORDS (LPF_INP_BUF_BYTES + 64)

/*
 * A weight block packed for a SIMD kernel: one 32-bit word per (group, block of
 * LPF_FAB_NT output channels, k group, ky, kx, channel), holding the weights of
 * the k group's 4 (VNNI, s8) or 2 (AVX2, s16) input channels. Found again by
 * (kernel, geometry, WGT offset, DRAM source) and trusted only while the WGT buffer
 * still holds the bytes it was packed from.
 */
struct lpf_fab_wpack {
	bool valid;
	uint32_t kernel, wgt_off, groups, icpg, ocpg, kh, kw, w_signed;
	uint64_t src, verified_gen, last_use;
	uint64_t n_raw, cap_raw, cap_packed, cap_sum;
	uint8_t *raw;                   /* the WGT bytes it was packed from */
	uint32_t *packed;
	uint32_t *wsum;                 /* per output channel: sum of the packed weights */
};

/* Per-channel requantization of POST (REQUANT mode); lo/hi: clip bounds. */
struct lpf_fab_requant {
	uint32_t bias;
	float mult;
	int32_t zp, lo, hi;
};

/*
 * The operations a kernel provides: conv returns false for a CONV it leaves to the
 * portable code; requant may work in place (q == acc); pool_first: POST may pool the
 * sums before requantizing when that gives the same bytes. requant_bytes (requant
 * narrowed to bytes) and pool2x2 (max of src + add over 2x2 windows, stride 2, all
 * inside the tile) are optional.
 */
struct lpf_fab_kernel_ops {
	bool (*conv)(struct lpf_fabric *f, const struct lpf_insn_conv *in);
	void (*requant)(const uint32_t *acc, int32_t *q, uint64_t n,
			const struct lpf_fab_requant *rq);
	void (*requant_bytes)(const uint32_t *acc, uint8_t *out, uint64_t n,
			      const struct lpf_fab_requant *rq);
	void (*pool2x2)(const uint32_t *src, uint32_t tw, uint32_t add, uint32_t ph, uint32_t pw,
			int32_t *dst);
	bool pool_first;
};

struct lpf_fabric {
	struct lpf_dram_ops dram;
	lpf_dram_map_fn dram_map;

	/* registers */
	uint32_t status, err_code, err_pc;
	uint32_t cmd_base_lo, cmd_base_hi, cmd_len;
	uint32_t irq_enable, irq_status;
	uint32_t seg_lo[LPF_NUM_SEGS], seg_hi[LPF_NUM_SEGS];
	struct lpf_fab_perf perf;

	/* job state */
	struct lpf_fab_tokens q[LPF_Q_COUNT];
	uint64_t unit_time[LPF_UNIT_COUNT];

	/* on-chip buffers */
	uint8_t inp[LPF_INP_BUF_BYTES];
	uint8_t wgt[LPF_WGT_BUF_BYTES];
	uint8_t param[LPF_FAB_PARAM_BYTES];
	uint32_t acc[LPF_ACC_BUF_ENTRIES];     /* int32 values; unsigned so that sums wrap */
	uint8_t out[LPF_OUT_BUF_BYTES];

	/* scratch: the input tile minus its zero point (CONV), requantized values (POST) */
	int16_t xs[LPF_INP_BUF_BYTES];
	int32_t qs[LPF_ACC_BUF_ENTRIES];
	int32_t pooled[LPF_OUT_BUF_BYTES];      /* POST: one channel's pooled values */

	/* host execution: kernel, thread pool, and the SIMD kernels' state */
	enum lpf_fabric_kernel kernel;
	const struct lpf_fab_kernel_ops *ops;
	struct lpf_pool *pool;
	uint64_t wgt_gen;               /* bumped whenever the WGT buffer is written */
	uint64_t wpack_clock;
	struct {
		uint32_t sram_off;
		uint64_t addr;
	} wgt_src[LPF_FAB_WGT_SRCS];
	uint32_t wgt_src_next;
	struct lpf_fab_wpack wpack[LPF_FAB_WCACHE];
	uint32_t chan_c[LPF_ACC_BUF_ENTRIES], chan_d[LPF_ACC_BUF_ENTRIES];
	uint32_t toff[LPF_FAB_TILE_WORDS];      /* tap offsets: at most one per tile word */
	_Alignas(64) uint32_t tile[LPF_FAB_TILE_WORDS];
};

uint64_t lpf_fab_seg_base(const struct lpf_fabric *f, uint32_t seg);

/* Run the job at CMD_BASE/CMD_LEN to END or to the first error (CTRL.START). */
void lpf_fab_run(struct lpf_fabric *f);

/* Abort and reset every unit: token queues and job state (buffers keep their contents). */
void lpf_fab_reset_units(struct lpf_fabric *f);

/* The portable kernel and, on x86, the SIMD ones (NULL where not compiled in). */
extern const struct lpf_fab_kernel_ops lpf_fab_portable_ops;
extern const struct lpf_fab_kernel_ops *const lpf_fab_avx2_ops;
extern const struct lpf_fab_kernel_ops *const lpf_fab_avx512_ops;

/* The portable requantization of n accumulators (the reference arithmetic). */
void lpf_fab_requant_portable(const uint32_t *acc, int32_t *q, uint64_t n,
			      const struct lpf_fab_requant *rq);

/* Release the packed-weight cache. */
void lpf_fab_wpack_free(struct lpf_fabric *f);

uint32_t lpf_fab_load(struct lpf_fabric *f, const struct lpf_insn_load *in);
uint32_t lpf_fab_store(struct lpf_fabric *f, const struct lpf_insn_store *in);
uint32_t lpf_fab_conv(struct lpf_fabric *f, const struct lpf_insn_conv *in);
uint32_t lpf_fab_post(struct lpf_fabric *f, const struct lpf_insn_post *in);

/* [off, off + len) lies inside a buffer of size elements. */
static inline bool lpf_fab_fits(uint64_t off, uint64_t len, uint64_t size)
{
	return off <= size && len <= size - off;
}

/* Little-endian fields of the parameter buffer. */
static inline uint32_t lpf_fab_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* An 8-bit field as a signed (int8) or unsigned (uint8) value. */
static inline int32_t lpf_fab_byte_value(uint32_t raw, uint32_t is_signed)
{
	int32_t v = (int32_t)(raw & 0xFFu);

	return is_signed && v > 127 ? v - 256 : v;
}

/* Two's complement reading of a 32-bit pattern, without implementation-defined casts. */
static inline int32_t lpf_fab_i32(uint32_t u)
{
	return u > INT32_MAX ? -(int32_t)(~u) - 1 : (int32_t)u;
}

static inline const uint8_t *lpf_fab_param_entry(const struct lpf_fabric *f, uint32_t entry)
{
	return f->param + (uint64_t)entry * LPF_PARAM_ENTRY_BYTES;
}

#endif
