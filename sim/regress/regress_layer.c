/* SPDX-License-Identifier: MIT */
/*
 * One constrained-random layer (convolution, grouped/depthwise, matrix product, with
 * requantization or RAW32, optional max pool) as a tiled command stream: row tiles,
 * output-channel (or group) blocks and input-channel splits, each tile LOAD PARAM/WGT/INP,
 * CONV, POST, STORE joined by dependency tokens. Tensors keep ONNX layout in DRAM.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "regress_layer.h"

#define ACC_CAP LPF_ACC_BUF_ENTRIES
#define OUT_CAP LPF_OUT_BUF_BYTES
#define INP_CAP LPF_INP_BUF_BYTES
#define WGT_CAP LPF_WGT_BUF_BYTES
#define PRM_CAP (LPF_PARAM_BUF_ENTRIES * LPF_PARAM_ENTRY_BYTES)

void rg_bin(struct rg_gen *g, enum rg_bin b)
{
	g->c->bins[b] = 1;
}

uint64_t rg_alloc(struct rg_gen *g, size_t n)
{
	struct rg_case *c = g->c;
	size_t gap = rg_range(&g->rng, 16, 80), at;

	if (rg_chance(&g->rng, 50))
		gap = (gap + 15) & ~(size_t)15;
	at = c->dram_size + gap;
	while (at + n + 64 > g->cap) {
		g->cap = g->cap ? 2 * g->cap : 65536;
		c->dram = realloc(c->dram, g->cap);
		if (!c->dram)
			abort();
	}
	for (size_t i = c->dram_size; i < at + n; i++)
		c->dram[i] = (uint8_t)rg_next(&g->rng);
	c->dram_size = at + n;
	return at;
}

static uint32_t conv_out(uint32_t in, uint32_t p0, uint32_t p1, uint32_t k, uint32_t d,
			 uint32_t s)
{
	uint32_t ext = (k - 1) * d + 1;

	return in + p0 + p1 < ext ? 0 : (in + p0 + p1 - ext) / s + 1;
}

static uint32_t pick_kernel(struct rg_rng *r)
{
	static const uint32_t ks[] = {1, 1, 3, 3, 3, 5, 7, 2, 4, 9, 11};

	return ks[rg_range(r, 0, sizeof(ks) / sizeof(ks[0]) - 1)];
}

static uint32_t pick_zp(struct rg_rng *r, int sgn)
{
	switch (rg_range(r, 0, 3)) {
	case 0:
		return 0;
	case 1:
		return sgn ? 0x80 : 0xff;       /* most negative / largest */
	default:
		return rg_range(r, 0, 255);
	}
}

