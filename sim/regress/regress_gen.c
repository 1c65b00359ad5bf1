/* SPDX-License-Identifier: MIT */
/*
 * Case builder: picks the test kind, the DRAM placement (segment bases, addresses above
 * 4 GiB), one random layer, then for error tests one mutation of the stream, and for
 * fault tests one injected AXI fault; finally the DRAM model's latency, throttling and
 * back-pressure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "regress_layer.h"

/* Relative frequency of each test kind. */
static const uint8_t test_weight[RG_N_TESTS] = {
	[RG_T_conv_random] = 16,    [RG_T_conv_multitile] = 6,  [RG_T_depthwise_random] = 6,
	[RG_T_group_random] = 6,    [RG_T_matmul_random] = 8,   [RG_T_raw32_random] = 5,
	[RG_T_pool_random] = 8,     [RG_T_err_bad_field] = 4,   [RG_T_err_bad_opcode] = 2,
	[RG_T_err_reserved_bit] = 2, [RG_T_err_sram_range] = 3, [RG_T_err_kernel_range] = 2,
	[RG_T_err_pool_window] = 2, [RG_T_err_token] = 4,       [RG_T_err_cmd_fetch] = 2,
	[RG_T_dma_decerr_unmapped] = 2, [RG_T_fault_slverr] = 3, [RG_T_fault_decerr] = 2,
	[RG_T_fault_stall_recover] = 3, [RG_T_fault_delay] = 3,
};

static enum rg_test pick_test(struct rg_rng *r)
{
	uint32_t total = 0, x;

	for (int t = 0; t < RG_N_TESTS; t++)
		total += test_weight[t];
	x = rg_range(r, 0, total - 1);
	for (int t = 0; t < RG_N_TESTS; t++) {
		if (x < test_weight[t])
			return (enum rg_test)t;
		x -= test_weight[t];
	}
	return RG_T_conv_random;
}

/* The test kind a stream mutation or fault starts from. */
static enum rg_test base_test(struct rg_rng *r, enum rg_test t)
{
	if (t <= RG_T_pool_random)
		return t;
	if (t == RG_T_err_pool_window)
		return RG_T_pool_random;
	return rg_chance(r, 50) ? RG_T_conv_random : RG_T_matmul_random;
}

static struct lpf_insn *nth_op(struct rg_gen *g, uint32_t op)
{
	uint32_t n = 0, k;

	for (uint32_t i = 0; i < g->n; i++)
		n += g->insn[i].opcode == op;
	if (!n)
		return NULL;
	k = rg_range(&g->rng, 0, n - 1);
	for (uint32_t i = 0; i < g->n; i++)
		if (g->insn[i].opcode == op && !k--)
			return &g->insn[i];
	return NULL;
}

static int mutate_field(struct rg_gen *g)
{
	struct lpf_insn *in;

	switch (rg_range(&g->rng, 0, 8)) {
	case 0:
		in = nth_op(g, LPF_OP_LOAD);
		in->u.load.x_size = 0;
		return 0;
	case 1:
		in = nth_op(g, LPF_OP_LOAD);
		in->u.load.buf = 3;
		return 0;
	case 2:
		in = nth_op(g, LPF_OP_CONV);
		in->u.conv.sh = 0;
		return 0;
	case 3:
		in = nth_op(g, LPF_OP_CONV);
		in->u.conv.groups = 0;
		return 0;
	case 4:
		in = nth_op(g, LPF_OP_STORE);
		in->u.store.elem_log2 = 1;
		return 0;
	case 5:
		in = nth_op(g, LPF_OP_STORE);
		in->u.store.x_stride = 0;
		return 0;
	case 6:
		in = nth_op(g, LPF_OP_POST);
		in->u.post.pk_h = 0;
		return 0;
	case 7:
		in = nth_op(g, LPF_OP_LOAD);
		in->pop_prev = true;
		return 0;
	default:
		in = nth_op(g, LPF_OP_POST);
		in->u.post.mode = 3;
		return 0;
	}
}

