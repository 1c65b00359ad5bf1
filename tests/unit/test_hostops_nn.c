/* SPDX-License-Identifier: MIT */
/* Pools, Softmax, float Conv, Gemm and MatMul host ops against hand-derived values. */
#include <math.h>
#include <string.h>

#include "common/lpf_test.h"
#include "unit/hostops_fixture.h"

/* 3x3 input 1..9 for the pool and conv cases. */
static const int64_t d1133[] = { 1, 1, 3, 3 };
static const float x9[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };

static void check_floats(const float *got, const float *want, int n)
{
	for (int i = 0; i < n; i++)
		CU_ASSERT_EQUAL(got[i], want[i]);
}

/* |got - want| within about two float32 ulps of want (want from double math). */
static void check_close(const float *got, const double *want, int n)
{
	for (int i = 0; i < n; i++)
		CU_ASSERT_TRUE(fabs(got[i] - want[i]) <= 2.5e-7 * fabs(want[i]));
}

static void hostops_averagepool_pads_exclude_or_include(void)
{
	/* k 2x2, stride 2, pads 1: windows {1}, {2,3}, {4,7}, {5,6,8,9}. */
	int64_t k[] = { 2, 2 }, s[] = { 2, 2 }, p[] = { 1, 1, 1, 1 };
	const int64_t od[] = { 1, 1, 2, 2 };
	const float want_ex[] = { 1.0f, 2.5f, 5.5f, 7.0f };
	const float want_in[] = { 0.25f, 1.25f, 2.75f, 7.0f };
	struct lpf_hval in, out;
	struct lpf_err err;
	struct fx_node f;
	float y[4];

	fx_init(&f, "ap", "AveragePool", 11);
	fx_ints(&f, "kernel_shape", k, 2);
	fx_ints(&f, "strides", s, 2);
	fx_ints(&f, "pads", p, 4);
	in = fx_val(LPF_DT_FLOAT, 4, d1133, x9);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, &in, 1, &out, y, sizeof(y), &err), LPFPGA_OK);
	CU_ASSERT_TRUE(fx_shape_is(&out, 4, od));
	check_floats(y, want_ex, 4);
	fx_int(&f, "count_include_pad", 1);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, &in, 1, &out, y, sizeof(y), &err), LPFPGA_OK);
	check_floats(y, want_in, 4);
}

static void hostops_maxpool_ceil_mode(void)
{
	/* 4x4 of 1..16, k 3, stride 2: floor gives 1x1, ceil 2x2 (partial windows). */
	int64_t k[] = { 3, 3 }, s[] = { 2, 2 };
	const int64_t d[] = { 1, 1, 4, 4 }, o1[] = { 1, 1, 1, 1 }, o2[] = { 1, 1, 2, 2 };
	const float want[] = { 11, 12, 15, 16 };
	float x[16], y[4];
	struct lpf_hval in, out;
	struct lpf_err err;
	struct fx_node f;

	for (int i = 0; i < 16; i++)
		x[i] = (float)(i + 1);
	fx_init(&f, "mp", "MaxPool", 12);
	fx_ints(&f, "kernel_shape", k, 2);
	fx_ints(&f, "strides", s, 2);
	in = fx_val(LPF_DT_FLOAT, 4, d, x);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, &in, 1, &out, y, sizeof(y), &err), LPFPGA_OK);
	CU_ASSERT_TRUE(fx_shape_is(&out, 4, o1));
	CU_ASSERT_EQUAL(y[0], 11.0f);
	fx_int(&f, "ceil_mode", 1);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, &in, 1, &out, y, sizeof(y), &err), LPFPGA_OK);
	CU_ASSERT_TRUE(fx_shape_is(&out, 4, o2));
	check_floats(y, want, 4);
}

