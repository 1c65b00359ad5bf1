/* SPDX-License-Identifier: MIT */
/* QuantizeLinear / DequantizeLinear host ops against hand-derived values. */
#include <string.h>

#include "common/lpf_test.h"
#include "unit/hostops_fixture.h"

static const int64_t d5[] = { 5 };
static const int64_t d1[] = { 1 };

static void hostops_quantize_ties_round_half_to_even(void)
{
	/* x / 0.5 = 2.5, 3.5, -2.5, -0.5, 1.5: ties go to the even integer. */
	const float x[] = { 1.25f, 1.75f, -1.25f, -0.25f, 0.75f };
	const float s = 0.5f;
	const int8_t zp = 0;
	const int8_t want[] = { 2, 4, -2, 0, 2 };
	struct lpf_hval in[3], out;
	struct lpf_err err;
	struct fx_node f;
	int8_t y[5];

	fx_init(&f, "q", "QuantizeLinear", 13);
	in[0] = fx_val(LPF_DT_FLOAT, 1, d5, x);
	in[1] = fx_val(LPF_DT_FLOAT, 0, NULL, &s);
	in[2] = fx_val(LPF_DT_INT8, 0, NULL, &zp);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, in, 3, &out, y, sizeof(y), &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(out.dtype, LPF_DT_INT8);
	CU_ASSERT_TRUE(fx_shape_is(&out, 1, d5));
	CU_ASSERT_EQUAL(memcmp(y, want, sizeof(want)), 0);
}

static void hostops_quantize_saturates(void)
{
	/* uint8, zp 10: -20 -> -10 -> 0; 300 -> 255; 245.4 -> 255 (245 + 10). */
	const float x[] = { -20.0f, -10.0f, 300.0f, 245.4f, 244.6f };
	const float s = 1.0f;
	const uint8_t zp = 10;
	const uint8_t want[] = { 0, 0, 255, 255, 255 };
	/*
	 * int8, zp -1: 127.6 -> 128 - 1 = 127; 200 -> 127; -200 -> -128;
	 * -127.5 -> -128 - 1 = -129 -> -128; -126.5 -> -126 - 1 = -127.
	 */
	const float xs[] = { 127.6f, 200.0f, -200.0f, -127.5f, -126.5f };
	const int8_t zps = -1;
	const int8_t wants[] = { 127, 127, -128, -128, -127 };
	struct lpf_hval in[3], out;
	struct lpf_err err;
	struct fx_node f;
	uint8_t y[5];
	int8_t ys[5];

	fx_init(&f, "q", "QuantizeLinear", 13);
	in[0] = fx_val(LPF_DT_FLOAT, 1, d5, x);
	in[1] = fx_val(LPF_DT_FLOAT, 1, d1, &s);
	in[2] = fx_val(LPF_DT_UINT8, 1, d1, &zp);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, in, 3, &out, y, sizeof(y), &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(memcmp(y, want, sizeof(want)), 0);
	in[0] = fx_val(LPF_DT_FLOAT, 1, d5, xs);
	in[2] = fx_val(LPF_DT_INT8, 1, d1, &zps);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, in, 3, &out, ys, sizeof(ys), &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(memcmp(ys, wants, sizeof(wants)), 0);
}

static void hostops_quantize_default_zero_point_is_uint8(void)
{
	const float x[] = { -1.0f, 0.4f, 0.6f, 1000.0f, 2.5f };
	const float s = 1.0f;
	const uint8_t want[] = { 0, 0, 1, 255, 2 };
	struct lpf_hval in[2], out;
	struct lpf_err err;
	struct fx_node f;
	uint8_t y[5];

	fx_init(&f, "q", "QuantizeLinear", 10);
	in[0] = fx_val(LPF_DT_FLOAT, 1, d5, x);
	in[1] = fx_val(LPF_DT_FLOAT, 0, NULL, &s);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, in, 2, &out, y, sizeof(y), &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(out.dtype, LPF_DT_UINT8);
	CU_ASSERT_EQUAL(memcmp(y, want, sizeof(want)), 0);
}

static void hostops_quantize_per_axis(void)
{
	/* [1,2,2], axis 1: channel 0 scale 0.5 zp 1, channel 1 scale 2 zp 100. */
	const int64_t dims[] = { 1, 2, 2 }, d2[] = { 2 };
	const float x[] = { 1.0f, -1.0f, 3.0f, 5.0f };
	const float s[] = { 0.5f, 2.0f };
	const uint8_t zp[] = { 1, 100 };
	const uint8_t want[] = { 3, 0, 102, 102 };
	struct lpf_hval in[3], out;
	struct lpf_err err;
	struct fx_node f;
	uint8_t y[4];

	fx_init(&f, "q", "QuantizeLinear", 13);
	in[0] = fx_val(LPF_DT_FLOAT, 3, dims, x);
	in[1] = fx_val(LPF_DT_FLOAT, 1, d2, s);
	in[2] = fx_val(LPF_DT_UINT8, 1, d2, zp);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, in, 3, &out, y, sizeof(y), &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(memcmp(y, want, sizeof(want)), 0);
}

