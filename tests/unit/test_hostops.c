/* SPDX-License-Identifier: MIT */
/* Host-op registry, elementwise ops, Cast and the shape ops against hand-derived values. */
#include <math.h>
#include <string.h>

#include "common/lpf_test.h"
#include "unit/hostops_fixture.h"

static void hostops_find_by_domain(void)
{
	const struct lpf_hostop *add = lpf_hostop_find("", "Add");

	CU_ASSERT_PTR_NOT_NULL_FATAL(add);
	CU_ASSERT_STRING_EQUAL(add->op_type, "Add");
	CU_ASSERT_PTR_EQUAL(lpf_hostop_find("ai.onnx", "Add"), add);
	CU_ASSERT_PTR_NULL(lpf_hostop_find("com.microsoft", "Add"));
	CU_ASSERT_PTR_NULL(lpf_hostop_find("", "NoSuchOp"));
	CU_ASSERT_PTR_NOT_NULL(lpf_hostop_find("", "QuantizeLinear"));
	CU_ASSERT_PTR_NOT_NULL(lpf_hostop_find("", "GlobalAveragePool"));
}

static void hostops_add_broadcasts(void)
{
	const int64_t da[] = { 2, 3 }, db[] = { 3 };
	const float a[] = { 1, 2, 3, 4, 5, 6 }, b[] = { 10, 20, 30 };
	const float want[] = { 11, 22, 33, 14, 25, 36 };
	const int64_t dc[] = { 2, 1 }, dd[] = { 1, 3 }, od[] = { 2, 3 };
	const int32_t c[] = { 1, 2 }, d[] = { 10, 20, 30 };
	const int32_t want2[] = { 11, 21, 31, 12, 22, 32 };
	struct lpf_hval in[2], out;
	struct lpf_err err;
	struct fx_node f;
	float y[6];
	int32_t yi[6];

	fx_init(&f, "add", "Add", 14);
	in[0] = fx_val(LPF_DT_FLOAT, 2, da, a);
	in[1] = fx_val(LPF_DT_FLOAT, 1, db, b);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, in, 2, &out, y, sizeof(y), &err), LPFPGA_OK);
	CU_ASSERT_TRUE(fx_shape_is(&out, 2, da));
	CU_ASSERT_EQUAL(memcmp(y, want, sizeof(want)), 0);
	in[0] = fx_val(LPF_DT_INT32, 2, dc, c);
	in[1] = fx_val(LPF_DT_INT32, 2, dd, d);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, in, 2, &out, yi, sizeof(yi), &err), LPFPGA_OK);
	CU_ASSERT_TRUE(fx_shape_is(&out, 2, od));
	CU_ASSERT_EQUAL(memcmp(yi, want2, sizeof(want2)), 0);
}

static void hostops_add_rejects_non_broadcastable(void)
{
	const int64_t da[] = { 1, 3, 4 }, db[] = { 1, 5, 4 };
	struct lpf_hval in[2], out;
	struct lpf_err err;
	struct fx_node f;
	float y[1];

	fx_init(&f, "add1", "Add", 14);
	in[0] = fx_val(LPF_DT_FLOAT, 3, da, NULL);
	in[1] = fx_val(LPF_DT_FLOAT, 3, db, NULL);
	CU_ASSERT_EQUAL(fx_run(&f, in, 2, &out, y, sizeof(y), &err),
			LPFPGA_ERROR_SHAPE_MISMATCH);
	CU_ASSERT_STRING_EQUAL(err.msg,
			       "node 'add1' (Add): shapes [1,3,4] and [1,5,4] do not broadcast");
	in[1] = fx_val(LPF_DT_INT32, 3, da, NULL);
	CU_ASSERT_EQUAL(fx_run(&f, in, 2, &out, y, sizeof(y), &err),
			LPFPGA_ERROR_DTYPE_MISMATCH);
}

