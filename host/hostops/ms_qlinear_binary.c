/* SPDX-License-Identifier: MIT */
/*
 * com.microsoft QLinearAdd and QLinearMul (A, A_scale, A_zp, B, B_scale, B_zp, C_scale,
 * C_zp), numpy broadcasting, per-tensor quantization, as onnxruntime 1.30 computes them
 * (measured bit for bit against onnxruntime-node, see docs/adding-an-op.md):
 *   Add: ra = sa / sc, rb = sb / sc, k = zc - fma(ra, za, rb * zb),
 *        c = saturate(rne(fma(a, ra, fma(b, rb, k))))
 *   Mul: m = (sa * sb) / sc, c = saturate(rne(float32((a - za) * (b - zb)) * m + zc))
 * Both add the output zero point before rounding, unlike QuantizeLinear.
 */
#include <math.h>

#include "hostops/ms_qlinear.h"
#include "lpf_arith.h"

struct binq {
	struct lpf_ms_q a, b, c;
};

static lpfpga_status params(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
			    struct binq *q, struct lpf_err *err)
{
	lpfpga_status st;

	st = lpf_ms_qparams(n, in, n_in, 1, 2, in[0].dtype, &q->a, err);
	if (!st)
		st = lpf_ms_qparams(n, in, n_in, 4, 5, in[0].dtype, &q->b, err);
	if (!st)
		st = lpf_ms_qparams(n, in, n_in, 6, 7, in[0].dtype, &q->c, err);
	return st;
}

static lpfpga_status bin_infer(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
			       struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	char ba[LPF_HOP_SHAPE_MAX], bb[LPF_HOP_SHAPE_MAX];
	int64_t dims[LPF_MAX_RANK];
	lpfpga_status st;
	struct binq q;
	int rank;

	st = lpf_hop_check_arity(n, in, n_in, 7, 8, n_out, 1, err);
	if (!st)
		st = lpf_hop_check_dtype(n, in, 0, LPF_MS_Q8, err);
	if (!st)
		st = lpf_hop_check_same_dtype(n, in, 0, 3, err);
	if (!st)
		st = params(n, in, n_in, &q, err);
	if (st)
		return st;
	if (!lpf_hop_broadcast(&in[0], &in[3], &rank, dims))
		return lpf_hop_fail(n, err, LPFPGA_ERROR_SHAPE_MISMATCH,
				    "shapes %s and %s do not broadcast",
				    lpf_hop_shape(&in[0], ba, sizeof(ba)),
				    lpf_hop_shape(&in[3], bb, sizeof(bb)));
	lpf_hop_set_shape(&out[0], in[0].dtype, rank, dims);
	return LPFPGA_OK;
}

static lpfpga_status bin_run(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
			     struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	bool add = n->op_type[7] == 'A';
	int32_t qmin = lpf_ms_qmin(out[0].dtype), qmax = lpf_ms_qmax(out[0].dtype);
	int64_t total = lpf_hop_numel(&out[0]);
	struct lpf_hop_iter it;
	float ra, rb, k, m, zc;
	lpfpga_status st;
	struct binq q;

	(void)n_out;
	st = params(n, in, n_in, &q, err);
	if (st)
		return st;
	ra = q.a.scale / q.c.scale;
	rb = q.b.scale / q.c.scale;
	k = (float)q.c.zp - fmaf(ra, (float)q.a.zp, rb * (float)q.b.zp);
	m = (q.a.scale * q.b.scale) / q.c.scale;
	zc = (float)q.c.zp;
	lpf_hop_iter_init(&it, out[0].rank, out[0].dims, &in[0], &in[3]);
	for (int64_t i = 0; i < total; i++, lpf_hop_iter_next(&it)) {
		int32_t a = lpf_ms_get(&in[0], it.off[0]), b = lpf_ms_get(&in[3], it.off[1]);
		float v;

		if (add)
			v = fmaf((float)a, ra, fmaf((float)b, rb, k));
		else
			v = (float)((a - q.a.zp) * (b - q.b.zp)) * m + zc;
		lpf_ms_put(&out[0], i, lpf_saturate_i64(lpf_rne_f32(v), qmin, qmax));
	}
	return LPFPGA_OK;
}

const struct lpf_hostop lpf_hostops_ms_binary[] = {
	{ LPF_MS_DOMAIN, "QLinearAdd", bin_infer, bin_run },
	{ LPF_MS_DOMAIN, "QLinearMul", bin_infer, bin_run },
	{ NULL, NULL, NULL, NULL },
};
