/* SPDX-License-Identifier: MIT */
/*
 * Float32 Conv over 1 to 3 spatial dimensions with group, pads, strides, dilations,
 * auto_pad and an optional bias. Used for float models and the ONNX conformance
 * tests; quantized convolutions run on the fabric.
 *
 * Each output sums x*w in (channel, kernel row-major) order, one float32 multiply
 * and add at a time, then adds the bias. onnxruntime uses im2col and a blocked MLAS
 * SGEMM (with FMA), so results agree to rounding, not bit for bit.
 */
#include "hostops/hostop_util.h"
#include "hostops/window.h"

static lpfpga_status geometry(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
			      struct lpf_hop_window *w, struct lpf_err *err)
{
	const struct lpf_hval *x = &in[0], *wt = &in[1];
	int64_t group = lpf_node_attr_int(n, "group", 1), ks[LPF_HOP_MAX_SPATIAL];
	char bx[LPF_HOP_SHAPE_MAX], bw[LPF_HOP_SHAPE_MAX];
	lpfpga_status st;
	int cnt;

	if (x->rank < 3 || x->rank > 2 + LPF_HOP_MAX_SPATIAL || wt->rank != x->rank ||
	    group < 1 || x->dims[1] != wt->dims[1] * group || wt->dims[0] % group)
		return lpf_hop_fail(n, err, LPFPGA_ERROR_SHAPE_MISMATCH,
				    "input %s and weight %s do not fit (group %lld)",
				    lpf_hop_shape(x, bx, sizeof(bx)),
				    lpf_hop_shape(wt, bw, sizeof(bw)), (long long)group);
	if (lpf_hop_present(in, n_in, 2) && (in[2].rank != 1 || in[2].dims[0] != wt->dims[0]))
		return lpf_hop_fail(n, err, LPFPGA_ERROR_SHAPE_MISMATCH,
				    "bias %s does not match weight %s",
				    lpf_hop_shape(&in[2], bx, sizeof(bx)),
				    lpf_hop_shape(wt, bw, sizeof(bw)));
	st = lpf_hop_attr_ints(n, "kernel_shape", ks, LPF_HOP_MAX_SPATIAL, &cnt, err);
	if (st)
		return st;
	for (int i = 0; i < cnt; i++)
		if (cnt != x->rank - 2 || ks[i] != wt->dims[2 + i])
			return lpf_hop_fail(n, err, LPFPGA_ERROR_SHAPE_MISMATCH,
					    "kernel_shape does not match weight %s",
					    lpf_hop_shape(wt, bw, sizeof(bw)));
	return lpf_hop_window_init(n, x, &wt->dims[2], false, w, err);
}

static lpfpga_status conv_infer(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
				struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	struct lpf_hop_window w;
	lpfpga_status st;

	st = lpf_hop_check_arity(n, in, n_in, 2, 3, n_out, 1, err);
	for (int i = 0; !st && i < n_in; i++)
		if (lpf_hop_present(in, n_in, i))
			st = lpf_hop_check_dtype(n, in, i, LPF_HOP_DT(LPF_DT_FLOAT), err);
	if (!st)
		st = geometry(n, in, n_in, &w, err);
	if (st)
		return st;
	out[0].dtype = LPF_DT_FLOAT;
	out[0].rank = in[0].rank;
	out[0].dims[0] = in[0].dims[0];
	out[0].dims[1] = in[1].dims[0];
	for (int i = 0; i < w.nsp; i++)
		out[0].dims[2 + i] = w.out[i];
	return LPFPGA_OK;
}

/* One output value: the window at o of input channels [c0, c0 + icpg) against filter wf. */
static float conv_point(const struct lpf_hop_window *g, const float *x, const float *wf,
			int64_t icpg, const int64_t *o)
{
	int64_t plane = g->in[0] * g->in[1] * g->in[2];
	int64_t kvol = g->k[0] * g->k[1] * g->k[2];
	float acc = 0.0f;

	for (int64_t c = 0; c < icpg; c++) {
		const float *xc = x + c * plane, *wc = wf + c * kvol;

		for (int64_t a = 0; a < g->k[0]; a++) {
			int64_t pa = o[0] * g->stride[0] - g->pad_begin[0] + a * g->dil[0];

			if (pa < 0 || pa >= g->in[0])
				continue;
			for (int64_t b = 0; b < g->k[1]; b++) {
				int64_t pb = o[1] * g->stride[1] - g->pad_begin[1] + b * g->dil[1];

				if (pb < 0 || pb >= g->in[1])
					continue;
				for (int64_t k = 0; k < g->k[2]; k++) {
					int64_t pc = o[2] * g->stride[2] - g->pad_begin[2] +
						     k * g->dil[2];
					float prod;

					if (pc < 0 || pc >= g->in[2])
						continue;
					prod = xc[(pa * g->in[1] + pb) * g->in[2] + pc] *
					       wc[(a * g->k[1] + b) * g->k[2] + k];
					acc += prod;
				}
			}
		}
	}
	return acc;
}

static lpfpga_status conv_run(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
			      struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	const float *x = in[0].data, *wt = in[1].data;
	const float *bias = lpf_hop_present(in, n_in, 2) ? in[2].data : NULL;
	float *y = out[0].data;
	int64_t group = lpf_node_attr_int(n, "group", 1);
	int64_t batch = in[0].dims[0], ch = in[0].dims[1], oc = in[1].dims[0];
	int64_t icpg = ch / group, ocpg = oc / group, plane_in, plane_out, kvol;
	struct lpf_hop_window w, g;
	lpfpga_status st;
	int64_t o[3];

	(void)n_out;
	st = geometry(n, in, n_in, &w, err);
	if (st)
		return st;
	lpf_hop_window_to_3d(&w, &g);
	plane_in = g.in[0] * g.in[1] * g.in[2];
	plane_out = g.out[0] * g.out[1] * g.out[2];
	kvol = g.k[0] * g.k[1] * g.k[2];
	for (int64_t b = 0; b < batch; b++) {
		for (int64_t m = 0; m < oc; m++) {
			const float *xg = x + (b * ch + (m / ocpg) * icpg) * plane_in;
			const float *wf = wt + m * icpg * kvol;
			float *ym = y + (b * oc + m) * plane_out;

			for (int64_t p = 0; p < plane_out; p++) {
				float v;

				o[0] = p / (g.out[1] * g.out[2]);
				o[1] = p / g.out[2] % g.out[1];
				o[2] = p % g.out[2];
				v = conv_point(&g, xg, wf, icpg, o);
				if (bias)
					v += bias[m];
				ym[p] = v;
			}
		}
	}
	return LPFPGA_OK;
}

const struct lpf_hostop lpf_hostops_conv_float[] = {
	{ "", "Conv", conv_infer, conv_run },
	{ NULL, NULL, NULL, NULL },
};
