/* SPDX-License-Identifier: MIT */
/*
 * Softmax. Opset 13 and later normalise along one axis (default -1); earlier opsets
 * coerce the input to 2-D at axis (default 1) and normalise each row. A node whose
 * opset is unknown (0) gets the opset-13 meaning.
 *
 * Each slice: subtract the maximum, expf, sum in order, divide. onnxruntime uses
 * MLAS's vectorised exp and multiplies by the reciprocal of the sum, so results
 * agree within a few ulps, not bit for bit.
 */
#include <math.h>

#include "hostops/hostop_util.h"

/* The input viewed as [outer][len][inner], softmax along len. */
struct slices {
	int64_t outer, len, inner;
};

static lpfpga_status layout(const struct lpf_node *n, const struct lpf_hval *x, struct slices *s,
			    struct lpf_err *err)
{
	bool legacy = n->opset > 0 && n->opset < 13;
	int64_t attr = lpf_node_attr_int(n, "axis", legacy ? 1 : -1);
	char b[LPF_HOP_SHAPE_MAX];
	int axis;

	/* Pre-13 axes may equal rank (all dims in the outer part). */
	if (legacy && x->rank > 0 && attr == x->rank) {
		s->outer = lpf_hop_numel(x);
		s->len = 1;
		s->inner = 1;
		return LPFPGA_OK;
	}
	if (!lpf_hop_axis(attr, x->rank ? x->rank : 1, &axis) || (x->rank == 0 && axis != 0))
		return lpf_hop_fail(n, err, LPFPGA_ERROR_MODEL_INVALID,
				    "axis %lld is out of range for input %s", (long long)attr,
				    lpf_hop_shape(x, b, sizeof(b)));
	s->outer = 1;
	s->len = 1;
	s->inner = 1;
	for (int i = 0; i < x->rank; i++) {
		if (i < axis)
			s->outer *= x->dims[i];
		else if (i == axis || legacy)
			s->len *= x->dims[i];
		else
			s->inner *= x->dims[i];
	}
	return LPFPGA_OK;
}

static lpfpga_status softmax_infer(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
				   struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	struct slices s;
	lpfpga_status st;

	st = lpf_hop_check_arity(n, in, n_in, 1, 1, n_out, 1, err);
	if (!st)
		st = lpf_hop_check_dtype(n, in, 0, LPF_HOP_DT(LPF_DT_FLOAT), err);
	if (!st)
		st = layout(n, &in[0], &s, err);
	if (st)
		return st;
	lpf_hop_set_shape(&out[0], LPF_DT_FLOAT, in[0].rank, in[0].dims);
	return LPFPGA_OK;
}

static lpfpga_status softmax_run(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
				 struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	const float *x = in[0].data;
	float *y = out[0].data;
	struct slices s;
	lpfpga_status st;

	(void)n_in, (void)n_out;
	st = layout(n, &in[0], &s, err);
	if (st)
		return st;
	for (int64_t o = 0; o < s.outer; o++) {
		for (int64_t k = 0; k < s.inner; k++) {
			int64_t base = o * s.len * s.inner + k;
			float m = -INFINITY, sum = 0.0f;

			for (int64_t i = 0; i < s.len; i++)
				if (x[base + i * s.inner] > m)
					m = x[base + i * s.inner];
			for (int64_t i = 0; i < s.len; i++) {
				float e = expf(x[base + i * s.inner] - m);

				y[base + i * s.inner] = e;
				sum += e;
			}
			for (int64_t i = 0; i < s.len; i++)
				y[base + i * s.inner] /= sum;
		}
	}
	return LPFPGA_OK;
}

const struct lpf_hostop lpf_hostops_softmax[] = {
	{ "", "Softmax", softmax_infer, softmax_run },
	{ NULL, NULL, NULL, NULL },
};
