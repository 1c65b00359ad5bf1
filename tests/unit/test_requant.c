/* SPDX-License-Identifier: MIT */
/*
 * The arithmetic contract (hw/arith/lpf_arith.h). Expected values are derived by
 * hand or with exact rational arithmetic (Python fractions + numpy float32) and
 * written down as literals; the integer requantizer is checked against the float
 * one, an independent implementation, on many pseudo-random operands.
 */
#include <stdint.h>

#include "common/lpf_test.h"
#include "lpf_arith.h"

#define U8_MIN 0
#define U8_MAX 255
#define I8_MIN (-128)
#define I8_MAX 127

static int32_t rq_both(int32_t acc, float mult, int32_t zp, int32_t qmin, int32_t qmax)
{
	int32_t f = lpf_requantize(acc, mult, zp, qmin, qmax);
	int32_t i = lpf_requantize_int(acc, lpf_f32_to_bits(mult), zp, qmin, qmax);

	CU_ASSERT_EQUAL(f, i);
	return f;
}

static void requant_ties_round_half_to_even(void)
{
	/* acc * 0.5 lands exactly on .5 */
	CU_ASSERT_EQUAL(rq_both(5, 0.5f, 0, INT32_MIN, INT32_MAX), 2);
	CU_ASSERT_EQUAL(rq_both(7, 0.5f, 0, INT32_MIN, INT32_MAX), 4);
	CU_ASSERT_EQUAL(rq_both(3, 0.5f, 0, INT32_MIN, INT32_MAX), 2);
	CU_ASSERT_EQUAL(rq_both(1, 0.5f, 0, INT32_MIN, INT32_MAX), 0);
	CU_ASSERT_EQUAL(rq_both(-1, 0.5f, 0, INT32_MIN, INT32_MAX), 0);
	CU_ASSERT_EQUAL(rq_both(-5, 0.5f, 0, INT32_MIN, INT32_MAX), -2);
	CU_ASSERT_EQUAL(rq_both(-7, 0.5f, 0, INT32_MIN, INT32_MAX), -4);
	CU_ASSERT_EQUAL(rq_both(-3, 0.5f, 0, INT32_MIN, INT32_MAX), -2);
	CU_ASSERT_EQUAL(rq_both(1, 2.5f, 0, INT32_MIN, INT32_MAX), 2);
	CU_ASSERT_EQUAL(rq_both(-1, 3.5f, 0, INT32_MIN, INT32_MAX), -4);
	/* not ties: 2.5 + 2^-22 rounds up, 0.75 and -0.25 */
	CU_ASSERT_EQUAL(rq_both(5, lpf_bits_to_f32(0x3F000001u), 0, INT32_MIN, INT32_MAX), 3);
	CU_ASSERT_EQUAL(rq_both(3, 0.25f, 0, INT32_MIN, INT32_MAX), 1);
	CU_ASSERT_EQUAL(rq_both(-1, 0.25f, 0, INT32_MIN, INT32_MAX), 0);
	/* the zero point is added after rounding */
	CU_ASSERT_EQUAL(rq_both(5, 0.5f, 10, U8_MIN, U8_MAX), 12);
	CU_ASSERT_EQUAL(rq_both(-5, 0.5f, -3, I8_MIN, I8_MAX), -5);
}

static void requant_float32_product_rounding_makes_ties(void)
{
	/*
	 * The exact products are 1699049.474... and 5867566.621...; float32 rounds them
	 * to 1699049.5 and 5867566.5, which then round to even. (Exact rational check.)
	 */
	CU_ASSERT_EQUAL(rq_both(12177786, lpf_bits_to_f32(0x3E0EDE6Fu), 0, INT32_MIN, INT32_MAX),
			1699050);
	CU_ASSERT_EQUAL(rq_both(12766585, lpf_bits_to_f32(0x3EEB5125u), 0, INT32_MIN, INT32_MAX),
			5867566);
	CU_ASSERT_EQUAL(rq_both(-12766585, lpf_bits_to_f32(0x3EEB5125u), 0, INT32_MIN, INT32_MAX),
			-5867566);
	/* 16777215 * (1 + 2^-23) = 16777216.99999988, float32 spacing 2 there: 16777216 */
	CU_ASSERT_EQUAL(rq_both(16777215, lpf_bits_to_f32(0x3F800001u), 0, INT32_MIN, INT32_MAX),
			16777216);
}