static void hostops_integer_arithmetic_wraps_and_truncates(void)
{
	const int64_t d4[] = { 4 };
	const int32_t a[] = { INT32_MAX, -7, 7, INT32_MIN }, b[] = { 1, 2, -2, -1 };
	const int32_t want_add[] = { INT32_MIN, -5, 5, INT32_MAX };
	const int32_t want_div[] = { INT32_MAX, -3, -3, INT32_MIN };
	const uint8_t ua[] = { 3, 200, 255, 10 }, ub[] = { 5, 100, 2, 3 };
	const uint8_t want_sub[] = { 254, 100, 253, 7 }, want_mul[] = { 15, 32, 254, 30 };
	const int32_t zero[] = { 1, 0, 1, 1 };
	struct lpf_hval in[2], out;
	struct lpf_err err;
	struct fx_node f;
	int32_t y[4];
	uint8_t yu[4];

	in[0] = fx_val(LPF_DT_INT32, 1, d4, a);
	in[1] = fx_val(LPF_DT_INT32, 1, d4, b);
	fx_init(&f, "add", "Add", 14);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, in, 2, &out, y, sizeof(y), &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(memcmp(y, want_add, sizeof(y)), 0);
	fx_init(&f, "div", "Div", 14);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, in, 2, &out, y, sizeof(y), &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(memcmp(y, want_div, sizeof(y)), 0);
	in[1] = fx_val(LPF_DT_INT32, 1, d4, zero);
	CU_ASSERT_EQUAL(fx_run(&f, in, 2, &out, y, sizeof(y), &err),
			LPFPGA_ERROR_INVALID_ARGUMENT);
	CU_ASSERT_STRING_EQUAL(err.msg, "node 'div' (Div): integer division by zero");
	in[0] = fx_val(LPF_DT_UINT8, 1, d4, ua);
	in[1] = fx_val(LPF_DT_UINT8, 1, d4, ub);
	fx_init(&f, "sub", "Sub", 14);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, in, 2, &out, yu, sizeof(yu), &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(memcmp(yu, want_sub, sizeof(yu)), 0);
	fx_init(&f, "mul", "Mul", 14);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, in, 2, &out, yu, sizeof(yu), &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(memcmp(yu, want_mul, sizeof(yu)), 0);
}

static void hostops_clip_bounds_from_attributes_or_inputs(void)
{
	const int64_t d5[] = { 5 };
	const float x[] = { -3, -0.5f, 0.5f, 2, 9 };
	const float want6[] = { -1, -0.5f, 0.5f, 1, 1 };
	const float lo = 0.0f, hi = 1.5f;
	const float want11[] = { 0, 0, 0.5f, 1.5f, 1.5f };
	const float want_hi[] = { -3, -0.5f, 0.5f, 1.5f, 1.5f };
	const int8_t xi[] = { -128, -5, 0, 5, 127 }, loi = -4, hii = 3;
	const int8_t wanti[] = { -4, -4, 0, 3, 3 };
	struct lpf_hval in[3], out;
	struct lpf_err err;
	struct fx_node f;
	float y[5];
	int8_t yi[5];

	fx_init(&f, "clip", "Clip", 6);
	fx_float(&f, "min", -1.0f);
	fx_float(&f, "max", 1.0f);
	in[0] = fx_val(LPF_DT_FLOAT, 1, d5, x);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, in, 1, &out, y, sizeof(y), &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(memcmp(y, want6, sizeof(y)), 0);
	fx_init(&f, "clip", "Clip", 13);
	in[1] = fx_val(LPF_DT_FLOAT, 0, NULL, &lo);
	in[2] = fx_val(LPF_DT_FLOAT, 0, NULL, &hi);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, in, 3, &out, y, sizeof(y), &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(memcmp(y, want11, sizeof(y)), 0);
	in[1] = fx_val(LPF_DT_UNDEFINED, 0, NULL, NULL);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, in, 3, &out, y, sizeof(y), &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(memcmp(y, want_hi, sizeof(y)), 0);
	in[0] = fx_val(LPF_DT_INT8, 1, d5, xi);
	in[1] = fx_val(LPF_DT_INT8, 0, NULL, &loi);
	in[2] = fx_val(LPF_DT_INT8, 0, NULL, &hii);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, in, 3, &out, yi, sizeof(yi), &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(memcmp(yi, wanti, sizeof(yi)), 0);
	in[2] = fx_val(LPF_DT_FLOAT, 0, NULL, &hi);
	CU_ASSERT_EQUAL(fx_run(&f, in, 3, &out, yi, sizeof(yi), &err),
			LPFPGA_ERROR_DTYPE_MISMATCH);
}

