/* SPDX-License-Identifier: MIT */
/*
 * Ops that move or relabel data without arithmetic, for any dtype: Flatten, Reshape,
 * Squeeze, Unsqueeze (a copy under a new shape), Transpose, Concat, and Shape.
 * Axes arrive as an attribute before opset 13 and as a constant input from 13 on;
 * whichever the node has is used.
 */
#include <string.h>

#include "hostops/hostop_util.h"

static lpfpga_status check_sized(const struct lpf_node *n, const struct lpf_hval *in, int i,
				 struct lpf_err *err)
{
	if (lpf_dtype_size(in[i].dtype))
		return LPFPGA_OK;
	return lpf_hop_fail(n, err, LPFPGA_ERROR_NOT_SUPPORTED, "input %d has unsupported dtype %s",
			    i, lpf_dtype_name(in[i].dtype));
}

/* Same bytes, new shape (Flatten, Reshape, Squeeze, Unsqueeze). */
static lpfpga_status copy_run(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
			      struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	size_t bytes = (size_t)lpf_hop_numel(&in[0]) * lpf_dtype_size(in[0].dtype);

	(void)n, (void)n_in, (void)n_out, (void)err;
	if (bytes && out[0].data != in[0].data)
		memmove(out[0].data, in[0].data, bytes);
	return LPFPGA_OK;
}

static lpfpga_status flatten_infer(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
				   struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	int64_t axis = lpf_node_attr_int(n, "axis", 1), outer = 1, inner = 1;
	char b[LPF_HOP_SHAPE_MAX];
	lpfpga_status st;

	st = lpf_hop_check_arity(n, in, n_in, 1, 1, n_out, 1, err);
	if (!st)
		st = check_sized(n, in, 0, err);
	if (st)
		return st;
	if (axis < 0)
		axis += in[0].rank;
	if (axis < 0 || axis > in[0].rank)
		return lpf_hop_fail(n, err, LPFPGA_ERROR_MODEL_INVALID,
				    "axis %lld is out of range for input %s",
				    (long long)lpf_node_attr_int(n, "axis", 1),
				    lpf_hop_shape(&in[0], b, sizeof(b)));
	for (int i = 0; i < in[0].rank; i++) {
		if (i < axis)
			outer *= in[0].dims[i];
		else
			inner *= in[0].dims[i];
	}
	out[0].dtype = in[0].dtype;
	out[0].rank = 2;
	out[0].dims[0] = outer;
	out[0].dims[1] = inner;
	return LPFPGA_OK;
}

/* A constant 1-D int64 list from input i (Reshape's shape, Squeeze's axes). */
static lpfpga_status const_list(const struct lpf_node *n, const struct lpf_hval *in, int i,
				const char *what, int64_t *cnt, struct lpf_err *err)
{
	char b[LPF_HOP_SHAPE_MAX];

	if (!in[i].data)
		return lpf_hop_fail(n, err, LPFPGA_ERROR_NOT_SUPPORTED,
				    "%s (input %d) must be a constant", what, i);
	if (in[i].dtype != LPF_DT_INT64 || in[i].rank > 1)
		return lpf_hop_fail(n, err, LPFPGA_ERROR_MODEL_INVALID,
				    "%s must be a 1-D int64 tensor, not %s %s", what,
				    lpf_dtype_name(in[i].dtype),
				    lpf_hop_shape(&in[i], b, sizeof(b)));
	*cnt = lpf_hop_numel(&in[i]);
	return LPFPGA_OK;
}

