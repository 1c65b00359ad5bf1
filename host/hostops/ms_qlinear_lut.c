/* SPDX-License-Identifier: MIT */
/*
 * com.microsoft QLinearLeakyRelu and QLinearSigmoid (X, X_scale, X_zp, Y_scale, Y_zp):
 * an 8-bit input has 256 values, so each op builds the table
 *   y(q) = QuantizeLinear(f(float32(q - zx) * sx), sy, zy)
 * with f = LeakyRelu(alpha) or 1 / (1 + exp(-x)) in float32, as onnxruntime does.
 * LeakyRelu is exact; onnxruntime's sigmoid is its own approximation of exp, equal to
 * expf() here on every table entry we measured (docs/adding-an-op.md).
 */
#include <math.h>
#include <string.h>

#include "hostops/ms_qlinear.h"
#include "lpf_arith.h"

static lpfpga_status lut_infer(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
			       struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	struct lpf_ms_q qx, qy;
	lpfpga_status st;

	st = lpf_hop_check_arity(n, in, n_in, 4, 5, n_out, 1, err);
	if (!st)
		st = lpf_hop_check_dtype(n, in, 0, LPF_MS_Q8, err);
	if (!st)
		st = lpf_ms_qparams(n, in, n_in, 1, 2, in[0].dtype, &qx, err);
	if (!st)
		st = lpf_ms_qparams(n, in, n_in, 3, 4, in[0].dtype, &qy, err);
	if (st)
		return st;
	lpf_hop_set_shape(&out[0], in[0].dtype, in[0].rank, in[0].dims);
	return LPFPGA_OK;
}

static lpfpga_status lut_run(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
			     struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	bool sigmoid = !strcmp(n->op_type, "QLinearSigmoid");
	float alpha = lpf_node_attr_float(n, "alpha", 0.01f);
	int dt = in[0].dtype, lo = lpf_ms_qmin(dt);
	int32_t table[256];
	struct lpf_ms_q qx, qy;
	lpfpga_status st;

	(void)n_out;
	st = lpf_ms_qparams(n, in, n_in, 1, 2, dt, &qx, err);
	if (!st)
		st = lpf_ms_qparams(n, in, n_in, 3, 4, dt, &qy, err);
	if (st)
		return st;
	for (int q = 0; q < 256; q++) {
		float x = (float)(q + lo - qx.zp) * qx.scale, y;

		if (sigmoid)
			y = 1.0f / (1.0f + expf(-x));
		else
			y = x >= 0.0f ? x : x * alpha;
		table[q] = lpf_quantize_f32(y, qy.scale, qy.zp, lo, lpf_ms_qmax(dt));
	}
	for (int64_t i = 0, total = lpf_hop_numel(&in[0]); i < total; i++)
		lpf_ms_put(&out[0], i, table[lpf_ms_get(&in[0], i) - lo]);
	return LPFPGA_OK;
}

const struct lpf_hostop lpf_hostops_ms_lut[] = {
	{ LPF_MS_DOMAIN, "QLinearLeakyRelu", lut_infer, lut_run },
	{ LPF_MS_DOMAIN, "QLinearSigmoid", lut_infer, lut_run },
	{ NULL, NULL, NULL, NULL },
};