static void hostops_activations(void)
{
	const int64_t d4[] = { 4 };
	const float x[] = { -2, -0.0f, 0.5f, 3 };
	const float want_relu[] = { 0, 0, 0.5f, 3 };
	const float want_leaky[] = { -0.5f, 0, 0.5f, 3 };
	struct lpf_hval in, out;
	struct lpf_err err;
	struct fx_node f;
	float y[4];

	in = fx_val(LPF_DT_FLOAT, 1, d4, x);
	fx_init(&f, "relu", "Relu", 14);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, &in, 1, &out, y, sizeof(y), &err), LPFPGA_OK);
	for (int i = 0; i < 4; i++)
		CU_ASSERT_EQUAL(y[i], want_relu[i]);
	fx_init(&f, "lrelu", "LeakyRelu", 16);
	fx_float(&f, "alpha", 0.25f);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, &in, 1, &out, y, sizeof(y), &err), LPFPGA_OK);
	for (int i = 0; i < 4; i++)
		CU_ASSERT_EQUAL(y[i], want_leaky[i]);
	fx_init(&f, "sig", "Sigmoid", 13);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, &in, 1, &out, y, sizeof(y), &err), LPFPGA_OK);
	/* 1 / (1 + e^2) = 0.11920292202211755, 1 / (1 + e^-3) = 0.9525741268224334. */
	CU_ASSERT_DOUBLE_EQUAL(y[0], 0.11920292202211755, 3e-8);
	CU_ASSERT_EQUAL(y[1], 0.5f);
	CU_ASSERT_DOUBLE_EQUAL(y[3], 0.9525741268224334, 1.2e-7);
}

static void hostops_cast_float_to_int_truncates_and_saturates(void)
{
	const int64_t d6[] = { 6 };
	const float x[] = { 300.7f, -300.0f, -1.9f, 1.9f, NAN, -0.5f };
	const int8_t want_i8[] = { 127, -128, -1, 1, 0, 0 };
	const uint8_t want_u8[] = { 255, 0, 0, 1, 0, 0 };
	const float big[] = { 3e9f, -3e9f, 2147483520.0f, -2147483648.0f, INFINITY, -INFINITY };
	const int32_t want_i32[] = { INT32_MAX, INT32_MIN, 2147483520, INT32_MIN, INT32_MAX,
				     INT32_MIN };
	struct lpf_hval in, out;
	struct lpf_err err;
	struct fx_node f;
	int8_t y8[6];
	uint8_t yu[6];
	int32_t y32[6];

	in = fx_val(LPF_DT_FLOAT, 1, d6, x);
	fx_init(&f, "cast", "Cast", 13);
	fx_int(&f, "to", LPF_DT_INT8);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, &in, 1, &out, y8, sizeof(y8), &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(out.dtype, LPF_DT_INT8);
	CU_ASSERT_EQUAL(memcmp(y8, want_i8, sizeof(y8)), 0);
	f.attrs[0].i = LPF_DT_UINT8;
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, &in, 1, &out, yu, sizeof(yu), &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(memcmp(yu, want_u8, sizeof(yu)), 0);
	f.attrs[0].i = LPF_DT_INT32;
	in = fx_val(LPF_DT_FLOAT, 1, d6, big);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, &in, 1, &out, y32, sizeof(y32), &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(memcmp(y32, want_i32, sizeof(y32)), 0);
}