static void pick_shapes(struct rg_gen *g, struct rg_layer *l)
{
	struct rg_rng *r = &g->rng;
	enum rg_test t = g->c->test;
	uint32_t icpg, ocpg;

	memset(l, 0, sizeof(*l));
	l->xs = rg_chance(r, 50);
	l->ws = rg_chance(r, 60);
	l->os = rg_chance(r, 50);
	l->raw32 = t == RG_T_raw32_random || (t == RG_T_matmul_random && rg_chance(r, 30));
	l->sh = l->sw = l->dh = l->dw = l->g = 1;
	l->kh = l->kw = 1;
	if (t == RG_T_matmul_random) {
		l->matmul = 1;
		l->w = rg_range(r, 1, 40);      /* M */
		l->c = rg_range(r, 1, 80);      /* K */
		l->oc = rg_range(r, 1, 40);     /* N */
		l->h = 1;
		return;
	}
	l->kh = pick_kernel(r);
	l->kw = rg_chance(r, 70) ? l->kh : pick_kernel(r);
	l->sh = rg_chance(r, 50) ? 1 : rg_range(r, 1, 3);
	l->sw = rg_chance(r, 70) ? l->sh : rg_range(r, 1, 3);
	l->dh = rg_chance(r, 80) ? 1 : rg_range(r, 2, 3);
	l->dw = rg_chance(r, 70) ? l->dh : rg_range(r, 1, 3);
	if (rg_chance(r, 30)) {
		l->pt = l->pb = l->pl = l->pr = 0;
	} else if (rg_chance(r, 50)) {
		l->pt = l->pb = l->pl = l->pr = l->kh / 2;
	} else {
		l->pt = rg_range(r, 0, 3);
		l->pb = rg_range(r, 0, 3);
		l->pl = rg_range(r, 0, 3);
		l->pr = rg_range(r, 0, 3);
	}
	l->h = rg_range(r, 1, 18);
	l->w = rg_range(r, 1, 18);
	icpg = rg_range(r, 1, 12);
	ocpg = rg_range(r, 1, 20);
	if (t == RG_T_depthwise_random) {
		l->g = rg_range(r, 1, 24);
		icpg = 1;
		ocpg = rg_range(r, 1, 2);
	} else if (t == RG_T_group_random) {
		l->g = rg_range(r, 2, 6);
		icpg = rg_range(r, 1, 6);
		ocpg = rg_range(r, 1, 6);
	}
	l->c = l->g * icpg;
	l->oc = l->g * ocpg;
	if (t == RG_T_conv_multitile) {
		l->h = rg_range(r, 8, 24);
		l->c = rg_range(r, 8, 24);
		l->oc = rg_range(r, 8, 40);
	}
	if (t == RG_T_pool_random) {
		l->pool = 1;
		l->pkh = rg_range(r, 1, 3);
		l->pkw = rg_chance(r, 70) ? l->pkh : rg_range(r, 1, 3);
		l->psh = rg_range(r, 1, 3);
		l->psw = rg_chance(r, 70) ? l->psh : rg_range(r, 1, 3);
		l->py0 = rg_chance(r, 30) ? -(int32_t)rg_range(r, 1, l->pkh) + 1 : 0;
		l->px0 = rg_chance(r, 30) ? -(int32_t)rg_range(r, 1, l->pkw) + 1 : 0;
	}
}

/* Requantization outputs, clip bounds and the pool geometry. */
static void pick_post(struct rg_gen *g, struct rg_layer *l)
{
	struct rg_rng *r = &g->rng;
	int lo = l->os ? -128 : 0, hi = l->os ? 127 : 255;

	l->out_zp = pick_zp(r, l->os);
	l->clip_lo = (uint32_t)lo & 0xff;
	l->clip_hi = (uint32_t)hi & 0xff;
	if (rg_chance(r, 25)) {
		int a = (int)rg_range(r, 0, 255) + lo, b = (int)rg_range(r, 0, 255) + lo;

		l->clip_lo = (uint32_t)(a < b ? a : b) & 0xff;
		l->clip_hi = (uint32_t)(a < b ? b : a) & 0xff;
		rg_bin(g, RG_B_clip_narrow);
	}
	if (!l->pool) {
		l->pkh = l->pkw = l->psh = l->psw = 1;
		l->py0 = l->px0 = 0;
		l->ph = l->oh;
		l->pw = l->ow;
		return;
	}
	/* Last window must start inside the tile. */
	l->ph = (uint32_t)((int32_t)l->oh - 1 - l->py0) / l->psh + 1;
	l->pw = (uint32_t)((int32_t)l->ow - 1 - l->px0) / l->psw + 1;
	if (rg_chance(r, 30) && l->ph > 1)
		l->ph = rg_range(r, 1, l->ph);
}

static void pick_tiling(struct rg_gen *g, struct rg_layer *l)
{
	struct rg_rng *r = &g->rng;
	int many = g->c->test == RG_T_conv_multitile;
	uint32_t chb, cin;

	l->th = l->pool ? l->oh : (many ? rg_range(r, 1, 3) : rg_range(r, 1, l->oh));
	if (l->g > 1) {
		l->gb = many ? rg_range(r, 1, 2) : rg_range(r, 1, l->g);
		l->ocb = l->gb * (l->oc / l->g);
		l->icb = l->gb * (l->c / l->g);
	} else {
		l->gb = 1;
		l->ocb = many ? rg_range(r, 1, 8) : rg_range(r, 1, l->oc);
		l->icb = many ? rg_range(r, 1, 8) : (rg_chance(r, 40) ? rg_range(r, 1, l->c) : l->c);
	}
	chb = l->ocb;
	/* Keep every tile inside its buffer at the chosen offsets. */
	if (rg_chance(r, 40)) {
		l->acc_off = rg_range(r, 0, 256);
		l->out_off = rg_range(r, 0, 512);
		l->inp_off = rg_range(r, 0, 512);
		l->wgt_off = rg_range(r, 0, 512);
		l->prm_off = rg_range(r, 0, 64);
		rg_bin(g, RG_B_sram_offsets);
	}
	while (l->th > 1 && (uint64_t)chb * l->th * l->ow > ACC_CAP - l->acc_off)
		l->th--;
	cin = ((l->th - 1) * l->sh + (l->kh - 1) * l->dh + 1) * (l->pl + l->w + l->pr + l->kw * l->dw);
	while (l->icb > 1 && (uint64_t)l->icb * cin > INP_CAP - l->inp_off)
		l->icb--;
}

