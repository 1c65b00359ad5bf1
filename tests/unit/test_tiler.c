/* SPDX-License-Identifier: MIT */
/*
 * Tiler: every tile fits half of each buffer (at its row pitch too), tiles cover the
 * output exactly once, the traffic is never below the lower bound nor above a naive
 * tiling's, a stride-2 layer gets whole conflict-free pixel blocks, and bad geometries
 * are rejected.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/lpf_test.h"
#include "compiler/tiler.h"
#include "lpf_spec.h"

static uint32_t rng_state = 12345;

static uint32_t rnd(uint32_t n)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return (rng_state >> 8) % n;
}

static int64_t out_size(int64_t in, int64_t k, int64_t s, int64_t d, int64_t pb, int64_t pe)
{
	return (in + pb + pe - ((k - 1) * d + 1)) / s + 1;
}

/* A random valid convolution, sometimes grouped or depthwise, sometimes pooled. */
static void random_geom(struct lpf_conv_geom *g)
{
	int64_t pe_h, pe_w, cpg, ocpg;

	memset(g, 0, sizeof(*g));
	g->n_img = 1 + rnd(2);
	g->groups = rnd(4) == 0 ? 1 + rnd(8) : 1;
	cpg = 1 + rnd(rnd(3) ? 64 : 600);
	ocpg = 1 + rnd(rnd(3) ? 64 : 300);
	if (g->groups > 1 && rnd(2)) {
		cpg = 1;
		ocpg = 1 + rnd(2);
		g->groups = 1 + rnd(200);
	}
	g->c = cpg * g->groups;
	g->oc = ocpg * g->groups;
	g->kh = 1 + rnd(5);
	g->kw = 1 + rnd(5);
	g->sh = 1 + rnd(3);
	g->sw = 1 + rnd(3);
	g->dh = 1 + rnd(2);
	g->dw = 1 + rnd(2);
	g->h = (g->kh - 1) * g->dh + 1 + rnd(60);
	g->w = (g->kw - 1) * g->dw + 1 + rnd(60);
	g->pad_t = rnd((uint32_t)g->kh);
	g->pad_l = rnd((uint32_t)g->kw);
	pe_h = rnd((uint32_t)g->kh);
	pe_w = rnd((uint32_t)g->kw);
	g->oh = out_size(g->h, g->kh, g->sh, g->dh, g->pad_t, pe_h);
	g->ow = out_size(g->w, g->kw, g->sw, g->dw, g->pad_l, pe_w);
	g->pk_h = g->pk_w = g->ps_h = g->ps_w = 1;
	g->ph = g->oh;
	g->pw = g->ow;
	g->out_elem = rnd(4) ? 1 : 4;
	if (g->out_elem == 1 && rnd(3) == 0 && g->oh >= 3 && g->ow >= 3) {
		g->pk_h = g->pk_w = 2 + rnd(2);
		g->ps_h = g->ps_w = 2;
		g->ppad_t = g->ppad_l = rnd(2);
		g->ph = out_size(g->oh, g->pk_h, 2, 1, g->ppad_t, g->ppad_t);
		g->pw = out_size(g->ow, g->pk_w, 2, 1, g->ppad_l, g->ppad_l);
	}
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static int64_t max64(int64_t a, int64_t b)
{
	return a > b ? a : b;
}

/* Conv rows a pooled range needs, computed here from the definition. */
static void conv_range(int64_t p0, int64_t p1, int64_t ps, int64_t pk, int64_t pp, int64_t o,
		       int64_t *c0, int64_t *c1)
{
	*c0 = max64(0, p0 * ps - pp);
	*c1 = min64(o, (p1 - 1) * ps - pp + pk);
}

static void check_tiles(const struct lpf_conv_geom *g, const struct lpf_tiling *t,
			uint8_t *cover)
{
	int64_t icpg = g->c / g->groups, ocpg = g->oc / g->groups;
	int64_t n_oc = lpf_tile_n_oc(g, t), i, r0, q0, oc, y, x;
	int64_t room = lpf_tile_pitch_room(g, t);
	struct lpf_inp_memo memo;

	lpf_inp_memo_init(&memo, g->sh, g->sw);
	for (i = 0; i < n_oc; i++) {
		struct lpf_octile o;

		lpf_tile_oc(g, t, i, &o);
		CU_ASSERT_TRUE(o.noc >= 1 && o.noc <= t->oc_t);
		CU_ASSERT_TRUE(o.noc <= (int64_t)LPF_PARAM_BUF_ENTRIES / 2);
		/* a tile's channels are whole groups or lie in one group */
		CU_ASSERT_TRUE(o.noc % ocpg == 0 || o.oc0 / ocpg == (o.oc0 + o.noc - 1) / ocpg);
		CU_ASSERT_EQUAL(o.ch0, o.oc0 / ocpg * icpg);
		for (r0 = 0; r0 < g->ph; r0 += t->ph_t) {
			for (q0 = 0; q0 < g->pw; q0 += t->pw_t) {
				struct lpf_span sr, sc;
				int64_t c0, c1, d0, d1, need_h, need_w, ic_chunk, st_h, st_w, pitch;
				uint64_t cycles;

				lpf_tile_span(g, 0, r0, min64(g->ph, r0 + t->ph_t), &sr);
				lpf_tile_span(g, 1, q0, min64(g->pw, q0 + t->pw_t), &sc);
				conv_range(r0, sr.p1, g->ps_h, g->pk_h, g->ppad_t, g->oh, &c0, &c1);
				conv_range(q0, sc.p1, g->ps_w, g->pk_w, g->ppad_l, g->ow, &d0, &d1);
				CU_ASSERT_EQUAL(sr.c0, c0);
				CU_ASSERT_EQUAL(sr.c1, c1);
				CU_ASSERT_EQUAL(sc.c0, d0);
				CU_ASSERT_EQUAL(sc.c1, d1);
				need_h = (c1 - c0 - 1) * g->sh + (g->kh - 1) * g->dh + 1;
				need_w = (d1 - d0 - 1) * g->sw + (g->kw - 1) * g->dw + 1;
				st_h = sr.pad0 + sr.ld1 - sr.ld0 + sr.pad1;
				st_w = sc.pad0 + sc.ld1 - sc.ld0 + sc.pad1;
				CU_ASSERT_TRUE(st_h - sr.skip >= need_h);
				CU_ASSERT_TRUE(st_w - sc.skip >= need_w);
				CU_ASSERT_TRUE(sr.ld0 >= 0 && sr.ld1 <= g->h && sr.ld0 < sr.ld1);
				CU_ASSERT_TRUE(sc.ld0 >= 0 && sc.ld1 <= g->w && sc.ld0 < sc.ld1);
				CU_ASSERT_TRUE(sr.pad0 <= 255 && sr.pad1 <= 255);
				ic_chunk = o.ng > 1 ? o.nch : min64(t->ic_t, icpg);
				CU_ASSERT_TRUE(ic_chunk * st_h * st_w <=
					       (int64_t)LPF_INP_BUF_BYTES / 2);
				/* the row pitch widens the stored tile within INP and PAD_X1 */
				pitch = lpf_tile_pitch(&memo, &sr, &sc, room, &cycles);
				CU_ASSERT_TRUE(pitch >= st_w && pitch < st_w + LPF_INP_BANKS);
				CU_ASSERT_TRUE(ic_chunk * st_h * pitch <=
					       (int64_t)LPF_INP_BUF_BYTES / 2);
				CU_ASSERT_TRUE(sc.pad1 + pitch - st_w <= 255);
				CU_ASSERT_TRUE(cycles >= (uint64_t)(((c1 - c0) * (d1 - d0) +
								    LPF_PE_ROWS - 1) /
								   LPF_PE_ROWS));
				CU_ASSERT_TRUE(o.noc * ic_chunk / o.ng * g->kh * g->kw <=
					       (int64_t)LPF_WGT_BUF_BYTES / 2);
				CU_ASSERT_TRUE(o.noc * (c1 - c0) * (d1 - d0) <=
					       (int64_t)LPF_ACC_BUF_ENTRIES / 2);
				CU_ASSERT_TRUE(o.noc * (sr.p1 - sr.p0) * (sc.p1 - sc.p0) *
						       g->out_elem <=
					       (int64_t)LPF_OUT_BUF_BYTES / 2);
				if (!cover)
					continue;
				for (oc = o.oc0; oc < o.oc0 + o.noc; oc++)
					for (y = sr.p0; y < sr.p1; y++)
						for (x = sc.p0; x < sc.p1; x++)
							cover[(oc * g->ph + y) * g->pw + x]++;
			}
		}
	}
	lpf_inp_memo_free(&memo);
}

static void tiler_tiles_fit_half_buffers(void)
{
	int n;

	for (n = 0; n < 300; n++) {
		struct lpf_conv_geom g;
		struct lpf_tiling t;
		struct lpf_err err;

		random_geom(&g);
		if (lpf_tile_choose(&g, &t, &err) != LPFPGA_OK) {
			CU_FAIL("no tiling for a random geometry");
			continue;
		}
		CU_ASSERT_TRUE(lpf_tiling_fits(&g, &t));
		check_tiles(&g, &t, NULL);
	}
}

static void tiler_tails_cover_output_once(void)
{
	int n;

	for (n = 0; n < 200; n++) {
		struct lpf_conv_geom g;
		struct lpf_tiling t;
		struct lpf_err err;
		uint8_t *cover;
		int64_t i, total;

		random_geom(&g);
		CU_ASSERT_EQUAL_FATAL(lpf_tile_choose(&g, &t, &err), LPFPGA_OK);
		/* force tails: tiles that do not divide the output */
		for (i = 2; i < 5; i++) {
			struct lpf_tiling u = t;

			u.ph_t = g.ph / i + 1;
			u.pw_t = g.pw / (i + 1) + 1;
			if (u.ph_t <= t.ph_t && u.pw_t <= t.pw_t && lpf_tiling_fits(&g, &u)) {
				t = u;
				break;
			}
		}
		total = g.oc * g.ph * g.pw;
		cover = calloc((size_t)total, 1);
		CU_ASSERT_PTR_NOT_NULL_FATAL(cover);
		check_tiles(&g, &t, cover);
		for (i = 0; i < total; i++)
			if (cover[i] != 1)
				break;
		CU_ASSERT_EQUAL(i, total);
		free(cover);
	}
}

/* Input rows (or columns) some output reads: strides larger than the kernel skip some. */
static int64_t used_inputs(int64_t in, int64_t out, int64_t k, int64_t s, int64_t d,
			   int64_t pad, int64_t pout, int64_t pk, int64_t ps, int64_t pp)
{
	int64_t r, n = 0, p, o, j;

	for (r = 0; r < in; r++) {
		bool used = false;

		for (p = 0; p < pout && !used; p++)
			for (o = p * ps - pp; o < p * ps - pp + pk && !used; o++)
				for (j = 0; j < k && o >= 0 && o < out && !used; j++)
					used = o * s - pad + j * d == r;
		n += used;
	}
	return n;
}

static uint64_t lower_bound_here(const struct lpf_conv_geom *g)
{
	int64_t uh = used_inputs(g->h, g->oh, g->kh, g->sh, g->dh, g->pad_t, g->ph, g->pk_h,
				 g->ps_h, g->ppad_t);
	int64_t uw = used_inputs(g->w, g->ow, g->kw, g->sw, g->dw, g->pad_l, g->pw, g->pk_w,
				 g->ps_w, g->ppad_l);

	return (uint64_t)(g->n_img * g->c * uh * uw) +
	       (uint64_t)(g->oc * g->c / g->groups * g->kh * g->kw) + (uint64_t)g->oc * 16 +
	       (uint64_t)(g->n_img * g->oc * g->ph * g->pw * g->out_elem);
}

static void tiler_traffic_at_least_lower_bound(void)
{
	int n;

	for (n = 0; n < 200; n++) {
		struct lpf_conv_geom g;
		struct lpf_tiling t;
		struct lpf_tile_cost c;
		struct lpf_err err;

		random_geom(&g);
		CU_ASSERT_EQUAL_FATAL(lpf_tile_choose(&g, &t, &err), LPFPGA_OK);
		lpf_tiling_cost(&g, &t, &c);
		CU_ASSERT_EQUAL(lpf_tile_lower_bound(&g), lower_bound_here(&g));
		CU_ASSERT_TRUE(c.inp_bytes + c.wgt_bytes + c.param_bytes + c.out_bytes >=
			       lower_bound_here(&g));
		CU_ASSERT_EQUAL(c.out_bytes,
				(uint64_t)(g.n_img * g.oc * g.ph * g.pw * g.out_elem));
		CU_ASSERT_TRUE(c.wgt_bytes >= (uint64_t)(g.oc * g.c / g.groups * g.kh * g.kw));
	}
}

static void tiler_never_worse_than_naive(void)
{
	int n;

	for (n = 0; n < 200; n++) {
		struct lpf_conv_geom g;
		struct lpf_tiling t, naive;
		struct lpf_tile_cost c, cn;
		struct lpf_err err;

		random_geom(&g);
		CU_ASSERT_EQUAL_FATAL(lpf_tile_choose(&g, &t, &err), LPFPGA_OK);
		lpf_tiling_cost(&g, &t, &c);
		/* one output channel, one output pixel, one input channel at a time */
		naive = (struct lpf_tiling){ .oc_t = 1, .ph_t = 1, .pw_t = 1, .ic_t = 1,
					     .order = LPF_ORDER_WEIGHTS };
		if (lpf_tiling_fits(&g, &naive)) {
			lpf_tiling_cost(&g, &naive, &cn);
			CU_ASSERT_TRUE(c.cost <= cn.cost);
		}
		/* row by row, PE_COLS channels, all input channels */
		naive = (struct lpf_tiling){ .oc_t = min64(LPF_PE_COLS, g.oc / g.groups),
					     .ph_t = 1, .pw_t = g.pw, .ic_t = g.c / g.groups,
					     .order = LPF_ORDER_WEIGHTS };
		if (lpf_tiling_fits(&g, &naive)) {
			lpf_tiling_cost(&g, &naive, &cn);
			CU_ASSERT_TRUE(c.cost <= cn.cost);
		}
	}
}

static void base_geom(struct lpf_conv_geom *g)
{
	*g = (struct lpf_conv_geom){ .n_img = 1, .c = 8, .h = 10, .w = 10, .oc = 8, .groups = 1,
				     .kh = 3, .kw = 3, .sh = 1, .sw = 1, .dh = 1, .dw = 1,
				     .pad_t = 1, .pad_l = 1, .oh = 10, .ow = 10, .pk_h = 1,
				     .pk_w = 1, .ps_h = 1, .ps_w = 1, .ph = 10, .pw = 10,
				     .out_elem = 1 };
}

static void tiler_rejects_zero_stride(void)
{
	struct lpf_conv_geom g;
	struct lpf_tiling t;
	struct lpf_err err;

	base_geom(&g);
	g.sh = 0;
	CU_ASSERT_EQUAL(lpf_tile_choose(&g, &t, &err), LPFPGA_ERROR_MODEL_INVALID);
	base_geom(&g);
	g.dw = 0;
	CU_ASSERT_EQUAL(lpf_tile_choose(&g, &t, &err), LPFPGA_ERROR_MODEL_INVALID);
}

static void tiler_rejects_bad_group_and_field_overflow(void)
{
	struct lpf_conv_geom g;
	struct lpf_tiling t;
	struct lpf_err err;

	base_geom(&g);
	g.groups = 3;
	CU_ASSERT_EQUAL(lpf_tile_choose(&g, &t, &err), LPFPGA_ERROR_SHAPE_MISMATCH);
	base_geom(&g);
	g.sh = 16;
	g.oh = g.ph = 1;
	CU_ASSERT_EQUAL(lpf_tile_choose(&g, &t, &err), LPFPGA_ERROR_NOT_SUPPORTED);
	base_geom(&g);
	g.pad_t = 300;
	CU_ASSERT_EQUAL(lpf_tile_choose(&g, &t, &err), LPFPGA_ERROR_NOT_SUPPORTED);
	base_geom(&g);
	CU_ASSERT_EQUAL(lpf_tile_choose(&g, &t, &err), LPFPGA_OK);
	t.oc_t = 0;
	CU_ASSERT_FALSE(lpf_tiling_fits(&g, &t));
}

static void tiler_splits_input_channels(void)
{
	/* 3x3 over 2048 channels: one output channel's weights need 18 KiB */
	struct lpf_conv_geom g;
	struct lpf_tiling t;
	struct lpf_err err;

	base_geom(&g);
	g.c = 8192;
	g.oc = 32;
	CU_ASSERT_EQUAL_FATAL(lpf_tile_choose(&g, &t, &err), LPFPGA_OK);
	CU_ASSERT_TRUE(lpf_tile_n_chunks(&g, &t) > 1);
	CU_ASSERT_TRUE(t.ic_t * 9 * t.oc_t <= (int64_t)LPF_WGT_BUF_BYTES / 2);
	check_tiles(&g, &t, NULL);
}

static void tiler_fc_as_matmul(void)
{
	/* FC 1000 -> 10 as a 1x1 conv with C = K, H = 1, W = M */
	struct lpf_conv_geom g = { .n_img = 1, .c = 1000, .h = 1, .w = 4, .oc = 10, .groups = 1,
				   .kh = 1, .kw = 1, .sh = 1, .sw = 1, .dh = 1, .dw = 1,
				   .oh = 1, .ow = 4, .pk_h = 1, .pk_w = 1, .ps_h = 1, .ps_w = 1,
				   .ph = 1, .pw = 4, .out_elem = 1 };
	struct lpf_tiling t;
	struct lpf_tile_cost c;
	struct lpf_err err;

	CU_ASSERT_EQUAL_FATAL(lpf_tile_choose(&g, &t, &err), LPFPGA_OK);
	lpf_tiling_cost(&g, &t, &c);
	/* everything fits at once: each byte moves exactly once */
	CU_ASSERT_EQUAL(c.inp_bytes, 4000u);
	CU_ASSERT_EQUAL(c.wgt_bytes, 10000u);
	CU_ASSERT_EQUAL(c.out_bytes, 40u);
	CU_ASSERT_EQUAL(c.n_tiles, 1u);
}

/*
 * ResNet-18's 64->128 3x3 stride 2 on 56x56: a tiling with whole pixel blocks exists within
 * the cheapest DRAM traffic, and with the row pitch every block takes one cycle per step.
 */
static void tiler_stride2_whole_conflict_free_blocks(void)
{
	struct lpf_conv_geom g;
	struct lpf_tiling t;
	struct lpf_tile_cost c;
	struct lpf_err err;

	base_geom(&g);
	g.c = 64;
	g.oc = 128;
	g.h = g.w = 56;
	g.sh = g.sw = 2;
	g.pad_t = g.pad_l = 1;
	g.oh = g.ow = g.ph = g.pw = 28;
	CU_ASSERT_EQUAL_FATAL(lpf_tile_choose(&g, &t, &err), LPFPGA_OK);
	lpf_tiling_cost(&g, &t, &c);
	/* output-channel blocks x steps x pixel blocks (28 * 28 / 16 = 49) */
	CU_ASSERT_EQUAL(c.conv_cycles, (uint64_t)(128 / LPF_PE_COLS) * 64 * 9 * 49);
	CU_ASSERT_TRUE(c.inp_bytes + c.wgt_bytes + c.param_bytes + c.out_bytes <=
		       lpf_tile_lower_bound(&g) * 11 / 10);
}

static void tiler_contig_loads(void)
{
	CU_ASSERT_EQUAL(lpf_contig_loads(1), 1);
	CU_ASSERT_EQUAL(lpf_contig_loads(65535), 1);
	CU_ASSERT_EQUAL(lpf_contig_loads(65536), 1);
	CU_ASSERT_EQUAL(lpf_contig_loads(65537), 2);
}

int main(void)
{
	static const struct lpf_test_case cases[] = {
		{ "tiler_tiles_fit_half_buffers", tiler_tiles_fit_half_buffers },
		{ "tiler_tails_cover_output_once", tiler_tails_cover_output_once },
		{ "tiler_traffic_at_least_lower_bound", tiler_traffic_at_least_lower_bound },
		{ "tiler_never_worse_than_naive", tiler_never_worse_than_naive },
		{ "tiler_rejects_zero_stride", tiler_rejects_zero_stride },
		{ "tiler_rejects_bad_group_and_field_overflow",
		  tiler_rejects_bad_group_and_field_overflow },
		{ "tiler_splits_input_channels", tiler_splits_input_channels },
		{ "tiler_fc_as_matmul", tiler_fc_as_matmul },
		{ "tiler_stride2_whole_conflict_free_blocks",
		  tiler_stride2_whole_conflict_free_blocks },
		{ "tiler_contig_loads", tiler_contig_loads },
		{ NULL, NULL },
	};

	return lpf_test_run("tiler", cases);
}