static void hostops_cast_integers_wrap_and_round(void)
{
	const int64_t d3[] = { 3 };
	const int32_t x[] = { 200, -129, 65535 };
	const int8_t want_i8[] = { -56, 127, -1 };
	const int64_t big[] = { 16777217, 16777219, -9007199254740993LL };
	/* 2^24 + 1 ties to 2^24; 2^24 + 3 ties up to 2^24 + 4; -(2^53 + 1) to -2^53. */
	const float want_f[] = { 16777216.0f, 16777220.0f, -9007199254740992.0f };
	struct lpf_hval in, out;
	struct lpf_err err;
	struct fx_node f;
	int8_t y8[3];
	float yf[3];

	fx_init(&f, "cast", "Cast", 13);
	fx_int(&f, "to", LPF_DT_INT8);
	in = fx_val(LPF_DT_INT32, 1, d3, x);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, &in, 1, &out, y8, sizeof(y8), &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(memcmp(y8, want_i8, sizeof(y8)), 0);
	f.attrs[0].i = LPF_DT_FLOAT;
	in = fx_val(LPF_DT_INT64, 1, d3, big);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, &in, 1, &out, yf, sizeof(yf), &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(memcmp(yf, want_f, sizeof(yf)), 0);
}

static void hostops_cast_bool_and_double(void)
{
	const int64_t d4[] = { 4 };
	const float x[] = { 0.0f, -0.0f, NAN, 0.1f };
	const uint8_t want_b[] = { 0, 0, 1, 1 };
	const uint8_t b[] = { 1, 0, 1, 0 };
	const double want_d[] = { 1.0, 0.0, 1.0, 0.0 };
	const double dx[] = { 0.1, 1e300, -1e300, 1.5 };
	struct lpf_hval in, out;
	struct lpf_err err;
	struct fx_node f;
	uint8_t yb[4];
	double yd[4];
	float yf[4];

	fx_init(&f, "cast", "Cast", 13);
	fx_int(&f, "to", LPF_DT_BOOL);
	in = fx_val(LPF_DT_FLOAT, 1, d4, x);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, &in, 1, &out, yb, sizeof(yb), &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(memcmp(yb, want_b, sizeof(yb)), 0);
	f.attrs[0].i = LPF_DT_DOUBLE;
	in = fx_val(LPF_DT_BOOL, 1, d4, b);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, &in, 1, &out, yd, sizeof(yd), &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(memcmp(yd, want_d, sizeof(yd)), 0);
	f.attrs[0].i = LPF_DT_FLOAT;
	in = fx_val(LPF_DT_DOUBLE, 1, d4, dx);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, &in, 1, &out, yf, sizeof(yf), &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(yf[0], 0.1f);
	CU_ASSERT_TRUE(isinf(yf[1]) && yf[1] > 0);
	CU_ASSERT_TRUE(isinf(yf[2]) && yf[2] < 0);
	CU_ASSERT_EQUAL(yf[3], 1.5f);
	f.attrs[0].i = LPF_DT_FLOAT16;
	CU_ASSERT_EQUAL(fx_run(&f, &in, 1, &out, yf, sizeof(yf), &err),
			LPFPGA_ERROR_NOT_SUPPORTED);
}

static void hostops_reshape_zero_and_minus_one(void)
{
	const int64_t d[] = { 2, 3, 4 }, sd[] = { 3 };
	const int64_t shape[] = { 0, -1, 2 }, want[] = { 2, 6, 2 };
	const int64_t zshape[] = { 0, 4 }, zd[] = { 2 }, zin[] = { 0, 3, 4 }, zwant[] = { 0, 4 };
	const float x[24] = { 1, 2, 3 };
	struct lpf_hval in[2], out;
	struct lpf_err err;
	struct fx_node f;
	float y[24];

	fx_init(&f, "rs", "Reshape", 14);
	in[0] = fx_val(LPF_DT_FLOAT, 3, d, x);
	in[1] = fx_val(LPF_DT_INT64, 1, sd, shape);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, in, 2, &out, y, sizeof(y), &err), LPFPGA_OK);
	CU_ASSERT_TRUE(fx_shape_is(&out, 3, want));
	CU_ASSERT_EQUAL(memcmp(y, x, sizeof(x)), 0);
	/* allowzero: a 0 stays 0 (input [0,3,4] has no elements). */
	fx_int(&f, "allowzero", 1);
	in[0] = fx_val(LPF_DT_FLOAT, 3, zin, x);
	in[1] = fx_val(LPF_DT_INT64, 1, zd, zshape);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, in, 2, &out, y, sizeof(y), &err), LPFPGA_OK);
	CU_ASSERT_TRUE(fx_shape_is(&out, 2, zwant));
}

