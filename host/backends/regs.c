/* SPDX-License-Identifier: MIT */
#include "backends/regs.h"

#include <string.h>

static const char *const err_names[] = {
#define LPF_ERR_NAME(name) [LPF_ERR_##name] = #name,
	LPF_ERR_LIST(LPF_ERR_NAME)
#undef LPF_ERR_NAME
};

const char *lpf_fabric_err_name(uint32_t code)
{
	if (code < sizeof(err_names) / sizeof(err_names[0]) && err_names[code])
		return err_names[code];
	return "UNKNOWN";
}

static lpfpga_status rd(const struct lpf_regs *r, uint32_t off, uint32_t *v, struct lpf_err *err)
{
	if (r->rd(r->ctx, off, v))
		return lpf_err_set(err, LPFPGA_ERROR_DEVICE,
				   "%s: register read at 0x%03x failed", r->who, off);
	return LPFPGA_OK;
}

static lpfpga_status wr(const struct lpf_regs *r, uint32_t off, uint32_t v, struct lpf_err *err)
{
	if (r->wr(r->ctx, off, v))
		return lpf_err_set(err, LPFPGA_ERROR_DEVICE,
				   "%s: register write at 0x%03x failed", r->who, off);
	return LPFPGA_OK;
}

static lpfpga_status rd64(const struct lpf_regs *r, uint32_t lo, uint32_t hi, uint64_t *v,
			  struct lpf_err *err)
{
	uint32_t l = 0, h = 0;
	lpfpga_status st = rd(r, lo, &l, err);

	if (st == LPFPGA_OK)
		st = rd(r, hi, &h, err);
	*v = (uint64_t)h << 32 | l;
	return st;
}

#define FIELD(reg, f) (((reg) & LPF_REG_##f##_MASK) >> LPF_REG_##f##_SHIFT)

lpfpga_status lpf_regs_caps(const struct lpf_regs *r, struct lpf_caps *caps, struct lpf_err *err)
{
	uint32_t cap0 = 0, cap1 = 0, cap2 = 0;
	lpfpga_status st;

	memset(caps, 0, sizeof(*caps));
	if ((st = rd(r, LPF_REG_ID, &caps->id, err)) ||
	    (st = rd(r, LPF_REG_VERSION, &caps->version, err)) ||
	    (st = rd(r, LPF_REG_SPEC_HASH, &caps->spec_hash, err)) ||
	    (st = rd(r, LPF_REG_CAP0, &cap0, err)) || (st = rd(r, LPF_REG_CAP1, &cap1, err)) ||
	    (st = rd(r, LPF_REG_CAP2, &cap2, err)) ||
	    (st = rd(r, LPF_REG_CAP3, &caps->features, err)))
		return st;
	caps->pe_rows = FIELD(cap0, CAP0_PE_ROWS);
	caps->pe_cols = FIELD(cap0, CAP0_PE_COLS);
	/* CAP1 counts KiB and CAP2 sixteens of entries (docs/registers.md). */
	caps->inp_buf_bytes = FIELD(cap1, CAP1_INP_KIB) * 1024;
	caps->wgt_buf_bytes = FIELD(cap1, CAP1_WGT_KIB) * 1024;
	caps->acc_buf_entries = FIELD(cap2, CAP2_ACC_ENTRIES_DIV16) * 16;
	caps->param_buf_entries = FIELD(cap2, CAP2_PARAM_ENTRIES);
	return LPFPGA_OK;
}

lpfpga_status lpf_regs_submit(const struct lpf_regs *r, const struct lpf_job *job,
			      struct lpf_err *err)
{
	const uint32_t seg_stride = LPF_REG_SEG1_LO - LPF_REG_SEG0_LO;
	lpfpga_status st = LPFPGA_OK;

	for (uint32_t s = 0; s < LPF_NUM_SEGS && st == LPFPGA_OK; s++) {
		st = wr(r, LPF_REG_SEG0_LO + s * seg_stride, (uint32_t)job->seg_base[s], err);
		if (st == LPFPGA_OK)
			st = wr(r, LPF_REG_SEG0_HI + s * seg_stride,
				(uint32_t)(job->seg_base[s] >> 32), err);
	}
	if (st == LPFPGA_OK)
		st = wr(r, LPF_REG_CMD_BASE_LO, (uint32_t)job->cmd_addr, err);
	if (st == LPFPGA_OK)
		st = wr(r, LPF_REG_CMD_BASE_HI, (uint32_t)(job->cmd_addr >> 32), err);
	if (st == LPFPGA_OK)
		st = wr(r, LPF_REG_CMD_LEN, job->n_insns, err);
	if (st == LPFPGA_OK)
		st = wr(r, LPF_REG_IRQ_ENABLE,
			LPF_REG_IRQ_ENABLE_DONE_MASK | LPF_REG_IRQ_ENABLE_ERROR_MASK, err);
	if (st == LPFPGA_OK)
		st = wr(r, LPF_REG_IRQ_STATUS,
			LPF_REG_IRQ_STATUS_DONE_MASK | LPF_REG_IRQ_STATUS_ERROR_MASK, err);
	if (st == LPFPGA_OK)
		st = wr(r, LPF_REG_CTRL, LPF_REG_CTRL_START_MASK, err);
	return st;
}

lpfpga_status lpf_regs_outcome(const struct lpf_regs *r, struct lpf_err *err)
{
	uint32_t status = 0, code = 0, pc = 0;
	lpfpga_status st = rd(r, LPF_REG_STATUS, &status, err);

	if (st != LPFPGA_OK)
		return st;
	if (status & LPF_REG_STATUS_ERROR_MASK) {
		if ((st = rd(r, LPF_REG_ERR_CODE, &code, err)) ||
		    (st = rd(r, LPF_REG_ERR_PC, &pc, err)))
			return st;
		return lpf_err_set(err, LPFPGA_ERROR_DEVICE, "fabric error %s at instruction %u",
				   lpf_fabric_err_name(code), pc);
	}
	if (!(status & LPF_REG_STATUS_DONE_MASK))
		return lpf_err_set(err, LPFPGA_ERROR_DEVICE,
				   "%s: the job stopped without DONE or ERROR (STATUS 0x%x)", r->who,
				   status);
	return LPFPGA_OK;
}

lpfpga_status lpf_regs_counters(const struct lpf_regs *r, lpfpga_counters *c,
				struct lpf_err *err)
{
	lpfpga_status st;

	if ((st = rd64(r, LPF_REG_PERF_BUSY_LO, LPF_REG_PERF_BUSY_HI, &c->busy_cycles, err)) ||
	    (st = rd64(r, LPF_REG_PERF_MACS_LO, LPF_REG_PERF_MACS_HI, &c->macs, err)) ||
	    (st = rd64(r, LPF_REG_PERF_STALL_LO, LPF_REG_PERF_STALL_HI, &c->stall_cycles, err)) ||
	    (st = rd64(r, LPF_REG_PERF_RD_BYTES_LO, LPF_REG_PERF_RD_BYTES_HI, &c->dram_read_bytes,
		       err)) ||
	    (st = rd64(r, LPF_REG_PERF_WR_BYTES_LO, LPF_REG_PERF_WR_BYTES_HI,
		       &c->dram_write_bytes, err)))
		return st;
	c->jobs = 1;
	return LPFPGA_OK;
}
