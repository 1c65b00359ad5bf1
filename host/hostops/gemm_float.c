/* SPDX-License-Identifier: MIT */
/*
 * Float32 Gemm (transA, transB, alpha, beta, C broadcast to [M, N]) and MatMul with
 * numpy semantics (1-D operands promoted and dropped, batch dims broadcast). Used
 * for float models and the ONNX conformance tests.
 *
 * Each dot product sums in k order, one float32 multiply and add at a time.
 * onnxruntime uses a blocked MLAS SGEMM (with FMA), so results agree to rounding,
 * not bit for bit.
 */
#include "hostops/hostop_util.h"

static lpfpga_status float_inputs(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
				  struct lpf_err *err)
{
	lpfpga_status st = LPFPGA_OK;

	for (int i = 0; !st && i < n_in; i++)
		if (lpf_hop_present(in, n_in, i))
			st = lpf_hop_check_dtype(n, in, i, LPF_HOP_DT(LPF_DT_FLOAT), err);
	return st;
}

/* Gemm's M, K, N from A and B and the transpose flags; false if they do not fit. */
static bool gemm_dims(const struct lpf_node *n, const struct lpf_hval *in, int64_t *m,
		      int64_t *k, int64_t *nn)
{
	bool ta = lpf_node_attr_int(n, "transA", 0) != 0;
	bool tb = lpf_node_attr_int(n, "transB", 0) != 0;
	int64_t kb;

	if (in[0].rank != 2 || in[1].rank != 2)
		return false;
	*m = in[0].dims[ta ? 1 : 0];
	*k = in[0].dims[ta ? 0 : 1];
	kb = in[1].dims[tb ? 1 : 0];
	*nn = in[1].dims[tb ? 0 : 1];
	return kb == *k;
}

static lpfpga_status gemm_infer(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
				struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	char ba[LPF_HOP_SHAPE_MAX], bb[LPF_HOP_SHAPE_MAX];
	int64_t m, k, nn;
	lpfpga_status st;

	st = lpf_hop_check_arity(n, in, n_in, 2, 3, n_out, 1, err);
	if (!st)
		st = float_inputs(n, in, n_in, err);
	if (st)
		return st;
	if (!gemm_dims(n, in, &m, &k, &nn))
		return lpf_hop_fail(n, err, LPFPGA_ERROR_SHAPE_MISMATCH,
				    "A %s and B %s do not multiply (transA %lld, transB %lld)",
				    lpf_hop_shape(&in[0], ba, sizeof(ba)),
				    lpf_hop_shape(&in[1], bb, sizeof(bb)),
				    (long long)lpf_node_attr_int(n, "transA", 0),
				    (long long)lpf_node_attr_int(n, "transB", 0));
	out[0].dtype = LPF_DT_FLOAT;
	out[0].rank = 2;
	out[0].dims[0] = m;
	out[0].dims[1] = nn;
	if (lpf_hop_present(in, n_in, 2)) {
		int r;
		int64_t d[LPF_MAX_RANK];

		if (in[2].rank > 2 || !lpf_hop_broadcast(&in[2], &out[0], &r, d) || r != 2 ||
		    d[0] != m || d[1] != nn)
			return lpf_hop_fail(n, err, LPFPGA_ERROR_SHAPE_MISMATCH,
					    "C %s does not broadcast to [%lld,%lld]",
					    lpf_hop_shape(&in[2], ba, sizeof(ba)), (long long)m,
					    (long long)nn);
	}
	return LPFPGA_OK;
}

static lpfpga_status gemm_run(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
			      struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	const float *a = in[0].data, *b = in[1].data;
	bool ta = lpf_node_attr_int(n, "transA", 0) != 0;
	bool tb = lpf_node_attr_int(n, "transB", 0) != 0;
	float alpha = lpf_node_attr_float(n, "alpha", 1.0f);
	float beta = lpf_node_attr_float(n, "beta", 1.0f);
	const struct lpf_hval *c = lpf_hop_present(in, n_in, 2) ? &in[2] : NULL;
	float *y = out[0].data;
	struct lpf_hop_iter it;
	int64_t m, k, nn;

	(void)n_out, (void)err;
	gemm_dims(n, in, &m, &k, &nn);
	if (c)
		lpf_hop_iter_init(&it, 2, out[0].dims, c, NULL);
	for (int64_t i = 0; i < m; i++) {
		for (int64_t j = 0; j < nn; j++) {
			float acc = 0.0f, v;

			for (int64_t p = 0; p < k; p++) {
				float prod = a[ta ? p * m + i : i * k + p] *
					     b[tb ? j * k + p : p * nn + j];

				acc += prod;
			}
			v = alpha * acc;
			if (c) {
				float bc = beta * ((const float *)c->data)[it.off[0]];

				v += bc;
				lpf_hop_iter_next(&it);
			}
			y[i * nn + j] = v;
		}
	}
	return LPFPGA_OK;
}