static void hostops_reshape_errors(void)
{
	const int64_t d[] = { 2, 3 }, sd[] = { 2 }, s2[] = { 4, 2 }, s3[] = { -1, -1 };
	struct lpf_hval in[2], out;
	struct lpf_err err;
	struct fx_node f;
	float y[6];

	fx_init(&f, "rs", "Reshape", 14);
	in[0] = fx_val(LPF_DT_FLOAT, 2, d, NULL);
	in[1] = fx_val(LPF_DT_INT64, 1, sd, NULL);
	CU_ASSERT_EQUAL(fx_run(&f, in, 2, &out, y, sizeof(y), &err), LPFPGA_ERROR_NOT_SUPPORTED);
	CU_ASSERT_STRING_EQUAL(err.msg,
			       "node 'rs' (Reshape): shape (input 1) must be a constant");
	in[1] = fx_val(LPF_DT_INT64, 1, sd, s2);
	CU_ASSERT_EQUAL(fx_run(&f, in, 2, &out, y, sizeof(y), &err),
			LPFPGA_ERROR_SHAPE_MISMATCH);
	CU_ASSERT_STRING_EQUAL(err.msg, "node 'rs' (Reshape): cannot reshape input [2,3] to [4,2]");
	in[1] = fx_val(LPF_DT_INT64, 1, sd, s3);
	CU_ASSERT_EQUAL(fx_run(&f, in, 2, &out, y, sizeof(y), &err),
			LPFPGA_ERROR_MODEL_INVALID);
}

static void hostops_flatten_axes(void)
{
	const int64_t d[] = { 2, 3, 4 }, w1[] = { 2, 12 }, w0[] = { 1, 24 }, wn[] = { 6, 4 };
	struct lpf_hval in, out;
	struct lpf_err err;
	struct fx_node f;
	const struct lpf_hostop *op = lpf_hostop_find("", "Flatten");

	in = fx_val(LPF_DT_UINT8, 3, d, NULL);
	fx_init(&f, "fl", "Flatten", 13);
	CU_ASSERT_EQUAL(op->infer(&f.node, &in, 1, &out, 1, &err), LPFPGA_OK);
	CU_ASSERT_TRUE(fx_shape_is(&out, 2, w1));
	CU_ASSERT_EQUAL(out.dtype, LPF_DT_UINT8);
	fx_int(&f, "axis", 0);
	CU_ASSERT_EQUAL(op->infer(&f.node, &in, 1, &out, 1, &err), LPFPGA_OK);
	CU_ASSERT_TRUE(fx_shape_is(&out, 2, w0));
	f.attrs[0].i = -1;
	CU_ASSERT_EQUAL(op->infer(&f.node, &in, 1, &out, 1, &err), LPFPGA_OK);
	CU_ASSERT_TRUE(fx_shape_is(&out, 2, wn));
	f.attrs[0].i = 4;
	CU_ASSERT_EQUAL(op->infer(&f.node, &in, 1, &out, 1, &err), LPFPGA_ERROR_MODEL_INVALID);
	CU_ASSERT_STRING_EQUAL(err.msg,
			       "node 'fl' (Flatten): axis 4 is out of range for input [2,3,4]");
}

