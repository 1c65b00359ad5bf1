/* SPDX-License-Identifier: MIT */
/* Helpers shared by the host-op families (see hostop_util.h). */
#include "hostops/hostop_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int64_t lpf_hop_numel(const struct lpf_hval *v)
{
	int64_t n = 1;

	for (int i = 0; i < v->rank; i++)
		n *= v->dims[i];
	return n;
}

bool lpf_hop_present(const struct lpf_hval *in, int n_in, int i)
{
	return i < n_in && in[i].dtype != LPF_DT_UNDEFINED;
}

const char *lpf_hop_shape(const struct lpf_hval *v, char *buf, size_t size)
{
	size_t used = 0;

	buf[0] = '\0';
	used += (size_t)snprintf(buf, size, "[");
	for (int i = 0; i < v->rank && used < size; i++)
		used += (size_t)snprintf(buf + used, size - used, "%s%lld", i ? "," : "",
					 (long long)v->dims[i]);
	if (used < size)
		snprintf(buf + used, size - used, "]");
	return buf;
}

lpfpga_status lpf_hop_fail(const struct lpf_node *n, struct lpf_err *err, lpfpga_status st,
			   const char *fmt, ...)
{
	char msg[LPF_ERR_MSG_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return lpf_err_set(err, st, "node '%s' (%s): %s", n->name, n->op_type, msg);
}

lpfpga_status lpf_hop_check_arity(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
				  int min_in, int max_in, int n_out, int max_out,
				  struct lpf_err *err)
{
	if (n_in < min_in || n_in > max_in)
		return lpf_hop_fail(n, err, LPFPGA_ERROR_MODEL_INVALID,
				    "%d inputs given, expected %d to %d", n_in, min_in, max_in);
	for (int i = 0; i < min_in; i++)
		if (in[i].dtype == LPF_DT_UNDEFINED)
			return lpf_hop_fail(n, err, LPFPGA_ERROR_MODEL_INVALID,
					    "required input %d is missing", i);
	if (n_out < 1 || n_out > max_out)
		return lpf_hop_fail(n, err, LPFPGA_ERROR_MODEL_INVALID,
				    "%d outputs given, expected 1 to %d", n_out, max_out);
	return LPFPGA_OK;
}

lpfpga_status lpf_hop_check_dtype(const struct lpf_node *n, const struct lpf_hval *in, int i,
				  unsigned int mask, struct lpf_err *err)
{
	int dt = in[i].dtype;

	if (dt > 0 && dt < 32 && (mask & LPF_HOP_DT(dt)))
		return LPFPGA_OK;
	return lpf_hop_fail(n, err, LPFPGA_ERROR_NOT_SUPPORTED,
			    "input %d has unsupported dtype %s", i, lpf_dtype_name(dt));
}

lpfpga_status lpf_hop_check_same_dtype(const struct lpf_node *n, const struct lpf_hval *in,
				       int i, int j, struct lpf_err *err)
{
	if (in[i].dtype == in[j].dtype)
		return LPFPGA_OK;
	return lpf_hop_fail(n, err, LPFPGA_ERROR_DTYPE_MISMATCH,
			    "input %d is %s but input %d is %s", i, lpf_dtype_name(in[i].dtype), j,
			    lpf_dtype_name(in[j].dtype));
}

lpfpga_status lpf_hop_attr_ints(const struct lpf_node *n, const char *name, int64_t *vals,
				int max, int *count, struct lpf_err *err)
{
	const struct lpf_attr *a = lpf_node_attr(n, name);

	*count = -1;
	if (!a)
		return LPFPGA_OK;
	if (a->type != LPF_ATTR_INTS)
		return lpf_hop_fail(n, err, LPFPGA_ERROR_MODEL_INVALID,
				    "attribute '%s' must be a list of ints", name);
	if (a->n > max)
		return lpf_hop_fail(n, err, LPFPGA_ERROR_NOT_SUPPORTED,
				    "attribute '%s' has %d entries, at most %d supported", name,
				    a->n, max);
	if (a->n > 0)
		memcpy(vals, a->ints, (size_t)a->n * sizeof(*vals));
	*count = a->n;
	return LPFPGA_OK;
}

bool lpf_hop_axis(int64_t axis, int rank, int *out)
{
	if (axis < -(int64_t)rank || axis >= rank)
		return false;
	*out = (int)(axis < 0 ? axis + rank : axis);
	return true;
}

void lpf_hop_set_shape(struct lpf_hval *o, int dtype, int rank, const int64_t *dims)
{
	o->dtype = dtype;
	o->rank = rank;
	for (int i = 0; i < rank; i++)
		o->dims[i] = dims[i];
}

int64_t lpf_hop_int_at(const struct lpf_hval *v, int64_t i)
{
	if (v->dtype == LPF_DT_INT32)
		return ((const int32_t *)v->data)[i];
	return ((const int64_t *)v->data)[i];
}

bool lpf_hop_broadcast(const struct lpf_hval *a, const struct lpf_hval *b, int *rank,
		       int64_t *dims)
{
	int r = a->rank > b->rank ? a->rank : b->rank;

	for (int i = 0; i < r; i++) {
		int ia = i - (r - a->rank), ib = i - (r - b->rank);
		int64_t da = ia >= 0 ? a->dims[ia] : 1;
		int64_t db = ib >= 0 ? b->dims[ib] : 1;

		if (da != db && da != 1 && db != 1)
			return false;
		dims[i] = da == 1 ? db : da;
	}
	*rank = r;
	return true;
}

/* Row-major strides of v aligned to an output of rank r; 0 along broadcast dims. */
static void bcast_strides(const struct lpf_hval *v, int r, int64_t *stride)
{
	int64_t s = 1;

	for (int i = r - 1; i >= 0; i--) {
		int iv = i - (r - v->rank);

		if (iv < 0 || v->dims[iv] == 1) {
			stride[i] = 0;
		} else {
			stride[i] = s;
			s *= v->dims[iv];
		}
	}
}

void lpf_hop_iter_init(struct lpf_hop_iter *it, int rank, const int64_t *dims,
		       const struct lpf_hval *a, const struct lpf_hval *b)
{
	memset(it, 0, sizeof(*it));
	it->rank = rank;
	for (int i = 0; i < rank; i++)
		it->dims[i] = dims[i];
	bcast_strides(a, rank, it->stride[0]);
	if (b)
		bcast_strides(b, rank, it->stride[1]);
}
