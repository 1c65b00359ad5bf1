/* SPDX-License-Identifier: MIT */
/*
 * The golden model of the fabric: registers, on-chip buffers, dependency tokens
 * and an interpreter of the command stream, bit-exact with the arithmetic
 * contract (docs/arithmetic.md). It is driven through its AXI-Lite register view
 * exactly as a driver drives a board; DRAM is reached through callbacks, so the
 * same model serves the cpu backend, tests and device models.
 */
#ifndef LPF_FABRIC_MODEL_H
#define LPF_FABRIC_MODEL_H

#include <stddef.h>
#include <stdint.h>

struct lpf_fabric;

/* DRAM as the fabric's AXI master sees it. Return 0, or -1 for SLVERR/DECERR. */
struct lpf_dram_ops {
	int (*read)(void *ctx, uint64_t addr, void *dst, size_t n);
	int (*write)(void *ctx, uint64_t addr, const void *src, size_t n);
	void *ctx;
};

struct lpf_fabric *lpf_fabric_new(const struct lpf_dram_ops *dram);
void lpf_fabric_free(struct lpf_fabric *f);

/*
 * AXI-Lite access at a byte offset of the register map (LPF_REG_*). Writing
 * CTRL.START runs the whole command stream before returning (the model has no
 * notion of time); STATUS, ERR_CODE, ERR_PC, IRQ_STATUS and the PERF counters
 * then hold the outcome. Unknown offsets read 0 and ignore writes.
 */
uint32_t lpf_fabric_reg_read(struct lpf_fabric *f, uint32_t offset);
void lpf_fabric_reg_write(struct lpf_fabric *f, uint32_t offset, uint32_t value);

#endif