static lpfpga_status reshape_infer(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
				   struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	bool allowzero = lpf_node_attr_int(n, "allowzero", 0) != 0;
	char bx[LPF_HOP_SHAPE_MAX], bs[LPF_HOP_SHAPE_MAX];
	struct lpf_hval req = { 0 };
	int64_t cnt, known = 1;
	const int64_t *shape;
	lpfpga_status st;
	int infer_at = -1;

	st = lpf_hop_check_arity(n, in, n_in, 2, 2, n_out, 1, err);
	if (!st)
		st = check_sized(n, in, 0, err);
	if (!st)
		st = const_list(n, in, 1, "shape", &cnt, err);
	if (st)
		return st;
	if (cnt > LPF_MAX_RANK)
		return lpf_hop_fail(n, err, LPFPGA_ERROR_NOT_SUPPORTED,
				    "target rank %lld exceeds %d", (long long)cnt, LPF_MAX_RANK);
	shape = in[1].data;
	for (int i = 0; i < cnt; i++) {
		int64_t d = shape[i];

		if (d == 0 && !allowzero) {
			if (i >= in[0].rank)
				return lpf_hop_fail(n, err, LPFPGA_ERROR_SHAPE_MISMATCH,
						    "shape entry %d is 0 but input %s has no "
						    "dim %d", i,
						    lpf_hop_shape(&in[0], bx, sizeof(bx)), i);
			d = in[0].dims[i];
		} else if (d == -1) {
			if (infer_at >= 0)
				return lpf_hop_fail(n, err, LPFPGA_ERROR_MODEL_INVALID,
						    "more than one -1 in shape");
			infer_at = i;
			d = 1;
		} else if (d < 0) {
			return lpf_hop_fail(n, err, LPFPGA_ERROR_MODEL_INVALID,
					    "shape entry %d is %lld", i, (long long)d);
		}
		out[0].dims[i] = d;
		known *= d;
	}
	out[0].rank = (int)cnt;
	out[0].dtype = in[0].dtype;
	if (infer_at >= 0) {
		if (known == 0 || lpf_hop_numel(&in[0]) % known)
			goto mismatch;
		out[0].dims[infer_at] = lpf_hop_numel(&in[0]) / known;
	} else if (known != lpf_hop_numel(&in[0])) {
		goto mismatch;
	}
	return LPFPGA_OK;
mismatch:
	req.rank = (int)cnt;
	memcpy(req.dims, shape, (size_t)cnt * sizeof(*shape));
	return lpf_hop_fail(n, err, LPFPGA_ERROR_SHAPE_MISMATCH,
			    "cannot reshape input %s to %s", lpf_hop_shape(&in[0], bx, sizeof(bx)),
			    lpf_hop_shape(&req, bs, sizeof(bs)));
}

/* Axes from input 1 when present, else from the 'axes' attribute; *cnt -1 if neither. */
static lpfpga_status read_axes(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
			       int64_t *axes, int *cnt, struct lpf_err *err)
{
	lpfpga_status st;
	int64_t c;

	if (!lpf_hop_present(in, n_in, 1))
		return lpf_hop_attr_ints(n, "axes", axes, LPF_MAX_RANK, cnt, err);
	st = const_list(n, in, 1, "axes", &c, err);
	if (st)
		return st;
	if (c > LPF_MAX_RANK)
		return lpf_hop_fail(n, err, LPFPGA_ERROR_MODEL_INVALID, "%lld axes given",
				    (long long)c);
	if (c)
		memcpy(axes, in[1].data, (size_t)c * sizeof(*axes));
	*cnt = (int)c;
	return LPFPGA_OK;
}

/* Normalise axes against rank; false on an out-of-range or repeated axis. */
static bool mark_axes(const int64_t *axes, int cnt, int rank, bool *marked)
{
	for (int i = 0; i < rank; i++)
		marked[i] = false;
	for (int i = 0; i < cnt; i++) {
		int a;

		if (!lpf_hop_axis(axes[i], rank, &a) || marked[a])
			return false;
		marked[a] = true;
	}
	return true;
}

static lpfpga_status squeeze_infer(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
				   struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	int64_t axes[LPF_MAX_RANK];
	bool marked[LPF_MAX_RANK];
	char b[LPF_HOP_SHAPE_MAX];
	lpfpga_status st;
	int cnt, r = 0;

	st = lpf_hop_check_arity(n, in, n_in, 1, 2, n_out, 1, err);
	if (!st)
		st = check_sized(n, in, 0, err);
	if (!st)
		st = read_axes(n, in, n_in, axes, &cnt, err);
	if (st)
		return st;
	if (!mark_axes(axes, cnt < 0 ? 0 : cnt, in[0].rank, marked))
		return lpf_hop_fail(n, err, LPFPGA_ERROR_MODEL_INVALID,
				    "axes are out of range or repeated for input %s",
				    lpf_hop_shape(&in[0], b, sizeof(b)));
	for (int i = 0; i < in[0].rank; i++) {
		bool drop = cnt < 0 ? in[0].dims[i] == 1 : marked[i];

		if (drop && in[0].dims[i] != 1)
			return lpf_hop_fail(n, err, LPFPGA_ERROR_SHAPE_MISMATCH,
					    "cannot squeeze axis %d of input %s", i,
					    lpf_hop_shape(&in[0], b, sizeof(b)));
		if (!drop)
			out[0].dims[r++] = in[0].dims[i];
	}
	out[0].rank = r;
	out[0].dtype = in[0].dtype;
	return LPFPGA_OK;
}

static lpfpga_status unsqueeze_infer(const struct lpf_node *n, const struct lpf_hval *in,
				     int n_in, struct lpf_hval *out, int n_out,
				     struct lpf_err *err)
{
	int64_t axes[LPF_MAX_RANK];
	bool marked[LPF_MAX_RANK];
	char b[LPF_HOP_SHAPE_MAX];
	lpfpga_status st;
	int cnt, r, j = 0;

