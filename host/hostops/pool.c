/* SPDX-License-Identifier: MIT */
/*
 * Pools over 1 to 3 spatial dimensions of [N, C, spatial...] tensors:
 * AveragePool, MaxPool, GlobalAveragePool, GlobalMaxPool.
 *
 * Each window is summed in row-major kernel order in the input's type, then divided
 * by the count (float32 for float inputs). onnxruntime sums in its own order
 * (MLAS/Eigen vector reductions), so averages agree to rounding, not bit for bit.
 * Max pooling is exact; padding never wins, and a window entirely in padding gives
 * the type's lowest value, as in onnxruntime.
 */
#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "hostops/hostop_util.h"
#include "hostops/window.h"

enum pool_kind { POOL_MAX, POOL_AVG };

#define AVG_TYPES (LPF_HOP_DT(LPF_DT_FLOAT) | LPF_HOP_DT(LPF_DT_DOUBLE))
#define MAX_TYPES                                                                          \
	(LPF_HOP_DT(LPF_DT_FLOAT) | LPF_HOP_DT(LPF_DT_DOUBLE) | LPF_HOP_DT(LPF_DT_UINT8) | \
	 LPF_HOP_DT(LPF_DT_INT8))

static bool is_global(const struct lpf_node *n)
{
	return !strncmp(n->op_type, "Global", 6);
}

static enum pool_kind kind_of(const struct lpf_node *n)
{
	return strstr(n->op_type, "Max") ? POOL_MAX : POOL_AVG;
}

/* Geometry of node n on input x; global pools cover the whole plane. */
static lpfpga_status geometry(const struct lpf_node *n, const struct lpf_hval *x,
			      struct lpf_hop_window *w, struct lpf_err *err)
{
	int64_t k[LPF_HOP_MAX_SPATIAL];
	int nsp = x->rank - 2, cnt;
	char b[LPF_HOP_SHAPE_MAX];
	lpfpga_status st;

	if (nsp < 1 || nsp > LPF_HOP_MAX_SPATIAL)
		return lpf_hop_fail(n, err, LPFPGA_ERROR_NOT_SUPPORTED,
				    "input %s: 1 to %d spatial dimensions supported",
				    lpf_hop_shape(x, b, sizeof(b)), LPF_HOP_MAX_SPATIAL);
	if (is_global(n)) {
		memset(w, 0, sizeof(*w));
		w->nsp = nsp;
		for (int i = 0; i < nsp; i++) {
			w->in[i] = w->k[i] = x->dims[2 + i];
			w->stride[i] = w->dil[i] = w->out[i] = 1;
		}
		return LPFPGA_OK;
	}
	st = lpf_hop_attr_ints(n, "kernel_shape", k, LPF_HOP_MAX_SPATIAL, &cnt, err);
	if (st)
		return st;
	if (cnt != nsp)
		return lpf_hop_fail(n, err, LPFPGA_ERROR_MODEL_INVALID,
				    "kernel_shape must have %d entries for input %s", nsp,
				    lpf_hop_shape(x, b, sizeof(b)));
	return lpf_hop_window_init(n, x, k, lpf_node_attr_int(n, "ceil_mode", 0) != 0, w, err);
}

static lpfpga_status pool_infer(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
				struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	struct lpf_hop_window w;
	lpfpga_status st;

	st = lpf_hop_check_arity(n, in, n_in, 1, 1, n_out, 2, err);
	if (!st)
		st = lpf_hop_check_dtype(n, in, 0,
					 kind_of(n) == POOL_MAX ? MAX_TYPES : AVG_TYPES, err);
	if (st)
		return st;
	/* storage_order only affects Indices, which is rejected here. */
	if (n_out > 1)
		return lpf_hop_fail(n, err, LPFPGA_ERROR_NOT_SUPPORTED,
				    "the Indices output is not supported");
	st = geometry(n, &in[0], &w, err);
	if (st)
		return st;
	out[0].dtype = in[0].dtype;
	out[0].rank = in[0].rank;
	out[0].dims[0] = in[0].dims[0];
	out[0].dims[1] = in[0].dims[1];
	for (int i = 0; i < w.nsp; i++)
		out[0].dims[2 + i] = w.out[i];
	return LPFPGA_OK;
}

/*
 * In-plane offsets of the input elements in the window of output position o, in
 * row-major kernel order; *padded counts the window positions inside the padded
 * input (the count_include_pad divisor). Returns the number of offsets.
 */