static void hostops_maxpool_ceil_drops_window_in_end_padding(void)
{
	/* 1-D: in 4, k 2, stride 2, pads (0,1): ceil(3/2)+1 = 3, but window 3 starts at 4. */
	int64_t k[] = { 2 }, s[] = { 2 }, p[] = { 0, 1 };
	const int64_t d[] = { 1, 1, 4 }, od[] = { 1, 1, 2 };
	const float x[] = { 3, 1, 4, 2 };
	struct lpf_hval in, out;
	struct lpf_err err;
	struct fx_node f;
	float y[3];

	fx_init(&f, "mp", "MaxPool", 12);
	fx_ints(&f, "kernel_shape", k, 1);
	fx_ints(&f, "strides", s, 1);
	fx_ints(&f, "pads", p, 2);
	fx_int(&f, "ceil_mode", 1);
	in = fx_val(LPF_DT_FLOAT, 3, d, x);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, &in, 1, &out, y, sizeof(y), &err), LPFPGA_OK);
	CU_ASSERT_TRUE(fx_shape_is(&out, 3, od));
	CU_ASSERT_EQUAL(y[0], 3.0f);
	CU_ASSERT_EQUAL(y[1], 4.0f);
}

static void hostops_maxpool_int8_padding_never_wins(void)
{
	int64_t k[] = { 2, 2 }, p[] = { 1, 1, 1, 1 };
	const int64_t d[] = { 1, 1, 2, 2 }, od[] = { 1, 1, 3, 3 };
	const int8_t x[] = { -5, -7, -3, -9 };
	const int8_t want[] = { -5, -5, -7, -3, -3, -7, -3, -3, -9 };
	struct lpf_hval in, out;
	struct lpf_err err;
	struct fx_node f;
	int8_t y[9];

	fx_init(&f, "mp", "MaxPool", 12);
	fx_ints(&f, "kernel_shape", k, 2);
	fx_ints(&f, "pads", p, 4);
	in = fx_val(LPF_DT_INT8, 4, d, x);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, &in, 1, &out, y, sizeof(y), &err), LPFPGA_OK);
	CU_ASSERT_TRUE(fx_shape_is(&out, 4, od));
	CU_ASSERT_EQUAL(out.dtype, LPF_DT_INT8);
	CU_ASSERT_EQUAL(memcmp(y, want, sizeof(want)), 0);
}

static void hostops_maxpool_same_upper_and_dilations(void)
{
	/* 3x3, k 2, SAME_UPPER: pad 1 at the end; dilation 2 with pads 1 gives 3x3 too. */
	int64_t k[] = { 2, 2 }, dil[] = { 2, 2 }, p[] = { 1, 1, 1, 1 };
	const int64_t od[] = { 1, 1, 3, 3 };
	const float want_same[] = { 5, 6, 6, 8, 9, 9, 8, 9, 9 };
	const float want_dil[] = { 5, 6, 5, 8, 9, 8, 5, 6, 5 };
	struct lpf_hval in, out;
	struct lpf_err err;
	struct fx_node f;
	float y[9];

	fx_init(&f, "mp", "MaxPool", 12);
	fx_ints(&f, "kernel_shape", k, 2);
	fx_str(&f, "auto_pad", "SAME_UPPER");
	in = fx_val(LPF_DT_FLOAT, 4, d1133, x9);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, &in, 1, &out, y, sizeof(y), &err), LPFPGA_OK);
	CU_ASSERT_TRUE(fx_shape_is(&out, 4, od));
	check_floats(y, want_same, 9);
	fx_init(&f, "mp", "MaxPool", 12);
	fx_ints(&f, "kernel_shape", k, 2);
	fx_ints(&f, "dilations", dil, 2);
	fx_ints(&f, "pads", p, 4);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, &in, 1, &out, y, sizeof(y), &err), LPFPGA_OK);
	CU_ASSERT_TRUE(fx_shape_is(&out, 4, od));
	check_floats(y, want_dil, 9);
}

static void hostops_maxpool_rejects_indices_output(void)
{
	int64_t k[] = { 2, 2 };
	struct lpf_hval in, out[2];
	struct lpf_err err;
	struct fx_node f;

	fx_init(&f, "mp2", "MaxPool", 12);
	fx_ints(&f, "kernel_shape", k, 2);
	in = fx_val(LPF_DT_FLOAT, 4, d1133, x9);
	memset(out, 0, sizeof(out));
	CU_ASSERT_EQUAL(lpf_hostop_find("", "MaxPool")->infer(&f.node, &in, 1, out, 2, &err),
			LPFPGA_ERROR_NOT_SUPPORTED);
	CU_ASSERT_STRING_EQUAL(err.msg,
			       "node 'mp2' (MaxPool): the Indices output is not supported");
}