static void hostops_quantize_rejects_scale_not_matching_axis(void)
{
	const int64_t dims[] = { 1, 2, 2 }, d3[] = { 3 };
	const float x[4] = { 0 }, s[3] = { 1, 1, 1 };
	struct lpf_hval in[2], out;
	struct lpf_err err;
	struct fx_node f;
	uint8_t y[4];

	fx_init(&f, "q7", "QuantizeLinear", 13);
	in[0] = fx_val(LPF_DT_FLOAT, 3, dims, x);
	in[1] = fx_val(LPF_DT_FLOAT, 1, d3, s);
	CU_ASSERT_EQUAL(fx_run(&f, in, 2, &out, y, sizeof(y), &err),
			LPFPGA_ERROR_SHAPE_MISMATCH);
	CU_ASSERT_STRING_EQUAL(err.msg, "node 'q7' (QuantizeLinear): scale [3] does not match "
			       "axis 1 of input [1,2,2]");
}

static void hostops_dequantize_int32(void)
{
	const int64_t d3[] = { 3 };
	const int32_t x[] = { -1000000, 7, 2147483647 };
	const float s = 0.5f;
	/* float(2147483647) rounds to 2^31. */
	const float want[] = { -500000.0f, 3.5f, 1073741824.0f };
	struct lpf_hval in[2], out;
	struct lpf_err err;
	struct fx_node f;
	float y[3];

	fx_init(&f, "dq", "DequantizeLinear", 13);
	in[0] = fx_val(LPF_DT_INT32, 1, d3, x);
	in[1] = fx_val(LPF_DT_FLOAT, 0, NULL, &s);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, in, 2, &out, y, sizeof(y), &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(out.dtype, LPF_DT_FLOAT);
	CU_ASSERT_EQUAL(memcmp(y, want, sizeof(want)), 0);
}

static void hostops_dequantize_per_axis_int8(void)
{
	/* [2,2], axis 0: row 0 scale 0.5 zp -1, row 1 scale 0.25 zp 3. */
	const int64_t dims[] = { 2, 2 }, d2[] = { 2 };
	const int8_t x[] = { -128, 127, 3, -5 };
	const float s[] = { 0.5f, 0.25f };
	const int8_t zp[] = { -1, 3 };
	const float want[] = { -63.5f, 64.0f, 0.0f, -2.0f };
	struct lpf_hval in[3], out;
	struct lpf_err err;
	struct fx_node f;
	float y[4];

	fx_init(&f, "dq", "DequantizeLinear", 13);
	fx_int(&f, "axis", 0);
	in[0] = fx_val(LPF_DT_INT8, 2, dims, x);
	in[1] = fx_val(LPF_DT_FLOAT, 1, d2, s);
	in[2] = fx_val(LPF_DT_INT8, 1, d2, zp);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, in, 3, &out, y, sizeof(y), &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(memcmp(y, want, sizeof(want)), 0);
}

static void hostops_dequantize_rejects_zero_point_dtype_mismatch(void)
{
	const int8_t x[5] = { 0 };
	const float s = 1.0f;
	const uint8_t zp = 0;
	struct lpf_hval in[3], out;
	struct lpf_err err;
	struct fx_node f;
	float y[5];

	fx_init(&f, "dq", "DequantizeLinear", 13);
	in[0] = fx_val(LPF_DT_INT8, 1, d5, x);
	in[1] = fx_val(LPF_DT_FLOAT, 0, NULL, &s);
	in[2] = fx_val(LPF_DT_UINT8, 0, NULL, &zp);
	CU_ASSERT_EQUAL(fx_run(&f, in, 3, &out, y, sizeof(y), &err),
			LPFPGA_ERROR_DTYPE_MISMATCH);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "node 'dq' (DequantizeLinear)"));
}

static void hostops_quantize_uses_division_not_reciprocal(void)
{
	/*
	 * 1.55 / 0.1 in float32: 1.55f = 0x3fc66666, 0.1f = 0x3dcccccd; the quotient rounds
	 * to 15.499999 (below the tie) -> 15, while 1.55f * (1 / 0.1f) rounds to 15.5 -> 16.
	 */
	const float x = 1.55f, s = 0.1f;
	struct lpf_hval in[2], out;
	struct lpf_err err;
	struct fx_node f;
	uint8_t y;

	CU_ASSERT_EQUAL(x * (1.0f / s), 15.5f);
	fx_init(&f, "q", "QuantizeLinear", 13);
	in[0] = fx_val(LPF_DT_FLOAT, 0, NULL, &x);
	in[1] = fx_val(LPF_DT_FLOAT, 0, NULL, &s);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, in, 2, &out, &y, 1, &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(y, 15);
}

int main(void)
{
	static const struct lpf_test_case cases[] = {
		{ "hostops_quantize_ties_round_half_to_even",
		  hostops_quantize_ties_round_half_to_even },
		{ "hostops_quantize_saturates", hostops_quantize_saturates },
		{ "hostops_quantize_default_zero_point_is_uint8",
		  hostops_quantize_default_zero_point_is_uint8 },
		{ "hostops_quantize_per_axis", hostops_quantize_per_axis },
		{ "hostops_quantize_rejects_scale_not_matching_axis",
		  hostops_quantize_rejects_scale_not_matching_axis },
		{ "hostops_quantize_uses_division_not_reciprocal",
		  hostops_quantize_uses_division_not_reciprocal },
		{ "hostops_dequantize_int32", hostops_dequantize_int32 },
		{ "hostops_dequantize_per_axis_int8", hostops_dequantize_per_axis_int8 },
		{ "hostops_dequantize_rejects_zero_point_dtype_mismatch",
		  hostops_dequantize_rejects_zero_point_dtype_mismatch },
		{ NULL, NULL },
	};

	return lpf_test_run("hostops_quantize", cases);
}
