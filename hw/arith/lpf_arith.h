/* SPDX-License-Identifier: MIT */
/*
 * The arithmetic contract of lpfpga (docs/arithmetic.md), as header-only C shared by
 * the golden fabric model, the host and HLS-C:
 *
 *   M_c = float32(float32(x_scale * w_scale_c) / y_scale)
 *   y   = saturate(round_half_to_even(float32(acc) * M_c) + y_zp)
 *   q   = saturate(round_half_to_even(x / s) + zp)              (QuantizeLinear)
 *
 * All float operations are IEEE binary32 with round-to-nearest-even. Results whose
 * magnitude reaches 2^40 saturate (no int32 zero point can bring them back into
 * range), infinities saturate by sign and a NaN product counts as 0 (only possible
 * with a NaN or infinite multiplier, which no valid program carries).
 *
 * lpf_requantize_int() realises lpf_requantize() with integer operations only: it
 * is the model of the RTL/HLS requantizer datapath.
 *
 * No libm and no library calls, so HLS tools can take the header as is.
 */
#ifndef LPF_ARITH_H
#define LPF_ARITH_H

#include <float.h>
#include <stdint.h>

#if defined(__FAST_MATH__)
#error "lpf_arith.h needs IEEE float semantics; do not build it with -ffast-math"
#endif
#if FLT_EVAL_METHOD != 0
#error "lpf_arith.h needs float expressions evaluated in float32 (FLT_EVAL_METHOD 0)"
#endif

/* Magnitude from which a rounded value saturates whatever the zero point. */
#define LPF_ARITH_SAT_LOG2 40

static inline uint32_t lpf_f32_to_bits(float f)
{
	union {
		float f;
		uint32_t u;
	} v;

	v.f = f;
	return v.u;
}

static inline float lpf_bits_to_f32(uint32_t u)
{
	union {
		float f;
		uint32_t u;
	} v;

	v.u = u;
	return v.f;
}

static inline int32_t lpf_saturate_i64(int64_t v, int32_t qmin, int32_t qmax)
{
	if (v < qmin)
		return qmin;
	if (v > qmax)
		return qmax;
	return (int32_t)v;
}

/*
 * round_half_to_even(v) in float arithmetic, clamped to +-2^40; NaN gives 0.
 * Below 2^23 the fraction v - trunc(v) is exact in float32; from 2^23 on every
 * float32 is an integer already.
 */
static inline int64_t lpf_rne_f32(float v)
{
	const int64_t lim = (int64_t)1 << LPF_ARITH_SAT_LOG2;
	int32_t i;
	float frac;

	if (v != v)
		return 0;
	if (v >= 0x1p40f)
		return lim;
	if (v <= -0x1p40f)
		return -lim;
	if (v >= 0x1p23f || v <= -0x1p23f)
		return (int64_t)v;
	i = (int32_t)v;
	frac = v - (float)i;
	if (frac > 0.5f || (frac == 0.5f && (i & 1)))
		i++;
	else if (frac < -0.5f || (frac == -0.5f && (i & 1)))
		i--;
	return i;
}

static inline float lpf_requant_multiplier(float x_scale, float w_scale, float y_scale)
{
	float xw = x_scale * w_scale;

	return xw / y_scale;
}

static inline int32_t lpf_requantize(int32_t acc, float mult, int32_t zp, int32_t qmin,
				     int32_t qmax)
{
	float p = (float)acc * mult;

	return lpf_saturate_i64(lpf_rne_f32(p) + zp, qmin, qmax);
}

/* QuantizeLinear: a division by the scale, not a multiplication by its inverse. */
static inline int32_t lpf_quantize_f32(float x, float scale, int32_t zp, int32_t qmin,
				       int32_t qmax)
{
	float d = x / scale;

	return lpf_saturate_i64(lpf_rne_f32(d) + zp, qmin, qmax);
}