static void hostops_pool_rejects_bad_kernel_shape(void)
{
	int64_t k[] = { 2 };
	struct lpf_hval in, out;
	struct lpf_err err;
	struct fx_node f;
	float y[9];

	fx_init(&f, "ap", "AveragePool", 11);
	fx_ints(&f, "kernel_shape", k, 1);
	in = fx_val(LPF_DT_FLOAT, 4, d1133, x9);
	CU_ASSERT_EQUAL(fx_run(&f, &in, 1, &out, y, sizeof(y), &err),
			LPFPGA_ERROR_MODEL_INVALID);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "kernel_shape"));
}

static void hostops_global_pools(void)
{
	const int64_t d[] = { 1, 2, 2, 2 }, od[] = { 1, 2, 1, 1 };
	const float x[] = { 1, 2, 3, 4, 10, 20, 30, 45 };
	struct lpf_hval in, out;
	struct lpf_err err;
	struct fx_node f;
	float y[2];

	fx_init(&f, "gap", "GlobalAveragePool", 13);
	in = fx_val(LPF_DT_FLOAT, 4, d, x);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, &in, 1, &out, y, sizeof(y), &err), LPFPGA_OK);
	CU_ASSERT_TRUE(fx_shape_is(&out, 4, od));
	CU_ASSERT_EQUAL(y[0], 2.5f);
	CU_ASSERT_EQUAL(y[1], 26.25f);
	fx_init(&f, "gmp", "GlobalMaxPool", 13);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, &in, 1, &out, y, sizeof(y), &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(y[0], 4.0f);
	CU_ASSERT_EQUAL(y[1], 45.0f);
}

static void hostops_softmax_vector(void)
{
	const int64_t d[] = { 4 };
	const float x[] = { 1, 2, 3, -1 };
	/* Python math.exp at double precision. */
	const double want[] = { 0.0889468172974043, 0.24178251715880075, 0.6572330228318554,
				0.01203764271193945 };
	struct lpf_hval in, out;
	struct lpf_err err;
	struct fx_node f;
	float y[4];

	fx_init(&f, "sm", "Softmax", 13);
	in = fx_val(LPF_DT_FLOAT, 1, d, x);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, &in, 1, &out, y, sizeof(y), &err), LPFPGA_OK);
	check_close(y, want, 4);
}

static void hostops_softmax_opset_semantics(void)
{
	/* [1,2,2]: before 13, axis 1 flattens to rows of 4; from 13, axis -1 is rows of 2. */
	const int64_t d[] = { 1, 2, 2 };
	const float x[] = { 1, 2, 3, -1 };
	const double want11[] = { 0.0889468172974043, 0.24178251715880075, 0.6572330228318554,
				  0.01203764271193945 };
	const double want13[] = { 0.2689414213699951, 0.7310585786300049, 0.9820137900379085,
				  0.017986209962091555 };
	struct lpf_hval in, out;
	struct lpf_err err;
	struct fx_node f;
	float y[4];

	in = fx_val(LPF_DT_FLOAT, 3, d, x);
	fx_init(&f, "sm", "Softmax", 11);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, &in, 1, &out, y, sizeof(y), &err), LPFPGA_OK);
	check_close(y, want11, 4);
	fx_init(&f, "sm", "Softmax", 13);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, &in, 1, &out, y, sizeof(y), &err), LPFPGA_OK);
	check_close(y, want13, 4);
	fx_init(&f, "sm", "Softmax", 13);
	fx_int(&f, "axis", 3);
	CU_ASSERT_EQUAL(fx_run(&f, &in, 1, &out, y, sizeof(y), &err),
			LPFPGA_ERROR_MODEL_INVALID);
	CU_ASSERT_STRING_EQUAL(err.msg, "node 'sm' (Softmax): axis 3 is out of range for "
			       "input [1,2,2]");
}

