/* SPDX-License-Identifier: MIT */
/*
 * QuantizeLinear and DequantizeLinear, per tensor or per axis, as onnxruntime
 * computes them (GUIDE §1):
 *   DQ: y = float32(q - zp) * s
 *   Q:  y = saturate(round_half_to_even(x / s) + zp)   (a float32 division)
 * Q maps NaN to the lowest code, as onnxruntime's vector kernel (max/min clamp
 * before rounding) does.
 */
#include <math.h>

#include "hostops/hostop_util.h"

/* Where scale and zero point apply: a whole tensor, or one entry per channel of axis. */
struct qparams {
	int64_t outer, channels, inner;   /* x viewed as [outer][channels][inner] */
	const float *scale;
	const struct lpf_hval *zp;       /* NULL: zero point 0 */
};

static int32_t zp_at(const struct lpf_hval *zp, int64_t c)
{
	if (!zp)
		return 0;
	switch (zp->dtype) {
	case LPF_DT_UINT8:
		return ((const uint8_t *)zp->data)[c];
	case LPF_DT_INT8:
		return ((const int8_t *)zp->data)[c];
	default:
		return ((const int32_t *)zp->data)[c];
	}
}

/* Shared checks: scale/zero point shapes against x, axis; fills the layout in q. */
static lpfpga_status check_params(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
				  struct qparams *q, struct lpf_err *err)
{
	const struct lpf_hval *x = &in[0], *s = &in[1];
	char bx[LPF_HOP_SHAPE_MAX], bs[LPF_HOP_SHAPE_MAX];
	int64_t axis_attr = lpf_node_attr_int(n, "axis", 1);
	lpfpga_status st;
	int axis;

	if (lpf_node_attr_int(n, "block_size", 0) != 0)
		return lpf_hop_fail(n, err, LPFPGA_ERROR_NOT_SUPPORTED,
				    "blocked quantization (block_size) is not supported");
	st = lpf_hop_check_dtype(n, in, 1, LPF_HOP_DT(LPF_DT_FLOAT), err);
	if (st)
		return st;
	q->outer = 1;
	q->channels = 1;
	q->inner = lpf_hop_numel(x);
	q->zp = lpf_hop_present(in, n_in, 2) ? &in[2] : NULL;
	if (q->zp && lpf_hop_numel(q->zp) != lpf_hop_numel(s))
		return lpf_hop_fail(n, err, LPFPGA_ERROR_SHAPE_MISMATCH,
				    "scale %s and zero point %s differ in size",
				    lpf_hop_shape(s, bs, sizeof(bs)),
				    lpf_hop_shape(q->zp, bx, sizeof(bx)));
	if (s->rank == 0 || (s->rank == 1 && s->dims[0] == 1))
		return LPFPGA_OK;
	if (s->rank != 1 || !lpf_hop_axis(axis_attr, x->rank, &axis) ||
	    x->dims[axis] != s->dims[0])
		return lpf_hop_fail(n, err, LPFPGA_ERROR_SHAPE_MISMATCH,
				    "scale %s does not match axis %lld of input %s",
				    lpf_hop_shape(s, bs, sizeof(bs)), (long long)axis_attr,
				    lpf_hop_shape(x, bx, sizeof(bx)));
	q->channels = x->dims[axis];
	q->outer = 1;
	for (int i = 0; i < axis; i++)
		q->outer *= x->dims[i];
	q->inner = q->channels ? lpf_hop_numel(x) / q->outer / q->channels : 0;
	return LPFPGA_OK;
}