static int64_t window_offsets(const struct lpf_hop_window *g, const int64_t *o, int64_t *offs,
			      int64_t *padded)
{
	int64_t cnt = 0, pc = 1;
	int64_t lo[3], valid[3];

	for (int i = 0; i < 3; i++) {
		int64_t start = o[i] * g->stride[i] - g->pad_begin[i];

		lo[i] = start;
		valid[i] = 0;
		for (int64_t k = 0; k < g->k[i]; k++) {
			int64_t p = start + k * g->dil[i];

			if (p < g->in[i] + g->pad_end[i])
				valid[i]++;
		}
		pc *= valid[i];
	}
	*padded = pc;
	for (int64_t a = 0; a < g->k[0]; a++) {
		int64_t pa = lo[0] + a * g->dil[0];

		if (pa < 0 || pa >= g->in[0])
			continue;
		for (int64_t b = 0; b < g->k[1]; b++) {
			int64_t pb = lo[1] + b * g->dil[1];

			if (pb < 0 || pb >= g->in[1])
				continue;
			for (int64_t c = 0; c < g->k[2]; c++) {
				int64_t pcol = lo[2] + c * g->dil[2];

				if (pcol < 0 || pcol >= g->in[2])
					continue;
				offs[cnt++] = (pa * g->in[1] + pb) * g->in[2] + pcol;
			}
		}
	}
	return cnt;
}

#define MAX_LOOP(T, LOWEST)                                                   \
	do {                                                                  \
		const T *px = x->data;                                        \
		T *py = y->data;                                              \
		for (int64_t p = 0; p < planes; p++) {                        \
			const T *xp = px + p * plane_in;                      \
			T m = (LOWEST);                                       \
			for (int64_t i = 0; i < cnt; i++)                     \
				if (xp[offs[i]] > m)                          \
					m = xp[offs[i]];                      \
			py[p * plane_out + opos] = m;                         \
		}                                                             \
	} while (0)

#define AVG_LOOP(T)                                                           \
	do {                                                                  \
		const T *px = x->data;                                        \
		T *py = y->data;                                              \
		for (int64_t p = 0; p < planes; p++) {                        \
			const T *xp = px + p * plane_in;                      \
			T s = 0;                                              \
			for (int64_t i = 0; i < cnt; i++)                     \
				s += xp[offs[i]];                             \
			py[p * plane_out + opos] = s / (T)div;                \
		}                                                             \
	} while (0)

static lpfpga_status pool_run(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
			      struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	const struct lpf_hval *x = &in[0];
	struct lpf_hval *y = &out[0];
	bool include_pad = lpf_node_attr_int(n, "count_include_pad", 0) != 0;
	enum pool_kind kind = kind_of(n);
	int64_t planes = x->dims[0] * x->dims[1], plane_in, plane_out, opos = 0;
	int64_t *offs, o[3];
	struct lpf_hop_window w, g;
	lpfpga_status st;

	(void)n_in, (void)n_out;
	st = geometry(n, x, &w, err);
	if (st)
		return st;
	lpf_hop_window_to_3d(&w, &g);
	plane_in = g.in[0] * g.in[1] * g.in[2];
	plane_out = g.out[0] * g.out[1] * g.out[2];
	offs = calloc((size_t)(g.k[0] * g.k[1] * g.k[2]) + 1, sizeof(*offs));
	if (!offs)
		return lpf_hop_fail(n, err, LPFPGA_ERROR_NO_MEMORY, "out of memory");
	for (o[0] = 0; o[0] < g.out[0]; o[0]++) {
		for (o[1] = 0; o[1] < g.out[1]; o[1]++) {
			for (o[2] = 0; o[2] < g.out[2]; o[2]++, opos++) {
				int64_t padded, cnt = window_offsets(&g, o, offs, &padded);
				int64_t div = include_pad ? padded : cnt;

				if (kind == POOL_AVG && x->dtype == LPF_DT_FLOAT)
					AVG_LOOP(float);
				else if (kind == POOL_AVG)
					AVG_LOOP(double);
				else if (x->dtype == LPF_DT_FLOAT)
					MAX_LOOP(float, -FLT_MAX);
				else if (x->dtype == LPF_DT_DOUBLE)
					MAX_LOOP(double, -DBL_MAX);
				else if (x->dtype == LPF_DT_UINT8)
					MAX_LOOP(uint8_t, 0);
				else
					MAX_LOOP(int8_t, INT8_MIN);
			}
		}
	}
	free(offs);
	return LPFPGA_OK;
}

const struct lpf_hostop lpf_hostops_pool[] = {
	{ "", "AveragePool", pool_infer, pool_run },
	{ "", "MaxPool", pool_infer, pool_run },
	{ "", "GlobalAveragePool", pool_infer, pool_run },
	{ "", "GlobalMaxPool", pool_infer, pool_run },
	{ NULL, NULL, NULL, NULL },
};