int rg_layer_pick(struct rg_gen *g, struct rg_layer *l)
{
	for (int tries = 0; tries < 100; tries++) {
		uint32_t elem;

		pick_shapes(g, l);
		l->oh = conv_out(l->h, l->pt, l->pb, l->kh, l->dh, l->sh);
		l->ow = conv_out(l->w, l->pl, l->pr, l->kw, l->dw, l->sw);
		if (!l->oh || !l->ow)
			continue;
		if (l->pool && ((int32_t)l->oh - 1 < l->py0 || (int32_t)l->ow - 1 < l->px0))
			continue;
		pick_post(g, l);
		pick_tiling(g, l);
		elem = l->raw32 ? 4 : 1;
		if ((uint64_t)l->ocb * l->th * l->ow > ACC_CAP - l->acc_off ||
		    (uint64_t)l->ocb * l->ph * l->pw * elem > OUT_CAP - l->out_off ||
		    (uint64_t)l->ocb * (l->c / l->g) * l->kh * l->kw > WGT_CAP - l->wgt_off ||
		    (uint64_t)l->ocb * LPF_PARAM_ENTRY_BYTES > PRM_CAP - l->prm_off * 16)
			continue;
		return 0;
	}
	return -1;
}

static void wr32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint8_t rand_byte(struct rg_rng *r, int extreme)
{
	if (extreme && rg_chance(r, 50))
		return rg_chance(r, 50) ? 0x7f : 0x80;
	return (uint8_t)rg_next(r);
}

/* Parameter entries: bias, multiplier, weight zero point per output channel. */
static void fill_params(struct rg_gen *g, struct rg_layer *l)
{
	struct rg_rng *r = &g->rng;
	uint32_t k = (l->c / l->g) * l->kh * l->kw;
	int per_channel = rg_chance(r, 60), ties = rg_chance(r, 25), sat = rg_chance(r, 20);
	float base = (float)(0.012 / sqrt((double)k) * pow(2.0, (double)rg_range(r, 0, 40) / 10 - 2));
	int32_t wzp0 = 0;
	uint8_t *p;

	if (rg_chance(r, 50))
		wzp0 = l->ws ? (int32_t)rg_range(r, 0, 255) - 128 : (int32_t)rg_range(r, 0, 255);
	l->p_at = rg_alloc(g, (size_t)l->oc * LPF_PARAM_ENTRY_BYTES);
	p = g->c->dram + l->p_at;
	rg_bin(g, per_channel ? RG_B_per_channel : RG_B_per_tensor);
	if (ties)
		rg_bin(g, RG_B_tie_multiplier);
	for (uint32_t oc = 0; oc < l->oc; oc++, p += LPF_PARAM_ENTRY_BYTES) {
		float m = base;
		int32_t wzp = wzp0, bias = (int32_t)rg_range(r, 0, 20000) - 10000;
		uint32_t mb;

		if (per_channel) {
			m = base * (float)pow(2.0, (double)rg_range(r, 0, 20) / 10 - 1);
			if (rg_chance(r, 50))
				wzp = l->ws ? (int32_t)rg_range(r, 0, 255) - 128
					    : (int32_t)rg_range(r, 0, 255);
		}
		if (ties)
			m = 1.0f / (float)(1u << rg_range(r, 1, 4));
		else if (sat)
			m = base * 64;
		if (l->raw32)
			m = 1.0f;
		if (wzp)
			rg_bin(g, RG_B_w_zp_nonzero);
		memcpy(&mb, &m, 4);
		wr32(p, (uint32_t)bias);
		wr32(p + 4, mb);
		wr32(p + 8, (uint32_t)wzp);
		wr32(p + 12, 0);
	}
}