static void hostops_transpose_data(void)
{
	/* [2,3] -> perm (1,0) -> [3,2]; default perm reverses. */
	const int64_t d[] = { 2, 3 }, want_d[] = { 3, 2 };
	const int16_t x[] = { 1, 2, 3, 4, 5, 6 }, want[] = { 1, 4, 2, 5, 3, 6 };
	/* [2,2,2] perm (1,2,0): y[j][k][i] = x[i][j][k]. */
	const int64_t d3[] = { 2, 2, 2 };
	const int32_t x3[] = { 0, 1, 2, 3, 4, 5, 6, 7 }, want3[] = { 0, 4, 1, 5, 2, 6, 3, 7 };
	int64_t perm[] = { 1, 2, 0 }, bad[] = { 0, 0, 1 };
	struct lpf_hval in, out;
	struct lpf_err err;
	struct fx_node f;
	int16_t y[6];
	int32_t y3[8];

	fx_init(&f, "tr", "Transpose", 13);
	in = fx_val(LPF_DT_INT16, 2, d, x);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, &in, 1, &out, y, sizeof(y), &err), LPFPGA_OK);
	CU_ASSERT_TRUE(fx_shape_is(&out, 2, want_d));
	CU_ASSERT_EQUAL(memcmp(y, want, sizeof(y)), 0);
	fx_ints(&f, "perm", perm, 3);
	in = fx_val(LPF_DT_INT32, 3, d3, x3);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, &in, 1, &out, y3, sizeof(y3), &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(memcmp(y3, want3, sizeof(y3)), 0);
	f.attrs[0].ints = bad;
	CU_ASSERT_EQUAL(fx_run(&f, &in, 1, &out, y3, sizeof(y3), &err),
			LPFPGA_ERROR_MODEL_INVALID);
}

static void hostops_concat_axis_and_mismatch(void)
{
	const int64_t da[] = { 2, 1 }, db[] = { 2, 2 }, od[] = { 2, 3 }, dc[] = { 3, 2 };
	const int64_t xa[] = { 1, 2 }, xb[] = { 10, 11, 20, 21 };
	const int64_t want[] = { 1, 10, 11, 2, 20, 21 };
	struct lpf_hval in[2], out;
	struct lpf_err err;
	struct fx_node f;
	int64_t y[6];

	fx_init(&f, "cat", "Concat", 13);
	fx_int(&f, "axis", -1);
	in[0] = fx_val(LPF_DT_INT64, 2, da, xa);
	in[1] = fx_val(LPF_DT_INT64, 2, db, xb);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, in, 2, &out, y, sizeof(y), &err), LPFPGA_OK);
	CU_ASSERT_TRUE(fx_shape_is(&out, 2, od));
	CU_ASSERT_EQUAL(memcmp(y, want, sizeof(y)), 0);
	in[1] = fx_val(LPF_DT_INT64, 2, dc, NULL);
	CU_ASSERT_EQUAL(fx_run(&f, in, 2, &out, y, sizeof(y), &err),
			LPFPGA_ERROR_SHAPE_MISMATCH);
	CU_ASSERT_STRING_EQUAL(err.msg, "node 'cat' (Concat): input 1 shape [3,2] does not match "
			       "input 0 shape [2,1] outside axis 1");
	f.attrs[0].i = 2;
	CU_ASSERT_EQUAL(fx_run(&f, in, 2, &out, y, sizeof(y), &err),
			LPFPGA_ERROR_MODEL_INVALID);
}

