/* SPDX-License-Identifier: MIT */
/*
 * The command interpreter: fetch, decode, dependency tokens, dispatch to the units,
 * END, errors, and the cycle estimate behind PERF_BUSY and PERF_STALL.
 *
 * Instructions execute in stream order, so a pop must find a token that an earlier
 * instruction pushed (ERR TOKEN_UNDERFLOW otherwise), as the spec defines it.
 *
 * The cycle counts are an estimate for an ideal fabric, not a measurement: each
 * unit runs its instructions back to back, an instruction starts when its unit is
 * free and the tokens it pops have been pushed, and it takes
 *   LOAD, STORE: ceil(DRAM bytes / (AXI_DATA_BITS / 8)) cycles (one beat per cycle),
 *   CONV: GROUPS * ceil(OUT_H*OUT_W / PE_ROWS) * ceil(OCPG / PE_COLS) * ICPG*KH*KW
 *         (output-stationary array, one input channel and kernel tap per cycle),
 *   POST: ceil(C*TH*TW / PE_COLS) (one vector of PE_COLS accumulators per cycle).
 * PERF_BUSY is the cycle at which the last unit finished, PERF_STALL the cycles the
 * compute unit waited for tokens. Command fetch is free.
 */
#include <string.h>

#include "fabric/fabric_internal.h"

#define NO_QUEUE (-1)

/* Queue popped or pushed by each unit towards its previous [0] or next [1] unit. */
static const int pop_queue[LPF_UNIT_COUNT][2] = {
	[LPF_UNIT_LOAD] = {NO_QUEUE, LPF_Q_COMPUTE_TO_LOAD},
	[LPF_UNIT_COMPUTE] = {LPF_Q_LOAD_TO_COMPUTE, LPF_Q_STORE_TO_COMPUTE},
	[LPF_UNIT_STORE] = {LPF_Q_COMPUTE_TO_STORE, NO_QUEUE},
};

static const int push_queue[LPF_UNIT_COUNT][2] = {
	[LPF_UNIT_LOAD] = {NO_QUEUE, LPF_Q_LOAD_TO_COMPUTE},
	[LPF_UNIT_COMPUTE] = {LPF_Q_COMPUTE_TO_LOAD, LPF_Q_COMPUTE_TO_STORE},
	[LPF_UNIT_STORE] = {LPF_Q_STORE_TO_COMPUTE, NO_QUEUE},
};

static uint64_t ceil_div(uint64_t a, uint64_t b)
{
	return (a + b - 1) / b;
}

static uint64_t dma_cycles(uint64_t bytes)
{
	return ceil_div(bytes, LPF_AXI_DATA_BITS / 8);
}

static uint64_t insn_cycles(const struct lpf_insn *in)
{
	const struct lpf_insn_load *l = &in->u.load;
	const struct lpf_insn_store *s = &in->u.store;
	const struct lpf_insn_conv *c = &in->u.conv;
	const struct lpf_insn_post *p = &in->u.post;

	switch (in->opcode) {
	case LPF_OP_LOAD:
		return dma_cycles((uint64_t)l->x_size * l->y_size * l->z_size);
	case LPF_OP_STORE:
		return dma_cycles(((uint64_t)s->x_size * s->y_size * s->z_size) << s->elem_log2);
	case LPF_OP_CONV:
		return (uint64_t)c->groups * ceil_div((uint64_t)c->out_h * c->out_w, LPF_PE_ROWS) *
		       ceil_div(c->ocpg, LPF_PE_COLS) * c->icpg * c->kh * c->kw;
	case LPF_OP_POST:
		return ceil_div((uint64_t)p->c * p->th * p->tw, LPF_PE_COLS);
	default:
		return 0;
	}
}

static uint32_t execute(struct lpf_fabric *f, const struct lpf_insn *in)
{
	switch (in->opcode) {
	case LPF_OP_LOAD:
		return lpf_fab_load(f, &in->u.load);
	case LPF_OP_CONV:
		return lpf_fab_conv(f, &in->u.conv);
	case LPF_OP_POST:
		return lpf_fab_post(f, &in->u.post);
	case LPF_OP_STORE:
		return lpf_fab_store(f, &in->u.store);
	default:
		return LPF_ERR_BAD_OPCODE;
	}
}

static int unit_of(uint32_t opcode)
{
	switch (opcode) {
	case LPF_OP_LOAD:
		return LPF_UNIT_LOAD;
	case LPF_OP_CONV:
	case LPF_OP_POST:
		return LPF_UNIT_COMPUTE;
	default:
		return LPF_UNIT_STORE;
	}
}

static uint64_t max_u64(uint64_t a, uint64_t b)
{
	return a > b ? a : b;
}

