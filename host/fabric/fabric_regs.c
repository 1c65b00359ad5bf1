/* SPDX-License-Identifier: MIT */
/* The fabric model's AXI-Lite register file (docs/registers.md). */
#include <stdlib.h>
#include <string.h>

#include "fabric/fabric_internal.h"

#define FIELD(reg_field, v) (((uint32_t)(v) << reg_field##_SHIFT) & reg_field##_MASK)

struct lpf_fabric *lpf_fabric_new(const struct lpf_dram_ops *dram)
{
	/* The SIMD kernels read the tile scratch in whole, aligned vectors. */
	const size_t size = (sizeof(struct lpf_fabric) + 63) / 64 * 64;
	struct lpf_fabric *f;

	if (!dram || !dram->read || !dram->write)
		return NULL;
	f = aligned_alloc(64, size);
	if (!f)
		return NULL;
	memset(f, 0, size);
	f->dram = *dram;
	f->kernel = LPF_FABRIC_KERNEL_PORTABLE;
	f->ops = &lpf_fab_portable_ops;
	return f;
}

void lpf_fabric_free(struct lpf_fabric *f)
{
	if (!f)
		return;
	lpf_fab_wpack_free(f);
	free(f);
}

uint64_t lpf_fab_seg_base(const struct lpf_fabric *f, uint32_t seg)
{
	return (uint64_t)f->seg_hi[seg] << 32 | f->seg_lo[seg];
}

/* The buffers keep their contents, as block RAM does; every job loads what it reads. */
void lpf_fab_reset_units(struct lpf_fabric *f)
{
	memset(f->q, 0, sizeof(f->q));
	memset(f->unit_time, 0, sizeof(f->unit_time));
}

static uint32_t cap3(void)
{
	return FIELD(LPF_REG_CAP3_INT8_ACT, 1) | FIELD(LPF_REG_CAP3_PER_CHANNEL, 1) |
	       FIELD(LPF_REG_CAP3_MAXPOOL, 1) | FIELD(LPF_REG_CAP3_RAW32, 1) |
	       FIELD(LPF_REG_CAP3_GROUPS, 1);
}

/* SEGn_LO/HI are laid out as consecutive LO, HI pairs from SEG0_LO. */
_Static_assert(LPF_REG_SEG0_HI == LPF_REG_SEG0_LO + 4 && LPF_REG_SEG1_LO == LPF_REG_SEG0_LO + 8 &&
		       LPF_REG_SEG3_HI == LPF_REG_SEG0_LO + 8 * LPF_NUM_SEGS - 4,
	       "segment registers are not consecutive LO/HI pairs");

static uint32_t *seg_reg(struct lpf_fabric *f, uint32_t offset)
{
	uint32_t idx;

	if (offset < LPF_REG_SEG0_LO || offset >= LPF_REG_SEG0_LO + 8 * LPF_NUM_SEGS)
		return NULL;
	idx = (offset - LPF_REG_SEG0_LO) / 4;
	return idx & 1 ? &f->seg_hi[idx / 2] : &f->seg_lo[idx / 2];
}