static void hostops_conv_bias_and_group(void)
{
	const int64_t wd[] = { 2, 1, 2, 2 }, bd[] = { 2 }, od[] = { 1, 2, 2, 2 };
	const float w[] = { 1, 0, 0, 1, 1, 1, 1, 1 }, b[] = { 0.5f, -1.0f };
	const float want[] = { 6.5f, 8.5f, 12.5f, 14.5f, 11, 15, 23, 27 };
	/* Depthwise 1x1 with pads 1: a zero border around 2*x and -x. */
	const int64_t xd2[] = { 1, 2, 2, 2 }, wd2[] = { 2, 1, 1, 1 }, od2[] = { 1, 2, 4, 4 };
	const float x2[] = { 1, 2, 3, 4, 10, 20, 30, 40 }, w2[] = { 2, -1 };
	int64_t p[] = { 1, 1, 1, 1 };
	struct lpf_hval in[3], out;
	struct lpf_err err;
	struct fx_node f;
	float y[32];

	fx_init(&f, "conv", "Conv", 11);
	in[0] = fx_val(LPF_DT_FLOAT, 4, d1133, x9);
	in[1] = fx_val(LPF_DT_FLOAT, 4, wd, w);
	in[2] = fx_val(LPF_DT_FLOAT, 1, bd, b);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, in, 3, &out, y, sizeof(y), &err), LPFPGA_OK);
	CU_ASSERT_TRUE(fx_shape_is(&out, 4, od));
	check_floats(y, want, 8);

	fx_init(&f, "dw", "Conv", 11);
	fx_int(&f, "group", 2);
	fx_ints(&f, "pads", p, 4);
	in[0] = fx_val(LPF_DT_FLOAT, 4, xd2, x2);
	in[1] = fx_val(LPF_DT_FLOAT, 4, wd2, w2);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, in, 2, &out, y, sizeof(y), &err), LPFPGA_OK);
	CU_ASSERT_TRUE(fx_shape_is(&out, 4, od2));
	CU_ASSERT_EQUAL(y[0], 0.0f);
	CU_ASSERT_EQUAL(y[5], 2.0f);
	CU_ASSERT_EQUAL(y[10], 8.0f);
	CU_ASSERT_EQUAL(y[16 + 6], -20.0f);
	CU_ASSERT_EQUAL(y[16 + 9], -30.0f);
	CU_ASSERT_EQUAL(y[31], 0.0f);
}

static void hostops_conv_rejects_channel_mismatch(void)
{
	const int64_t wd[] = { 2, 2, 2, 2 };
	const float w[16] = { 0 };
	struct lpf_hval in[2], out;
	struct lpf_err err;
	struct fx_node f;
	float y[8];

	fx_init(&f, "conv", "Conv", 11);
	in[0] = fx_val(LPF_DT_FLOAT, 4, d1133, x9);
	in[1] = fx_val(LPF_DT_FLOAT, 4, wd, w);
	CU_ASSERT_EQUAL(fx_run(&f, in, 2, &out, y, sizeof(y), &err),
			LPFPGA_ERROR_SHAPE_MISMATCH);
	CU_ASSERT_STRING_EQUAL(err.msg, "node 'conv' (Conv): input [1,1,3,3] and weight "
			       "[2,2,2,2] do not fit (group 1)");
}

static void hostops_gemm_transpose_alpha_beta_broadcast(void)
{
	/* A' = [[1,3,5],[2,4,6]], B' = [[1,0],[0,1],[1,1]]: A'B' = [[6,8],[8,10]]. */
	const int64_t ad[] = { 3, 2 }, bd[] = { 2, 3 }, cd[] = { 2, 1 }, od[] = { 2, 2 };
	const float a[] = { 1, 2, 3, 4, 5, 6 }, b[] = { 1, 0, 1, 0, 1, 1 }, c[] = { 10, 20 };
	const float want[] = { 23, 24, 44, 45 };
	struct lpf_hval in[3], out;
	struct lpf_err err;
	struct fx_node f;
	float y[4];

	fx_init(&f, "gemm", "Gemm", 13);
	fx_int(&f, "transA", 1);
	fx_int(&f, "transB", 1);
	fx_float(&f, "alpha", 0.5f);
	fx_float(&f, "beta", 2.0f);
	in[0] = fx_val(LPF_DT_FLOAT, 2, ad, a);
	in[1] = fx_val(LPF_DT_FLOAT, 2, bd, b);
	in[2] = fx_val(LPF_DT_FLOAT, 2, cd, c);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, in, 3, &out, y, sizeof(y), &err), LPFPGA_OK);
	CU_ASSERT_TRUE(fx_shape_is(&out, 2, od));
	check_floats(y, want, 4);
}