	st = lpf_hop_check_arity(n, in, n_in, 1, 2, n_out, 1, err);
	if (!st)
		st = check_sized(n, in, 0, err);
	if (!st)
		st = read_axes(n, in, n_in, axes, &cnt, err);
	if (st)
		return st;
	if (cnt < 0)
		return lpf_hop_fail(n, err, LPFPGA_ERROR_MODEL_INVALID, "axes are required");
	r = in[0].rank + cnt;
	if (r > LPF_MAX_RANK || !mark_axes(axes, cnt, r, marked))
		return lpf_hop_fail(n, err, LPFPGA_ERROR_MODEL_INVALID,
				    "axes are out of range or repeated for input %s",
				    lpf_hop_shape(&in[0], b, sizeof(b)));
	for (int i = 0; i < r; i++)
		out[0].dims[i] = marked[i] ? 1 : in[0].dims[j++];
	out[0].rank = r;
	out[0].dtype = in[0].dtype;
	return LPFPGA_OK;
}

static lpfpga_status transpose_perm(const struct lpf_node *n, const struct lpf_hval *x,
				    int64_t *perm, struct lpf_err *err)
{
	bool seen[LPF_MAX_RANK] = { false };
	char b[LPF_HOP_SHAPE_MAX];
	lpfpga_status st;
	int cnt;

	st = lpf_hop_attr_ints(n, "perm", perm, LPF_MAX_RANK, &cnt, err);
	if (st)
		return st;
	if (cnt < 0) {
		for (int i = 0; i < x->rank; i++)
			perm[i] = x->rank - 1 - i;
		return LPFPGA_OK;
	}
	if (cnt != x->rank)
		goto bad;
	for (int i = 0; i < cnt; i++) {
		if (perm[i] < 0 || perm[i] >= cnt || seen[perm[i]])
			goto bad;
		seen[perm[i]] = true;
	}
	return LPFPGA_OK;
bad:
	return lpf_hop_fail(n, err, LPFPGA_ERROR_MODEL_INVALID,
			    "perm is not a permutation of the axes of input %s",
			    lpf_hop_shape(x, b, sizeof(b)));
}

static lpfpga_status transpose_infer(const struct lpf_node *n, const struct lpf_hval *in,
				     int n_in, struct lpf_hval *out, int n_out,
				     struct lpf_err *err)
{
	int64_t perm[LPF_MAX_RANK];
	lpfpga_status st;

	st = lpf_hop_check_arity(n, in, n_in, 1, 1, n_out, 1, err);
	if (!st)
		st = check_sized(n, in, 0, err);
	if (!st)
		st = transpose_perm(n, &in[0], perm, err);
	if (st)
		return st;
	for (int i = 0; i < in[0].rank; i++)
		out[0].dims[i] = in[0].dims[perm[i]];
	out[0].rank = in[0].rank;
	out[0].dtype = in[0].dtype;
	return LPFPGA_OK;
}

static lpfpga_status transpose_run(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
				   struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	const unsigned char *src = in[0].data;
	unsigned char *dst = out[0].data;
	size_t sz = lpf_dtype_size(in[0].dtype);
	int64_t perm[LPF_MAX_RANK], istride[LPF_MAX_RANK], step[LPF_MAX_RANK];
	int64_t idx[LPF_MAX_RANK] = { 0 }, cnt = lpf_hop_numel(&in[0]), off = 0, s = 1;
	int r = in[0].rank;
	lpfpga_status st;

	(void)n_in, (void)n_out;
	st = transpose_perm(n, &in[0], perm, err);
	if (st)
		return st;
	for (int i = r - 1; i >= 0; i--) {
		istride[i] = s;
		s *= in[0].dims[i];
	}
	/* Output axis i walks input axis perm[i]. */
	for (int i = 0; i < r; i++)
		step[i] = istride[perm[i]];
	for (int64_t k = 0; k < cnt; k++) {
		memcpy(dst + (size_t)k * sz, src + (size_t)off * sz, sz);
		for (int d = r - 1; d >= 0; d--) {
			off += step[d];
			if (++idx[d] < out[0].dims[d])
				break;
			off -= step[d] * out[0].dims[d];
			idx[d] = 0;
		}
	}
	return LPFPGA_OK;
}