static int mutate_sram(struct rg_gen *g)
{
	struct lpf_insn *in;

	switch (rg_range(&g->rng, 0, 4)) {
	case 0:
		in = nth_op(g, LPF_OP_CONV);
		in->u.conv.inp_off = LPF_INP_BUF_BYTES - rg_range(&g->rng, 0, 3);
		return 0;
	case 1:
		in = nth_op(g, LPF_OP_CONV);
		in->u.conv.acc_off = LPF_ACC_BUF_ENTRIES - 1;
		return 0;
	case 2:
		in = nth_op(g, LPF_OP_LOAD);
		in->u.load.sram_off = (in->u.load.buf == LPF_BUF_PARAM
				       ? LPF_PARAM_BUF_ENTRIES * LPF_PARAM_ENTRY_BYTES
				       : LPF_INP_BUF_BYTES) - 1;
		return 0;
	case 3:
		in = nth_op(g, LPF_OP_STORE);
		in->u.store.sram_off = LPF_OUT_BUF_BYTES - 1;
		return 0;
	default:
		in = nth_op(g, LPF_OP_POST);
		in->u.post.out_off = LPF_OUT_BUF_BYTES - 1;
		return 0;
	}
}

static int mutate_token(struct rg_gen *g)
{
	struct lpf_insn *in;

	switch (rg_range(&g->rng, 0, 2)) {
	case 0:                 /* underflow: a CONV's data is never announced */
		for (uint32_t i = 0; i < g->n; i++)
			if (g->insn[i].push_next && g->insn[i].opcode == LPF_OP_LOAD) {
				g->insn[i].push_next = false;
				return 0;
			}
		return -1;
	case 1:                 /* leftover: the last POST releases into nothing */
		for (uint32_t i = g->n; i-- > 0;)
			if (g->insn[i].opcode == LPF_OP_POST) {
				g->insn[i].push_prev = true;
				return 0;
			}
		return -1;
	default:                /* overflow: TOKEN_DEPTH + 1 announcements up front */
		in = nth_op(g, LPF_OP_LOAD);
		if (g->n + LPF_TOKEN_DEPTH + 1 >= RG_MAX_INSNS)
			return -1;
		memmove(&g->insn[LPF_TOKEN_DEPTH + 1], &g->insn[0], g->n * sizeof(g->insn[0]));
		for (uint32_t i = 0; i <= LPF_TOKEN_DEPTH; i++) {
			g->insn[i] = g->insn[LPF_TOKEN_DEPTH + 1 + (uint32_t)(in - g->insn)];
			g->insn[i].pop_next = false;
			g->insn[i].push_next = true;
		}
		g->n += LPF_TOKEN_DEPTH + 1;
		return 0;
	}
}

static int mutate(struct rg_gen *g, struct rg_case *c)
{
	struct lpf_insn *in;

	switch (c->test) {
	case RG_T_err_bad_field:
		return mutate_field(g);
	case RG_T_err_sram_range:
		return mutate_sram(g);
	case RG_T_err_kernel_range:
		in = nth_op(g, LPF_OP_CONV);
		/* The smallest height whose last window reaches past the stored tile. */
		in->u.conv.out_h = (in->u.conv.in_h - (in->u.conv.kh - 1) * in->u.conv.dh - 1) /
				   in->u.conv.sh + 2;
		return 0;
	case RG_T_err_pool_window:
		in = nth_op(g, LPF_OP_POST);
		if (rg_chance(&g->rng, 50))
			in->u.post.py0 = -(int32_t)in->u.post.pk_h;
		else
			in->u.post.px0 = -(int32_t)in->u.post.pk_w;
		return 0;
	case RG_T_err_token:
		return mutate_token(g);
	case RG_T_dma_decerr_unmapped:
		in = nth_op(g, rg_chance(&g->rng, 60) ? LPF_OP_LOAD : LPF_OP_STORE);
		if (in->opcode == LPF_OP_LOAD)
			in->u.load.dram_off += 0x40000000u;
		else
			in->u.store.dram_off += 0x40000000u;
		return 0;
	default:
		return 0;
	}
}

