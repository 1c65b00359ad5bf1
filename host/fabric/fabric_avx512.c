/* SPDX-License-Identifier: MIT */
/*
 * The AVX-512 VNNI kernel. CONV: VPDPBUSD multiplies 4 unsigned input bytes by 4
 * signed weight bytes and adds the 4 products to an int32 lane without saturation.
 * Inputs become unsigned by flipping the sign bit of int8 values (x + 128), uint8
 * weights become signed by the same flip (w - 128); fabric_conv_simd.h corrects
 * for both and for the zero points. A vector holds 16 output pixels of one row;
 * two vectors times LPF_FAB_NT channels are accumulated in registers over all
 * taps. POST: the float requantization in 16 lanes, the same IEEE operations as
 * lpf_requantize() (int32 -> float32 with RNE, one multiply, round half to even).
 */
#include "fabric/fabric_conv_simd.h"

#if defined(__x86_64__) || defined(__i386__)

#include <immintrin.h>

#define T512 __attribute__((target("avx512f,avx512bw,avx512vl,avx512vnni")))
#define INLINE512 T512 static inline __attribute__((always_inline))
#define VL 16

/* tile[g][q][i] = input bytes of channels g*ICPG + 4q .. 4q+3 at pixel i, made unsigned. */
T512 static void prep_tile(struct lpf_fabric *f, const struct lpf_insn_conv *in, uint32_t kg)
{
	const uint64_t plane = (uint64_t)in->in_h * in->in_w;
	const __m512i flip = _mm512_set1_epi32(in->x_signed ? 0x80 : 0);
	const uint8_t *src = f->inp + in->inp_off;
	uint32_t *dst = f->tile;

	for (uint32_t g = 0; g < in->groups; g++) {
		for (uint32_t q = 0; q < kg; q++, dst += plane) {
			const uint32_t c0 = q * 4, n_ch = in->icpg - c0 < 4 ? in->icpg - c0 : 4;
			const uint8_t *p = src + ((uint64_t)g * in->icpg + c0) * plane;

			for (uint64_t i = 0; i < plane; i += VL) {
				const uint64_t left = plane - i;
				__mmask16 m = left >= VL ? 0xFFFF : (__mmask16)((1u << left) - 1);
				__m512i v = _mm512_setzero_si512();

				for (uint32_t c = 0; c < n_ch; c++) {
					__m512i b = _mm512_cvtepu8_epi32(
						_mm_maskz_loadu_epi8(m, p + c * plane + i));

					b = _mm512_xor_si512(b, flip);
					v = _mm512_or_si512(v, _mm512_slli_epi32(b, 8 * c));
				}
				_mm512_mask_storeu_epi32(dst + i, m, v);
			}
		}
	}
}

INLINE512 __m512i load_px(const uint32_t *p, __mmask16 m, uint32_t sw, __m512i idx)
{
	if (sw == 1)
		return _mm512_maskz_loadu_epi32(m, p);
	return _mm512_mask_i32gather_epi32(_mm512_setzero_si512(), m, idx, p, 4);
}

struct pxv {
	uint32_t y, x0;
	uint64_t base;                  /* word offset of the vector's first window */
	__mmask16 m;
};

INLINE512 struct pxv pixel_vector(const struct lpf_fab_conv_job *j, uint32_t pv)
{
	const struct lpf_insn_conv *in = j->in;
	struct pxv v;
	uint32_t left;

	v.y = pv / j->nxv;
	v.x0 = pv % j->nxv * VL;
	v.base = (uint64_t)v.y * in->sh * in->in_w + (uint64_t)v.x0 * in->sw;
	left = in->out_w - v.x0;
	v.m = left >= VL ? 0xFFFF : (__mmask16)((1u << left) - 1);
	return v;
}

INLINE512 void store_px(const struct lpf_fab_conv_job *j, uint32_t g, uint32_t nbi,
			const struct pxv *v, const __m512i *acc, __m512i xs)
{
	const struct lpf_insn_conv *in = j->in;
	const uint32_t n0 = nbi * LPF_FAB_NT;
	const uint32_t nt = in->ocpg - n0 < LPF_FAB_NT ? in->ocpg - n0 : LPF_FAB_NT;
	const uint64_t plane = (uint64_t)in->out_h * in->out_w;
	struct lpf_fabric *f = j->f;

	for (uint32_t t = 0; t < nt; t++) {
		const uint32_t oc = g * in->ocpg + n0 + t;
		uint32_t *p = f->acc + in->acc_off + oc * plane + (uint64_t)v->y * in->out_w +
			      v->x0;
		__m512i r = _mm512_add_epi32(acc[t], _mm512_set1_epi32((int)f->chan_c[oc]));

		if (j->xsum)
			r = _mm512_add_epi32(r, _mm512_mullo_epi32(
							xs, _mm512_set1_epi32((int)f->chan_d[oc])));
		if (in->acc_mode)
			r = _mm512_add_epi32(r, _mm512_maskz_loadu_epi32(v->m, p));
		_mm512_mask_storeu_epi32(p, v->m, r);
	}
}

