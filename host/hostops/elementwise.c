/* SPDX-License-Identifier: MIT */
/*
 * Elementwise ops: Add, Sub, Mul, Div with numpy broadcasting; Relu, LeakyRelu,
 * Sigmoid, Clip, Identity. Float ops are single float32 (or double) operations, as
 * onnxruntime's CPU kernels compute them. Integer Add/Sub/Mul wrap modulo 2^n like
 * onnxruntime; integer Div truncates toward zero, and a zero divisor is an error
 * rather than a crash. INT_MIN / -1 wraps to INT_MIN.
 */
#include <float.h>
#include <math.h>
#include <string.h>

#include "hostops/hostop_util.h"

enum binop { OP_ADD, OP_SUB, OP_MUL, OP_DIV };

#define BIN_TYPES                                                                           \
	(LPF_HOP_DT(LPF_DT_FLOAT) | LPF_HOP_DT(LPF_DT_DOUBLE) | LPF_HOP_DT(LPF_DT_INT32) |  \
	 LPF_HOP_DT(LPF_DT_INT64) | LPF_HOP_DT(LPF_DT_UINT8) | LPF_HOP_DT(LPF_DT_INT8))

static enum binop binop_of(const struct lpf_node *n)
{
	if (!strcmp(n->op_type, "Add"))
		return OP_ADD;
	if (!strcmp(n->op_type, "Sub"))
		return OP_SUB;
	if (!strcmp(n->op_type, "Mul"))
		return OP_MUL;
	return OP_DIV;
}

static lpfpga_status binary_infer(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
				  struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	char ba[LPF_HOP_SHAPE_MAX], bb[LPF_HOP_SHAPE_MAX];
	lpfpga_status st;

	st = lpf_hop_check_arity(n, in, n_in, 2, 2, n_out, 1, err);
	if (!st)
		st = lpf_hop_check_dtype(n, in, 0, BIN_TYPES, err);
	if (!st)
		st = lpf_hop_check_same_dtype(n, in, 0, 1, err);
	if (st)
		return st;
	if (!lpf_hop_broadcast(&in[0], &in[1], &out[0].rank, out[0].dims))
		return lpf_hop_fail(n, err, LPFPGA_ERROR_SHAPE_MISMATCH,
				    "shapes %s and %s do not broadcast",
				    lpf_hop_shape(&in[0], ba, sizeof(ba)),
				    lpf_hop_shape(&in[1], bb, sizeof(bb)));
	out[0].dtype = in[0].dtype;
	return LPFPGA_OK;
}

/* One broadcast loop per (type, op); a and b name the two operands in EXPR. */
#define BIN_LOOP(T, EXPR)                                                        \
	do {                                                                     \
		const T *pa = in[0].data, *pb = in[1].data;                      \
		T *po = out[0].data;                                             \
		for (int64_t i = 0; i < cnt; i++, lpf_hop_iter_next(&it)) {      \
			T a = pa[it.off[0]], b = pb[it.off[1]];                  \
			po[i] = (EXPR);                                          \
		}                                                                \
	} while (0)

/* Float types: one IEEE operation each. */
#define BIN_FLOAT(T)                                  \
	do {                                          \
		switch (op) {                         \
		case OP_ADD:                          \
			BIN_LOOP(T, a + b);           \
			break;                        \
		case OP_SUB:                          \
			BIN_LOOP(T, a - b);           \
			break;                        \
		case OP_MUL:                          \
			BIN_LOOP(T, a * b);           \
			break;                        \
		case OP_DIV:                          \
			BIN_LOOP(T, a / b);           \
			break;                        \
		}                                     \
	} while (0)