static void fill_tensors(struct rg_gen *g, struct rg_layer *l)
{
	struct rg_rng *r = &g->rng;
	int extreme = rg_chance(r, 20);
	size_t nx = (size_t)l->c * l->h * l->w;
	size_t nw = (size_t)l->oc * (l->c / l->g) * l->kh * l->kw;
	size_t ny = (size_t)l->oc * l->ph * l->pw * (l->raw32 ? 4 : 1);

	l->x_zp = pick_zp(r, l->xs);
	l->x_at = rg_alloc(g, nx);
	for (size_t i = 0; i < nx; i++)
		g->c->dram[l->x_at + i] = rand_byte(r, extreme);
	l->w_at = rg_alloc(g, nw);
	for (size_t i = 0; i < nw; i++)
		g->c->dram[l->w_at + i] = rand_byte(r, extreme);
	fill_params(g, l);
	l->y_at = rg_alloc(g, ny);
	g->c->out_off = l->y_at;
	g->c->out_len = ny;
	g->c->out_kind = l->raw32 ? 3 : l->os ? 2 : 1;
}

static struct lpf_insn *add(struct rg_gen *g, uint32_t op)
{
	struct lpf_insn *in;

	if (g->n >= RG_MAX_INSNS - 16)
		return NULL;
	in = &g->insn[g->n++];
	memset(in, 0, sizeof(*in));
	in->opcode = op;
	return in;
}

static uint32_t doff(struct rg_gen *g, uint32_t seg, uint64_t at)
{
	return (uint32_t)(at - g->seg_off[seg]);
}

static struct lpf_insn *load(struct rg_gen *g, uint32_t buf, uint32_t seg, uint64_t at,
			     uint32_t sram, uint32_t x, uint32_t y, uint32_t z, uint32_t xs,
			     uint32_t ys, uint32_t zs)
{
	struct lpf_insn *in = add(g, LPF_OP_LOAD);

	if (!in)
		return NULL;
	in->u.load = (struct lpf_insn_load){.buf = buf, .seg = seg, .dram_off = doff(g, seg, at),
					    .sram_off = sram, .x_size = x, .y_size = y, .z_size = z,
					    .x_stride = xs, .y_stride = ys, .z_stride = zs};
	return in;
}

/* The weights of channel block [o0, o0+nocb) x input block [i0, i0+nicb) into WGT. */
static int load_weights(struct rg_gen *g, struct rg_layer *l, uint32_t o0, uint32_t nocb,
			uint32_t i0, uint32_t nicb)
{
	uint32_t icpg = l->c / l->g, kk = l->kh * l->kw;

	if (l->matmul)  /* B[K][N]: rows k, columns n */
		return load(g, LPF_BUF_WGT, l->seg_w, l->w_at + (uint64_t)i0 * l->oc + o0,
			    l->wgt_off, nocb, 1, nicb, 1, nocb, l->oc) ? 0 : -1;
	if (l->g > 1) { /* whole groups: i0 = first group's channel, nicb = its channels */
		uint32_t ocpg = l->oc / l->g, g0 = o0 / ocpg, ng = nocb / ocpg;

		for (uint32_t gi = 0; gi < ng; gi++)
			if (!load(g, LPF_BUF_WGT, l->seg_w,
				  l->w_at + (uint64_t)(g0 + gi) * ocpg * icpg * kk,
				  l->wgt_off + gi * icpg * kk * ocpg, ocpg, kk, icpg, icpg * kk, 1,
				  kk))
				return -1;
		return 0;
	}
	/* [ICB][KH][KW][OCB] gathered from ONNX [OC][IC][KH][KW]. */
	return load(g, LPF_BUF_WGT, l->seg_w, l->w_at + ((uint64_t)o0 * icpg + i0) * kk,
		    l->wgt_off, nocb, kk, nicb, icpg * kk, 1, kk) ? 0 : -1;
}

