/* SPDX-License-Identifier: MIT */
/*
 * Running one case: the golden model (host/fabric/) and the RTL (lpf_sim) each get their
 * own copy of the DRAM image and the same register writes; then STATUS, ERR_CODE, ERR_PC
 * and (for jobs that must succeed) every DRAM byte are compared.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fabric/fabric_model.h"
#include "lpf_spec.h"
#include "regress.h"

#define STALL_BUDGET 20000u
#define STATUS_OUTCOME (LPF_REG_STATUS_DONE_MASK | LPF_REG_STATUS_ERROR_MASK)

struct mem {
	uint8_t *p;
	size_t size;
	uint64_t base;
};

static uint8_t *mem_at(struct mem *m, uint64_t addr, size_t n)
{
	if (addr < m->base || addr - m->base > m->size || n > m->size - (addr - m->base))
		return NULL;
	return m->p + (addr - m->base);
}

static int mem_read(void *ctx, uint64_t addr, void *dst, size_t n)
{
	uint8_t *p = mem_at(ctx, addr, n);

	if (!p)
		return -1;
	memcpy(dst, p, n);
	return 0;
}

static int mem_write(void *ctx, uint64_t addr, const void *src, size_t n)
{
	uint8_t *p = mem_at(ctx, addr, n);

	if (!p)
		return -1;
	memcpy(p, src, n);
	return 0;
}

struct outcome {
	uint32_t status, code, pc;
};

/* The register writes of a job, as the backends do them. */
typedef int (*reg_wr_fn)(void *h, uint32_t off, uint32_t v);

static int start_job(void *h, reg_wr_fn wr, const struct rg_case *c)
{
	int rc = 0;

	for (uint32_t s = 0; s < 4; s++) {
		rc |= wr(h, LPF_REG_SEG0_LO + 8 * s, (uint32_t)c->seg[s]);
		rc |= wr(h, LPF_REG_SEG0_HI + 8 * s, (uint32_t)(c->seg[s] >> 32));
	}
	rc |= wr(h, LPF_REG_CMD_BASE_LO, (uint32_t)c->cmd_addr);
	rc |= wr(h, LPF_REG_CMD_BASE_HI, (uint32_t)(c->cmd_addr >> 32));
	rc |= wr(h, LPF_REG_CMD_LEN, c->n_insns);
	rc |= wr(h, LPF_REG_IRQ_ENABLE, LPF_REG_IRQ_ENABLE_DONE_MASK | LPF_REG_IRQ_ENABLE_ERROR_MASK);
	rc |= wr(h, LPF_REG_IRQ_STATUS, LPF_REG_IRQ_STATUS_DONE_MASK | LPF_REG_IRQ_STATUS_ERROR_MASK);
	rc |= wr(h, LPF_REG_CTRL, LPF_REG_CTRL_START_MASK);
	return rc;
}

static int golden_wr(void *h, uint32_t off, uint32_t v)
{
	lpf_fabric_reg_write(h, off, v);
	return 0;
}

static const struct lpf_sim_api *sim_api;

static int sim_wr(void *h, uint32_t off, uint32_t v)
{
	return sim_api->reg_write(h, off, v);
}

static int golden_run(const struct rg_case *c, struct mem *m, struct outcome *o)
{
	struct lpf_dram_ops ops = {.read = mem_read, .write = mem_write, .ctx = m};
	struct lpf_fabric *f = lpf_fabric_new(&ops);

	if (!f)
		return -1;
	start_job(f, golden_wr, c);
	o->status = lpf_fabric_reg_read(f, LPF_REG_STATUS);
	o->code = lpf_fabric_reg_read(f, LPF_REG_ERR_CODE);
	o->pc = lpf_fabric_reg_read(f, LPF_REG_ERR_PC);
	lpf_fabric_free(f);
	return 0;
}

static int sim_outcome(lpf_sim *s, struct outcome *o)
{
	return sim_api->reg_read(s, LPF_REG_STATUS, &o->status) |
	       sim_api->reg_read(s, LPF_REG_ERR_CODE, &o->code) |
	       sim_api->reg_read(s, LPF_REG_ERR_PC, &o->pc);
}

