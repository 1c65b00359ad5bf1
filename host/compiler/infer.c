/* SPDX-License-Identifier: MIT */
/*
 * Type and shape inference of the operators the fabric runs (QLinearConv,
 * QLinearMatMul, ConvInteger, MatMulInteger, com.microsoft QGemm) with ONNX
 * semantics, and the checks of their quantization parameters: every rejection
 * names the node, the input and its type or shape.
 */
#include <string.h>

#include "compiler/compiler_internal.h"

static const char *const fabric_ops[] = { "QLinearConv", "QLinearMatMul", "ConvInteger",
					  "MatMulInteger" };

bool lpf_is_fabric_op(const struct lpf_node *n)
{
	size_t i;

	if (!strcmp(n->domain, "com.microsoft"))
		return !strcmp(n->op_type, "QGemm");
	if (n->domain[0] && strcmp(n->domain, "ai.onnx"))
		return false;
	for (i = 0; i < sizeof(fabric_ops) / sizeof(fabric_ops[0]); i++)
		if (!strcmp(n->op_type, fabric_ops[i]))
			return true;
	return false;
}

static bool is_q8(int dt)
{
	return dt == LPF_DT_UINT8 || dt == LPF_DT_INT8;
}

static int64_t ceil_div(int64_t a, int64_t b)
{
	return a >= 0 ? (a + b - 1) / b : -((-a) / b);
}