static void requant_saturates_both_ends(void)
{
	CU_ASSERT_EQUAL(rq_both(1000, 0.5f, 0, U8_MIN, U8_MAX), 255);
	CU_ASSERT_EQUAL(rq_both(-10, 0.5f, 0, U8_MIN, U8_MAX), 0);
	CU_ASSERT_EQUAL(rq_both(510, 0.5f, 0, U8_MIN, U8_MAX), 255);
	CU_ASSERT_EQUAL(rq_both(512, 0.5f, 0, U8_MIN, U8_MAX), 255);
	CU_ASSERT_EQUAL(rq_both(508, 0.5f, 0, U8_MIN, U8_MAX), 254);
	CU_ASSERT_EQUAL(rq_both(300, 0.5f, 0, I8_MIN, I8_MAX), 127);
	CU_ASSERT_EQUAL(rq_both(-300, 0.5f, 0, I8_MIN, I8_MAX), -128);
	CU_ASSERT_EQUAL(rq_both(-256, 0.5f, 0, I8_MIN, I8_MAX), -128);
	CU_ASSERT_EQUAL(rq_both(-258, 0.5f, 0, I8_MIN, I8_MAX), -128);
	CU_ASSERT_EQUAL(rq_both(-254, 0.5f, 0, I8_MIN, I8_MAX), -127);
	/* zero point pushes over the edge: 118 + 10 = 128 */
	CU_ASSERT_EQUAL(rq_both(236, 0.5f, 10, I8_MIN, I8_MAX), 127);
	CU_ASSERT_EQUAL(rq_both(-10, 0.5f, 5, U8_MIN, U8_MAX), 0);
	CU_ASSERT_EQUAL(rq_both(-8, 0.5f, 5, U8_MIN, U8_MAX), 1);
	/* int32 extremes with a full-range output */
	CU_ASSERT_EQUAL(rq_both(INT32_MAX, 1.0f, 0, INT32_MIN, INT32_MAX), INT32_MAX);
	CU_ASSERT_EQUAL(rq_both(INT32_MIN, 1.0f, 0, INT32_MIN, INT32_MAX), INT32_MIN);
	CU_ASSERT_EQUAL(rq_both(INT32_MIN, -1.0f, 0, INT32_MIN, INT32_MAX), INT32_MAX);
	CU_ASSERT_EQUAL(rq_both(INT32_MAX, 1.0f, -100, INT32_MIN, INT32_MAX), 2147483548);
}

static void requant_large_accumulators_lose_precision_like_float32(void)
{
	/* float32 has 24 significant bits: 2^24 + 1 -> 2^24, 2^24 + 3 -> 2^24 + 4 */
	CU_ASSERT_EQUAL(rq_both(16777217, 1.0f, 0, INT32_MIN, INT32_MAX), 16777216);
	CU_ASSERT_EQUAL(rq_both(16777219, 1.0f, 0, INT32_MIN, INT32_MAX), 16777220);
	CU_ASSERT_EQUAL(rq_both(-16777217, 1.0f, 0, INT32_MIN, INT32_MAX), -16777216);
	CU_ASSERT_EQUAL(rq_both(33554435, 1.0f, 0, INT32_MIN, INT32_MAX), 33554436);
	CU_ASSERT_EQUAL(rq_both(33554434, 1.0f, 0, INT32_MIN, INT32_MAX), 33554432);
	/* 2^31 - 1 -> 2^31, times 2^-31 */
	CU_ASSERT_EQUAL(rq_both(INT32_MAX, lpf_bits_to_f32(0x30000000u), 0, INT32_MIN,
				INT32_MAX), 1);
	/* 2^31 - 1 -> 2^31, times 2^-8 = 2^23 */
	CU_ASSERT_EQUAL(rq_both(INT32_MAX, 0.00390625f, 0, INT32_MIN, INT32_MAX), 8388608);
	/* (2^24 + 1) * 0.5: exact 8388608.5 -> 8388608, float 2^24 * 0.5 = 8388608 too */
	CU_ASSERT_EQUAL(rq_both(16777217, 0.5f, 0, INT32_MIN, INT32_MAX), 8388608);
	/* float32(2^25 + 6) = 2^25 + 8 (tie to even), times 0.25 = 8388610 */
	CU_ASSERT_EQUAL(rq_both(33554438, 0.25f, 0, INT32_MIN, INT32_MAX), 8388610);
}

