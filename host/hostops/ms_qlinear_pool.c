/* SPDX-License-Identifier: MIT */
/*
 * com.microsoft QLinearGlobalAveragePool and QLinearAveragePool (X, X_scale, X_zp,
 * Y_scale, Y_zp), as onnxruntime 1.30 computes them (measured, docs/adding-an-op.md):
 *   global:  s = sum(x - zx) over the plane (int32), y = saturate(rne(float32(s) * m) + zy)
 *            with m = sx / (sy * float32(count))
 *   average: s as above over the window, y = saturate(rne(s * sx / count / sy + zy)),
 *            float32 operations left to right, the zero point added before rounding;
 *            count is the window inside the input (count_include_pad 0) or inside the
 *            padded input (1).
 * channels_last 1 (NHWC) is supported by the global pool only.
 */
#include <stdlib.h>
#include <string.h>

#include "hostops/ms_qlinear.h"
#include "hostops/window.h"
#include "lpf_arith.h"

static lpfpga_status pool_params(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
				 struct lpf_ms_q *qx, struct lpf_ms_q *qy, struct lpf_err *err)
{
	lpfpga_status st;

	st = lpf_hop_check_arity(n, in, n_in, 4, 5, 1, 1, err);
	if (!st)
		st = lpf_hop_check_dtype(n, in, 0, LPF_MS_Q8, err);
	if (!st)
		st = lpf_ms_qparams(n, in, n_in, 1, 2, in[0].dtype, qx, err);
	if (!st)
		st = lpf_ms_qparams(n, in, n_in, 3, 4, in[0].dtype, qy, err);
	return st;
}

static lpfpga_status gap_infer(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
			       struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	bool last = lpf_node_attr_int(n, "channels_last", 0) != 0;
	struct lpf_ms_q qx, qy;
	char b[LPF_HOP_SHAPE_MAX];
	lpfpga_status st;

	st = lpf_hop_check_arity(n, in, n_in, 4, 5, n_out, 1, err);
	if (!st)
		st = pool_params(n, in, n_in, &qx, &qy, err);
	if (st)
		return st;
	if (in[0].rank < 3)
		return lpf_hop_fail(n, err, LPFPGA_ERROR_SHAPE_MISMATCH,
				    "input %s needs at least one spatial dimension",
				    lpf_hop_shape(&in[0], b, sizeof(b)));
	lpf_hop_set_shape(&out[0], in[0].dtype, in[0].rank, in[0].dims);
	for (int i = 1; i < in[0].rank; i++)
		if (last ? i < in[0].rank - 1 : i > 1)
			out[0].dims[i] = 1;
	return LPFPGA_OK;
}

static lpfpga_status gap_run(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
			     struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	bool last = lpf_node_attr_int(n, "channels_last", 0) != 0;
	const struct lpf_hval *x = &in[0];
	int64_t c = last ? x->dims[x->rank - 1] : x->dims[1], plane = 1, nimg = x->dims[0];
	int32_t qmin = lpf_ms_qmin(x->dtype), qmax = lpf_ms_qmax(x->dtype);
	struct lpf_ms_q qx, qy;
	lpfpga_status st;
	float m;

	(void)n_out;
	st = pool_params(n, in, n_in, &qx, &qy, err);
	if (st)
		return st;
	for (int i = 1; i < x->rank; i++)
		if (last ? i < x->rank - 1 : i > 1)
			plane *= x->dims[i];
	m = qx.scale / (qy.scale * (float)plane);
	for (int64_t img = 0; img < nimg; img++) {
		for (int64_t ch = 0; ch < c; ch++) {
			int64_t base = img * c * plane, step = last ? c : 1;
			int32_t s = 0;

			base += last ? ch : ch * plane;
			for (int64_t p = 0; p < plane; p++)
				s += lpf_ms_get(x, base + p * step) - qx.zp;
			lpf_ms_put(&out[0], img * c + ch, lpf_requantize(s, m, qy.zp, qmin, qmax));
		}
	}
	return LPFPGA_OK;
}

static lpfpga_status avg_geometry(const struct lpf_node *n, const struct lpf_hval *x,
				  struct lpf_hop_window *w, struct lpf_err *err)
{
	int64_t k[LPF_HOP_MAX_SPATIAL];
	char b[LPF_HOP_SHAPE_MAX];
	lpfpga_status st;
	int cnt;