static void hostops_matmul_vector_and_batch(void)
{
	const int64_t ad[] = { 3 }, bd[] = { 2, 3, 2 }, od[] = { 2, 2 };
	const float a[] = { 1, 2, 3 }, b[] = { 1, 0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 2 };
	const float want[] = { 4, 5, 12, 12 };
	const int64_t a4[] = { 2, 1, 4, 5 }, b3[] = { 3, 5, 6 }, o4[] = { 2, 3, 4, 6 };
	const int64_t bad[] = { 4, 5 };
	struct lpf_hval in[2], out;
	struct lpf_err err;
	struct fx_node f;
	float y[4];

	fx_init(&f, "mm", "MatMul", 13);
	in[0] = fx_val(LPF_DT_FLOAT, 1, ad, a);
	in[1] = fx_val(LPF_DT_FLOAT, 3, bd, b);
	CU_ASSERT_EQUAL_FATAL(fx_run(&f, in, 2, &out, y, sizeof(y), &err), LPFPGA_OK);
	CU_ASSERT_TRUE(fx_shape_is(&out, 2, od));
	check_floats(y, want, 4);
	in[0] = fx_val(LPF_DT_FLOAT, 4, a4, NULL);
	in[1] = fx_val(LPF_DT_FLOAT, 3, b3, NULL);
	CU_ASSERT_EQUAL(lpf_hostop_find("", "MatMul")->infer(&f.node, in, 2, &out, 1, &err),
			LPFPGA_OK);
	CU_ASSERT_TRUE(fx_shape_is(&out, 4, o4));
	in[1] = fx_val(LPF_DT_FLOAT, 2, bad, NULL);
	CU_ASSERT_EQUAL(lpf_hostop_find("", "MatMul")->infer(&f.node, in, 2, &out, 1, &err),
			LPFPGA_ERROR_SHAPE_MISMATCH);
	CU_ASSERT_STRING_EQUAL(err.msg,
			       "node 'mm' (MatMul): shapes [2,1,4,5] and [4,5] do not multiply");
}

int main(void)
{
	static const struct lpf_test_case cases[] = {
		{ "hostops_averagepool_pads_exclude_or_include",
		  hostops_averagepool_pads_exclude_or_include },
		{ "hostops_maxpool_ceil_mode", hostops_maxpool_ceil_mode },
		{ "hostops_maxpool_ceil_drops_window_in_end_padding",
		  hostops_maxpool_ceil_drops_window_in_end_padding },
		{ "hostops_maxpool_int8_padding_never_wins",
		  hostops_maxpool_int8_padding_never_wins },
		{ "hostops_maxpool_same_upper_and_dilations",
		  hostops_maxpool_same_upper_and_dilations },
		{ "hostops_maxpool_rejects_indices_output",
		  hostops_maxpool_rejects_indices_output },
		{ "hostops_pool_rejects_bad_kernel_shape", hostops_pool_rejects_bad_kernel_shape },
		{ "hostops_global_pools", hostops_global_pools },
		{ "hostops_softmax_vector", hostops_softmax_vector },
		{ "hostops_softmax_opset_semantics", hostops_softmax_opset_semantics },
		{ "hostops_conv_bias_and_group", hostops_conv_bias_and_group },
		{ "hostops_conv_rejects_channel_mismatch", hostops_conv_rejects_channel_mismatch },
		{ "hostops_gemm_transpose_alpha_beta_broadcast",
		  hostops_gemm_transpose_alpha_beta_broadcast },
		{ "hostops_matmul_vector_and_batch", hostops_matmul_vector_and_batch },
		{ NULL, NULL },
	};

	return lpf_test_run("hostops_nn", cases);
}