/* Integer types: wrap through the unsigned type U; Div checked for zero beforehand. */
#define BIN_INT(T, U, DIV)                                                         \
	do {                                                                    \
		switch (op) {                                                   \
		case OP_ADD:                                                    \
			BIN_LOOP(T, (T)((U)a + (U)b));                          \
			break;                                                  \
		case OP_SUB:                                                    \
			BIN_LOOP(T, (T)((U)a - (U)b));                          \
			break;                                                  \
		case OP_MUL:                                                    \
			BIN_LOOP(T, (T)((U)a * (U)b));                          \
			break;                                                  \
		case OP_DIV:                                                    \
			BIN_LOOP(T, DIV);                                       \
			break;                                                  \
		}                                                               \
	} while (0)

static bool has_zero(const struct lpf_hval *v)
{
	size_t sz = lpf_dtype_size(v->dtype);
	const unsigned char *p = v->data;
	int64_t cnt = lpf_hop_numel(v);

	for (int64_t i = 0; i < cnt; i++) {
		bool zero = true;

		for (size_t k = 0; k < sz; k++)
			zero = zero && !p[(size_t)i * sz + k];
		if (zero)
			return true;
	}
	return false;
}

static lpfpga_status binary_run(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
				struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	enum binop op = binop_of(n);
	int64_t cnt = lpf_hop_numel(&out[0]);
	struct lpf_hop_iter it;

	(void)n_in;
	(void)n_out;
	if (op == OP_DIV && in[0].dtype != LPF_DT_FLOAT && in[0].dtype != LPF_DT_DOUBLE &&
	    has_zero(&in[1]))
		return lpf_hop_fail(n, err, LPFPGA_ERROR_INVALID_ARGUMENT,
				    "integer division by zero");
	lpf_hop_iter_init(&it, out[0].rank, out[0].dims, &in[0], &in[1]);
	switch (in[0].dtype) {
	case LPF_DT_FLOAT:
		BIN_FLOAT(float);
		break;
	case LPF_DT_DOUBLE:
		BIN_FLOAT(double);
		break;
	case LPF_DT_INT32:
		BIN_INT(int32_t, uint32_t, b == -1 ? (int32_t)(0u - (uint32_t)a) : a / b);
		break;
	case LPF_DT_INT64:
		BIN_INT(int64_t, uint64_t, b == -1 ? (int64_t)(0u - (uint64_t)a) : a / b);
		break;
	case LPF_DT_INT8:
		BIN_INT(int8_t, uint8_t, (int8_t)(a / b));
		break;
	default:
		BIN_INT(uint8_t, uint8_t, (uint8_t)(a / b));
		break;
	}
	return LPFPGA_OK;
}

/* Unary ops: same dtype and shape out as in. */
static lpfpga_status unary_infer(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
				 int max_in, unsigned int types, struct lpf_hval *out, int n_out,
				 struct lpf_err *err)
{
	lpfpga_status st;

	st = lpf_hop_check_arity(n, in, n_in, 1, max_in, n_out, 1, err);
	if (!st)
		st = lpf_hop_check_dtype(n, in, 0, types, err);
	if (st)
		return st;
	lpf_hop_set_shape(&out[0], in[0].dtype, in[0].rank, in[0].dims);
	return LPFPGA_OK;
}

#define UNARY_LOOP(T, EXPR)                                      \
	do {                                                     \
		const T *px = in[0].data;                        \
		T *py = out[0].data;                             \
		for (int64_t i = 0; i < cnt; i++) {              \
			T x = px[i];                             \
			py[i] = (EXPR);                          \
		}                                                \
	} while (0)

#define RELU_TYPES                                                                         \
	(LPF_HOP_DT(LPF_DT_FLOAT) | LPF_HOP_DT(LPF_DT_DOUBLE) | LPF_HOP_DT(LPF_DT_INT8) |  \
	 LPF_HOP_DT(LPF_DT_INT32) | LPF_HOP_DT(LPF_DT_INT64))

static lpfpga_status relu_infer(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
				struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	return unary_infer(n, in, n_in, 1, RELU_TYPES, out, n_out, err);
}

