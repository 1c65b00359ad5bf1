/* SPDX-License-Identifier: MIT */
/*
 * The AVX2 kernel. CONV: VPMADDWD on int16 pairs. The tile holds x - x_zp and the
 * packed weights hold w, both exact in int16, and each pair sum is at most
 * 2 * 255 * 255 in magnitude, so nothing saturates (VPMADDUBSW would: its int16
 * pair sums overflow for 8-bit operands). fabric_conv_simd.h subtracts w_zp times
 * the window sum. A vector holds 8 output pixels of one row, accumulated for
 * LPF_FAB_NT channels in registers over all taps. POST: the float requantization
 * in 8 lanes, the same IEEE operations as lpf_requantize().
 */
#include "fabric/fabric_conv_simd.h"

#if defined(__x86_64__) || defined(__i386__)

#include <immintrin.h>

#define T256 __attribute__((target("avx2")))
#define INLINE256 T256 static inline __attribute__((always_inline))
#define VL 8

static const int32_t lane_ramp[2 * VL] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};

/* Lanes [0, n) of a mask vector, n <= VL. */
INLINE256 __m256i lanes(uint64_t n)
{
	return _mm256_loadu_si256((const __m256i *)(lane_ramp + VL - (n < VL ? n : VL)));
}

/* The input bytes of one channel at pixels [i, i + 8), minus x_zp, as int32 lanes. */
INLINE256 __m256i channel_px(const uint8_t *p, uint64_t left, bool is_signed, __m256i zp)
{
	uint8_t b[VL] = {0};
	__m128i raw;

	if (left >= VL) {
		raw = _mm_loadl_epi64((const __m128i *)p);
	} else {
		for (uint64_t k = 0; k < left; k++)
			b[k] = p[k];
		raw = _mm_loadl_epi64((const __m128i *)b);
	}
	return _mm256_sub_epi32(is_signed ? _mm256_cvtepi8_epi32(raw) : _mm256_cvtepu8_epi32(raw),
				zp);
}

/* tile[g][q][i] = int16 pair (x - x_zp) of channels g*ICPG + 2q, 2q+1 at pixel i. */
T256 static void prep_tile(struct lpf_fabric *f, const struct lpf_insn_conv *in, uint32_t kg)
{
	const uint64_t plane = (uint64_t)in->in_h * in->in_w;
	const __m256i zp = _mm256_set1_epi32(lpf_fab_byte_value(in->x_zp, in->x_signed));
	const __m256i low = _mm256_set1_epi32(0xFFFF);
	const uint8_t *src = f->inp + in->inp_off;
	uint32_t *dst = f->tile;

	for (uint32_t g = 0; g < in->groups; g++) {
		for (uint32_t q = 0; q < kg; q++, dst += plane) {
			const uint32_t c0 = q * 2;
			const bool two = in->icpg - c0 >= 2;
			const uint8_t *p = src + ((uint64_t)g * in->icpg + c0) * plane;

			for (uint64_t i = 0; i < plane; i += VL) {
				const uint64_t left = plane - i;
				const bool sg = in->x_signed;
				__m256i v = _mm256_and_si256(channel_px(p + i, left, sg, zp), low);

				if (two)
					v = _mm256_or_si256(v, _mm256_slli_epi32(
						channel_px(p + plane + i, left, sg, zp), 16));
				_mm256_storeu_si256((__m256i *)(dst + i), v);
			}
		}
	}
}

struct pxv {
	uint32_t y, x0;
	uint64_t base;
	__m256i m;
};

INLINE256 struct pxv pixel_vector(const struct lpf_fab_conv_job *j, uint32_t pv)
{
	const struct lpf_insn_conv *in = j->in;
	struct pxv v;

	v.y = pv / j->nxv;
	v.x0 = pv % j->nxv * VL;
	v.base = (uint64_t)v.y * in->sh * in->in_w + (uint64_t)v.x0 * in->sw;
	v.m = lanes(in->out_w - v.x0);
	return v;
}

/* Lanes past the row read words of the tile scratch that exist but do not matter. */
INLINE256 __m256i load_px(const uint32_t *p, __m256i m, uint32_t sw, __m256i idx)
{
	if (sw == 1)
		return _mm256_loadu_si256((const __m256i *)p);
	return _mm256_mask_i32gather_epi32(_mm256_setzero_si256(), (const int *)p, idx, m, 4);
}

INLINE256 void store_px(const struct lpf_fab_conv_job *j, uint32_t g, uint32_t nbi,
			const struct pxv *v, const __m256i *acc, __m256i xs)
{
	const struct lpf_insn_conv *in = j->in;
	const uint32_t n0 = nbi * LPF_FAB_NT;
	const uint32_t nt = in->ocpg - n0 < LPF_FAB_NT ? in->ocpg - n0 : LPF_FAB_NT;
	const uint64_t plane = (uint64_t)in->out_h * in->out_w;
	struct lpf_fabric *f = j->f;

	for (uint32_t t = 0; t < nt; t++) {
		const uint32_t oc = g * in->ocpg + n0 + t;
		int *p = (int *)(f->acc + in->acc_off + oc * plane + (uint64_t)v->y * in->out_w +
				 v->x0);
		__m256i r = _mm256_add_epi32(acc[t], _mm256_set1_epi32((int)f->chan_c[oc]));

		if (j->xsum)
			r = _mm256_add_epi32(r, _mm256_mullo_epi32(
							xs, _mm256_set1_epi32((int)f->chan_d[oc])));
		if (in->acc_mode)
			r = _mm256_add_epi32(r, _mm256_maskload_epi32(p, v->m));
		_mm256_maskstore_epi32(p, v->m, r);
	}
}