static void hostops_squeeze_unsqueeze_attr_and_input(void)
{
	const int64_t d[] = { 1, 3, 1, 2 }, sq_all[] = { 3, 2 }, sq0[] = { 3, 1, 2 };
	const int64_t ax_in[] = { -1, 0 }, axd[] = { 2 }, us[] = { 1, 3, 2, 1 };
	int64_t ax0[] = { 0 }, ax1[] = { 1 };
	struct lpf_hval in[2], out;
	struct lpf_err err;
	struct fx_node f;
	const struct lpf_hostop *sq = lpf_hostop_find("", "Squeeze");
	const struct lpf_hostop *usq = lpf_hostop_find("", "Unsqueeze");

	in[0] = fx_val(LPF_DT_FLOAT, 4, d, NULL);
	fx_init(&f, "sq", "Squeeze", 13);
	CU_ASSERT_EQUAL(sq->infer(&f.node, in, 1, &out, 1, &err), LPFPGA_OK);
	CU_ASSERT_TRUE(fx_shape_is(&out, 2, sq_all));
	fx_init(&f, "sq", "Squeeze", 11);
	fx_ints(&f, "axes", ax0, 1);
	CU_ASSERT_EQUAL(sq->infer(&f.node, in, 1, &out, 1, &err), LPFPGA_OK);
	CU_ASSERT_TRUE(fx_shape_is(&out, 3, sq0));
	f.attrs[0].ints = ax1;
	CU_ASSERT_EQUAL(sq->infer(&f.node, in, 1, &out, 1, &err), LPFPGA_ERROR_SHAPE_MISMATCH);
	CU_ASSERT_STRING_EQUAL(err.msg, "node 'sq' (Squeeze): cannot squeeze axis 1 of input "
			       "[1,3,1,2]");
	/* Unsqueeze 13: axes (-1, 0) of an output of rank 4 for input [3,2]. */
	fx_init(&f, "us", "Unsqueeze", 13);
	in[0] = fx_val(LPF_DT_FLOAT, 2, sq_all, NULL);
	in[1] = fx_val(LPF_DT_INT64, 1, axd, ax_in);
	CU_ASSERT_EQUAL(usq->infer(&f.node, in, 2, &out, 1, &err), LPFPGA_OK);
	CU_ASSERT_TRUE(fx_shape_is(&out, 4, us));
	CU_ASSERT_EQUAL(usq->infer(&f.node, in, 1, &out, 1, &err), LPFPGA_ERROR_MODEL_INVALID);
}

static void hostops_shape_slices(void)
{
	const int64_t d[] = { 2, 3, 4 }, want[] = { 3, 4 };
	struct lpf_hval in, out;
	struct lpf_err err;
	struct fx_node f;
	int64_t y[3];

	fx_init(&f, "shape", "Shape", 15);
	fx_int(&f, "start", -2);
	in = fx_val(LPF_DT_INT8, 3, d, NULL);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, &in, 1, &out, y, sizeof(y), &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(out.dtype, LPF_DT_INT64);
	CU_ASSERT_EQUAL(out.dims[0], 2);
	CU_ASSERT_EQUAL(memcmp(y, want, sizeof(want)), 0);
}

int main(void)
{
	static const struct lpf_test_case cases[] = {
		{ "hostops_find_by_domain", hostops_find_by_domain },
		{ "hostops_add_broadcasts", hostops_add_broadcasts },
		{ "hostops_add_rejects_non_broadcastable", hostops_add_rejects_non_broadcastable },
		{ "hostops_integer_arithmetic_wraps_and_truncates",
		  hostops_integer_arithmetic_wraps_and_truncates },
		{ "hostops_clip_bounds_from_attributes_or_inputs",
		  hostops_clip_bounds_from_attributes_or_inputs },
		{ "hostops_activations", hostops_activations },
		{ "hostops_cast_float_to_int_truncates_and_saturates",
		  hostops_cast_float_to_int_truncates_and_saturates },
		{ "hostops_cast_integers_wrap_and_round", hostops_cast_integers_wrap_and_round },
		{ "hostops_cast_bool_and_double", hostops_cast_bool_and_double },
		{ "hostops_reshape_zero_and_minus_one", hostops_reshape_zero_and_minus_one },
		{ "hostops_reshape_errors", hostops_reshape_errors },
		{ "hostops_flatten_axes", hostops_flatten_axes },
		{ "hostops_transpose_data", hostops_transpose_data },
		{ "hostops_concat_axis_and_mismatch", hostops_concat_axis_and_mismatch },
		{ "hostops_squeeze_unsqueeze_attr_and_input",
		  hostops_squeeze_unsqueeze_attr_and_input },
		{ "hostops_shape_slices", hostops_shape_slices },
		{ NULL, NULL },
	};

	return lpf_test_run("hostops", cases);
}