static lpfpga_status relu_run(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
			      struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	int64_t cnt = lpf_hop_numel(&in[0]);

	(void)n, (void)n_in, (void)n_out, (void)err;
	switch (in[0].dtype) {
	case LPF_DT_FLOAT:
		UNARY_LOOP(float, x > 0 ? x : 0.0f);
		break;
	case LPF_DT_DOUBLE:
		UNARY_LOOP(double, x > 0 ? x : 0.0);
		break;
	case LPF_DT_INT8:
		UNARY_LOOP(int8_t, x > 0 ? x : 0);
		break;
	case LPF_DT_INT32:
		UNARY_LOOP(int32_t, x > 0 ? x : 0);
		break;
	default:
		UNARY_LOOP(int64_t, x > 0 ? x : 0);
		break;
	}
	return LPFPGA_OK;
}

#define FLOAT_TYPES (LPF_HOP_DT(LPF_DT_FLOAT) | LPF_HOP_DT(LPF_DT_DOUBLE))

static lpfpga_status float_unary_infer(const struct lpf_node *n, const struct lpf_hval *in,
				       int n_in, struct lpf_hval *out, int n_out,
				       struct lpf_err *err)
{
	return unary_infer(n, in, n_in, 1, FLOAT_TYPES, out, n_out, err);
}

static lpfpga_status leaky_relu_run(const struct lpf_node *n, const struct lpf_hval *in,
				    int n_in, struct lpf_hval *out, int n_out,
				    struct lpf_err *err)
{
	float alpha = lpf_node_attr_float(n, "alpha", 0.01f);
	int64_t cnt = lpf_hop_numel(&in[0]);

	(void)n_in, (void)n_out, (void)err;
	if (in[0].dtype == LPF_DT_FLOAT)
		UNARY_LOOP(float, x >= 0 ? x : alpha * x);
	else
		UNARY_LOOP(double, x >= 0 ? x : (double)alpha * x);
	return LPFPGA_OK;
}

/*
 * 1 / (1 + exp(-x)) with libm's exp. onnxruntime uses MLAS's vectorised logistic
 * approximation, so results agree to a few ulps, not bit for bit.
 */
static lpfpga_status sigmoid_run(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
				 struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	int64_t cnt = lpf_hop_numel(&in[0]);

	(void)n, (void)n_in, (void)n_out, (void)err;
	if (in[0].dtype == LPF_DT_FLOAT)
		UNARY_LOOP(float, 1.0f / (1.0f + expf(-x)));
	else
		UNARY_LOOP(double, 1.0 / (1.0 + exp(-x)));
	return LPFPGA_OK;
}

#define CLIP_TYPES                                                                         \
	(LPF_HOP_DT(LPF_DT_FLOAT) | LPF_HOP_DT(LPF_DT_DOUBLE) | LPF_HOP_DT(LPF_DT_INT8) |  \
	 LPF_HOP_DT(LPF_DT_UINT8) | LPF_HOP_DT(LPF_DT_INT32) | LPF_HOP_DT(LPF_DT_INT64))

/*
 * Bounds come from inputs 1 and 2 (opset 11+) when given, else from the min/max
 * attributes (opset 6, float only); either way one rule serves every opset.
 */
static lpfpga_status clip_infer(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
				struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	char b[LPF_HOP_SHAPE_MAX];
	lpfpga_status st;

	st = unary_infer(n, in, n_in, 3, CLIP_TYPES, out, n_out, err);
	if (st)
		return st;
	for (int i = 1; i < n_in; i++) {
		if (!lpf_hop_present(in, n_in, i))
			continue;
		st = lpf_hop_check_same_dtype(n, in, 0, i, err);
		if (st)
			return st;
		if (lpf_hop_numel(&in[i]) != 1)
			return lpf_hop_fail(n, err, LPFPGA_ERROR_SHAPE_MISMATCH,
					    "bound input %d has shape %s, expected a scalar", i,
					    lpf_hop_shape(&in[i], b, sizeof(b)));
	}
	if ((lpf_node_attr(n, "min") || lpf_node_attr(n, "max")) &&
	    in[0].dtype != LPF_DT_FLOAT && in[0].dtype != LPF_DT_DOUBLE)
		return lpf_hop_fail(n, err, LPFPGA_ERROR_NOT_SUPPORTED,
				    "min/max attributes need a float input, not %s",
				    lpf_dtype_name(in[0].dtype));
	return LPFPGA_OK;
}