static void requant_extreme_scales(void)
{
	static const int32_t accs[] = {0, 1, -1, 1000, -1000, INT32_MAX, INT32_MIN, 12345678};

	for (unsigned int i = 0; i < sizeof(accs) / sizeof(accs[0]); i++) {
		int32_t a = accs[i];

		/* tiny multipliers: everything becomes the zero point */
		CU_ASSERT_EQUAL(rq_both(a, 1e-30f, 7, U8_MIN, U8_MAX), 7);
		CU_ASSERT_EQUAL(rq_both(a, lpf_bits_to_f32(1u), -3, I8_MIN, I8_MAX), -3);
		CU_ASSERT_EQUAL(rq_both(a, lpf_bits_to_f32(0x007FFFFFu), 0, I8_MIN, I8_MAX), 0);
		CU_ASSERT_EQUAL(rq_both(a, 0.0f, 100, U8_MIN, U8_MAX), 100);
		CU_ASSERT_EQUAL(rq_both(a, -0.0f, 100, U8_MIN, U8_MAX), 100);
		/* huge multipliers: saturate by sign, zero stays at the zero point */
		if (a > 0) {
			CU_ASSERT_EQUAL(rq_both(a, 1e30f, 0, I8_MIN, I8_MAX), 127);
			CU_ASSERT_EQUAL(rq_both(a, -1e30f, 0, I8_MIN, I8_MAX), -128);
			CU_ASSERT_EQUAL(rq_both(a, lpf_bits_to_f32(0x7F7FFFFFu), 0, INT32_MIN,
						INT32_MAX), INT32_MAX);
			CU_ASSERT_EQUAL(rq_both(a, 1e30f, 0, INT32_MIN, INT32_MAX), INT32_MAX);
		} else if (a < 0) {
			CU_ASSERT_EQUAL(rq_both(a, 1e30f, 0, U8_MIN, U8_MAX), 0);
			CU_ASSERT_EQUAL(rq_both(a, -1e30f, 0, U8_MIN, U8_MAX), 255);
			CU_ASSERT_EQUAL(rq_both(a, 1e30f, 0, INT32_MIN, INT32_MAX), INT32_MIN);
		} else {
			CU_ASSERT_EQUAL(rq_both(a, 1e30f, 9, U8_MIN, U8_MAX), 9);
		}
	}
	/* 2^-26 * 2^25 = 0.5 -> 0 but 3 * 2^25 * 2^-26 = 1.5 -> 2 */
	CU_ASSERT_EQUAL(rq_both(33554432, lpf_bits_to_f32(0x32800000u), 0, I8_MIN, I8_MAX), 0);
	CU_ASSERT_EQUAL(rq_both(100663296, lpf_bits_to_f32(0x32800000u), 0, I8_MIN, I8_MAX), 2);
}

static void requant_nonfinite_multiplier_is_defined(void)
{
	const float inf = lpf_bits_to_f32(0x7F800000u);
	const float nan = lpf_bits_to_f32(0x7FC00000u);

	CU_ASSERT_EQUAL(rq_both(3, inf, 0, I8_MIN, I8_MAX), 127);
	CU_ASSERT_EQUAL(rq_both(-3, inf, 0, I8_MIN, I8_MAX), -128);
	CU_ASSERT_EQUAL(rq_both(3, -inf, 0, INT32_MIN, INT32_MAX), INT32_MIN);
	CU_ASSERT_EQUAL(rq_both(0, inf, 4, I8_MIN, I8_MAX), 4);
	CU_ASSERT_EQUAL(rq_both(77, nan, 4, I8_MIN, I8_MAX), 4);
	CU_ASSERT_EQUAL(rq_both(-77, lpf_bits_to_f32(0xFFC00001u), -9, I8_MIN, I8_MAX), -9);
}

static void requant_per_channel_multipliers(void)
{
	/* one accumulator per channel, its own multiplier, common uint8 zero point 128 */
	static const int32_t acc[4] = {200, 200, -200, 1001};
	static const float mult[4] = {0.25f, 0.125f, 0.0625f, 0.5f};
	static const int32_t want[4] = {178, 153, 116, 255};

	for (int c = 0; c < 4; c++)
		CU_ASSERT_EQUAL(rq_both(acc[c], mult[c], 128, U8_MIN, U8_MAX), want[c]);
}