#define B(t) const __m256i b##t = _mm256_set1_epi32((int)w[t])
#define MA(t) a##t = _mm256_add_epi32(a##t, _mm256_madd_epi16(x, b##t))

/* One pixel vector; named accumulators, not an array, so that they stay in registers. */
INLINE256 void block_vector(const struct lpf_fab_conv_job *j, uint32_t g, uint32_t nbi,
			    uint32_t pv, const bool with_xsum)
{
	const struct lpf_insn_conv *in = j->in;
	const uint32_t *tile = j->tile + (uint64_t)g * j->kg * in->in_h * in->in_w;
	const uint32_t *w = j->packed + ((uint64_t)g * j->nb + nbi) * j->n_taps * LPF_FAB_NT;
	const __m256i idx = _mm256_mullo_epi32(_mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7),
					       _mm256_set1_epi32((int)in->sw));
	const __m256i ones = _mm256_set1_epi16(1);
	const struct pxv v = pixel_vector(j, pv);
	const uint32_t *t0 = tile + v.base;
	__m256i s = _mm256_setzero_si256(), a0 = s, a1 = s, a2 = s, a3 = s, a4 = s, a5 = s, a6 = s,
		a7 = s;

	for (uint32_t k = 0; k < j->n_taps; k++, w += LPF_FAB_NT) {
		const __m256i x = load_px(t0 + j->toff[k], v.m, in->sw, idx);
		B(0); B(1); B(2); B(3); B(4); B(5); B(6); B(7);

		MA(0); MA(1); MA(2); MA(3); MA(4); MA(5); MA(6); MA(7);
		if (with_xsum)
			s = _mm256_add_epi32(s, _mm256_madd_epi16(x, ones));
	}
	{
		const __m256i r[LPF_FAB_NT] = {a0, a1, a2, a3, a4, a5, a6, a7};

		store_px(j, g, nbi, &v, r, s);
	}
}

T256 static void block(const struct lpf_fab_conv_job *j, uint32_t g, uint32_t nbi, uint32_t pv0,
		       uint32_t pv1)
{
	for (uint32_t pv = pv0; pv < pv1; pv++) {
		if (j->xsum)
			block_vector(j, g, nbi, pv, true);
		else
			block_vector(j, g, nbi, pv, false);
	}
}

T256 static bool conv(struct lpf_fabric *f, const struct lpf_insn_conv *in)
{
	const uint32_t kg = (in->icpg + 1) / 2;
	const struct lpf_fab_wpack *wp = lpf_fab_wpack_get(f, in, 2);
	struct lpf_fab_conv_job j = {
		.f = f, .in = in, .tile = f->tile, .kg = kg, .block = block,
	};

	if (!wp)
		return false;
	prep_tile(f, in, kg);
	lpf_fab_conv_run(&j, wp, VL, 0, 0);
	return true;
}

/* lpf_requantize() then the clip, 8 lanes at a time (see fabric_avx512.c). */
T256 static void requant(const uint32_t *acc, int32_t *q, uint64_t n,
			 const struct lpf_fab_requant *rq)
{
	const __m256i bias = _mm256_set1_epi32((int)rq->bias), zp = _mm256_set1_epi32(rq->zp);
	const __m256i lo = _mm256_set1_epi32(rq->lo), hi = _mm256_set1_epi32(rq->hi);
	const __m256 mult = _mm256_set1_ps(rq->mult);
	const __m256 big = _mm256_set1_ps(0x1p24f), nbig = _mm256_set1_ps(-0x1p24f);
	uint64_t i = 0;

	for (; i + VL <= n; i += VL) {
		__m256i v = _mm256_add_epi32(_mm256_loadu_si256((const __m256i *)(acc + i)), bias);
		__m256 p = _mm256_mul_ps(_mm256_cvtepi32_ps(v), mult);
		__m256 num = _mm256_cmp_ps(p, p, _CMP_ORD_Q);
		__m256 r;

		p = _mm256_min_ps(_mm256_max_ps(p, nbig), big);
		r = _mm256_and_ps(num, _mm256_round_ps(p, _MM_FROUND_TO_NEAREST_INT |
							      _MM_FROUND_NO_EXC));
		v = _mm256_add_epi32(_mm256_cvtps_epi32(r), zp);
		v = _mm256_min_epi32(_mm256_max_epi32(v, lo), hi);
		_mm256_storeu_si256((__m256i *)(q + i), v);
	}
	if (i < n)
		lpf_fab_requant_portable(acc + i, q + i, n - i, rq);
}

static const struct lpf_fab_kernel_ops ops = {
	.conv = conv,
	.requant = requant,
	.pool_first = true,
};

const struct lpf_fab_kernel_ops *const lpf_fab_avx2_ops = &ops;

#else

const struct lpf_fab_kernel_ops *const lpf_fab_avx2_ops = NULL;

#endif