/* v / 2^s rounded half to even; v < 2^62. */
static inline uint64_t lpf_rne_shr_u64(uint64_t v, uint32_t s)
{
	uint64_t q, rem, half;

	if (s == 0)
		return v;
	if (s >= 63)
		return 0;
	q = v >> s;
	rem = v & ((((uint64_t)1) << s) - 1);
	half = ((uint64_t)1) << (s - 1);
	if (rem > half || (rem == half && (q & 1)))
		q++;
	return q;
}

/* Index of the highest set bit of v != 0. */
static inline int32_t lpf_msb_u64(uint64_t v)
{
	int32_t n = 0;

	while (v >>= 1)
		n++;
	return n;
}

/*
 * lpf_requantize() with integer operations only:
 *  1. |acc| to a 24-bit mantissa ma * 2^ea (int32 -> float32, RNE);
 *  2. the multiplier's mantissa mm * 2^em (subnormals without the hidden bit);
 *  3. the 48-bit product ma * mm rounded to 24 bits (RNE), as float32 does;
 *  4. that float rounded to an integer (RNE), signed, plus zp, saturated.
 * Products below 2^-2 round to 0 whatever float32 does with them (they may be
 * subnormal), and products from 2^40 saturate, so steps 3-4 only see normal floats.
 */
static inline int32_t lpf_requantize_int(int32_t acc, uint32_t mult_bits, int32_t zp,
					 int32_t qmin, int32_t qmax)
{
	const int64_t lim = (int64_t)1 << LPF_ARITH_SAT_LOG2;
	uint32_t m_exp = (mult_bits >> 23) & 0xFFu;
	uint32_t m_frac = mult_bits & 0x7FFFFFu;
	int neg = (acc < 0) != ((mult_bits >> 31) != 0);
	uint64_t a_mag, ma, mm, prod, mant;
	int32_t ea, em, lp, sh, e_int;
	int64_t r;

	a_mag = acc < 0 ? (uint64_t)(-(int64_t)acc) : (uint64_t)acc;
	if (m_exp == 0xFFu) {
		/* NaN multiplier, or infinity times zero: NaN, which counts as 0. */
		if (m_frac != 0 || a_mag == 0)
			return lpf_saturate_i64(zp, qmin, qmax);
		return lpf_saturate_i64(neg ? -lim + zp : lim + zp, qmin, qmax);
	}
	if (a_mag == 0 || (m_exp == 0 && m_frac == 0))
		return lpf_saturate_i64(zp, qmin, qmax);

	/* 1. int32 -> float32: value ma * 2^ea, ma in [2^23, 2^24] (2^24 after rounding up). */
	lp = lpf_msb_u64(a_mag);
	ea = lp - 23;
	if (lp <= 23)
		ma = a_mag << (23 - lp);
	else
		ma = lpf_rne_shr_u64(a_mag, (uint32_t)(lp - 23));

	/* 2. multiplier: value mm * 2^em. */
	if (m_exp == 0) {
		mm = m_frac;
		em = -149;
	} else {
		mm = m_frac | 0x800000u;
		em = (int32_t)m_exp - 150;
	}

	/* 3. product and its float32 rounding: the value is prod * 2^(ea + em). */
	prod = ma * mm;
	lp = lpf_msb_u64(prod);
	e_int = ea + em;
	if (lp + e_int >= LPF_ARITH_SAT_LOG2)
		return lpf_saturate_i64(neg ? -lim + zp : lim + zp, qmin, qmax);
	if (lp + e_int <= -2)
		return lpf_saturate_i64(zp, qmin, qmax);
	if (lp > 23) {
		sh = lp - 23;
		mant = lpf_rne_shr_u64(prod, (uint32_t)sh);
		e_int += sh;
	} else {
		mant = prod;
	}

	/* 4. float32 mant * 2^e_int (mant <= 2^24) rounded to an integer. */
	if (e_int >= 0)
		r = (int64_t)(mant << e_int);
	else
		r = (int64_t)lpf_rne_shr_u64(mant, (uint32_t)(-e_int));
	if (r > lim)
		r = lim;
	return lpf_saturate_i64((neg ? -r : r) + zp, qmin, qmax);
}

#endif