#define B(t) const __m512i b##t = _mm512_set1_epi32((int)w[t])
#define DP(a, x, t) a##t = _mm512_dpbusd_epi32(a##t, x, b##t)
#define DP8(a, x)                                                                             \
	do {                                                                                  \
		DP(a, x, 0); DP(a, x, 1); DP(a, x, 2); DP(a, x, 3);                           \
		DP(a, x, 4); DP(a, x, 5); DP(a, x, 6); DP(a, x, 7);                           \
	} while (0)
#define ZERO8(a) __m512i a##0 = _mm512_setzero_si512(), a##1 = a##0, a##2 = a##0, a##3 = a##0, \
			a##4 = a##0, a##5 = a##0, a##6 = a##0, a##7 = a##0
#define LIST8(a) {a##0, a##1, a##2, a##3, a##4, a##5, a##6, a##7}

/*
 * np (1 or 2) pixel vectors from pv, with or without the window sums. The
 * accumulators are named variables, not an array, so that they stay in registers.
 */
INLINE512 void block_vectors(const struct lpf_fab_conv_job *j, uint32_t g, uint32_t nbi,
			     uint32_t pv, const int np, const bool with_xsum)
{
	const struct lpf_insn_conv *in = j->in;
	const uint32_t *tile = j->tile + (uint64_t)g * j->kg * in->in_h * in->in_w;
	const uint32_t *w = j->packed + ((uint64_t)g * j->nb + nbi) * j->n_taps * LPF_FAB_NT;
	const __m512i idx = _mm512_mullo_epi32(
		_mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
		_mm512_set1_epi32((int)in->sw));
	const __m512i ones = _mm512_set1_epi8(1);
	const struct pxv v0 = pixel_vector(j, pv), v1 = np > 1 ? pixel_vector(j, pv + 1) : v0;
	const uint32_t *t0 = tile + v0.base, *t1 = tile + v1.base;
	__m512i s0 = _mm512_setzero_si512(), s1 = s0;
	ZERO8(a);
	ZERO8(c);

	for (uint32_t k = 0; k < j->n_taps; k++, w += LPF_FAB_NT) {
		const uint32_t off = j->toff[k];
		const __m512i x0 = load_px(t0 + off, v0.m, in->sw, idx);
		B(0); B(1); B(2); B(3); B(4); B(5); B(6); B(7);

		DP8(a, x0);
		if (with_xsum)
			s0 = _mm512_dpbusd_epi32(s0, x0, ones);
		if (np > 1) {
			const __m512i x1 = load_px(t1 + off, v1.m, in->sw, idx);

			DP8(c, x1);
			if (with_xsum)
				s1 = _mm512_dpbusd_epi32(s1, x1, ones);
		}
	}
	{
		const __m512i r0[LPF_FAB_NT] = LIST8(a);

		store_px(j, g, nbi, &v0, r0, s0);
	}
	if (np > 1) {
		const __m512i r1[LPF_FAB_NT] = LIST8(c);

		store_px(j, g, nbi, &v1, r1, s1);
	}
}

T512 static void block(const struct lpf_fab_conv_job *j, uint32_t g, uint32_t nbi, uint32_t pv0,
		       uint32_t pv1)
{
	uint32_t pv = pv0;

	if (j->xsum) {
		for (; pv + 2 <= pv1; pv += 2)
			block_vectors(j, g, nbi, pv, 2, true);
		if (pv < pv1)
			block_vectors(j, g, nbi, pv, 1, true);
	} else {
		for (; pv + 2 <= pv1; pv += 2)
			block_vectors(j, g, nbi, pv, 2, false);
		if (pv < pv1)
			block_vectors(j, g, nbi, pv, 1, false);
	}
}

T512 static bool conv(struct lpf_fabric *f, const struct lpf_insn_conv *in)
{
	const uint32_t kg = (in->icpg + 3) / 4;
	const struct lpf_fab_wpack *wp = lpf_fab_wpack_get(f, in, 4);
	const uint32_t x_zp = lpf_fab_byte_value(in->x_zp, in->x_signed);
	struct lpf_fab_conv_job j = {
		.f = f, .in = in, .tile = f->tile, .kg = kg, .block = block,
	};

	if (!wp)
		return false;
	prep_tile(f, in, kg);
	lpf_fab_conv_run(&j, wp, VL, x_zp + (in->x_signed ? 128 : 0), in->w_signed ? 0 : 128);
	return true;
}