static void fail(struct rg_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void fail(struct rg_result *r, const char *fmt, ...)
{
	va_list ap;

	if (!r->pass)
		return;         /* keep the first reason */
	r->pass = 0;
	va_start(ap, fmt);
	vsnprintf(r->msg, sizeof(r->msg), fmt, ap);
	va_end(ap);
}

static void compare_dram(const struct rg_case *c, const struct mem *rtl, const struct mem *gold,
			 struct rg_result *r)
{
	size_t diffs = 0, first = 0;

	for (size_t i = 0; i < c->dram_size; i++)
		if (rtl->p[i] != gold->p[i] && !diffs++)
			first = i;
	if (!diffs)
		return;
	if (first >= c->out_off && first < c->out_off + c->out_len)
		fail(r, "DRAM differs in %zu bytes; first: output byte %zu of %zu: rtl 0x%02x golden 0x%02x",
		     diffs, (size_t)(first - c->out_off), c->out_len, rtl->p[first], gold->p[first]);
	else
		fail(r, "DRAM differs in %zu bytes; first at 0x%llx outside the output (stray write): rtl 0x%02x golden 0x%02x",
		     diffs, (unsigned long long)(c->base + first), rtl->p[first], gold->p[first]);
}

static void compare_regs(const struct outcome *s, const struct outcome *g, struct rg_result *r)
{
	if ((s->status & STATUS_OUTCOME) != (g->status & STATUS_OUTCOME) ||
	    ((g->status & LPF_REG_STATUS_ERROR_MASK) && (s->code != g->code || s->pc != g->pc)))
		fail(r, "STATUS/ERR_CODE/ERR_PC rtl 0x%x/%u/%u golden 0x%x/%u/%u", s->status,
		     s->code, s->pc, g->status, g->code, g->pc);
}

static void result_bins(const struct rg_case *c, const struct mem *gold, const struct outcome *g,
			struct rg_result *r)
{
	static const enum rg_bin err_bin[] = {
		[LPF_ERR_BAD_OPCODE] = RG_B_err_BAD_OPCODE, [LPF_ERR_BAD_FIELD] = RG_B_err_BAD_FIELD,
		[LPF_ERR_SRAM_RANGE] = RG_B_err_SRAM_RANGE, [LPF_ERR_DMA] = RG_B_err_DMA,
		[LPF_ERR_TOKEN_UNDERFLOW] = RG_B_err_TOKEN_UNDERFLOW,
		[LPF_ERR_TOKEN_LEFTOVER] = RG_B_err_TOKEN_LEFTOVER,
		[LPF_ERR_CMD_FETCH] = RG_B_err_CMD_FETCH, [LPF_ERR_POOL_WINDOW] = RG_B_err_POOL_WINDOW,
		[LPF_ERR_KERNEL_RANGE] = RG_B_err_KERNEL_RANGE,
		[LPF_ERR_TOKEN_OVERFLOW] = RG_B_err_TOKEN_OVERFLOW,
	};

	memcpy(r->bins, c->bins, sizeof(r->bins));
	if (g->status & LPF_REG_STATUS_ERROR_MASK) {
		if (g->code && g->code < sizeof(err_bin) / sizeof(err_bin[0]))
			r->bins[err_bin[g->code]] = 1;
		return;
	}
	if (c->out_kind != 1 && c->out_kind != 2)
		return;
	for (size_t i = 0; i < c->out_len; i++) {
		uint8_t v = gold->p[c->out_off + i];

		if (v == (c->out_kind == 1 ? 0x00 : 0x80))
			r->bins[RG_B_sat_lo] = 1;
		if (v == (c->out_kind == 1 ? 0xff : 0x7f))
			r->bins[RG_B_sat_hi] = 1;
	}
}

/*
 * Abort a job the way the sim backend does (soft reset, lift the fault; issued bursts
 * still complete and the fabric must drain them), then run the case again.
 */
static int recover_and_rerun(lpf_sim *s, const struct rg_case *c, uint64_t max_cycles,
			     uint64_t *ran)
{
	if (sim_api->reg_write(s, LPF_REG_CTRL, LPF_REG_CTRL_SOFT_RESET_MASK))
		return -1;
	sim_api->set_fault(s, NULL);
	if (start_job(s, sim_wr, c))
		return -1;
	return sim_api->run(s, max_cycles, ran);
}

void rg_case_run(const struct lpf_sim_api *api, const struct rg_case *c, uint64_t max_cycles,
		 struct rg_result *r)
{
	struct mem gold = {malloc(c->dram_size), c->dram_size, c->base};
	struct mem rtl = {malloc(c->dram_size), c->dram_size, c->base};
	struct lpf_sim_dram_ops ops = {.read = mem_read, .write = mem_write, .ctx = &rtl};
	struct outcome go = {0}, so = {0};
	struct lpf_sim_stats st;
	char err[256] = "";
	lpf_sim *s = NULL;
	uint64_t ran = 0;
	int irq;

	memset(r, 0, sizeof(*r));
	r->pass = 1;
	sim_api = api;
	if (!gold.p || !rtl.p) {
		fail(r, "out of memory");
		goto out;
	}
	memcpy(gold.p, c->dram, c->dram_size);
	memcpy(rtl.p, c->dram, c->dram_size);
	if (golden_run(c, &gold, &go)) {
		fail(r, "golden model: out of memory");
		goto out;
	}
	result_bins(c, &gold, &go, r);
	if (!api) {             /* --self-check: the generator's streams on the golden model */
		int failed = !!(go.status & LPF_REG_STATUS_ERROR_MASK);

		if (failed != c->expect_error)
			fail(r, "golden model: STATUS 0x%x ERR_CODE %u ERR_PC %u, but the case expects %s",
			     go.status, go.code, go.pc, c->expect_error ? "an error" : "success");
		goto out;
	}
	s = api->create(&c->sim, &ops, err, sizeof(err));
	if (!s) {
		fail(r, "lpf_sim create: %s", err);
		goto out;
	}
	if (start_job(s, sim_wr, c)) {
		fail(r, "AXI-Lite register write got no answer");
		goto out;
	}
	irq = api->run(s, c->fault_mode == RG_FAULT_STALL ? STALL_BUDGET : max_cycles, &ran);
	if (c->fault_mode == RG_FAULT_ERROR || c->fault_mode == RG_FAULT_STALL) {
		if (sim_outcome(s, &so)) {
			fail(r, "AXI-Lite register read got no answer");
			goto out;
		}
		if (c->fault_mode == RG_FAULT_ERROR &&
		    (!irq || !(so.status & LPF_REG_STATUS_ERROR_MASK) ||
		     (so.code != LPF_ERR_DMA && so.code != LPF_ERR_CMD_FETCH) ||
		     so.pc >= c->n_insns))
			fail(r, "injected AXI error: expected STATUS.ERROR with DMA or CMD_FETCH, got irq %d STATUS 0x%x ERR_CODE %u ERR_PC %u",
			     irq, so.status, so.code, so.pc);
		if (c->fault_mode == RG_FAULT_STALL && (irq || !(so.status & LPF_REG_STATUS_BUSY_MASK)))
			fail(r, "injected stall: expected a busy fabric without irq, got irq %d STATUS 0x%x",
			     irq, so.status);
		irq = recover_and_rerun(s, c, max_cycles, &ran);
		if (irq >= 0)
			r->bins[RG_B_soft_reset_recover] = 1;
	}
	r->cycles = ran;
	if (irq <= 0) {
		fail(r, "no interrupt within %llu cycles (STATUS 0x%x after)",
		     (unsigned long long)max_cycles, sim_outcome(s, &so) ? 0 : so.status);
		goto out;
	}
	if (sim_outcome(s, &so)) {
		fail(r, "AXI-Lite register read got no answer");
		goto out;
	}
	compare_regs(&so, &go, r);
	if (!c->expect_error)
		compare_dram(c, &rtl, &gold, r);
	api->stats(s, &st);
	if (st.protocol_errors)
		fail(r, "%llu AXI protocol violations by the fabric (see stderr)",
		     (unsigned long long)st.protocol_errors);
out:
	if (s)
		api->destroy(s);
	free(gold.p);
	free(rtl.p);
}
