/* SPDX-License-Identifier: MIT */
/* Builders for host-op tests: nodes with attributes, host values, infer + run. */
#ifndef LPF_HOSTOPS_FIXTURE_H
#define LPF_HOSTOPS_FIXTURE_H

#include <CUnit/CUnit.h>
#include <string.h>

#include "hostops/hostops.h"

#define FX_MAX_ATTR 8

struct fx_node {
	struct lpf_node node;
	struct lpf_attr attrs[FX_MAX_ATTR];
};

static inline void fx_init(struct fx_node *f, const char *name, const char *op, int64_t opset)
{
	memset(f, 0, sizeof(*f));
	f->node.name = (char *)name;
	f->node.op_type = (char *)op;
	f->node.domain = (char *)"";
	f->node.attrs = f->attrs;
	f->node.opset = opset;
}

static inline struct lpf_attr *fx_attr(struct fx_node *f, const char *name, int type)
{
	struct lpf_attr *a = &f->attrs[f->node.n_attr++];

	CU_ASSERT_FATAL(f->node.n_attr <= FX_MAX_ATTR);
	a->name = (char *)name;
	a->type = type;
	return a;
}

static inline void fx_int(struct fx_node *f, const char *name, int64_t v)
{
	fx_attr(f, name, LPF_ATTR_INT)->i = v;
}

static inline void fx_float(struct fx_node *f, const char *name, float v)
{
	fx_attr(f, name, LPF_ATTR_FLOAT)->f = v;
}

static inline void fx_str(struct fx_node *f, const char *name, const char *s)
{
	fx_attr(f, name, LPF_ATTR_STRING)->s = (char *)s;
}

/* v must outlive the node. */
static inline void fx_ints(struct fx_node *f, const char *name, int64_t *v, int n)
{
	struct lpf_attr *a = fx_attr(f, name, LPF_ATTR_INTS);

	a->ints = v;
	a->n = n;
}

static inline struct lpf_hval fx_val(int dtype, int rank, const int64_t *dims, const void *data)
{
	struct lpf_hval v;

	memset(&v, 0, sizeof(v));
	v.dtype = dtype;
	v.rank = rank;
	for (int i = 0; i < rank; i++)
		v.dims[i] = dims[i];
	v.data = (void *)data;
	return v;
}

/* Infer, then run into buf (at least cap bytes); checks the op exists. */
static inline lpfpga_status fx_run(struct fx_node *f, struct lpf_hval *in, int n_in,
				   struct lpf_hval *out, void *buf, size_t cap, struct lpf_err *err)
{
	const struct lpf_hostop *op = lpf_hostop_find("", f->node.op_type);
	lpfpga_status st;
	int64_t cnt = 1;

	CU_ASSERT_PTR_NOT_NULL_FATAL(op);
	memset(out, 0, sizeof(*out));
	lpf_err_clear(err);
	st = op->infer(&f->node, in, n_in, out, 1, err);
	if (st)
		return st;
	for (int i = 0; i < out->rank; i++)
		cnt *= out->dims[i];
	CU_ASSERT_FATAL((size_t)cnt * lpf_dtype_size(out->dtype) <= cap);
	out->data = buf;
	return op->run(&f->node, in, n_in, out, 1, err);
}

/* Shape of v equals dims. */
static inline int fx_shape_is(const struct lpf_hval *v, int rank, const int64_t *dims)
{
	if (v->rank != rank)
		return 0;
	for (int i = 0; i < rank; i++)
		if (v->dims[i] != dims[i])
			return 0;
	return 1;
}

#endif