/* Patches on the encoded stream: unknown opcode, reserved bit, missing END. */
static void mutate_encoded(struct rg_gen *g, struct rg_case *c, uint8_t *cmd)
{
	uint32_t k = rg_range(&g->rng, 0, g->n - 1);
	uint8_t *p = cmd + (size_t)k * LPF_INSN_BYTES;

	if (c->test == RG_T_err_bad_opcode) {
		static const uint8_t bad[] = {0, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14};

		p[0] = (uint8_t)((p[0] & 0xf0) | bad[rg_range(&g->rng, 0, sizeof(bad) - 1)]);
	} else if (c->test == RG_T_err_reserved_bit) {
		struct lpf_insn d;

		for (int tries = 0; tries < 1000; tries++) {
			uint32_t bit = rg_range(&g->rng, 4, LPF_INSN_BYTES * 8 - 1);

			p[bit / 8] ^= (uint8_t)(1u << (bit % 8));
			if (bit >= 8 && lpf_insn_decode(p, &d) != 0)
				return;
			p[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		}
	}
}

static void pick_dram_model(struct rg_gen *g, struct rg_case *c, const struct rg_opts *o)
{
	struct rg_rng *r = &g->rng;
	struct lpf_sim_config *s = &c->sim;
	uint32_t roll = rg_range(r, 0, 99);

	s->rd_latency = roll < 30 ? 0 : roll < 70 ? rg_range(r, 1, 8) : rg_range(r, 32, 120);
	s->wr_latency = rg_chance(r, 50) ? s->rd_latency : rg_range(r, 0, 40);
	if (o->latency >= 0)
		s->rd_latency = s->wr_latency = (uint32_t)o->latency;
	if (rg_chance(r, 35)) {
		s->bw_beats = rg_range(r, 1, 3);
		s->bw_cycles = s->bw_beats + rg_range(r, 1, 4);
	}
	if (o->bw > 1) {
		s->bw_beats = 1;
		s->bw_cycles = (uint32_t)o->bw;
	} else if (o->bw == 1) {
		s->bw_beats = s->bw_cycles = 0;
	}
	if (rg_chance(r, 40)) {
		s->bp_seed = (uint32_t)rg_next(r) | 1;
		s->bp_percent = rg_range(r, 10, 50);
		rg_bin(g, RG_B_dram_backpressure);
	}
	s->max_outstanding = rg_range(r, 1, 8);
	rg_bin(g, s->rd_latency == 0 ? RG_B_dram_latency0 : RG_B_dram_latency_hi);
	if (s->rd_latency && s->rd_latency < 32)
		c->bins[RG_B_dram_latency_hi] = 0;
	if (s->bw_beats)
		rg_bin(g, RG_B_dram_throttled);
}

static void pick_fault(struct rg_gen *g, struct rg_case *c)
{
	struct rg_rng *r = &g->rng;
	struct lpf_sim_fault *f = &c->sim.fault;
	int rd = rg_chance(r, 70);

	f->dir = rd ? LPF_SIM_FAULT_READ : LPF_SIM_FAULT_WRITE;
	f->beat = rd ? rg_range(r, 0, 2 * g->n - 1) : 0;
	switch (c->test) {
	case RG_T_fault_slverr:
	case RG_T_fault_decerr:
		f->kind = c->test == RG_T_fault_slverr ? LPF_SIM_FAULT_SLVERR : LPF_SIM_FAULT_DECERR;
		c->fault_mode = RG_FAULT_ERROR;
		rg_bin(g, c->test == RG_T_fault_slverr ? RG_B_axi_slverr : RG_B_axi_decerr);
		break;
	case RG_T_fault_stall_recover:
		f->kind = LPF_SIM_FAULT_STALL;
		c->fault_mode = RG_FAULT_STALL;
		rg_bin(g, RG_B_axi_stall);
		break;
	case RG_T_fault_delay:
		f->kind = LPF_SIM_FAULT_DELAY;
		f->delay_cycles = rg_range(r, 50, 1500);
		c->fault_mode = RG_FAULT_DELAY;
		rg_bin(g, RG_B_axi_delay);
		break;
	default:
		break;
	}
}

static int build(struct rg_gen *g, struct rg_case *c, const struct rg_opts *o)
{
	struct rg_layer l;
	enum rg_test want = c->test;
	struct lpf_insn *end;
	uint64_t cmd_at;

	/* Random header so no segment starts at offset 0 of the arena. */
	rg_alloc(g, 4096);
	c->base = rg_chance(&g->rng, 70) ? 0x100000000ull + ((uint64_t)rg_range(&g->rng, 0, 0xfffff) << 12)
					: 0x40000000ull + ((uint64_t)rg_range(&g->rng, 0, 0x3ffff) << 12);
	if (c->base >> 32)
		rg_bin(g, RG_B_seg_hi_addr);
	for (int k = 0; k < 4; k++) {
		g->seg_off[k] = rg_range(&g->rng, 0, 255);
		if (rg_chance(&g->rng, 50))
			g->seg_off[k] &= ~15u;
		c->seg[k] = c->base + g->seg_off[k];
	}
	c->test = base_test(&g->rng, want);
	if (rg_layer_pick(g, &l) || rg_layer_emit(g, &l))
		return -1;
	c->test = want;
	end = &g->insn[g->n++];
	memset(end, 0, sizeof(*end));
	end->opcode = LPF_OP_END;
	c->expect_error = want >= RG_T_err_bad_field && want <= RG_T_dma_decerr_unmapped;
	if (mutate(g, c))
		return -1;
	if (want == RG_T_fault_slverr || want == RG_T_fault_decerr ||
	    want == RG_T_fault_stall_recover || want == RG_T_fault_delay)
		pick_fault(g, c);
	/* The command stream last and INSN_BYTES aligned: the arena ends right after it. */
	cmd_at = rg_alloc(g, (size_t)g->n * LPF_INSN_BYTES + LPF_INSN_BYTES);
	cmd_at = (cmd_at + LPF_INSN_BYTES - 1) / LPF_INSN_BYTES * LPF_INSN_BYTES;
	c->dram_size = cmd_at + (size_t)g->n * LPF_INSN_BYTES;
	for (uint32_t i = 0; i < g->n; i++) {
		const char *bad = NULL;

		if (lpf_insn_encode(&g->insn[i], c->dram + cmd_at + (size_t)i * LPF_INSN_BYTES,
				    &bad)) {
			/* Mutations keep every field in its width; a failure is a generator bug. */
			fprintf(stderr, "lpfpga-regress: case %u: instruction %u field %s does not fit\n",
				c->index, i, bad ? bad : "?");
			return -1;
		}
	}
	mutate_encoded(g, c, c->dram + cmd_at);
	c->cmd_addr = c->base + cmd_at;
	c->n_insns = g->n;
	if (want == RG_T_err_cmd_fetch) {
		if (rg_chance(&g->rng, 50))
			c->n_insns--;   /* no END inside CMD_LEN */
		else
			c->dram_size -= LPF_INSN_BYTES; /* END lies in unmapped memory */
	}
	pick_dram_model(g, c, o);
	snprintf(c->desc, sizeof(c->desc),
		 "%s: C%u %ux%u -> OC%u %ux%u k%ux%u s%u,%u d%u,%u pad %u,%u,%u,%u g%u%s%s, tiles th%u ocb%u icb%u, %u insns, lat %u/%u bw %u/%u bp %u%%",
		 rg_test_names[want], l.c, l.h, l.w, l.oc, l.oh, l.ow, l.kh, l.kw, l.sh, l.sw, l.dh,
		 l.dw, l.pt, l.pb, l.pl, l.pr, l.g, l.raw32 ? " raw32" : "", l.pool ? " pool" : "",
		 l.th, l.ocb, l.icb, g->n, c->sim.rd_latency, c->sim.wr_latency, c->sim.bw_beats,
		 c->sim.bw_cycles, c->sim.bp_seed ? c->sim.bp_percent : 0);
	return 0;
}

int rg_case_build(uint64_t seed, uint32_t index, const struct rg_opts *o, struct rg_case *c)
{
	struct rg_gen *g = calloc(1, sizeof(*g));
	int rc = -1;

	memset(c, 0, sizeof(*c));
	if (!g)
		return -1;
	c->seed = seed;
	c->index = index;
	for (int attempt = 0; attempt < 20 && rc; attempt++) {
		g->rng.s = seed * 0x9e3779b97f4a7c15ull ^ ((uint64_t)index << 20) ^ (uint64_t)attempt;
		rg_next(&g->rng);
		free(c->dram);
		memset(c, 0, sizeof(*c));
		c->seed = seed;
		c->index = index;
		g->c = c;
		g->cap = 0;
		g->n = 0;
		c->test = pick_test(&g->rng);
		rc = build(g, c, o);
	}
	free(g);
	return rc;
}

void rg_case_free(struct rg_case *c)
{
	free(c->dram);
	c->dram = NULL;
}
