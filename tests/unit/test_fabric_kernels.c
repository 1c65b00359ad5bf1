/* SPDX-License-Identifier: MIT */
/*
 * The SIMD kernels of the fabric model against its portable kernel: random CONV
 * and POST instructions (every signedness combination, zero points including
 * out-of-range weight zero points, groups and depthwise, strides, dilations, row
 * tails, ACC_MODE accumulate, pool windows, odd multipliers) run on the same buffer
 * contents with each kernel this CPU has, on 1 and 2 threads, and must leave the
 * same bits. The portable kernel is the reference interpreter, an independent
 * implementation; test_fabric_model checks it against a naive NCHW reference.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/lpf_test.h"
#include "fabric/fabric_internal.h"
#include "fabric/fabric_pool.h"
#include "lpf_arith.h"

#define N_CONV 400
#define N_POST 400
#define DRAM_SIZE 4096u

static uint64_t rng_state;

static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

/* Uniform in [lo, hi]. */
static uint32_t rnd_in(uint32_t lo, uint32_t hi)
{
	return lo + rnd() % (hi - lo + 1);
}

static uint8_t dram[DRAM_SIZE];

static int dram_read(void *ctx, uint64_t addr, void *dst, size_t n)
{
	(void)ctx;
	if (addr > DRAM_SIZE || n > DRAM_SIZE - addr)
		return -1;
	memcpy(dst, dram + addr, n);
	return 0;
}

static int dram_write(void *ctx, uint64_t addr, const void *src, size_t n)
{
	(void)ctx;
	if (addr > DRAM_SIZE || n > DRAM_SIZE - addr)
		return -1;
	memcpy(dram + addr, src, n);
	return 0;
}

static struct lpf_fabric *new_fabric(void)
{
	struct lpf_dram_ops ops = {.read = dram_read, .write = dram_write, .ctx = NULL};
	struct lpf_fabric *f = lpf_fabric_new(&ops);

	CU_ASSERT_FATAL(f != NULL);
	return f;
}