static int64_t floor_div(int64_t a, int64_t b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* Values of an INTS attribute for the spatial axes, or def when absent. */
static lpfpga_status ints_attr(const struct lpf_cc *cc, const struct lpf_node *n,
			       const char *name, int count, int64_t def, int64_t *out,
			       struct lpf_err *err)
{
	const struct lpf_attr *a = lpf_node_attr(n, name);
	int i;

	for (i = 0; i < count; i++)
		out[i] = def;
	if (!a)
		return LPFPGA_OK;
	if (a->type != LPF_ATTR_INTS || a->n != count)
		return lpf_node_err(cc, n, LPFPGA_ERROR_MODEL_INVALID, err,
				    "attribute '%s' must hold %d integers", name, count);
	for (i = 0; i < count; i++)
		out[i] = a->ints[i];
	return LPFPGA_OK;
}

lpfpga_status lpf_conv_attrs(const struct lpf_cc *cc, const struct lpf_node *n, int spatial,
			     const int64_t *in_hw, const int64_t *k_hw, bool pool,
			     struct lpf_conv_attrs *a, struct lpf_err *err)
{
	int64_t k[2], s[2], d[2], p[4], in[2], out[2], pb[2], pe[2];
	const char *ap = lpf_node_attr_str(n, "auto_pad", "NOTSET");
	bool ceil_mode = pool && lpf_node_attr_int(n, "ceil_mode", 0);
	lpfpga_status st;
	int i;

	if (spatial < 1 || spatial > 2)
		return lpf_node_err(cc, n, LPFPGA_ERROR_UNSUPPORTED_OP, err,
				    "%d-D windows are not supported (1-D and 2-D only)", spatial);
	st = ints_attr(cc, n, "kernel_shape", spatial, -1, k, err);
	if (!st)
		st = ints_attr(cc, n, "strides", spatial, 1, s, err);
	if (!st)
		st = ints_attr(cc, n, "dilations", spatial, 1, d, err);
	if (!st)
		st = ints_attr(cc, n, "pads", 2 * spatial, 0, p, err);
	if (st)
		return st;
	for (i = 0; i < spatial; i++) {
		if (k[i] < 0) {
			if (!k_hw)
				return lpf_node_err(cc, n, LPFPGA_ERROR_MODEL_INVALID, err,
						    "attribute 'kernel_shape' is required");
			k[i] = k_hw[i];
		} else if (k_hw && k[i] != k_hw[i]) {
			return lpf_node_err(cc, n, LPFPGA_ERROR_SHAPE_MISMATCH, err,
					    "kernel_shape %lld differs from the weights' %lld",
					    (long long)k[i], (long long)k_hw[i]);
		}
		if (k[i] < 1 || s[i] < 1 || d[i] < 1 || p[i] < 0 || p[i + spatial] < 0)
			return lpf_node_err(cc, n, LPFPGA_ERROR_MODEL_INVALID, err,
					    "kernel %lld, stride %lld, dilation %lld or pads "
					    "%lld,%lld out of range",
					    (long long)k[i], (long long)s[i], (long long)d[i],
					    (long long)p[i], (long long)p[i + spatial]);
		in[i] = in_hw[i];
		pb[i] = p[i];
		pe[i] = p[i + spatial];
	}
	for (i = 0; i < spatial; i++) {
		int64_t eff = (k[i] - 1) * d[i] + 1, total;

		if (!strcmp(ap, "SAME_UPPER") || !strcmp(ap, "SAME_LOWER")) {
			out[i] = ceil_div(in[i], s[i]);
			total = (out[i] - 1) * s[i] + eff - in[i];
			if (total < 0)
				total = 0;
			pb[i] = !strcmp(ap, "SAME_UPPER") ? total / 2 : total - total / 2;
			pe[i] = total - pb[i];
		} else if (!strcmp(ap, "VALID")) {
			pb[i] = pe[i] = 0;
		} else if (strcmp(ap, "NOTSET")) {
			return lpf_node_err(cc, n, LPFPGA_ERROR_MODEL_INVALID, err,
					    "unknown auto_pad '%s'", ap);
		}
		total = in[i] + pb[i] + pe[i] - eff;
		if (total < 0)
			return lpf_node_err(cc, n, LPFPGA_ERROR_SHAPE_MISMATCH, err,
					    "window %lld larger than the padded input %lld",
					    (long long)eff, (long long)(in[i] + pb[i] + pe[i]));
		if (ceil_mode) {
			out[i] = ceil_div(total, s[i]) + 1;
			if ((out[i] - 1) * s[i] >= in[i] + pb[i])
				out[i]--;
		} else {
			out[i] = floor_div(total, s[i]) + 1;
		}
	}
	*a = (struct lpf_conv_attrs){ .kh = 1, .kw = 1, .sh = 1, .sw = 1, .dh = 1, .dw = 1,
				      .oh = 1, .ow = 1 };
	a->group = lpf_node_attr_int(n, "group", 1);
	if (spatial == 2) {
		a->kh = k[0];
		a->sh = s[0];
		a->dh = d[0];
		a->pt = pb[0];
		a->pb = pe[0];
		a->oh = out[0];
	}
	a->kw = k[spatial - 1];
	a->sw = s[spatial - 1];
	a->dw = d[spatial - 1];
	a->pl = pb[spatial - 1];
	a->pr = pe[spatial - 1];
	a->ow = out[spatial - 1];
	return LPFPGA_OK;
}

/* Checks input idx: dtype in allowed (0-terminated), element count 1 or alt (if > 0). */
static lpfpga_status check_in(const struct lpf_cc *cc, const struct lpf_node *n, int idx,
			      const char *what, bool required, int want_dtype, bool q8,
			      int64_t alt, struct lpf_err *err)
{
	const struct lpf_ctensor *t;
	char shape[64];
	int64_t ne;

	if (idx >= n->n_in || n->in[idx] < 0) {
		if (required)
			return lpf_node_err(cc, n, LPFPGA_ERROR_MODEL_INVALID, err,
					    "input %d (%s) is required", idx, what);
		return LPFPGA_OK;
	}
	t = &cc->t[n->in[idx]];
	lpf_ct_shape_str(t, shape, sizeof(shape));
	if ((q8 && !is_q8(t->dtype)) || (!q8 && want_dtype && t->dtype != want_dtype))
		return lpf_node_err(cc, n, LPFPGA_ERROR_DTYPE_MISMATCH, err,
				    "input %d (%s, '%s') has type %s, expected %s", idx, what,
				    lpf_cc_tname(cc, n->in[idx]), lpf_dtype_name(t->dtype),
				    q8 ? "uint8 or int8" : lpf_dtype_name(want_dtype));
	if (alt >= 0) {
		ne = lpf_ct_numel(t);
		if (ne != 1 && (alt == 0 || ne != alt || t->rank != 1))
			return lpf_node_err(cc, n, LPFPGA_ERROR_SHAPE_MISMATCH, err,
					    "input %d (%s, '%s') has shape %s, expected a scalar%s",
					    idx, what, lpf_cc_tname(cc, n->in[idx]), shape,
					    alt ? " or one value per output channel" : "");
	}
	return LPFPGA_OK;
}

static lpfpga_status check_zp(const struct lpf_cc *cc, const struct lpf_node *n, int idx,
			      const char *what, int of, int64_t alt, struct lpf_err *err)
{
	lpfpga_status st = check_in(cc, n, idx, what, false, 0, true, alt, err);

	if (st || idx >= n->n_in || n->in[idx] < 0)
		return st;
	if (cc->t[n->in[idx]].dtype != cc->t[n->in[of]].dtype)
		return lpf_node_err(cc, n, LPFPGA_ERROR_DTYPE_MISMATCH, err,
				    "input %d (%s) is %s but its tensor '%s' is %s", idx, what,
				    lpf_dtype_name(cc->t[n->in[idx]].dtype),
				    lpf_cc_tname(cc, n->in[of]),
				    lpf_dtype_name(cc->t[n->in[of]].dtype));
	return LPFPGA_OK;
}

static lpfpga_status infer_conv(struct lpf_cc *cc, const struct lpf_node *n, bool q,
				struct lpf_err *err)
{
	int iw = q ? 3 : 1;
	const struct lpf_ctensor *x = &cc->t[n->in[0]], *w;
	struct lpf_ctensor *y;
	struct lpf_conv_attrs a;
	int64_t in_hw[2], k_hw[2], oc;
	char xs[64], wsh[64];
	lpfpga_status st;
	int sp, i;

	st = check_in(cc, n, 0, "x", true, 0, true, -1, err);
	if (!st)
		st = check_in(cc, n, iw, "w", true, 0, true, -1, err);
	if (st)
		return st;
	w = &cc->t[n->in[iw]];
	lpf_ct_shape_str(x, xs, sizeof(xs));
	lpf_ct_shape_str(w, wsh, sizeof(wsh));
	if (x->rank != 3 && x->rank != 4)
		return lpf_node_err(cc, n, LPFPGA_ERROR_UNSUPPORTED_OP, err,
				    "input 'x' %s: only 1-D and 2-D convolutions run on the fabric",
				    xs);
	if (w->rank != x->rank)
		return lpf_node_err(cc, n, LPFPGA_ERROR_SHAPE_MISMATCH, err,
				    "weights %s do not match input %s", wsh, xs);
	sp = x->rank - 2;
	for (i = 0; i < sp; i++) {
		in_hw[i] = x->dims[2 + i];
		k_hw[i] = w->dims[2 + i];
	}
	st = lpf_conv_attrs(cc, n, sp, in_hw, k_hw, false, &a, err);
	if (st)
		return st;
	oc = w->dims[0];
	if (a.group < 1 || x->dims[1] % a.group || oc % a.group ||
	    w->dims[1] * a.group != x->dims[1])
		return lpf_node_err(cc, n, LPFPGA_ERROR_SHAPE_MISMATCH, err,
				    "input %s, weights %s and group %lld do not agree", xs, wsh,
				    (long long)a.group);
	if (q) {
		st = check_in(cc, n, 1, "x_scale", true, LPF_DT_FLOAT, false, 0, err);
		if (!st)
			st = check_zp(cc, n, 2, "x_zero_point", 0, 0, err);
		if (!st)
			st = check_in(cc, n, 4, "w_scale", true, LPF_DT_FLOAT, false, oc, err);
		if (!st)
			st = check_zp(cc, n, 5, "w_zero_point", 3, oc, err);
		if (!st)
			st = check_in(cc, n, 6, "y_scale", true, LPF_DT_FLOAT, false, 0, err);
		if (!st)
			st = check_in(cc, n, 7, "y_zero_point", false, 0, true, 0, err);
		if (!st)
			st = check_in(cc, n, 8, "B", false, LPF_DT_INT32, false, -1, err);
		if (!st && n->n_in > 8 && n->in[8] >= 0 &&
		    (cc->t[n->in[8]].rank != 1 || cc->t[n->in[8]].dims[0] != oc))
			st = lpf_node_err(cc, n, LPFPGA_ERROR_SHAPE_MISMATCH, err,
					  "bias 'B' must have %lld elements", (long long)oc);
	} else {
		st = check_zp(cc, n, 2, "x_zero_point", 0, 0, err);
		if (!st)
			st = check_zp(cc, n, 3, "w_zero_point", 1, oc, err);
	}
	if (st)
		return st;
	y = &cc->t[n->out[0]];
	if (q)
		y->dtype = n->n_in > 7 && n->in[7] >= 0 ? cc->t[n->in[7]].dtype : LPF_DT_UINT8;
	else
		y->dtype = LPF_DT_INT32;
	y->rank = x->rank;
	y->dims[0] = x->dims[0];
	y->dims[1] = oc;
	if (sp == 2) {
		y->dims[2] = a.oh;
		y->dims[3] = a.ow;
	} else {
		y->dims[2] = a.ow;
	}
	return LPFPGA_OK;
}

static lpfpga_status infer_matmul(struct lpf_cc *cc, const struct lpf_node *n, bool q,
				  struct lpf_err *err)
{
	int ib = q ? 3 : 1, i, ra, rb, rank;
	const struct lpf_ctensor *a = &cc->t[n->in[0]], *b;
	struct lpf_ctensor *y;
	int64_t m, k, k2, nn, dims[LPF_MAX_RANK];
	char as[64], bs[64];
	lpfpga_status st;

	st = check_in(cc, n, 0, "A", true, 0, true, -1, err);
	if (!st)
		st = check_in(cc, n, ib, "B", true, 0, true, -1, err);
	if (st)
		return st;
	b = &cc->t[n->in[ib]];
	lpf_ct_shape_str(a, as, sizeof(as));
	lpf_ct_shape_str(b, bs, sizeof(bs));
	if (a->rank < 1 || b->rank < 1)
		return lpf_node_err(cc, n, LPFPGA_ERROR_SHAPE_MISMATCH, err,
				    "inputs %s and %s must not be scalars", as, bs);
	ra = a->rank;
	rb = b->rank;
	m = ra >= 2 ? a->dims[ra - 2] : 1;
	k = a->dims[ra - 1];
	k2 = rb >= 2 ? b->dims[rb - 2] : b->dims[0];
	nn = rb >= 2 ? b->dims[rb - 1] : 1;
	if (k != k2)
		return lpf_node_err(cc, n, LPFPGA_ERROR_SHAPE_MISMATCH, err,
				    "inner dimensions of %s and %s differ", as, bs);
	/* broadcast the leading dimensions */
	rank = (ra > rb ? ra : rb);
	if (rank < 2)
		rank = 2;
	for (i = 0; i < rank - 2; i++) {
		int ia = ra - 2 - (rank - 2 - i) + 0, jb = rb - 2 - (rank - 2 - i);
		int64_t da = ia >= 0 && ra >= 2 ? a->dims[ia] : 1;
		int64_t db = jb >= 0 && rb >= 2 ? b->dims[jb] : 1;

		if (da != db && da != 1 && db != 1)
			return lpf_node_err(cc, n, LPFPGA_ERROR_SHAPE_MISMATCH, err,
					    "leading dimensions of %s and %s do not broadcast", as,
					    bs);
		dims[i] = da == 1 ? db : da;
	}
	if (q) {
		st = check_in(cc, n, 1, "a_scale", true, LPF_DT_FLOAT, false, 0, err);
		if (!st)
			st = check_zp(cc, n, 2, "a_zero_point", 0, 0, err);
		if (!st)
			st = check_in(cc, n, 4, "b_scale", true, LPF_DT_FLOAT, false, nn, err);
		if (!st)
			st = check_zp(cc, n, 5, "b_zero_point", 3, nn, err);
		if (!st)
			st = check_in(cc, n, 6, "y_scale", true, LPF_DT_FLOAT, false, 0, err);
		if (!st)
			st = check_in(cc, n, 7, "y_zero_point", false, 0, true, 0, err);
	} else {
		st = check_zp(cc, n, 2, "a_zero_point", 0, 0, err);
		if (!st)
			st = check_zp(cc, n, 3, "b_zero_point", 1, nn, err);
	}
	if (st)
		return st;
	y = &cc->t[n->out[0]];
	y->dtype = q ? (n->n_in > 7 && n->in[7] >= 0 ? cc->t[n->in[7]].dtype : LPF_DT_UINT8) :
		       LPF_DT_INT32;
	y->rank = 0;
	for (i = 0; i < rank - 2; i++)
		y->dims[y->rank++] = dims[i];
	if (ra >= 2)
		y->dims[y->rank++] = m;
	if (rb >= 2)
		y->dims[y->rank++] = nn;
	return LPFPGA_OK;
}

/*
 * com.microsoft QGemm: A[M,K] x B (transB: [N,K]) + int32 C, requantized like
 * QLinearMatMul. A float output (no y_scale), transA and alpha != 1 are rejected.
 */
static lpfpga_status infer_qgemm(struct lpf_cc *cc, const struct lpf_node *n,
				 struct lpf_err *err)
{
	const struct lpf_ctensor *a = &cc->t[n->in[0]], *b, *c;
	bool tb = lpf_node_attr_int(n, "transB", 0) != 0;
	struct lpf_ctensor *y;
	char as[64], bs[64];
	int64_t nn;
	lpfpga_status st;

	if (lpf_node_attr_int(n, "transA", 0))
		return lpf_node_err(cc, n, LPFPGA_ERROR_NOT_SUPPORTED, err,
				    "transA = 1 is not supported (transpose A before QGemm)");
	if (lpf_node_attr_float(n, "alpha", 1.0f) != 1.0f)
		return lpf_node_err(cc, n, LPFPGA_ERROR_NOT_SUPPORTED, err,
				    "alpha = %g is not supported (only 1)",
				    (double)lpf_node_attr_float(n, "alpha", 1.0f));
	if (n->n_in < 9 || n->in[7] < 0 || n->in[8] < 0)
		return lpf_node_err(cc, n, LPFPGA_ERROR_NOT_SUPPORTED, err,
				    "a float output (no y_scale / y_zero_point) is not supported");
	st = check_in(cc, n, 0, "A", true, 0, true, -1, err);
	if (!st)
		st = check_in(cc, n, 3, "B", true, 0, true, -1, err);
	if (st)
		return st;
	b = &cc->t[n->in[3]];
	lpf_ct_shape_str(a, as, sizeof(as));
	lpf_ct_shape_str(b, bs, sizeof(bs));
	if (a->rank != 2 || b->rank != 2 || a->dims[1] != b->dims[tb ? 1 : 0])
		return lpf_node_err(cc, n, LPFPGA_ERROR_SHAPE_MISMATCH, err,
				    "A %s and B %s (transB %d) do not multiply", as, bs, tb);
	nn = b->dims[tb ? 0 : 1];
	st = check_in(cc, n, 1, "a_scale", true, LPF_DT_FLOAT, false, 0, err);
	if (!st)
		st = check_zp(cc, n, 2, "a_zero_point", 0, 0, err);
	if (!st)
		st = check_in(cc, n, 4, "b_scale", true, LPF_DT_FLOAT, false, nn, err);
	if (!st)
		st = check_zp(cc, n, 5, "b_zero_point", 3, nn, err);
	if (!st)
		st = check_in(cc, n, 6, "C", false, LPF_DT_INT32, false, -1, err);
	if (!st)
		st = check_in(cc, n, 7, "y_scale", true, LPF_DT_FLOAT, false, 0, err);
	if (!st)
		st = check_in(cc, n, 8, "y_zero_point", true, 0, true, 0, err);
	if (st)
		return st;
	if (n->in[6] >= 0) {
		c = &cc->t[n->in[6]];
		if (lpf_ct_numel(c) != nn || c->dims[c->rank - 1] != nn)
			return lpf_node_err(cc, n, LPFPGA_ERROR_NOT_SUPPORTED, err,
					    "C must hold one int32 per output column (%lld); a "
					    "full [M,N] C is not supported", (long long)nn);
	}
	y = &cc->t[n->out[0]];
	y->dtype = cc->t[n->in[8]].dtype;
	y->rank = 2;
	y->dims[0] = a->dims[0];
	y->dims[1] = nn;
	return LPFPGA_OK;
}

lpfpga_status lpf_infer_fabric(struct lpf_cc *cc, int node, struct lpf_err *err)
{
	const struct lpf_node *n = &cc->g->nodes[node];
	int i;

	if (n->n_out < 1 || n->out[0] < 0 || n->n_in < 2)
		return lpf_node_err(cc, n, LPFPGA_ERROR_MODEL_INVALID, err,
				    "wrong number of inputs or outputs");
	for (i = 0; i < n->n_in; i++) {
		if (n->in[i] >= 0 && cc->t[n->in[i]].rank < 0)
			return lpf_node_err(cc, n, LPFPGA_ERROR_SHAPE_MISMATCH, err,
					    "input %d ('%s') has no known shape", i,
					    lpf_cc_tname(cc, n->in[i]));
	}
	if (!strcmp(n->op_type, "QLinearConv"))
		return infer_conv(cc, n, true, err);
	if (!strcmp(n->op_type, "ConvInteger"))
		return infer_conv(cc, n, false, err);
	if (!strcmp(n->op_type, "QLinearMatMul"))
		return infer_matmul(cc, n, true, err);
	if (!strcmp(n->op_type, "QGemm"))
		return infer_qgemm(cc, n, err);
	return infer_matmul(cc, n, false, err);
}