static void requant_multiplier_rounds_twice_in_float32(void)
{
	/*
	 * float32(float32(0.1f * 0.2f) / 0.3f) is 0x3D888889; computing in double and
	 * rounding once gives 0x3D888888.
	 */
	CU_ASSERT_EQUAL(lpf_f32_to_bits(lpf_requant_multiplier(0.1f, 0.2f, 0.3f)), 0x3D888889u);
	CU_ASSERT_EQUAL(lpf_f32_to_bits(lpf_requant_multiplier(0.5f, 0.25f, 2.0f)), 0x3D800000u);
}

static void requant_quantize_linear_divides_and_rounds_even(void)
{
	/*
	 * 0x42760001 (61.500004) / 0.6f is 102.5 in float32 -> 102; multiplying by
	 * float32(1 / 0.6f) instead would give 102.50001 -> 103.
	 */
	CU_ASSERT_EQUAL(lpf_quantize_f32(lpf_bits_to_f32(0x42760001u), 0.6f, 0, U8_MIN, U8_MAX),
			102);
	CU_ASSERT_EQUAL(lpf_quantize_f32(0.5f, 0.2f, 0, U8_MIN, U8_MAX), 2);
	CU_ASSERT_EQUAL(lpf_quantize_f32(2.5f, 1.0f, 0, U8_MIN, U8_MAX), 2);
	CU_ASSERT_EQUAL(lpf_quantize_f32(3.5f, 1.0f, 0, U8_MIN, U8_MAX), 4);
	CU_ASSERT_EQUAL(lpf_quantize_f32(-2.5f, 1.0f, 0, I8_MIN, I8_MAX), -2);
	CU_ASSERT_EQUAL(lpf_quantize_f32(-3.5f, 1.0f, 0, I8_MIN, I8_MAX), -4);
	CU_ASSERT_EQUAL(lpf_quantize_f32(1.0f, 0.5f, 128, U8_MIN, U8_MAX), 130);
	CU_ASSERT_EQUAL(lpf_quantize_f32(1000.0f, 0.5f, 0, U8_MIN, U8_MAX), 255);
	CU_ASSERT_EQUAL(lpf_quantize_f32(-1000.0f, 0.5f, 0, I8_MIN, I8_MAX), -128);
	CU_ASSERT_EQUAL(lpf_quantize_f32(1e30f, 1e-30f, 0, I8_MIN, I8_MAX), 127);
	CU_ASSERT_EQUAL(lpf_quantize_f32(-1e30f, 1e-30f, 0, U8_MIN, U8_MAX), 0);
}

