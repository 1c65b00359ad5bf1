/* SPDX-License-Identifier: MIT */
/*
 * com.microsoft QLinearConcat (Y_scale, Y_zp, then X_i, X_i_scale, X_i_zp for each
 * input; attribute axis): an input quantized like the output is copied, any other is
 * requantized value by value, QuantizeLinear(float32(x - zx) * sx, sy, zy), which is
 * what onnxruntime's lookup table holds (measured bit for bit).
 */
#include <string.h>

#include "hostops/ms_qlinear.h"
#include "lpf_arith.h"

static lpfpga_status cat_check(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
			       int *axis, struct lpf_err *err)
{
	int64_t ax = lpf_node_attr_int(n, "axis", 0);
	char b0[LPF_HOP_SHAPE_MAX], bi[LPF_HOP_SHAPE_MAX];
	struct lpf_ms_q q;
	lpfpga_status st;

	if (n_in < 5 || (n_in - 2) % 3)
		return lpf_hop_fail(n, err, LPFPGA_ERROR_MODEL_INVALID,
				    "%d inputs: expected Y_scale, Y_zero_point and triples "
				    "(X, X_scale, X_zero_point)", n_in);
	st = lpf_hop_check_dtype(n, in, 2, LPF_MS_Q8, err);
	if (!st)
		st = lpf_ms_qparams(n, in, n_in, 0, 1, in[2].dtype, &q, err);
	if (st)
		return st;
	if (!lpf_hop_axis(ax, in[2].rank, axis))
		return lpf_hop_fail(n, err, LPFPGA_ERROR_MODEL_INVALID, "axis %lld out of range",
				    (long long)ax);
	for (int i = 2; i < n_in; i += 3) {
		st = lpf_hop_check_same_dtype(n, in, 2, i, err);
		if (!st)
			st = lpf_ms_qparams(n, in, n_in, i + 1, i + 2, in[2].dtype, &q, err);
		if (st)
			return st;
		for (int d = 0; d < in[2].rank; d++)
			if (in[i].rank != in[2].rank ||
			    (d != *axis && in[i].dims[d] != in[2].dims[d]))
				return lpf_hop_fail(n, err, LPFPGA_ERROR_SHAPE_MISMATCH,
						    "inputs %s and %s differ off axis %d",
						    lpf_hop_shape(&in[2], b0, sizeof(b0)),
						    lpf_hop_shape(&in[i], bi, sizeof(bi)), *axis);
	}
	return LPFPGA_OK;
}

static lpfpga_status cat_infer(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
			       struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	lpfpga_status st;
	int axis;

	st = lpf_hop_check_arity(n, in, n_in, 2, LPF_STEP_MAX_IO, n_out, 1, err);
	if (!st)
		st = cat_check(n, in, n_in, &axis, err);
	if (st)
		return st;
	lpf_hop_set_shape(&out[0], in[2].dtype, in[2].rank, in[2].dims);
	for (int i = 5; i < n_in; i += 3)
		out[0].dims[axis] += in[i].dims[axis];
	return LPFPGA_OK;
}

static lpfpga_status cat_run(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
			     struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	int dt = in[2].dtype, axis;
	int32_t qmin = lpf_ms_qmin(dt), qmax = lpf_ms_qmax(dt);
	int64_t outer = 1, pos = 0;
	struct lpf_ms_q qy, qx;
	lpfpga_status st;

	(void)n_out;
	st = cat_check(n, in, n_in, &axis, err);
	if (!st)
		st = lpf_ms_qparams(n, in, n_in, 0, 1, dt, &qy, err);
	if (st)
		return st;
	for (int d = 0; d < axis; d++)
		outer *= in[2].dims[d];
	for (int64_t o = 0; o < outer; o++) {
		for (int i = 2; i < n_in; i += 3) {
			int64_t chunk = outer ? lpf_hop_numel(&in[i]) / outer : 0;

			lpf_ms_qparams(n, in, n_in, i + 1, i + 2, dt, &qx, err);
			for (int64_t e = 0; e < chunk; e++, pos++) {
				int32_t v = lpf_ms_get(&in[i], o * chunk + e);

				float f = (float)(v - qx.zp) * qx.scale;

				if (qx.scale != qy.scale || qx.zp != qy.zp)
					v = lpf_quantize_f32(f, qy.scale, qy.zp, qmin, qmax);
				lpf_ms_put(&out[0], pos, v);
			}
		}
	}
	return LPFPGA_OK;
}

const struct lpf_hostop lpf_hostops_ms_concat[] = {
	{ LPF_MS_DOMAIN, "QLinearConcat", cat_infer, cat_run },
	{ NULL, NULL, NULL, NULL },
};
