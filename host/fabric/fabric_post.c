/* SPDX-License-Identifier: MIT */
/*
 * POST: bias, then either requantize (the float contract of lpf_arith.h, which is
 * what the golden model must match), clip and max pool into 8-bit outputs, or
 * RAW32: acc + bias as int32. The portable kernel does it as defined: each
 * channel's tile is requantized once into a scratch plane and then pooled (windows
 * may overlap). The SIMD kernels pool the sums first when that is provably the same.
 */
#include "fabric/fabric_internal.h"
#include "lpf_arith.h"

struct post_ctx {
	int32_t zp, clip_lo, clip_hi;
};

static bool pool_is_identity(const struct lpf_insn_post *in)
{
	return in->pk_h == 1 && in->pk_w == 1 && in->ps_h == 1 && in->ps_w == 1 && in->py0 == 0 &&
	       in->px0 == 0;
}

static uint32_t check_fields(const struct lpf_insn_post *in, const struct post_ctx *pc)
{
	if (!in->c || !in->th || !in->tw || !in->ph || !in->pw || !in->pk_h || !in->pk_w ||
	    !in->ps_h || !in->ps_w || in->pk_h > LPF_MAX_POOL || in->pk_w > LPF_MAX_POOL ||
	    in->ps_h > LPF_MAX_POOL || in->ps_w > LPF_MAX_POOL)
		return LPF_ERR_BAD_FIELD;
	if (in->mode == LPF_POST_MODE_RAW32)
		return pool_is_identity(in) ? LPF_ERR_NONE : LPF_ERR_BAD_FIELD;
	if (in->mode != LPF_POST_MODE_REQUANT || pc->clip_lo > pc->clip_hi)
		return LPF_ERR_BAD_FIELD;
	return LPF_ERR_NONE;
}