/* Pops, execution and pushes of one unit instruction; returns LPF_ERR_*. */
static uint32_t step_unit(struct lpf_fabric *f, const struct lpf_insn *in)
{
	const int u = unit_of(in->opcode);
	const bool pop[2] = {in->pop_prev, in->pop_next};
	const bool push[2] = {in->push_prev, in->push_next};
	uint64_t start = f->unit_time[u];
	uint32_t err;

	for (int d = 0; d < 2; d++) {
		if ((pop[d] && pop_queue[u][d] == NO_QUEUE) ||
		    (push[d] && push_queue[u][d] == NO_QUEUE))
			return LPF_ERR_BAD_FIELD;
		if (pop[d] && f->q[pop_queue[u][d]].count == 0)
			return LPF_ERR_TOKEN_UNDERFLOW;
		if (push[d] && f->q[push_queue[u][d]].count == LPF_TOKEN_DEPTH)
			return LPF_ERR_TOKEN_OVERFLOW;
	}
	for (int d = 0; d < 2; d++) {
		struct lpf_fab_tokens *t;

		if (!pop[d])
			continue;
		t = &f->q[pop_queue[u][d]];
		start = max_u64(start, t->at[t->head]);
		t->head = (t->head + 1) % LPF_TOKEN_DEPTH;
		t->count--;
	}
	err = execute(f, in);
	if (err != LPF_ERR_NONE)
		return err;
	if (u == LPF_UNIT_COMPUTE)
		f->perf.stall += start - f->unit_time[u];
	f->unit_time[u] = start + insn_cycles(in);
	for (int d = 0; d < 2; d++) {
		struct lpf_fab_tokens *t;

		if (!push[d])
			continue;
		t = &f->q[push_queue[u][d]];
		t->at[(t->head + t->count) % LPF_TOKEN_DEPTH] = f->unit_time[u];
		t->count++;
	}
	return LPF_ERR_NONE;
}

static uint32_t step_end(const struct lpf_fabric *f, const struct lpf_insn *in)
{
	if (in->pop_prev || in->pop_next || in->push_prev || in->push_next)
		return LPF_ERR_BAD_FIELD;
	for (int i = 0; i < LPF_Q_COUNT; i++)
		if (f->q[i].count)
			return LPF_ERR_TOKEN_LEFTOVER;
	return LPF_ERR_NONE;
}

static bool known_opcode(uint32_t op)
{
	return op == LPF_OP_LOAD || op == LPF_OP_CONV || op == LPF_OP_POST ||
	       op == LPF_OP_STORE || op == LPF_OP_END;
}

/* Fetch and decode the instruction at pc; returns LPF_ERR_*. */
static uint32_t fetch(struct lpf_fabric *f, uint32_t pc, struct lpf_insn *in)
{
	uint64_t base = (uint64_t)f->cmd_base_hi << 32 | f->cmd_base_lo;
	uint8_t raw[LPF_INSN_BYTES];
	uint32_t word0;

	if (pc >= f->cmd_len || base % LPF_INSN_BYTES)
		return LPF_ERR_CMD_FETCH;
	if (f->dram.read(f->dram.ctx, base + (uint64_t)pc * LPF_INSN_BYTES, raw, sizeof(raw)))
		return LPF_ERR_CMD_FETCH;
	if (lpf_insn_decode(raw, in) == 0)
		return LPF_ERR_NONE;
	word0 = lpf_fab_le32(raw + 4 * LPF_INSN_OPCODE_WORD);
	if (!known_opcode((word0 & LPF_INSN_OPCODE_MASK) >> LPF_INSN_OPCODE_SHIFT))
		return LPF_ERR_BAD_OPCODE;
	return LPF_ERR_BAD_FIELD;
}

static uint64_t job_cycles(const struct lpf_fabric *f)
{
	uint64_t t = 0;

	for (int u = 0; u < LPF_UNIT_COUNT; u++)
		t = max_u64(t, f->unit_time[u]);
	return t;
}

void lpf_fab_run(struct lpf_fabric *f)
{
	struct lpf_insn in;
	uint32_t pc, err = LPF_ERR_NONE;

	memset(f->q, 0, sizeof(f->q));
	memset(f->unit_time, 0, sizeof(f->unit_time));
	memset(&f->perf, 0, sizeof(f->perf));
	f->err_code = LPF_ERR_NONE;
	f->err_pc = 0;
	f->status = LPF_REG_STATUS_BUSY_MASK;

	for (pc = 0;; pc++) {
		err = fetch(f, pc, &in);
		if (err != LPF_ERR_NONE)
			break;
		if (in.opcode == LPF_OP_END) {
			err = step_end(f, &in);
			break;
		}
		err = step_unit(f, &in);
		if (err != LPF_ERR_NONE)
			break;
	}

	f->perf.busy = job_cycles(f);
	if (err == LPF_ERR_NONE) {
		f->status = LPF_REG_STATUS_DONE_MASK;
		f->irq_status |= LPF_REG_IRQ_STATUS_DONE_MASK;
	} else {
		f->status = LPF_REG_STATUS_ERROR_MASK;
		f->err_code = err;
		f->err_pc = pc;
		f->irq_status |= LPF_REG_IRQ_STATUS_ERROR_MASK;
	}
}