uint32_t lpf_fabric_reg_read(struct lpf_fabric *f, uint32_t offset)
{
	const uint32_t *seg;

	if (offset & 3)
		return 0;
	seg = seg_reg(f, offset);
	if (seg)
		return *seg;
	switch (offset) {
	case LPF_REG_ID:
		return LPF_ID_MAGIC;
	case LPF_REG_VERSION:
		return FIELD(LPF_REG_VERSION_MAJOR, LPF_SPEC_VERSION_MAJOR) |
		       FIELD(LPF_REG_VERSION_MINOR, LPF_SPEC_VERSION_MINOR);
	case LPF_REG_SPEC_HASH:
		return LPF_SPEC_HASH;
	case LPF_REG_CAP0:
		return FIELD(LPF_REG_CAP0_PE_ROWS, LPF_PE_ROWS) |
		       FIELD(LPF_REG_CAP0_PE_COLS, LPF_PE_COLS);
	case LPF_REG_CAP1:
		return FIELD(LPF_REG_CAP1_INP_KIB, LPF_INP_BUF_BYTES / 1024) |
		       FIELD(LPF_REG_CAP1_WGT_KIB, LPF_WGT_BUF_BYTES / 1024);
	case LPF_REG_CAP2:
		return FIELD(LPF_REG_CAP2_ACC_ENTRIES_DIV16, LPF_ACC_BUF_ENTRIES / 16) |
		       FIELD(LPF_REG_CAP2_PARAM_ENTRIES, LPF_PARAM_BUF_ENTRIES);
	case LPF_REG_CAP3:
		return cap3();
	case LPF_REG_STATUS:
		return f->status;
	case LPF_REG_ERR_CODE:
		return f->err_code;
	case LPF_REG_ERR_PC:
		return f->err_pc;
	case LPF_REG_CMD_BASE_LO:
		return f->cmd_base_lo;
	case LPF_REG_CMD_BASE_HI:
		return f->cmd_base_hi;
	case LPF_REG_CMD_LEN:
		return f->cmd_len;
	case LPF_REG_IRQ_ENABLE:
		return f->irq_enable;
	case LPF_REG_IRQ_STATUS:
		return f->irq_status;
	case LPF_REG_PERF_BUSY_LO:
		return (uint32_t)f->perf.busy;
	case LPF_REG_PERF_BUSY_HI:
		return (uint32_t)(f->perf.busy >> 32);
	case LPF_REG_PERF_MACS_LO:
		return (uint32_t)f->perf.macs;
	case LPF_REG_PERF_MACS_HI:
		return (uint32_t)(f->perf.macs >> 32);
	case LPF_REG_PERF_STALL_LO:
		return (uint32_t)f->perf.stall;
	case LPF_REG_PERF_STALL_HI:
		return (uint32_t)(f->perf.stall >> 32);
	case LPF_REG_PERF_RD_BYTES_LO:
		return (uint32_t)f->perf.rd_bytes;
	case LPF_REG_PERF_RD_BYTES_HI:
		return (uint32_t)(f->perf.rd_bytes >> 32);
	case LPF_REG_PERF_WR_BYTES_LO:
		return (uint32_t)f->perf.wr_bytes;
	case LPF_REG_PERF_WR_BYTES_HI:
		return (uint32_t)(f->perf.wr_bytes >> 32);
	default:
		return 0;
	}
}

/*
 * SOFT_RESET aborts and resets the units and clears STATUS; ERR_CODE, ERR_PC,
 * IRQ_STATUS, the counters and the configuration registers keep their values so
 * that a driver can still read why it reset. START after SOFT_RESET in the same
 * write runs on the freshly reset fabric.
 */
static void write_ctrl(struct lpf_fabric *f, uint32_t value)
{
	if (value & LPF_REG_CTRL_SOFT_RESET_MASK) {
		lpf_fab_reset_units(f);
		f->status = 0;
	}
	if (value & LPF_REG_CTRL_START_MASK)
		lpf_fab_run(f);
}

void lpf_fabric_reg_write(struct lpf_fabric *f, uint32_t offset, uint32_t value)
{
	uint32_t *seg;

	if (offset & 3)
		return;
	seg = seg_reg(f, offset);
	if (seg) {
		*seg = value;
		return;
	}
	switch (offset) {
	case LPF_REG_CTRL:
		write_ctrl(f, value);
		break;
	case LPF_REG_CMD_BASE_LO:
		f->cmd_base_lo = value;
		break;
	case LPF_REG_CMD_BASE_HI:
		f->cmd_base_hi = value;
		break;
	case LPF_REG_CMD_LEN:
		f->cmd_len = value;
		break;
	case LPF_REG_IRQ_ENABLE:
		f->irq_enable = value &
				(LPF_REG_IRQ_ENABLE_DONE_MASK | LPF_REG_IRQ_ENABLE_ERROR_MASK);
		break;
	case LPF_REG_IRQ_STATUS:
		f->irq_status &= ~value;
		break;
	default:
		break;
	}
}