/* MatMul operands as batch dims plus [M, K] and [K, N]. */
struct mm_dims {
	struct lpf_hval ab, bb;         /* batch parts of A and B (shapes only) */
	int64_t m, k, n;
	int rank;                       /* of the broadcast batch */
	int64_t batch[LPF_MAX_RANK];
};

static bool mm_dims(const struct lpf_hval *a, const struct lpf_hval *b, struct mm_dims *d)
{
	int64_t kb;

	if (a->rank < 1 || b->rank < 1)
		return false;
	d->ab.rank = a->rank > 2 ? a->rank - 2 : 0;
	d->bb.rank = b->rank > 2 ? b->rank - 2 : 0;
	for (int i = 0; i < d->ab.rank; i++)
		d->ab.dims[i] = a->dims[i];
	for (int i = 0; i < d->bb.rank; i++)
		d->bb.dims[i] = b->dims[i];
	d->m = a->rank == 1 ? 1 : a->dims[a->rank - 2];
	d->k = a->dims[a->rank - 1];
	kb = b->rank == 1 ? b->dims[0] : b->dims[b->rank - 2];
	d->n = b->rank == 1 ? 1 : b->dims[b->rank - 1];
	return kb == d->k && lpf_hop_broadcast(&d->ab, &d->bb, &d->rank, d->batch);
}

static lpfpga_status matmul_infer(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
				  struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	char ba[LPF_HOP_SHAPE_MAX], bb[LPF_HOP_SHAPE_MAX];
	struct mm_dims d;
	lpfpga_status st;
	int r;

	st = lpf_hop_check_arity(n, in, n_in, 2, 2, n_out, 1, err);
	if (!st)
		st = float_inputs(n, in, n_in, err);
	if (st)
		return st;
	if (!mm_dims(&in[0], &in[1], &d))
		return lpf_hop_fail(n, err, LPFPGA_ERROR_SHAPE_MISMATCH,
				    "shapes %s and %s do not multiply",
				    lpf_hop_shape(&in[0], ba, sizeof(ba)),
				    lpf_hop_shape(&in[1], bb, sizeof(bb)));
	lpf_hop_set_shape(&out[0], LPF_DT_FLOAT, d.rank, d.batch);
	r = d.rank;
	if (in[0].rank > 1)
		out[0].dims[r++] = d.m;
	if (in[1].rank > 1)
		out[0].dims[r++] = d.n;
	out[0].rank = r;
	return LPFPGA_OK;
}

static lpfpga_status matmul_run(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
				struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	const float *a = in[0].data, *b = in[1].data;
	float *y = out[0].data;
	struct lpf_hop_iter it;
	struct mm_dims d;
	int64_t batches = 1;

	(void)n, (void)n_in, (void)n_out, (void)err;
	mm_dims(&in[0], &in[1], &d);
	for (int i = 0; i < d.rank; i++)
		batches *= d.batch[i];
	lpf_hop_iter_init(&it, d.rank, d.batch, &d.ab, &d.bb);
	for (int64_t t = 0; t < batches; t++, lpf_hop_iter_next(&it)) {
		const float *at = a + it.off[0] * d.m * d.k, *bt = b + it.off[1] * d.k * d.n;
		float *yt = y + t * d.m * d.n;

		for (int64_t i = 0; i < d.m; i++) {
			for (int64_t j = 0; j < d.n; j++) {
				float acc = 0.0f;

				for (int64_t p = 0; p < d.k; p++) {
					float prod = at[i * d.k + p] * bt[p * d.n + j];

					acc += prod;
				}
				yt[i * d.n + j] = acc;
			}
		}
	}
	return LPFPGA_OK;
}

const struct lpf_hostop lpf_hostops_gemm_float[] = {
	{ "", "Gemm", gemm_infer, gemm_run },
	{ "", "MatMul", matmul_infer, matmul_run },
	{ NULL, NULL, NULL, NULL },
};