/*
 * Input rows for output rows [r0, r0+nr) of channels [c0, c0+nc). The stored tile spans
 * the virtual rows the windows need and at least one real row; *skip is the byte offset
 * of the first needed row inside it (non-zero only for tiles wholly in the bottom pad).
 */
static struct lpf_insn *load_input(struct rg_gen *g, struct rg_layer *l, uint32_t r0,
				   uint32_t nr, uint32_t c0, uint32_t nc, uint32_t *in_h,
				   uint32_t *in_w, uint32_t *skip)
{
	int64_t first = (int64_t)r0 * l->sh - l->pt;
	int64_t last = (int64_t)(r0 + nr - 1) * l->sh + (int64_t)(l->kh - 1) * l->dh - l->pt;
	int64_t wlast = (int64_t)(l->ow - 1) * l->sw + (int64_t)(l->kw - 1) * l->dw - l->pl;
	uint32_t px1 = wlast >= l->w ? (uint32_t)(wlast - (l->w - 1)) : 0;
	int64_t y0 = first < 0 ? 0 : first, y1 = last >= l->h ? l->h - 1 : last, vs, ve;
	struct lpf_insn *in;

	*skip = 0;
	if (l->matmul) {        /* A[M][K]: x over m (stride K), z over k */
		*in_h = 1;
		*in_w = l->w;
		return load(g, LPF_BUF_INP, l->seg_x, l->x_at + c0, l->inp_off, l->w, 1, nc, l->c,
			    l->c * l->w, 1);
	}
	if (y1 < y0)            /* only padding rows: keep the nearest real row */
		y0 = y1 = last < 0 ? 0 : l->h - 1;
	vs = first < y0 ? first : y0;
	ve = last > y1 ? last : y1;
	in = load(g, LPF_BUF_INP, l->seg_x, l->x_at + ((uint64_t)c0 * l->h + y0) * l->w,
		  l->inp_off, l->w, (uint32_t)(y1 - y0 + 1), nc, 1, l->w, l->h * l->w);
	if (!in)
		return NULL;
	in->u.load.pad_x0 = l->pl;
	in->u.load.pad_x1 = px1;
	in->u.load.pad_y0 = (uint32_t)(y0 - vs);
	in->u.load.pad_y1 = (uint32_t)(ve - y1);
	in->u.load.pad_value = l->x_zp;
	*in_h = (uint32_t)(ve - vs + 1);
	*in_w = l->pl + l->w + px1;
	*skip = (uint32_t)(first - vs) * *in_w;
	return in;
}

static void set_bins(struct rg_gen *g, const struct rg_layer *l, uint32_t tiles)
{
	uint32_t k = l->kh > l->kw ? l->kh : l->kw;

	rg_bin(g, l->matmul ? RG_B_op_matmul : l->g > 1 && l->c == l->g ? RG_B_op_depthwise
					   : l->g > 1 ? RG_B_op_group : RG_B_op_conv);
	if (l->raw32)
		rg_bin(g, RG_B_op_raw32);
	if (l->pool && (l->pkh > 1 || l->pkw > 1))
		rg_bin(g, RG_B_op_maxpool);
	if (l->pool && (l->py0 < 0 || l->px0 < 0))
		rg_bin(g, RG_B_pool_neg_origin);
	if (l->pool && (l->pkh > l->psh || l->pkw > l->psw))
		rg_bin(g, RG_B_pool_overlap);
	if (k == 1 || k == 3 || k == 5 || k == 7)
		rg_bin(g, k == 1 ? RG_B_k1x1 : k == 3 ? RG_B_k3x3 : k == 5 ? RG_B_k5x5 : RG_B_k7x7);
	if (k > 7)
		rg_bin(g, RG_B_k_large);
	if (l->kh != l->kw)
		rg_bin(g, RG_B_k_nonsquare);
	rg_bin(g, l->sh == 1 && l->sw == 1 ? RG_B_stride1 : l->sh >= 3 || l->sw >= 3
		  ? RG_B_stride3_plus : RG_B_stride2);
	if (l->sh != l->sw)
		rg_bin(g, RG_B_stride_asym);
	if (l->dh > 1 || l->dw > 1)
		rg_bin(g, RG_B_dilation2_plus);
	if (!l->pt && !l->pb && !l->pl && !l->pr)
		rg_bin(g, RG_B_pad_none);
	else if (l->pt == l->pb && l->pl == l->pr && l->pt == l->pl)
		rg_bin(g, RG_B_pad_sym);
	else
		rg_bin(g, RG_B_pad_asym);
	if ((l->pt && l->pt >= (l->kh + 1) / 2) || (l->pl && l->pl >= (l->kw + 1) / 2))
		rg_bin(g, RG_B_pad_ge_kernel_half);
	if (l->oh % l->th)
		rg_bin(g, RG_B_tail_rows);
	if (l->oc % l->ocb)
		rg_bin(g, RG_B_tail_oc);
	if (l->icb < l->c / l->g * l->gb)
		rg_bin(g, RG_B_ic_split);
	if (tiles >= 8)
		rg_bin(g, RG_B_many_tiles);
	if (tiles == 1)
		rg_bin(g, RG_B_single_tile);
	rg_bin(g, l->xs ? RG_B_x_s8 : RG_B_x_u8);
	rg_bin(g, l->ws ? RG_B_w_s8 : RG_B_w_u8);
	if (!l->raw32)
		rg_bin(g, l->os ? RG_B_out_s8 : RG_B_out_u8);
	if (l->x_zp)
		rg_bin(g, RG_B_x_zp_nonzero);
	if (l->matmul)
		rg_bin(g, RG_B_load_strided);
	if (l->x_at % 16 || l->y_at % 16)
		rg_bin(g, RG_B_unaligned_dram);
	if (l->g == 1 && !l->matmul)
		rg_bin(g, RG_B_wgt_gather);
}