static lpfpga_status q_infer(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
			     struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	int64_t odt = lpf_node_attr_int(n, "output_dtype", 0);
	struct qparams q;
	lpfpga_status st;
	int dt = LPF_DT_UINT8;

	st = lpf_hop_check_arity(n, in, n_in, 2, 3, n_out, 1, err);
	if (!st)
		st = lpf_hop_check_dtype(n, in, 0, LPF_HOP_DT(LPF_DT_FLOAT), err);
	if (!st && lpf_hop_present(in, n_in, 2))
		st = lpf_hop_check_dtype(n, in, 2, LPF_HOP_DT(LPF_DT_UINT8) |
					 LPF_HOP_DT(LPF_DT_INT8), err);
	if (!st)
		st = check_params(n, in, n_in, &q, err);
	if (st)
		return st;
	if (lpf_hop_present(in, n_in, 2))
		dt = in[2].dtype;
	else if (odt == LPF_DT_INT8 || odt == LPF_DT_UINT8)
		dt = (int)odt;
	if (odt != 0 && odt != dt)
		return lpf_hop_fail(n, err, LPFPGA_ERROR_NOT_SUPPORTED,
				    "output_dtype %lld is not supported here (output is %s)",
				    (long long)odt, lpf_dtype_name(dt));
	lpf_hop_set_shape(&out[0], dt, in[0].rank, in[0].dims);
	return LPFPGA_OK;
}

static lpfpga_status q_run(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
			   struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	const float *x = in[0].data;
	bool is_signed = out[0].dtype == LPF_DT_INT8;
	int32_t qmin = is_signed ? -128 : 0, qmax = is_signed ? 127 : 255;
	struct qparams q;
	lpfpga_status st;
	int64_t i = 0;

	(void)n_out;
	st = check_params(n, in, n_in, &q, err);
	if (st)
		return st;
	q.scale = in[1].data;
	for (int64_t o = 0; o < q.outer; o++) {
		for (int64_t c = 0; c < q.channels; c++) {
			float s = q.scale[c];
			int32_t zp = zp_at(q.zp, c);
			float lo = (float)(qmin - zp), hi = (float)(qmax - zp);

			for (int64_t k = 0; k < q.inner; k++, i++) {
				float v = x[i] / s;
				int32_t r;

				/* Clamp before converting; !(v >= lo) also catches NaN. */
				if (!(v >= lo))
					v = lo;
				else if (v > hi)
					v = hi;
				r = (int32_t)nearbyintf(v) + zp;
				if (is_signed)
					((int8_t *)out[0].data)[i] = (int8_t)r;
				else
					((uint8_t *)out[0].data)[i] = (uint8_t)r;
			}
		}
	}
	return LPFPGA_OK;
}

static lpfpga_status dq_infer(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
			      struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	struct qparams q;
	lpfpga_status st;

	st = lpf_hop_check_arity(n, in, n_in, 2, 3, n_out, 1, err);
	if (!st)
		st = lpf_hop_check_dtype(n, in, 0, LPF_HOP_DT(LPF_DT_UINT8) |
					 LPF_HOP_DT(LPF_DT_INT8) | LPF_HOP_DT(LPF_DT_INT32), err);
	if (!st && lpf_hop_present(in, n_in, 2))
		st = lpf_hop_check_same_dtype(n, in, 0, 2, err);
	if (!st)
		st = check_params(n, in, n_in, &q, err);
	if (st)
		return st;
	lpf_hop_set_shape(&out[0], LPF_DT_FLOAT, in[0].rank, in[0].dims);
	return LPFPGA_OK;
}

static lpfpga_status dq_run(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
			    struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	const struct lpf_hval *x = &in[0];
	float *y = out[0].data;
	struct qparams q;
	lpfpga_status st;
	int64_t i = 0;

	(void)n_out;
	st = check_params(n, in, n_in, &q, err);
	if (st)
		return st;
	q.scale = in[1].data;
	for (int64_t o = 0; o < q.outer; o++) {
		for (int64_t c = 0; c < q.channels; c++) {
			float s = q.scale[c];
			int64_t zp = zp_at(q.zp, c);

			for (int64_t k = 0; k < q.inner; k++, i++) {
				int64_t v;

				if (x->dtype == LPF_DT_UINT8)
					v = ((const uint8_t *)x->data)[i];
				else if (x->dtype == LPF_DT_INT8)
					v = ((const int8_t *)x->data)[i];
				else
					v = ((const int32_t *)x->data)[i];
				y[i] = (float)(v - zp) * s;
			}
		}
	}
	return LPFPGA_OK;
}

const struct lpf_hostop lpf_hostops_quantize[] = {
	{ "", "QuantizeLinear", q_infer, q_run },
	{ "", "DequantizeLinear", dq_infer, dq_run },
	{ NULL, NULL, NULL, NULL },
};