/* Every pooling window along one axis must overlap [0, tile). */
static bool windows_cover(int32_t origin, uint32_t stride, uint32_t k, uint32_t n,
			  uint32_t tile)
{
	for (uint32_t i = 0; i < n; i++) {
		int64_t lo = (int64_t)origin + (int64_t)i * stride;

		if (lo + k <= 0 || lo >= tile)
			return false;
	}
	return true;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static void raw32_channel(struct lpf_fabric *f, const struct lpf_insn_post *in, uint32_t c,
			  uint32_t bias)
{
	const uint32_t *acc = f->acc + in->acc_off + (uint64_t)c * in->th * in->tw;
	uint8_t *out = f->out + in->out_off + (uint64_t)c * in->ph * in->pw * 4;

	for (uint32_t y = 0; y < in->ph; y++)
		for (uint32_t x = 0; x < in->pw; x++, out += 4)
			put_le32(out, acc[(uint64_t)y * in->tw + x] + bias);
}

/*
 * The clip bounds lie inside the output type's range, so saturating to the type and
 * then clipping is one clamp to [lo, hi].
 */
void lpf_fab_requant_portable(const uint32_t *acc, int32_t *q, uint64_t n,
			      const struct lpf_fab_requant *rq)
{
	for (uint64_t i = 0; i < n; i++) {
		int32_t v = lpf_fab_i32(acc[i] + rq->bias);

		q[i] = lpf_requantize(v, rq->mult, rq->zp, rq->lo, rq->hi);
	}
}

static int32_t max2(int32_t a, int32_t b)
{
	return a > b ? a : b;
}

/* Max of src[i] + add (int32) over the window rows [r0, r0 + PK_H) x cols [c0, c0 + PK_W). */
static int32_t pool_max(const struct lpf_insn_post *in, const uint32_t *src, uint32_t add,
			int64_t r0, int64_t c0)
{
	int64_t r1 = r0 + in->pk_h, c1 = c0 + in->pk_w;
	int32_t m = INT32_MIN;

	if (r0 < 0)
		r0 = 0;
	if (c0 < 0)
		c0 = 0;
	if (r1 > in->th)
		r1 = in->th;
	if (c1 > in->tw)
		c1 = in->tw;
	for (int64_t r = r0; r < r1; r++)
		for (int64_t col = c0; col < c1; col++)
			m = max2(m, lpf_fab_i32(src[r * in->tw + col] + add));
	return m;
}

/* dst[py][px] = max over the pool window of src + add, with the two common cases unrolled. */
static void pool_plane(const struct lpf_fabric *f, const struct lpf_insn_post *in,
		       const uint32_t *src, uint32_t add, int32_t *dst)
{
	if (pool_is_identity(in)) {
		for (uint32_t py = 0; py < in->ph; py++)
			for (uint32_t px = 0; px < in->pw; px++)
				*dst++ = lpf_fab_i32(src[(uint64_t)py * in->tw + px] + add);
		return;
	}
	if (in->pk_h == 2 && in->pk_w == 2 && in->ps_h == 2 && in->ps_w == 2 && in->py0 == 0 &&
	    in->px0 == 0 && 2 * in->ph <= in->th && 2 * in->pw <= in->tw) {
		if (f->ops->pool2x2) {
			f->ops->pool2x2(src, in->tw, add, in->ph, in->pw, dst);
			return;
		}
		for (uint32_t py = 0; py < in->ph; py++) {
			const uint32_t *a = src + (uint64_t)2 * py * in->tw, *b = a + in->tw;

			for (uint32_t px = 0; px < in->pw; px++) {
				int32_t m = max2(lpf_fab_i32(a[2 * px] + add),
						 lpf_fab_i32(a[2 * px + 1] + add));

				m = max2(m, max2(lpf_fab_i32(b[2 * px] + add),
						 lpf_fab_i32(b[2 * px + 1] + add)));
				*dst++ = m;
			}
		}
		return;
	}
	for (uint32_t py = 0; py < in->ph; py++) {
		int64_t r0 = (int64_t)in->py0 + (int64_t)py * in->ps_h;

		for (uint32_t px = 0; px < in->pw; px++) {
			int64_t c0 = (int64_t)in->px0 + (int64_t)px * in->ps_w;

			*dst++ = pool_max(in, src, add, r0, c0);
		}
	}
}

/*
 * Requantization is monotone non-decreasing when the multiplier is +0, positive or
 * +inf (arithmetic.md, section 2), and then pooling the sums first and requantizing
 * only the maxima gives the same bytes. Otherwise (a negative or NaN multiplier,
 * which no valid program has) every element is requantized before the pool.
 */
static bool requant_is_monotone(float mult)
{
	return mult == mult && !(lpf_f32_to_bits(mult) >> 31);
}

static void requant_channel(struct lpf_fabric *f, const struct lpf_insn_post *in,
			    const struct post_ctx *pc, uint32_t c, uint32_t bias, float mult)
{
	const uint64_t n = (uint64_t)in->th * in->tw, n_out = (uint64_t)in->ph * in->pw;
	const uint32_t *acc = f->acc + in->acc_off + c * n;
	uint8_t *out = f->out + in->out_off + c * n_out;
	struct lpf_fab_requant rq = {
		.bias = bias, .mult = mult, .zp = pc->zp, .lo = pc->clip_lo, .hi = pc->clip_hi,
	};

	if (f->ops->pool_first && requant_is_monotone(mult)) {
		pool_plane(f, in, acc, bias, f->pooled);
		rq.bias = 0;
		if (f->ops->requant_bytes) {
			f->ops->requant_bytes((const uint32_t *)f->pooled, out, n_out, &rq);
			return;
		}
		f->ops->requant((const uint32_t *)f->pooled, f->pooled, n_out, &rq);
	} else {
		f->ops->requant(acc, f->qs, n, &rq);
		pool_plane(f, in, (const uint32_t *)f->qs, 0, f->pooled);
	}
	for (uint64_t i = 0; i < n_out; i++)
		out[i] = (uint8_t)(f->pooled[i] & 0xFF);
}

uint32_t lpf_fab_post(struct lpf_fabric *f, const struct lpf_insn_post *in)
{
	const uint64_t elem = in->mode == LPF_POST_MODE_RAW32 ? 4 : 1;
	struct post_ctx pc = {
		.zp = lpf_fab_byte_value(in->out_zp, in->out_signed),
		.clip_lo = lpf_fab_byte_value(in->clip_lo, in->out_signed),
		.clip_hi = lpf_fab_byte_value(in->clip_hi, in->out_signed),
	};
	uint32_t err = check_fields(in, &pc);
	uint64_t n_acc = (uint64_t)in->c * in->th * in->tw;
	uint64_t n_out = (uint64_t)in->c * in->ph * in->pw * elem;

	if (err != LPF_ERR_NONE)
		return err;
	if (!lpf_fab_fits(in->acc_off, n_acc, LPF_ACC_BUF_ENTRIES) ||
	    !lpf_fab_fits(in->param_off, in->c, LPF_PARAM_BUF_ENTRIES) ||
	    !lpf_fab_fits(in->out_off, n_out, LPF_OUT_BUF_BYTES))
		return LPF_ERR_SRAM_RANGE;
	if (!windows_cover(in->py0, in->ps_h, in->pk_h, in->ph, in->th) ||
	    !windows_cover(in->px0, in->ps_w, in->pk_w, in->pw, in->tw))
		return LPF_ERR_POOL_WINDOW;

	for (uint32_t c = 0; c < in->c; c++) {
		const uint8_t *entry = lpf_fab_param_entry(f, in->param_off + c);
		uint32_t bias = lpf_fab_le32(entry + LPF_FAB_PARAM_BIAS);
		float mult = lpf_bits_to_f32(lpf_fab_le32(entry + LPF_FAB_PARAM_MULT));

		if (in->mode == LPF_POST_MODE_RAW32)
			raw32_channel(f, in, c, bias);
		else
			requant_channel(f, in, &pc, c, bias, mult);
	}
	return LPF_ERR_NONE;
}