static int emit_post_store(struct rg_gen *g, struct rg_layer *l, uint32_t r0, uint32_t nr,
			   uint32_t o0, uint32_t nocb, int first_post)
{
	uint32_t elem = l->raw32 ? 4 : 1;
	struct lpf_insn *p = add(g, LPF_OP_POST), *s;

	if (!p)
		return -1;
	p->pop_next = !first_post;
	p->push_next = true;
	p->push_prev = true;    /* releases INP/WGT/PARAM; the last one is cleared later */
	p->u.post = (struct lpf_insn_post){
		.mode = l->raw32 ? LPF_POST_MODE_RAW32 : LPF_POST_MODE_REQUANT,
		.out_signed = (uint32_t)l->os, .out_zp = l->out_zp, .acc_off = l->acc_off,
		.param_off = l->prm_off, .out_off = l->out_off, .th = nr, .tw = l->ow, .c = nocb,
		.clip_lo = l->clip_lo, .clip_hi = l->clip_hi, .pk_h = l->pkh, .pk_w = l->pkw,
		.ps_h = l->psh, .ps_w = l->psw, .py0 = l->py0, .px0 = l->px0,
		.ph = l->pool ? l->ph : nr, .pw = l->pw};
	if (l->raw32) {
		p->u.post.out_signed = 0;
		p->u.post.out_zp = 0;
		p->u.post.clip_lo = 0;
		p->u.post.clip_hi = 0;
	}
	s = add(g, LPF_OP_STORE);
	if (!s)
		return -1;
	s->pop_prev = true;
	s->push_prev = true;
	if (l->matmul)          /* Y[M][N]: x over m, z over n */
		s->u.store = (struct lpf_insn_store){
			.seg = l->seg_y, .elem_log2 = l->raw32 ? 2 : 0,
			.dram_off = doff(g, l->seg_y, l->y_at + (uint64_t)o0 * elem),
			.sram_off = l->out_off, .x_size = l->ow, .y_size = 1, .z_size = nocb,
			.x_stride = l->oc * elem, .y_stride = l->oc * l->ow * elem,
			.z_stride = elem};
	else
		s->u.store = (struct lpf_insn_store){
			.seg = l->seg_y, .elem_log2 = l->raw32 ? 2 : 0,
			.dram_off = doff(g, l->seg_y,
					 l->y_at + (((uint64_t)o0 * l->ph + r0) * l->pw) * elem),
			.sram_off = l->out_off, .x_size = l->pw, .y_size = p->u.post.ph,
			.z_size = nocb, .x_stride = elem, .y_stride = l->pw * elem,
			.z_stride = l->ph * l->pw * elem};
	return 0;
}