	if (lpf_node_attr_int(n, "channels_last", 0))
		return lpf_hop_fail(n, err, LPFPGA_ERROR_NOT_SUPPORTED,
				    "channels_last = 1 is not supported (NCHW only)");
	st = lpf_hop_attr_ints(n, "kernel_shape", k, LPF_HOP_MAX_SPATIAL, &cnt, err);
	if (st)
		return st;
	if (cnt != x->rank - 2)
		return lpf_hop_fail(n, err, LPFPGA_ERROR_MODEL_INVALID,
				    "kernel_shape must have %d entries for input %s", x->rank - 2,
				    lpf_hop_shape(x, b, sizeof(b)));
	return lpf_hop_window_init(n, x, k, lpf_node_attr_int(n, "ceil_mode", 0) != 0, w, err);
}

static lpfpga_status avg_infer(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
			       struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	struct lpf_hop_window w;
	struct lpf_ms_q qx, qy;
	lpfpga_status st;

	st = lpf_hop_check_arity(n, in, n_in, 4, 5, n_out, 1, err);
	if (!st)
		st = pool_params(n, in, n_in, &qx, &qy, err);
	if (!st)
		st = avg_geometry(n, &in[0], &w, err);
	if (st)
		return st;
	lpf_hop_set_shape(&out[0], in[0].dtype, in[0].rank, in[0].dims);
	for (int i = 0; i < w.nsp; i++)
		out[0].dims[2 + i] = w.out[i];
	return LPFPGA_OK;
}

/* Sum of (x - zx) over the window of output o, and the divisor. */
static int32_t window_sum(const struct lpf_hop_window *g, const struct lpf_hval *x,
			  int64_t base, const int64_t *o, int32_t zx, bool include_pad,
			  int64_t *count)
{
	int64_t lo[3], cnt = 0, padded = 1;
	int32_t s = 0;

	for (int i = 0; i < 3; i++) {
		int64_t inside = 0;

		lo[i] = o[i] * g->stride[i] - g->pad_begin[i];
		for (int64_t k = 0; k < g->k[i]; k++)
			inside += lo[i] + k * g->dil[i] < g->in[i] + g->pad_end[i];
		padded *= inside;
	}
	for (int64_t a = 0; a < g->k[0]; a++) {
		int64_t pa = lo[0] + a * g->dil[0];

		for (int64_t b = 0; b < g->k[1] && pa >= 0 && pa < g->in[0]; b++) {
			int64_t pb = lo[1] + b * g->dil[1];

			for (int64_t c = 0; c < g->k[2] && pb >= 0 && pb < g->in[1]; c++) {
				int64_t pc = lo[2] + c * g->dil[2];

				if (pc < 0 || pc >= g->in[2])
					continue;
				int64_t at = base + (pa * g->in[1] + pb) * g->in[2] + pc;

				s += lpf_ms_get(x, at) - zx;
				cnt++;
			}
		}
	}
	*count = include_pad ? padded : cnt;
	return s;
}

static lpfpga_status avg_run(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
			     struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	bool include_pad = lpf_node_attr_int(n, "count_include_pad", 0) != 0;
	const struct lpf_hval *x = &in[0];
	int32_t qmin = lpf_ms_qmin(x->dtype), qmax = lpf_ms_qmax(x->dtype);
	struct lpf_hop_window w, g;
	struct lpf_ms_q qx, qy;
	int64_t o[3], opos = 0, plane_in, plane_out;
	lpfpga_status st;

	(void)n_out;
	st = pool_params(n, in, n_in, &qx, &qy, err);
	if (!st)
		st = avg_geometry(n, x, &w, err);
	if (st)
		return st;
	lpf_hop_window_to_3d(&w, &g);
	plane_in = g.in[0] * g.in[1] * g.in[2];
	plane_out = g.out[0] * g.out[1] * g.out[2];
	for (o[0] = 0; o[0] < g.out[0]; o[0]++) {
		for (o[1] = 0; o[1] < g.out[1]; o[1]++) {
			for (o[2] = 0; o[2] < g.out[2]; o[2]++, opos++) {
				for (int64_t p = 0; p < x->dims[0] * x->dims[1]; p++) {
					int64_t cnt;
					int32_t s = window_sum(&g, x, p * plane_in, o, qx.zp,
							       include_pad, &cnt);
					float v = (float)s * qx.scale / (float)cnt / qy.scale +
						  (float)qy.zp;

					lpf_ms_put(&out[0], p * plane_out + opos,
						   lpf_saturate_i64(lpf_rne_f32(v), qmin, qmax));
				}
			}
		}
	}
	return LPFPGA_OK;
}

const struct lpf_hostop lpf_hostops_ms_pool[] = {
	{ LPF_MS_DOMAIN, "QLinearGlobalAveragePool", gap_infer, gap_run },
	{ LPF_MS_DOMAIN, "QLinearAveragePool", avg_infer, avg_run },
	{ NULL, NULL, NULL, NULL },
};