/* lpf_requantize() then the clip, 16 lanes at a time; see the file comment. */
T512 static void requant(const uint32_t *acc, int32_t *q, uint64_t n,
			 const struct lpf_fab_requant *rq)
{
	const __m512i bias = _mm512_set1_epi32((int)rq->bias), zp = _mm512_set1_epi32(rq->zp);
	const __m512i lo = _mm512_set1_epi32(rq->lo), hi = _mm512_set1_epi32(rq->hi);
	const __m512 mult = _mm512_set1_ps(rq->mult);
	/* Past 2^24 every result saturates whatever the zero point; clamping keeps cvt exact. */
	const __m512 big = _mm512_set1_ps(0x1p24f), nbig = _mm512_set1_ps(-0x1p24f);

	for (uint64_t i = 0; i < n; i += VL) {
		__mmask16 m = n - i >= VL ? 0xFFFF : (__mmask16)((1u << (n - i)) - 1);
		__m512i v = _mm512_add_epi32(_mm512_maskz_loadu_epi32(m, acc + i), bias);
		__m512 p = _mm512_mul_ps(_mm512_cvtepi32_ps(v), mult);
		__mmask16 num = _mm512_cmp_ps_mask(p, p, _CMP_ORD_Q);
		__m512 r;

		p = _mm512_min_ps(_mm512_max_ps(p, nbig), big);
		r = _mm512_maskz_mov_ps(num, _mm512_roundscale_ps(p, _MM_FROUND_TO_NEAREST_INT |
									    _MM_FROUND_NO_EXC));
		v = _mm512_add_epi32(_mm512_cvtps_epi32(r), zp);
		v = _mm512_min_epi32(_mm512_max_epi32(v, lo), hi);
		_mm512_mask_storeu_epi32(q + i, m, v);
	}
}

/* requant() with the results narrowed to bytes (they are within 8 bits). */
T512 static void requant_bytes(const uint32_t *acc, uint8_t *out, uint64_t n,
			       const struct lpf_fab_requant *rq)
{
	int32_t q[VL];

	for (uint64_t i = 0; i < n; i += VL) {
		const uint64_t k = n - i < VL ? n - i : VL;

		requant(acc + i, q, k, rq);
		_mm512_mask_cvtepi32_storeu_epi8(out + i, (__mmask16)((1u << k) - 1),
						 _mm512_loadu_si512(q));
	}
}

/*
 * 2x2 max pool with stride 2 of src + add (int32) over ph x pw outputs: the max of
 * two rows, then of even and odd lanes, 16 outputs at a time.
 */
T512 static void pool2x2(const uint32_t *src, uint32_t tw, uint32_t add, uint32_t ph,
			 uint32_t pw, int32_t *dst)
{
	const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26,
					       28, 30);
	const __m512i odd = _mm512_add_epi32(even, _mm512_set1_epi32(1));
	const __m512i a = _mm512_set1_epi32((int)add);

	for (uint32_t py = 0; py < ph; py++, dst += pw) {
		const uint32_t *r0 = src + (uint64_t)2 * py * tw, *r1 = r0 + tw;

		for (uint32_t px = 0; px < pw; px += VL) {
			const uint32_t k = pw - px < VL ? pw - px : VL;
			const __mmask16 mlo = k >= 8 ? 0xFFFF : (__mmask16)((1u << (2 * k)) - 1);
			const __mmask16 mhi = k > 8 ? (__mmask16)((1u << (2 * k - 16)) - 1) : 0;
			const uint32_t *p0 = r0 + 2 * px, *p1 = r1 + 2 * px;
			__m512i lo = _mm512_max_epi32(
				_mm512_add_epi32(_mm512_maskz_loadu_epi32(mlo, p0), a),
				_mm512_add_epi32(_mm512_maskz_loadu_epi32(mlo, p1), a));
			__m512i hi = _mm512_max_epi32(
				_mm512_add_epi32(_mm512_maskz_loadu_epi32(mhi, p0 + VL), a),
				_mm512_add_epi32(_mm512_maskz_loadu_epi32(mhi, p1 + VL), a));
			__m512i m = _mm512_max_epi32(_mm512_permutex2var_epi32(lo, even, hi),
						     _mm512_permutex2var_epi32(lo, odd, hi));

			_mm512_mask_storeu_epi32(dst + px, (__mmask16)((1u << k) - 1), m);
		}
	}
}

static const struct lpf_fab_kernel_ops ops = {
	.conv = conv,
	.requant = requant,
	.requant_bytes = requant_bytes,
	.pool2x2 = pool2x2,
	.pool_first = true,
};

const struct lpf_fab_kernel_ops *const lpf_fab_avx512_ops = &ops;

#else

const struct lpf_fab_kernel_ops *const lpf_fab_avx512_ops = NULL;

#endif