static lpfpga_status concat_axis(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
				 int *axis, struct lpf_err *err)
{
	const struct lpf_attr *a = lpf_node_attr(n, "axis");
	char b0[LPF_HOP_SHAPE_MAX], bi[LPF_HOP_SHAPE_MAX];

	if (!a || a->type != LPF_ATTR_INT)
		return lpf_hop_fail(n, err, LPFPGA_ERROR_MODEL_INVALID,
				    "integer attribute 'axis' is required");
	if (!lpf_hop_axis(a->i, in[0].rank, axis))
		return lpf_hop_fail(n, err, LPFPGA_ERROR_MODEL_INVALID,
				    "axis %lld is out of range for input %s", (long long)a->i,
				    lpf_hop_shape(&in[0], b0, sizeof(b0)));
	for (int i = 1; i < n_in; i++) {
		bool same = in[i].rank == in[0].rank;

		for (int d = 0; same && d < in[0].rank; d++)
			same = d == *axis || in[i].dims[d] == in[0].dims[d];
		if (!same)
			return lpf_hop_fail(n, err, LPFPGA_ERROR_SHAPE_MISMATCH,
					    "input %d shape %s does not match input 0 shape %s "
					    "outside axis %d", i,
					    lpf_hop_shape(&in[i], bi, sizeof(bi)),
					    lpf_hop_shape(&in[0], b0, sizeof(b0)), *axis);
	}
	return LPFPGA_OK;
}

static lpfpga_status concat_infer(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
				  struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	lpfpga_status st;
	int axis;

	st = lpf_hop_check_arity(n, in, n_in, 1, LPF_STEP_MAX_IO, n_out, 1, err);
	if (!st)
		st = check_sized(n, in, 0, err);
	for (int i = 1; !st && i < n_in; i++)
		st = lpf_hop_check_same_dtype(n, in, 0, i, err);
	if (!st)
		st = concat_axis(n, in, n_in, &axis, err);
	if (st)
		return st;
	lpf_hop_set_shape(&out[0], in[0].dtype, in[0].rank, in[0].dims);
	for (int i = 1; i < n_in; i++)
		out[0].dims[axis] += in[i].dims[axis];
	return LPFPGA_OK;
}

static lpfpga_status concat_run(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
				struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	size_t sz = lpf_dtype_size(in[0].dtype);
	unsigned char *dst = out[0].data;
	int64_t outer = 1;
	lpfpga_status st;
	int axis;

	(void)n_out;
	st = concat_axis(n, in, n_in, &axis, err);
	if (st)
		return st;
	for (int d = 0; d < axis; d++)
		outer *= in[0].dims[d];
	for (int64_t o = 0; o < outer; o++) {
		for (int i = 0; i < n_in; i++) {
			size_t chunk = (size_t)(outer ? lpf_hop_numel(&in[i]) / outer : 0) * sz;

			if (!chunk)
				continue;
			memcpy(dst, (const unsigned char *)in[i].data + (size_t)o * chunk, chunk);
			dst += chunk;
		}
	}
	return LPFPGA_OK;
}

/* Shape's [start, end) slice of the dims, clamped as opset 15 specifies. */
static void shape_range(const struct lpf_node *n, int rank, int64_t *start, int64_t *end)
{
	*start = lpf_node_attr_int(n, "start", 0);
	*end = lpf_node_attr_int(n, "end", rank);
	if (*start < 0)
		*start += rank;
	if (*end < 0)
		*end += rank;
	*start = *start < 0 ? 0 : *start > rank ? rank : *start;
	*end = *end < 0 ? 0 : *end > rank ? rank : *end;
	if (*end < *start)
		*end = *start;
}

static lpfpga_status shape_infer(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
				 struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	lpfpga_status st = lpf_hop_check_arity(n, in, n_in, 1, 1, n_out, 1, err);
	int64_t start, end;

	if (st)
		return st;
	shape_range(n, in[0].rank, &start, &end);
	out[0].dtype = LPF_DT_INT64;
	out[0].rank = 1;
	out[0].dims[0] = end - start;
	return LPFPGA_OK;
}

static lpfpga_status shape_run(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
			       struct lpf_hval *out, int n_out, struct lpf_err *err)
{
	int64_t *y = out[0].data, start, end;

	(void)n_in, (void)n_out, (void)err;
	shape_range(n, in[0].rank, &start, &end);
	for (int64_t i = start; i < end; i++)
		y[i - start] = in[0].dims[i];
	return LPFPGA_OK;
}

const struct lpf_hostop lpf_hostops_shape[] = {
	{ "", "Flatten", flatten_infer, copy_run },
	{ "", "Reshape", reshape_infer, copy_run },
	{ "", "Squeeze", squeeze_infer, copy_run },
	{ "", "Unsqueeze", unsqueeze_infer, copy_run },
	{ "", "Transpose", transpose_infer, transpose_run },
	{ "", "Concat", concat_infer, concat_run },
	{ "", "Shape", shape_infer, shape_run },
	{ NULL, NULL, NULL, NULL },
};