int rg_layer_emit(struct rg_gen *g, struct rg_layer *l)
{
	uint32_t icpg = l->c / l->g, ocpg = l->oc / l->g, tiles = 0;
	struct lpf_insn *last_post = NULL, *last_store = NULL, *last_rel = NULL;
	int first_group = 1, first_post = 1;

	l->seg_w = rg_chance(&g->rng, 80) ? 0 : rg_range(&g->rng, 0, 3);
	l->seg_x = rg_chance(&g->rng, 80) ? 1 : rg_range(&g->rng, 0, 3);
	l->seg_y = rg_chance(&g->rng, 80) ? 1 : rg_range(&g->rng, 0, 3);
	fill_tensors(g, l);
	for (uint32_t r0 = 0; r0 < l->oh; r0 += l->th) {
		uint32_t nr = l->oh - r0 < l->th ? l->oh - r0 : l->th;

		for (uint32_t o0 = 0; o0 < l->oc; o0 += l->ocb) {
			uint32_t nocb = l->oc - o0 < l->ocb ? l->oc - o0 : l->ocb;
			uint32_t ic_lo = l->g > 1 ? o0 / ocpg * icpg : 0;
			uint32_t ic_n = l->g > 1 ? nocb / ocpg * icpg : l->c;
			uint32_t step = l->g > 1 ? ic_n : l->icb;
			struct lpf_insn *conv = NULL;

			for (uint32_t i0 = 0; i0 < ic_n; i0 += step) {
				uint32_t nic = ic_n - i0 < step ? ic_n - i0 : step, in_h, in_w, skip;
				struct lpf_insn *first = NULL, *in;
				uint32_t mark = g->n;

				if (i0 == 0 && !load(g, LPF_BUF_PARAM, l->seg_w,
						     l->p_at + (uint64_t)o0 * LPF_PARAM_ENTRY_BYTES,
						     l->prm_off * LPF_PARAM_ENTRY_BYTES,
						     nocb * LPF_PARAM_ENTRY_BYTES, 1, 1, 1, 0, 0))
					return -1;
				if (load_weights(g, l, o0, nocb, ic_lo + i0 - (l->g > 1 ? ic_lo : 0),
						 nic))
					return -1;
				in = load_input(g, l, r0, nr, ic_lo + i0, nic, &in_h, &in_w, &skip);
				if (!in)
					return -1;
				first = &g->insn[mark];
				first->pop_next = !first_group;
				in->push_next = true;
				first_group = 0;
				conv = add(g, LPF_OP_CONV);
				if (!conv)
					return -1;
				conv->pop_prev = true;
				conv->push_prev = i0 + step < ic_n;
				if (conv->push_prev)
					last_rel = conv;
				conv->u.conv = (struct lpf_insn_conv){
					.acc_mode = i0 > 0, .x_signed = (uint32_t)l->xs,
					.w_signed = (uint32_t)l->ws, .x_zp = l->x_zp,
					.inp_off = l->inp_off + skip, .wgt_off = l->wgt_off,
					.acc_off = l->acc_off, .param_off = l->prm_off, .in_h = in_h,
					.in_w = in_w, .out_h = nr, .out_w = l->ow, .kh = l->kh,
					.kw = l->kw, .sh = l->sh, .sw = l->sw, .dh = l->dh, .dw = l->dw,
					.icpg = l->g > 1 ? icpg : nic, .ocpg = l->g > 1 ? ocpg : nocb,
					.groups = l->g > 1 ? nocb / ocpg : 1};
				tiles++;
			}
			if (emit_post_store(g, l, r0, nr, o0, nocb, first_post))
				return -1;
			first_post = 0;
			last_post = &g->insn[g->n - 2];
			last_store = &g->insn[g->n - 1];
			last_rel = last_post;
		}
	}
	/* Nothing may be left in a queue at END: the last release tokens have no taker. */
	if (last_rel)
		last_rel->push_prev = false;
	if (last_post)
		last_post->push_prev = false;
	if (last_store)
		last_store->push_prev = false;
	set_bins(g, l, tiles);
	return 0;
}
