/* SPDX-License-Identifier: MIT */
/*
 * Cast between float32, double, bool and the 8/16/32/64-bit integers (not uint64).
 *
 * Rules (onnxruntime uses C++ static_cast, whose out-of-range float->int result is
 * undefined; we pick one defined answer):
 *   float -> integer: truncate toward zero, saturate to the target range, NaN -> 0.
 *   integer -> narrower integer: wrap modulo 2^n (two's complement), as
 *     onnxruntime and numpy do.
 *   anything -> bool: value != 0 (NaN -> true); bool -> anything: 0 or 1.
 *   integer/double -> float32: round to nearest even (one rounding, even from int64).
 */
#include <math.h>
#include <string.h>

#include "hostops/hostop_util.h"

#define CAST_TYPES                                                                         \
	(LPF_HOP_DT(LPF_DT_FLOAT) | LPF_HOP_DT(LPF_DT_DOUBLE) | LPF_HOP_DT(LPF_DT_INT8) |  \
	 LPF_HOP_DT(LPF_DT_UINT8) | LPF_HOP_DT(LPF_DT_INT16) | LPF_HOP_DT(LPF_DT_UINT16) | \
	 LPF_HOP_DT(LPF_DT_INT32) | LPF_HOP_DT(LPF_DT_UINT32) | LPF_HOP_DT(LPF_DT_INT64) | \
	 LPF_HOP_DT(LPF_DT_BOOL))

/* One element: floating types keep a double, integer types an int64. */
struct num {
	bool is_float;
	double f;
	int64_t i;
};

static struct num load(int dt, const void *p, int64_t k)
{
	struct num v = { false, 0.0, 0 };

	switch (dt) {
	case LPF_DT_FLOAT:
		v.is_float = true;
		v.f = ((const float *)p)[k];
		break;
	case LPF_DT_DOUBLE:
		v.is_float = true;
		v.f = ((const double *)p)[k];
		break;
	case LPF_DT_INT8:
		v.i = ((const int8_t *)p)[k];
		break;
	case LPF_DT_UINT8:
		v.i = ((const uint8_t *)p)[k];
		break;
	case LPF_DT_INT16:
		v.i = ((const int16_t *)p)[k];
		break;
	case LPF_DT_UINT16:
		v.i = ((const uint16_t *)p)[k];
		break;
	case LPF_DT_INT32:
		v.i = ((const int32_t *)p)[k];
		break;
	case LPF_DT_UINT32:
		v.i = ((const uint32_t *)p)[k];
		break;
	case LPF_DT_INT64:
		v.i = ((const int64_t *)p)[k];
		break;
	default:
		v.i = ((const uint8_t *)p)[k] != 0;
		break;
	}
	return v;
}

/* Float to an integer in [lo, hi]: truncate, saturate, NaN -> 0. */
static int64_t float_to_int(double f, int64_t lo, int64_t hi)
{
	double t;

	if (isnan(f))
		return 0;
	t = trunc(f);
	if (t <= (double)lo)
		return lo;
	if (t >= (double)hi)
		return hi;
	return (int64_t)t;
}

/* The value as an integer of range [lo, hi]; integers pass through for wrapping. */
static int64_t as_int(struct num v, int64_t lo, int64_t hi)
{
	return v.is_float ? float_to_int(v.f, lo, hi) : v.i;
}

static void store(int dt, void *p, int64_t k, struct num v)
{
	switch (dt) {
	case LPF_DT_FLOAT:
		((float *)p)[k] = v.is_float ? (float)v.f : (float)v.i;
		break;
	case LPF_DT_DOUBLE:
		((double *)p)[k] = v.is_float ? v.f : (double)v.i;
		break;
	case LPF_DT_INT8:
		((int8_t *)p)[k] = (int8_t)(uint8_t)as_int(v, INT8_MIN, INT8_MAX);
		break;
	case LPF_DT_UINT8:
		((uint8_t *)p)[k] = (uint8_t)as_int(v, 0, UINT8_MAX);
		break;
	case LPF_DT_INT16:
		((int16_t *)p)[k] = (int16_t)(uint16_t)as_int(v, INT16_MIN, INT16_MAX);
		break;
	case LPF_DT_UINT16:
		((uint16_t *)p)[k] = (uint16_t)as_int(v, 0, UINT16_MAX);
		break;
	case LPF_DT_INT32:
		((int32_t *)p)[k] = (int32_t)(uint32_t)as_int(v, INT32_MIN, INT32_MAX);
		break;
	case LPF_DT_UINT32:
		((uint32_t *)p)[k] = (uint32_t)as_int(v, 0, UINT32_MAX);
		break;
	case LPF_DT_INT64:
		((int64_t *)p)[k] = as_int(v, INT64_MIN, INT64_MAX);
		break;
	default:
		((uint8_t *)p)[k] = v.is_float ? v.f != 0.0 : v.i != 0;
		break;
	}
}

static lpfpga_status cast_infer(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
				struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	const struct lpf_attr *to = lpf_node_attr(n, "to");
	lpfpga_status st;

	st = lpf_hop_check_arity(n, in, n_in, 1, 1, n_out, 1, err);
	if (!st)
		st = lpf_hop_check_dtype(n, in, 0, CAST_TYPES, err);
	if (st)
		return st;
	if (!to || to->type != LPF_ATTR_INT)
		return lpf_hop_fail(n, err, LPFPGA_ERROR_MODEL_INVALID,
				    "integer attribute 'to' is required");
	if (to->i <= 0 || to->i >= 32 || !(CAST_TYPES & LPF_HOP_DT(to->i)))
		return lpf_hop_fail(n, err, LPFPGA_ERROR_NOT_SUPPORTED,
				    "cast to data type %lld is not supported", (long long)to->i);
	lpf_hop_set_shape(&out[0], (int)to->i, in[0].rank, in[0].dims);
	return LPFPGA_OK;
}

static lpfpga_status cast_run(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
			      struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	int64_t cnt = lpf_hop_numel(&in[0]);

	(void)n, (void)n_in, (void)n_out, (void)err;
	if (in[0].dtype == out[0].dtype) {
		if (cnt)
			memmove(out[0].data, in[0].data,
				(size_t)cnt * lpf_dtype_size(in[0].dtype));
		return LPFPGA_OK;
	}
	for (int64_t k = 0; k < cnt; k++)
		store(out[0].dtype, out[0].data, k, load(in[0].dtype, in[0].data, k));
	return LPFPGA_OK;
}

const struct lpf_hostop lpf_hostops_cast[] = {
	{ "", "Cast", cast_infer, cast_run },
	{ NULL, NULL, NULL, NULL },
};