/* splitmix64: a fixed pseudo-random sequence, so failures reproduce. */
static uint64_t rng_next(uint64_t *s)
{
	uint64_t z = (*s += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

struct qrange {
	int32_t zp, qmin, qmax;
};

static const struct qrange ranges[] = {
	{0, U8_MIN, U8_MAX},       {128, U8_MIN, U8_MAX},    {0, I8_MIN, I8_MAX},
	{-128, I8_MIN, I8_MAX},    {0, INT32_MIN, INT32_MAX}, {-1000, INT32_MIN, INT32_MAX},
	{INT32_MAX, INT32_MIN, INT32_MAX},
};

#define N_RANGES (sizeof(ranges) / sizeof(ranges[0]))

static unsigned int compare_one(int32_t acc, uint32_t mb, const struct qrange *r)
{
	int32_t f = lpf_requantize(acc, lpf_bits_to_f32(mb), r->zp, r->qmin, r->qmax);
	int32_t i = lpf_requantize_int(acc, mb, r->zp, r->qmin, r->qmax);

	return f != i;
}

static void requant_int_matches_float_on_edge_cases(void)
{
	static const int32_t accs[] = {
		0, 1, -1, 2, -2, 3, 5, -5, 127, -128, 255, 16777215, 16777216, 16777217,
		-16777217, 33554435, 8388609, 2147483647, -2147483647, -2147483647 - 1,
		0x40000000, -0x40000000, 12345678, -87654321,
	};
	static const uint32_t mults[] = {
		0x00000000u, 0x80000000u, 0x00000001u, 0x80000001u, 0x007FFFFFu, 0x00800000u,
		0x00800001u, 0x30000000u, 0x32800000u, 0x3E800000u, 0x3EFFFFFFu, 0x3F000000u,
		0x3F000001u, 0x3F7FFFFFu, 0x3F800000u, 0x3F800001u, 0x3FC00000u, 0x4B000000u,
		0x4E800000u, 0x53800000u, 0x5F800000u, 0x7F7FFFFFu, 0x7F800000u, 0xFF800000u,
		0x7FC00000u, 0x7F800001u, 0xBF000000u, 0xBEFFFFFFu, 0xB8D1B717u,
	};
	unsigned int bad = 0;

	for (unsigned int a = 0; a < sizeof(accs) / sizeof(accs[0]); a++)
		for (unsigned int m = 0; m < sizeof(mults) / sizeof(mults[0]); m++)
			for (unsigned int r = 0; r < N_RANGES; r++)
				bad += compare_one(accs[a], mults[m], &ranges[r]);
	CU_ASSERT_EQUAL(bad, 0);
}

static void requant_int_matches_float_on_random_operands(void)
{
	uint64_t s = 0x1F2E3D4C5B6A7988ull;
	unsigned int bad = 0;

	for (unsigned int n = 0; n < 8000000; n++) {
		uint64_t r = rng_next(&s);
		uint32_t nbits = (uint32_t)(r & 31);
		uint32_t abits = (uint32_t)(r >> 32);
		int32_t acc = (int32_t)(abits >> (31 - nbits));
		uint32_t mexp, mb;

		if (r & 0x100)
			acc = -acc;
		if (r & 0x200)
			acc = (int32_t)abits;
		/* mostly multipliers whose products land near the integers, some anywhere */
		if ((r & 0xC00) != 0)
			mexp = 127 - 31 + (uint32_t)((r >> 12) % 48) - nbits;
		else
			mexp = (uint32_t)((r >> 12) & 0xFF);
		mb = (uint32_t)(rng_next(&s) & 0x807FFFFFu) | (mexp << 23);
		bad += compare_one(acc, mb, &ranges[(r >> 24) % N_RANGES]);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

static void requant_int_matches_float_on_products_near_ties(void)
{
	uint64_t s = 42;
	unsigned int bad = 0;

	/* acc = odd * 2^k and mult = 2^-(k+1): products are exactly n + 0.5 */
	for (unsigned int n = 0; n < 1000000; n++) {
		uint64_t r = rng_next(&s);
		uint32_t k = (uint32_t)(r % 8);
		int32_t odd = (int32_t)((r >> 8) & 0xFFFF) | 1;
		int32_t acc = (r & 0x1000000) ? -(odd << k) : (odd << k);
		uint32_t mb = (127u - (k + 1)) << 23;

		bad += compare_one(acc, mb, &ranges[(r >> 32) % N_RANGES]);
		/* one ulp either side of the tie */
		bad += compare_one(acc, mb + 1, &ranges[4]);
		bad += compare_one(acc, mb - 1, &ranges[4]);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

static const struct lpf_test_case cases[] = {
	{"requant_ties_round_half_to_even", requant_ties_round_half_to_even},
	{"requant_float32_product_rounding_makes_ties",
	 requant_float32_product_rounding_makes_ties},
	{"requant_saturates_both_ends", requant_saturates_both_ends},
	{"requant_large_accumulators_lose_precision_like_float32",
	 requant_large_accumulators_lose_precision_like_float32},
	{"requant_extreme_scales", requant_extreme_scales},
	{"requant_nonfinite_multiplier_is_defined", requant_nonfinite_multiplier_is_defined},
	{"requant_per_channel_multipliers", requant_per_channel_multipliers},
	{"requant_multiplier_rounds_twice_in_float32", requant_multiplier_rounds_twice_in_float32},
	{"requant_quantize_linear_divides_and_rounds_even",
	 requant_quantize_linear_divides_and_rounds_even},
	{"requant_int_matches_float_on_edge_cases", requant_int_matches_float_on_edge_cases},
	{"requant_int_matches_float_on_random_operands",
	 requant_int_matches_float_on_random_operands},
	{"requant_int_matches_float_on_products_near_ties",
	 requant_int_matches_float_on_products_near_ties},
	{NULL, NULL},
};

int main(void)
{
	return lpf_test_run("requant", cases);
}