/* min(max(x, lo), hi) like onnxruntime, so lo > hi yields hi everywhere. */
#define CLIP_LOOP(T, LO, HI)                                                               \
	do {                                                                               \
		T lo = lpf_hop_present(in, n_in, 1) ? *(const T *)in[1].data : (LO);      \
		T hi = lpf_hop_present(in, n_in, 2) ? *(const T *)in[2].data : (HI);      \
		UNARY_LOOP(T, (x < lo ? lo : x) > hi ? hi : (x < lo ? lo : x));            \
	} while (0)

static lpfpga_status clip_run(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
			      struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	float amin = lpf_node_attr_float(n, "min", -FLT_MAX);
	float amax = lpf_node_attr_float(n, "max", FLT_MAX);
	int64_t cnt = lpf_hop_numel(&in[0]);

	(void)n_out, (void)err;
	switch (in[0].dtype) {
	case LPF_DT_FLOAT:
		CLIP_LOOP(float, amin, amax);
		break;
	case LPF_DT_DOUBLE:
		CLIP_LOOP(double, lpf_node_attr(n, "min") ? (double)amin : -DBL_MAX,
			  lpf_node_attr(n, "max") ? (double)amax : DBL_MAX);
		break;
	case LPF_DT_INT8:
		CLIP_LOOP(int8_t, INT8_MIN, INT8_MAX);
		break;
	case LPF_DT_UINT8:
		CLIP_LOOP(uint8_t, 0, UINT8_MAX);
		break;
	case LPF_DT_INT32:
		CLIP_LOOP(int32_t, INT32_MIN, INT32_MAX);
		break;
	default:
		CLIP_LOOP(int64_t, INT64_MIN, INT64_MAX);
		break;
	}
	return LPFPGA_OK;
}

static lpfpga_status identity_infer(const struct lpf_node *n, const struct lpf_hval *in,
				    int n_in, struct lpf_hval *out, int n_out,
				    struct lpf_err *err)
{
	lpfpga_status st = lpf_hop_check_arity(n, in, n_in, 1, 1, n_out, 1, err);

	if (st)
		return st;
	if (!lpf_dtype_size(in[0].dtype))
		return lpf_hop_fail(n, err, LPFPGA_ERROR_NOT_SUPPORTED,
				    "input 0 has unsupported dtype %s",
				    lpf_dtype_name(in[0].dtype));
	lpf_hop_set_shape(&out[0], in[0].dtype, in[0].rank, in[0].dims);
	return LPFPGA_OK;
}

static lpfpga_status identity_run(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
				  struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	size_t bytes = (size_t)lpf_hop_numel(&in[0]) * lpf_dtype_size(in[0].dtype);

	(void)n, (void)n_in, (void)n_out, (void)err;
	if (bytes && out[0].data != in[0].data)
		memmove(out[0].data, in[0].data, bytes);
	return LPFPGA_OK;
}

const struct lpf_hostop lpf_hostops_elementwise[] = {
	{ "", "Add", binary_infer, binary_run },
	{ "", "Sub", binary_infer, binary_run },
	{ "", "Mul", binary_infer, binary_run },
	{ "", "Div", binary_infer, binary_run },
	{ "", "Relu", relu_infer, relu_run },
	{ "", "LeakyRelu", float_unary_infer, leaky_relu_run },
	{ "", "Sigmoid", float_unary_infer, sigmoid_run },
	{ "", "Clip", clip_infer, clip_run },
	{ "", "Identity", identity_infer, identity_run },
	{ NULL, NULL, NULL, NULL },
};