static void fill(uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		p[i] = (uint8_t)rnd();
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint32_t w_zp_value(uint32_t w_signed)
{
	switch (rnd() % 4) {
	case 0:
	case 1:
		return 0;
	case 2:
		return w_signed ? (uint32_t)(int32_t)(int8_t)rnd() : rnd() & 0xFF;
	default:
		return rnd();                   /* outside 8 bits: products wrap mod 2^32 */
	}
}

static uint32_t span(uint32_t out, uint32_t stride, uint32_t k, uint32_t dil)
{
	return (out - 1) * stride + (k - 1) * dil + 1;
}

/* A random valid CONV; its buffers and parameter entries are filled with random bytes. */
static void random_conv(struct lpf_fabric *f, struct lpf_insn_conv *c)
{
	uint64_t n_in, n_wgt, n_acc;

	do {
		memset(c, 0, sizeof(*c));
		if (rnd() % 5 == 0) {
			c->groups = rnd_in(2, 24);
			c->icpg = 1;
			c->ocpg = rnd_in(1, 2);
		} else {
			c->groups = rnd() % 3 ? 1 : rnd_in(2, 4);
			c->icpg = rnd_in(1, 20);
			c->ocpg = rnd_in(1, 24);
		}
		c->kh = rnd() % 6 ? rnd_in(1, 3) : rnd_in(4, 7);
		c->kw = rnd() % 6 ? rnd_in(1, 3) : rnd_in(4, 7);
		c->sh = rnd() % 3 ? 1 : rnd_in(2, 3);
		c->sw = rnd() % 3 ? 1 : rnd_in(2, 3);
		c->dh = rnd() % 4 ? 1 : 2;
		c->dw = rnd() % 4 ? 1 : 2;
		c->out_h = rnd_in(1, 9);
		c->out_w = rnd() % 3 ? rnd_in(1, 40) : rnd_in(1, 3);
		c->in_h = span(c->out_h, c->sh, c->kh, c->dh) + rnd_in(0, 2);
		c->in_w = span(c->out_w, c->sw, c->kw, c->dw) + rnd_in(0, 2);
		n_in = (uint64_t)c->groups * c->icpg * c->in_h * c->in_w;
		n_wgt = (uint64_t)c->groups * c->icpg * c->kh * c->kw * c->ocpg;
		n_acc = (uint64_t)c->groups * c->ocpg * c->out_h * c->out_w;
	} while (n_in > LPF_INP_BUF_BYTES / 2 || n_wgt > LPF_WGT_BUF_BYTES / 2 ||
		 n_acc > LPF_ACC_BUF_ENTRIES / 2 || c->groups * c->ocpg > 512);
	c->acc_mode = rnd() % 3 == 0;
	c->x_signed = rnd() & 1;
	c->w_signed = rnd() & 1;
	c->x_zp = rnd() & 0xFF;
	c->inp_off = rnd_in(0, 1000);
	c->wgt_off = rnd_in(0, 1000);
	c->acc_off = rnd_in(0, 1000);
	c->param_off = rnd_in(0, 1000);
	fill(f->inp + c->inp_off, n_in);
	fill(f->wgt + c->wgt_off, n_wgt);
	f->wgt_gen++;
	for (uint32_t oc = 0; oc < c->groups * c->ocpg; oc++) {
		uint8_t *e = f->param + (uint64_t)(c->param_off + oc) * LPF_PARAM_ENTRY_BYTES;

		fill(e, 8);
		put32(e + LPF_FAB_PARAM_WZP, w_zp_value(c->w_signed));
	}
	fill((uint8_t *)(f->acc + c->acc_off), n_acc * 4);
}

static void set_kernel(struct lpf_fabric *f, enum lpf_fabric_kernel k)
{
	CU_ASSERT_FATAL(lpf_fabric_set_kernel(f, k) == 0);
}

static void print_conv(const struct lpf_insn_conv *c, int k, int threads, int i)
{
	fprintf(stderr, "\n%s, %d threads, case %d: g%u icpg%u ocpg%u k%ux%u s%u,%u d%u,%u ",
		lpf_fabric_kernel_name((enum lpf_fabric_kernel)k), threads, i, c->groups,
		c->icpg, c->ocpg, c->kh, c->kw, c->sh, c->sw, c->dh, c->dw);
	fprintf(stderr, "out%ux%u in%ux%u xs%u ws%u acc%u\n", c->out_h, c->out_w, c->in_h,
		c->in_w, c->x_signed, c->w_signed, c->acc_mode);
}

/* Every available fast kernel on 1 and 2 threads against PORTABLE, n random CONVs. */
static void check_conv_kernels(uint64_t seed)
{
	static uint32_t before[LPF_ACC_BUF_ENTRIES], want[LPF_ACC_BUF_ENTRIES];
	struct lpf_fabric *f = new_fabric();
	struct lpf_pool *pool = lpf_pool_new(2);
	int checked = 0;

	CU_ASSERT_FATAL(pool != NULL);
	rng_state = seed;
	for (int i = 0; i < N_CONV; i++) {
		struct lpf_insn_conv c;

		random_conv(f, &c);
		memcpy(before, f->acc, sizeof(before));
		set_kernel(f, LPF_FABRIC_KERNEL_PORTABLE);
		lpf_fabric_set_pool(f, NULL);
		CU_ASSERT_EQUAL_FATAL(lpf_fab_conv(f, &c), LPF_ERR_NONE);
		memcpy(want, f->acc, sizeof(want));
		for (int k = 1; k < LPF_FABRIC_KERNEL_COUNT; k++) {
			if (!lpf_fabric_kernel_supported((enum lpf_fabric_kernel)k))
				continue;
			for (int threads = 1; threads <= 2; threads++) {
				set_kernel(f, (enum lpf_fabric_kernel)k);
				lpf_fabric_set_pool(f, threads == 2 ? pool : NULL);
				memcpy(f->acc, before, sizeof(before));
				CU_ASSERT_EQUAL_FATAL(lpf_fab_conv(f, &c), LPF_ERR_NONE);
				if (memcmp(f->acc, want, sizeof(want))) {
					CU_FAIL("CONV differs from the portable kernel");
					print_conv(&c, k, threads, i);
					goto out;
				}
				checked++;
			}
		}
	}
out:
	lpf_fabric_set_pool(f, NULL);
	lpf_pool_free(pool);
	lpf_fabric_free(f);
	if (!checked)
		lpf_test_skip("this CPU has no SIMD kernel");
}

static void fabric_kernels_conv_matches_portable(void)
{
	check_conv_kernels(0x9E3779B97F4A7C15ull);
}

static float random_mult(void)
{
	switch (rnd() % 12) {
	case 0:
		return 0.0f;
	case 1:
		return -ldexpf((float)rnd_in(1, 1000), -12);     /* negative: pooled last */
	case 2:
		return NAN;
	case 3:
		return INFINITY;
	case 4:
		return ldexpf((float)rnd_in(1, 1u << 23), 10);   /* products saturate */
	case 5:
		return 0x1p-140f;                                  /* subnormal */
	default:
		return ldexpf((float)rnd_in(1u << 23, (1u << 24) - 1), -(int)rnd_in(26, 40));
	}
}

static uint32_t random_sum(void)
{
	switch (rnd() % 4) {
	case 0:
		return rnd() << 16 | rnd();                        /* anywhere in int32 */
	case 1:
		return rnd_in(0, 8) ? (uint32_t)rnd_in(0, 2000) - 1000u : 0x80000000u;
	default:
		return (uint32_t)rnd_in(0, 200000) - 100000u;
	}
}

/* A random valid POST with random accumulators and parameter entries. */
static void random_post(struct lpf_fabric *f, struct lpf_insn_post *p)
{
	int32_t lo, hi;
	uint64_t n_acc;

	memset(p, 0, sizeof(*p));
	p->c = rnd_in(1, 16);
	p->th = rnd_in(1, 16);
	p->tw = rnd_in(1, 40);
	p->mode = rnd() % 8 ? LPF_POST_MODE_REQUANT : LPF_POST_MODE_RAW32;
	p->pk_h = p->pk_w = p->ps_h = p->ps_w = 1;
	if (p->mode == LPF_POST_MODE_REQUANT && rnd() % 4) {
		if (rnd() & 1) {
			p->pk_h = p->pk_w = p->ps_h = p->ps_w = 2;
		} else {
			p->pk_h = rnd_in(1, 3);
			p->pk_w = rnd_in(1, 3);
			p->ps_h = rnd_in(1, 3);
			p->ps_w = rnd_in(1, 3);
			p->py0 = -(int32_t)rnd_in(0, p->pk_h - 1);
			p->px0 = -(int32_t)rnd_in(0, p->pk_w - 1);
		}
	}
	/* Windows start inside the tile; sometimes fewer than fit. */
	p->ph = (uint32_t)((int32_t)p->th - 1 - p->py0) / p->ps_h + 1;
	p->pw = (uint32_t)((int32_t)p->tw - 1 - p->px0) / p->ps_w + 1;
	p->ph = rnd() % 4 ? p->ph : rnd_in(1, p->ph);
	p->pw = rnd() % 4 ? p->pw : rnd_in(1, p->pw);
	p->out_signed = rnd() & 1;
	p->out_zp = rnd() & 0xFF;
	lo = (int32_t)rnd_in(0, 255) + (p->out_signed ? -128 : 0);
	hi = (int32_t)rnd_in(0, 255) + (p->out_signed ? -128 : 0);
	if (rnd() % 2) {
		lo = p->out_signed ? -128 : 0;
		hi = p->out_signed ? 127 : 255;
	}
	if (lo > hi) {
		int32_t t = lo;

		lo = hi;
		hi = t;
	}
	p->clip_lo = (uint32_t)lo & 0xFF;
	p->clip_hi = (uint32_t)hi & 0xFF;
	p->acc_off = rnd_in(0, 1000);
	p->param_off = rnd_in(0, 1000);
	p->out_off = rnd_in(0, 1000);
	n_acc = (uint64_t)p->c * p->th * p->tw;
	for (uint64_t i = 0; i < n_acc; i++)
		f->acc[p->acc_off + i] = random_sum();
	for (uint32_t c = 0; c < p->c; c++) {
		uint8_t *e = f->param + (uint64_t)(p->param_off + c) * LPF_PARAM_ENTRY_BYTES;

		put32(e + LPF_FAB_PARAM_BIAS, rnd() % 2 ? random_sum() : 0);
		put32(e + LPF_FAB_PARAM_MULT, lpf_f32_to_bits(random_mult()));
	}
}

static void print_post(const struct lpf_insn_post *p, int k, int i)
{
	fprintf(stderr, "\n%s, case %d: c%u t%ux%u pool %ux%u/%u,%u at %d,%d -> %ux%u mode %u\n",
		lpf_fabric_kernel_name((enum lpf_fabric_kernel)k), i, p->c, p->th, p->tw,
		p->pk_h, p->pk_w, p->ps_h, p->ps_w, p->py0, p->px0, p->ph, p->pw, p->mode);
}

static void fabric_kernels_post_matches_portable(void)
{
	static uint8_t want[LPF_OUT_BUF_BYTES];
	struct lpf_fabric *f = new_fabric();
	int checked = 0;

	rng_state = 0xD1B54A32D192ED03ull;
	for (int i = 0; i < N_POST; i++) {
		struct lpf_insn_post p;

		random_post(f, &p);
		fill(f->out, sizeof(f->out));
		memcpy(want, f->out, sizeof(want));
		set_kernel(f, LPF_FABRIC_KERNEL_PORTABLE);
		CU_ASSERT_EQUAL_FATAL(lpf_fab_post(f, &p), LPF_ERR_NONE);
		memcpy(want, f->out, sizeof(want));
		for (int k = 1; k < LPF_FABRIC_KERNEL_COUNT; k++) {
			if (!lpf_fabric_kernel_supported((enum lpf_fabric_kernel)k))
				continue;
			set_kernel(f, (enum lpf_fabric_kernel)k);
			CU_ASSERT_EQUAL_FATAL(lpf_fab_post(f, &p), LPF_ERR_NONE);
			if (memcmp(f->out, want, sizeof(want))) {
				CU_FAIL("POST differs from the portable kernel");
				print_post(&p, k, i);
				lpf_fabric_free(f);
				return;
			}
			checked++;
		}
	}
	lpf_fabric_free(f);
	if (!checked)
		lpf_test_skip("this CPU has no SIMD kernel");
}

/* Weights loaded again from the same DRAM address with new bytes are packed again. */
static void fabric_kernels_repacks_reloaded_weights(void)
{
	static uint32_t want[LPF_ACC_BUF_ENTRIES];
	struct lpf_insn_conv c = {
		.groups = 1, .icpg = 8, .ocpg = 16, .kh = 3, .kw = 3, .sh = 1, .sw = 1, .dh = 1,
		.dw = 1, .in_h = 10, .in_w = 10, .out_h = 8, .out_w = 8, .w_signed = 1,
	};
	struct lpf_insn_load l = {
		.buf = LPF_BUF_WGT, .x_size = 8 * 9 * 16, .y_size = 1, .z_size = 1, .x_stride = 1,
		.y_stride = 1, .z_stride = 1,
	};
	struct lpf_fabric *f = new_fabric();
	enum lpf_fabric_kernel best = lpf_fabric_kernel_best();

	rng_state = 42;
	fill(f->inp, 8 * 100);
	for (int round = 0; round < 3; round++) {
		fill(dram, l.x_size);
		CU_ASSERT_EQUAL_FATAL(lpf_fab_load(f, &l), LPF_ERR_NONE);
		set_kernel(f, LPF_FABRIC_KERNEL_PORTABLE);
		CU_ASSERT_EQUAL_FATAL(lpf_fab_conv(f, &c), LPF_ERR_NONE);
		memcpy(want, f->acc, sizeof(want));
		set_kernel(f, best);
		memset(f->acc, 0, sizeof(f->acc));
		CU_ASSERT_EQUAL_FATAL(lpf_fab_conv(f, &c), LPF_ERR_NONE);
		CU_ASSERT_EQUAL(memcmp(f->acc, want, sizeof(want)), 0);
	}
	lpf_fabric_free(f);
	if (best == LPF_FABRIC_KERNEL_PORTABLE)
		lpf_test_skip("this CPU has no SIMD kernel");
}

struct pool_count {
	unsigned hits[1000];
};

static void count_unit(void *ctx, unsigned unit)
{
	struct pool_count *pc = ctx;

	__atomic_fetch_add(&pc->hits[unit], 1, __ATOMIC_RELAXED);
}

static void fabric_kernels_pool_runs_every_unit_once(void)
{
	static struct pool_count pc;
	struct lpf_pool *pool = lpf_pool_new(3);

	CU_ASSERT_FATAL(pool != NULL);
	CU_ASSERT_EQUAL(lpf_pool_threads(pool), 3);
	for (unsigned n = 1; n <= 1000; n += 37) {
		memset(&pc, 0, sizeof(pc));
		lpf_pool_run(pool, n, count_unit, &pc);
		for (unsigned u = 0; u < 1000; u++)
			CU_ASSERT_EQUAL(pc.hits[u], u < n ? 1u : 0u);
	}
	lpf_pool_free(pool);
}

static void fabric_kernels_names_round_trip(void)
{
	for (int k = 0; k < LPF_FABRIC_KERNEL_COUNT; k++) {
		enum lpf_fabric_kernel out = LPF_FABRIC_KERNEL_COUNT;
		const char *name = lpf_fabric_kernel_name((enum lpf_fabric_kernel)k);

		CU_ASSERT_EQUAL(lpf_fabric_kernel_parse(name, &out), 0);
		CU_ASSERT_EQUAL(out, k);
	}
	CU_ASSERT_EQUAL(lpf_fabric_kernel_parse("avx9000", &(enum lpf_fabric_kernel){0}), -1);
	CU_ASSERT(lpf_fabric_kernel_supported(LPF_FABRIC_KERNEL_PORTABLE));
	CU_ASSERT(lpf_fabric_kernel_supported(lpf_fabric_kernel_best()));
}

int main(void)
{
	static const struct lpf_test_case cases[] = {
		{"fabric_kernels_conv_matches_portable", fabric_kernels_conv_matches_portable},
		{"fabric_kernels_post_matches_portable", fabric_kernels_post_matches_portable},
		{"fabric_kernels_repacks_reloaded_weights",
		 fabric_kernels_repacks_reloaded_weights},
		{"fabric_kernels_pool_runs_every_unit_once",
		 fabric_kernels_pool_runs_every_unit_once},
		{"fabric_kernels_names_round_trip", fabric_kernels_names_round_trip},
		{NULL, NULL},
	};

	return lpf_test_run("fabric_kernels", cases);
}
