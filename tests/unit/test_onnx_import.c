/* SPDX-License-Identifier: MIT */
/*
 * ONNX importer: models are built here with the generated protobuf-c structs (or
 * as raw wire bytes for malformed input), loaded from memory, and every rejection
 * is checked for its status and for a message naming the file and the culprit.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/lpf_test.h"
#include "onnx.pb-c.h"
#include "onnx/onnx_file.h"
#include "onnx/onnx_import.h"

#define TM_MAX 16
#define QLINEARCONV "/usr/share/libonnx-testdata/data/node/test_qlinearconv/model.onnx"

/* A model under construction; all storage is static, strings live in the arena. */
struct tmodel {
	LpfOnnx__ModelProto m;
	LpfOnnx__GraphProto g;
	LpfOnnx__OperatorSetIdProto opset, *popset[1];
	LpfOnnx__NodeProto nodes[TM_MAX], *pnodes[TM_MAX];
	LpfOnnx__TensorProto tensors[TM_MAX], *pinits[TM_MAX];
	int n_tensors;
	LpfOnnx__ValueInfoProto vis[TM_MAX], *pin[TM_MAX], *pout[TM_MAX];
	int n_vis;
	LpfOnnx__TypeProto types[TM_MAX];
	LpfOnnx__TypeProto__Tensor tts[TM_MAX];
	LpfOnnx__TensorShapeProto shapes[TM_MAX];
	LpfOnnx__TensorShapeProto__Dimension dims[TM_MAX][LPF_MAX_RANK + 2];
	LpfOnnx__TensorShapeProto__Dimension *pdims[TM_MAX][LPF_MAX_RANK + 2];
	LpfOnnx__AttributeProto attrs[TM_MAX], *pattrs[TM_MAX];
	int n_attrs;
	char *names[256];
	int n_names;
	int64_t i64[256];
	int n_i64;
	char arena[8192];
	size_t used;
};

static struct tmodel T;

static char *tm_str(const char *s)
{
	char *d = T.arena + T.used;

	T.used += strlen(s) + 1;
	CU_ASSERT_FATAL(T.used <= sizeof(T.arena));
	strcpy(d, s);
	return d;
}

/* Split "a,b,,c" into arena strings; "" gives none. */
static char **tm_list(const char *csv, size_t *n)
{
	char **first = &T.names[T.n_names];
	char buf[256];

	*n = 0;
	if (!*csv)
		return first;
	snprintf(buf, sizeof(buf), "%s", csv);
	for (char *p = buf, *q;; p = q + 1) {
		q = strchr(p, ',');
		if (q)
			*q = '\0';
		T.names[T.n_names++] = tm_str(p);
		(*n)++;
		if (!q)
			break;
	}
	return first;
}

static void tm_reset(void)
{
	memset(&T, 0, sizeof(T));
	lpf_onnx__model_proto__init(&T.m);
	lpf_onnx__graph_proto__init(&T.g);
	lpf_onnx__operator_set_id_proto__init(&T.opset);
	T.opset.domain = tm_str("");
	T.opset.has_version = 1;
	T.opset.version = 13;
	T.popset[0] = &T.opset;
	T.m.n_opset_import = 1;
	T.m.opset_import = T.popset;
	T.m.has_ir_version = 1;
	T.m.ir_version = 8;
	T.m.graph = &T.g;
	T.g.node = T.pnodes;
	T.g.initializer = T.pinits;
	T.g.input = T.pin;
	T.g.output = T.pout;
}

/* Shape spec "N,3,?,28": numbers are dim_value, "?" an empty dimension, else dim_param. */
static LpfOnnx__ValueInfoProto *tm_vi(const char *name, int elem, const char *spec)
{
	int k = T.n_vis++;
	LpfOnnx__ValueInfoProto *vi = &T.vis[k];

	lpf_onnx__value_info_proto__init(vi);
	lpf_onnx__type_proto__init(&T.types[k]);
	lpf_onnx__type_proto__tensor__init(&T.tts[k]);
	vi->name = tm_str(name);
	vi->type = &T.types[k];
	T.types[k].tensor_type = &T.tts[k];
	T.tts[k].has_elem_type = 1;
	T.tts[k].elem_type = elem;
	if (!spec)
		return vi;
	lpf_onnx__tensor_shape_proto__init(&T.shapes[k]);
	T.tts[k].shape = &T.shapes[k];
	T.shapes[k].dim = T.pdims[k];
	if (!*spec)
		return vi;
	for (const char *p = spec;; p++) {
		size_t d = T.shapes[k].n_dim++;
		LpfOnnx__TensorShapeProto__Dimension *dim = &T.dims[k][d];
		char tok[32];
		size_t len = strcspn(p, ",");

		lpf_onnx__tensor_shape_proto__dimension__init(dim);
		T.pdims[k][d] = dim;
		snprintf(tok, sizeof(tok), "%.*s", (int)len, p);
		if (tok[0] >= '0' && tok[0] <= '9') {
			dim->has_dim_value = 1;
			dim->dim_value = atoll(tok);
		} else if (strcmp(tok, "?")) {
			dim->dim_param = tm_str(tok);
		}
		p += len;
		if (!*p)
			break;
	}
	return vi;
}

static void tm_input(const char *name, int elem, const char *spec)
{
	T.pin[T.g.n_input++] = tm_vi(name, elem, spec);
}

static void tm_output(const char *name, int elem, const char *spec)
{
	T.pout[T.g.n_output++] = tm_vi(name, elem, spec);
}

static LpfOnnx__NodeProto *tm_node(const char *op, const char *name, const char *in,
				   const char *out)
{
	LpfOnnx__NodeProto *n = &T.nodes[T.g.n_node];

	lpf_onnx__node_proto__init(n);
	T.pnodes[T.g.n_node++] = n;
	n->op_type = tm_str(op);
	if (name)
		n->name = tm_str(name);
	n->input = tm_list(in, &n->n_input);
	n->output = tm_list(out, &n->n_output);
	n->attribute = &T.pattrs[T.n_attrs];
	return n;
}

/* An attribute of the node added last (attributes must follow their node). */
static LpfOnnx__AttributeProto *tm_attr(const char *name, int type)
{
	LpfOnnx__NodeProto *n = T.pnodes[T.g.n_node - 1];
	LpfOnnx__AttributeProto *a = &T.attrs[T.n_attrs];

	lpf_onnx__attribute_proto__init(a);
	T.pattrs[T.n_attrs++] = a;
	n->n_attribute++;
	a->name = tm_str(name);
	a->has_type = 1;
	a->type = type;
	return a;
}

static int64_t *tm_dims(const int64_t *dims, size_t n)
{
	int64_t *d = &T.i64[T.n_i64];

	T.n_i64 += (int)n;
	memcpy(d, dims, n * sizeof(*d));
	return d;
}

static LpfOnnx__TensorProto *tm_tensor(const char *name, int dtype, const int64_t *dims,
				       size_t rank)
{
	LpfOnnx__TensorProto *t = &T.tensors[T.n_tensors++];

	lpf_onnx__tensor_proto__init(t);
	if (name)
		t->name = tm_str(name);
	t->has_data_type = 1;
	t->data_type = dtype;
	t->n_dims = rank;
	t->dims = tm_dims(dims, rank);
	return t;
}

static LpfOnnx__TensorProto *tm_init_raw(const char *name, int dtype, const int64_t *dims,
					 size_t rank, const void *raw, size_t len)
{
	LpfOnnx__TensorProto *t = tm_tensor(name, dtype, dims, rank);

	t->has_raw_data = 1;
	t->raw_data.len = len;
	t->raw_data.data = (uint8_t *)raw;
	T.pinits[T.g.n_initializer++] = t;
	return t;
}

/* The base model: y = Add(x[N,4] uint8, w[4] uint8). */
static void tm_base(void)
{
	static const uint8_t w[4] = { 1, 2, 3, 4 };
	static const int64_t d4[1] = { 4 };

	tm_reset();
	tm_input("x", LPF_DT_UINT8, "N,4");
	tm_init_raw("w", LPF_DT_UINT8, d4, 1, w, sizeof(w));
	tm_node("Add", "add0", "x,w", "y");
	tm_output("y", LPF_DT_UINT8, "N,4");
}

static uint8_t *tm_pack(size_t *n)
{
	uint8_t *buf;

	*n = lpf_onnx__model_proto__get_packed_size(&T.m);
	buf = malloc(*n ? *n : 1);
	CU_ASSERT_FATAL(buf != NULL);
	lpf_onnx__model_proto__pack(&T.m, buf);
	return buf;
}

static lpfpga_status tm_load(struct lpf_graph **g, struct lpf_err *e)
{
	size_t n;
	uint8_t *buf = tm_pack(&n);
	lpfpga_status st = lpf_onnx_load_buffer(buf, n, "model.onnx", g, e);

	free(buf);
	return st;
}

static void check_error(lpfpga_status st, struct lpf_graph *g, const struct lpf_err *e,
			lpfpga_status want, const char *s1, const char *s2)
{
	CU_ASSERT_EQUAL(st, want);
	CU_ASSERT_EQUAL(e->status, want);
	CU_ASSERT_PTR_NULL(g);
	CU_ASSERT_EQUAL(strncmp(e->msg, "model.onnx: ", 12), 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(e->msg, s1));
	if (s2)
		CU_ASSERT_PTR_NOT_NULL(strstr(e->msg, s2));
	if (st == want && (!strstr(e->msg, s1) || (s2 && !strstr(e->msg, s2))))
		printf("\n  message was: %s\n", e->msg);
}

static void expect_model_error(lpfpga_status want, const char *s1, const char *s2)
{
	struct lpf_graph *g = NULL;
	struct lpf_err e;
	lpfpga_status st;

	lpf_err_clear(&e);
	st = tm_load(&g, &e);
	check_error(st, g, &e, want, s1, s2);
	lpf_graph_free(g);
}

static void expect_bytes_error(const void *bytes, size_t n, lpfpga_status want, const char *s1)
{
	struct lpf_graph *g = NULL;
	struct lpf_err e;
	lpfpga_status st;

	lpf_err_clear(&e);
	st = lpf_onnx_load_buffer(bytes, n, "model.onnx", &g, &e);
	check_error(st, g, &e, want, s1, NULL);
	lpf_graph_free(g);
}

static struct lpf_graph *load_ok(void)
{
	struct lpf_graph *g = NULL;
	struct lpf_err e;

	lpf_err_clear(&e);
	if (tm_load(&g, &e))
		printf("\n  unexpected error: %s\n", e.msg);
	CU_ASSERT_PTR_NOT_NULL_FATAL(g);
	return g;
}

static const struct lpf_tensor *tensor(const struct lpf_graph *g, const char *name)
{
	int i = lpf_graph_find_tensor(g, name);

	CU_ASSERT_FATAL(i >= 0);
	return &g->tensors[i];
}

static void test_loads_qlinearconv(void)
{
	struct lpf_graph *g = NULL;
	const struct lpf_tensor *x, *y;
	struct lpf_err e;
	char buf[64];

	if (access(QLINEARCONV, R_OK)) {
		lpf_test_skip("libonnx-testdata not installed");
		return;
	}
	CU_ASSERT_EQUAL_FATAL(lpf_onnx_load_file(QLINEARCONV, &g, &e), LPFPGA_OK);
	CU_ASSERT_EQUAL(g->opset, 10);
	CU_ASSERT_EQUAL(g->ms_opset, 0);
	CU_ASSERT_EQUAL(g->n_inputs, 8);
	CU_ASSERT_EQUAL(g->n_outputs, 1);
	CU_ASSERT_EQUAL_FATAL(g->n_nodes, 1);
	CU_ASSERT_STRING_EQUAL(g->nodes[0].op_type, "QLinearConv");
	CU_ASSERT_STRING_EQUAL(g->nodes[0].domain, "");
	CU_ASSERT_EQUAL(g->nodes[0].opset, 10);
	CU_ASSERT_STRING_EQUAL(g->nodes[0].name, "QLinearConv_0");
	CU_ASSERT_EQUAL(g->nodes[0].n_in, 8);
	x = lpf_node_input(g, &g->nodes[0], 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(x);
	CU_ASSERT_STRING_EQUAL(x->name, "x");
	CU_ASSERT(x->is_input);
	CU_ASSERT_EQUAL(x->dtype, LPF_DT_UINT8);
	CU_ASSERT_STRING_EQUAL(lpf_shape_str(x, buf, sizeof(buf)), "[1,1,7,7]");
	CU_ASSERT_STRING_EQUAL(lpf_shape_str(lpf_node_input(g, &g->nodes[0], 1), buf, sizeof(buf)),
			       "[]");
	CU_ASSERT_EQUAL(lpf_node_input(g, &g->nodes[0], 4)->dtype, LPF_DT_FLOAT);
	CU_ASSERT_PTR_NULL(lpf_node_input(g, &g->nodes[0], 8));
	y = &g->tensors[g->outputs[0]];
	CU_ASSERT_STRING_EQUAL(y->name, "y");
	CU_ASSERT(y->is_output);
	CU_ASSERT_EQUAL(y->producer, 0);
	CU_ASSERT_EQUAL(lpf_tensor_numel(y), 49);
	CU_ASSERT_STRING_EQUAL(g->path, QLINEARCONV);
	lpf_graph_free(g);
}

static void test_missing_file(void)
{
	struct lpf_graph *g = NULL;
	struct lpf_err e;

	CU_ASSERT_EQUAL(lpf_onnx_load_file("/nonexistent/model.onnx", &g, &e),
			LPFPGA_ERROR_NOT_FOUND);
	CU_ASSERT_PTR_NULL(g);
	CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "/nonexistent/model.onnx"));
}

static void test_rejects_empty_file(void)
{
	expect_bytes_error("", 0, LPFPGA_ERROR_MODEL_INVALID, "empty");
}

static void test_rejects_truncated_file(void)
{
	size_t n;
	uint8_t *buf;

	tm_base();
	buf = tm_pack(&n);
	expect_bytes_error(buf, n - 5, LPFPGA_ERROR_MODEL_INVALID, "past the end");
	free(buf);
}

static void test_rejects_garbage(void)
{
	static const uint8_t junk[] = "\xff\xfe\xfd\xfc garbage, not a protobuf \x07\x07";

	expect_bytes_error(junk, sizeof(junk) - 1, LPFPGA_ERROR_MODEL_INVALID, "malformed");
}

static void test_rejects_varint_overflow(void)
{
	static const uint8_t b[] = { 0x08, 0xff, 0xff, 0xff, 0xff, 0xff,
				     0xff, 0xff, 0xff, 0xff, 0xff, 0x01 };

	expect_bytes_error(b, sizeof(b), LPFPGA_ERROR_MODEL_INVALID, "varint overflow");
}

static void test_rejects_length_past_end(void)
{
	static const uint8_t b[] = { 0x3a, 0x7f, 0x0a, 0x00 };

	expect_bytes_error(b, sizeof(b), LPFPGA_ERROR_MODEL_INVALID, "runs past the end");
}

/* Wrap payload [0, n) of buf in field num, in place; returns the new length. */
static size_t wrap(uint8_t *buf, size_t n, unsigned int num)
{
	uint8_t hdr[8];
	size_t h = 0;

	hdr[h++] = (uint8_t)(num << 3 | 2);
	for (size_t v = n; ; v >>= 7) {
		hdr[h++] = (uint8_t)((v & 0x7f) | (v >= 0x80 ? 0x80 : 0));
		if (v < 0x80)
			break;
	}
	memmove(buf + h, buf, n);
	memcpy(buf, hdr, h);
	return n + h;
}

static void test_rejects_deep_nesting(void)
{
	static uint8_t buf[4096];
	size_t n = 0;

	/* graph { node { attribute { g: graph { node { ... } } } } }, 40 subgraphs deep */
	for (int level = 0; level < 40; level++) {
		n = wrap(buf, n, 6);    /* AttributeProto.g */
		n = wrap(buf, n, 5);    /* NodeProto.attribute */
		n = wrap(buf, n, 1);    /* GraphProto.node */
	}
	n = wrap(buf, n, 7);            /* ModelProto.graph */
	expect_bytes_error(buf, n, LPFPGA_ERROR_MODEL_INVALID, "nested deeper");
}

static void test_rejects_huge_repeated_count(void)
{
	static uint8_t buf[512];
	size_t n = 0;

	for (int i = 0; i < 100; i++) {
		buf[n++] = 0x08;        /* TensorProto.dims, unpacked */
		buf[n++] = 0x01;
	}
	n = wrap(buf, n, 5);            /* GraphProto.initializer */
	n = wrap(buf, n, 7);
	expect_bytes_error(buf, n, LPFPGA_ERROR_MODEL_INVALID, "TensorProto.dims has more than");
}

static void test_rejects_repeated_singular_field(void)
{
	/* Two graphs would be merged by protobuf-c, defeating the per-message caps. */
	static const uint8_t b[] = { 0x3a, 0x00, 0x3a, 0x00 };

	expect_bytes_error(b, sizeof(b), LPFPGA_ERROR_MODEL_INVALID, "singular field repeated");
}

static void test_rejects_negative_dims(void)
{
	static const int64_t d[2] = { 2, -3 };

	tm_base();
	tm_init_raw("bad", LPF_DT_UINT8, d, 2, NULL, 0);
	expect_model_error(LPFPGA_ERROR_MODEL_INVALID, "initializer 'bad'",
			   "negative dimension -3");
}

static void test_rejects_dims_overflow(void)
{
	static const int64_t d[3] = { 1ll << 40, 1ll << 40, 1ll << 40 };

	tm_base();
	tm_init_raw("huge", LPF_DT_FLOAT, d, 3, NULL, 0);
	expect_model_error(LPFPGA_ERROR_MODEL_INVALID, "initializer 'huge'", "overflows");
}

static void test_rejects_tensor_over_cap(void)
{
	static const int64_t d[2] = { 1 << 20, 1 << 20 };

	tm_base();
	tm_init_raw("big", LPF_DT_UINT8, d, 2, NULL, 0);
	expect_model_error(LPFPGA_ERROR_NOT_SUPPORTED, "initializer 'big'", "over the limit");
}

static void test_rejects_raw_data_size_mismatch(void)
{
	static const uint8_t raw[3] = { 1, 2, 3 };
	static const int64_t d[1] = { 4 };

	tm_base();
	tm_init_raw("b", LPF_DT_UINT8, d, 1, raw, sizeof(raw));
	expect_model_error(LPFPGA_ERROR_MODEL_INVALID, "initializer 'b'",
			   "raw_data has 3 bytes, expected 4");
}

static void test_rejects_unknown_dtype(void)
{
	static const int64_t d[1] = { 1 };

	tm_base();
	tm_init_raw("odd", 99, d, 1, "x", 1);
	expect_model_error(LPFPGA_ERROR_MODEL_INVALID, "initializer 'odd'",
			   "unknown data type 99");
	tm_base();
	tm_init_raw("str", 8, d, 1, "x", 1);
	expect_model_error(LPFPGA_ERROR_NOT_SUPPORTED, "initializer 'str'", "data type 8");
}

static void test_rejects_external_data(void)
{
	static const int64_t d[1] = { 4 };
	LpfOnnx__TensorProto *t;

	tm_base();
	t = tm_init_raw("ext", LPF_DT_UINT8, d, 1, NULL, 0);
	t->has_raw_data = 0;
	t->has_data_location = 1;
	t->data_location = 1;
	expect_model_error(LPFPGA_ERROR_NOT_SUPPORTED, "initializer 'ext'", "external data");
}

static void test_rejects_dangling_input(void)
{
	tm_base();
	tm_node("Relu", "relu1", "missing", "z");
	expect_model_error(LPFPGA_ERROR_MODEL_INVALID,
			   "node 'relu1' (Relu): input 'missing' is not produced by any node, initializer or graph input",
			   NULL);
}

static void test_rejects_cycle(void)
{
	tm_base();
	tm_node("Add", "a1", "y,c", "b");
	tm_node("Relu", "r1", "b", "c");
	expect_model_error(LPFPGA_ERROR_MODEL_INVALID, "graph has a cycle through node '", NULL);
}

static void test_rejects_duplicate_producer(void)
{
	tm_base();
	tm_node("Relu", "relu1", "x", "y");
	expect_model_error(LPFPGA_ERROR_MODEL_INVALID, "node 'relu1' (Relu): output 'y'",
			   "already produced by node 'add0'");
	tm_base();
	tm_node("Relu", "relu1", "x", "w");
	expect_model_error(LPFPGA_ERROR_MODEL_INVALID, "output 'w' is already a constant", NULL);
}

static void test_rejects_missing_output(void)
{
	tm_base();
	tm_output("z", LPF_DT_UINT8, "N,4");
	expect_model_error(LPFPGA_ERROR_MODEL_INVALID, "graph output 'z' is not produced", NULL);
}

static void test_rejects_dynamic_dim(void)
{
	tm_base();
	T.pin[0] = tm_vi("x", LPF_DT_UINT8, "N,C");
	expect_model_error(LPFPGA_ERROR_NOT_SUPPORTED,
			   "dynamic dimension 'C' of input 'x' is not supported (only the batch dimension may be symbolic)",
			   NULL);
	tm_base();
	T.pin[0] = tm_vi("x", LPF_DT_UINT8, "1,?");
	expect_model_error(LPFPGA_ERROR_NOT_SUPPORTED, "dynamic dimension '?' of input 'x'", NULL);
	tm_base();
	T.pin[0] = tm_vi("x", LPF_DT_UINT8, NULL);
	expect_model_error(LPFPGA_ERROR_NOT_SUPPORTED, "input 'x' has no shape", NULL);
}

static void test_rejects_subgraph_attribute(void)
{
	LpfOnnx__AttributeProto *a;

	tm_base();
	tm_node("If", "if1", "x", "z");
	a = tm_attr("then_branch", 5);
	a->has_g = 1;
	a->g.len = 0;
	expect_model_error(LPFPGA_ERROR_NOT_SUPPORTED,
			   "node 'if1' (If): subgraph attributes are not supported", "then_branch");
}

static void test_rejects_missing_opset(void)
{
	tm_base();
	T.opset.domain = tm_str("com.example");
	expect_model_error(LPFPGA_ERROR_MODEL_INVALID, "no opset", NULL);
}

static void test_folds_constant_nodes(void)
{
	static const float cval[4] = { 0.5f, 1.5f, -2.0f, 8.0f };
	static const int64_t d4[1] = { 4 };
	static int64_t ints[3] = { 1, -2, 3 };
	const struct lpf_tensor *c, *d, *f;
	LpfOnnx__AttributeProto *a;
	struct lpf_graph *g;

	tm_reset();
	tm_input("x", LPF_DT_FLOAT, "N,4");
	tm_node("Constant", "k1", "", "c");
	a = tm_attr("value", LPF_ATTR_TENSOR);
	a->t = tm_tensor("ignored", LPF_DT_FLOAT, d4, 1);
	a->t->has_raw_data = 1;
	a->t->raw_data.len = sizeof(cval);
	a->t->raw_data.data = (uint8_t *)cval;
	tm_node("Constant", NULL, "", "d");
	a = tm_attr("value_ints", LPF_ATTR_INTS);
	a->n_ints = 3;
	a->ints = ints;
	tm_node("Constant", NULL, "", "f");
	a = tm_attr("value_float", LPF_ATTR_FLOAT);
	a->has_f = 1;
	a->f = 0.25f;
	tm_node("Add", "add0", "x,c", "y");
	tm_output("y", LPF_DT_FLOAT, "N,4");
	g = load_ok();
	CU_ASSERT_EQUAL(g->n_nodes, 1);
	CU_ASSERT_EQUAL(g->n_inputs, 1);
	c = tensor(g, "c");
	CU_ASSERT_EQUAL(c->producer, -1);
	CU_ASSERT_EQUAL(c->dtype, LPF_DT_FLOAT);
	CU_ASSERT_EQUAL(c->rank, 1);
	CU_ASSERT_EQUAL(c->nbytes, sizeof(cval));
	CU_ASSERT_EQUAL(memcmp(c->data, cval, sizeof(cval)), 0);
	CU_ASSERT_EQUAL(lpf_graph_find_tensor(g, "ignored"), -1);
	d = tensor(g, "d");
	CU_ASSERT_EQUAL(d->dtype, LPF_DT_INT64);
	CU_ASSERT_EQUAL(d->dims[0], 3);
	CU_ASSERT_EQUAL(((int64_t *)d->data)[1], -2);
	f = tensor(g, "f");
	CU_ASSERT_EQUAL(f->rank, 0);
	CU_ASSERT_EQUAL(*(float *)f->data, 0.25f);
	CU_ASSERT_EQUAL(lpf_node_input(g, &g->nodes[0], 1), c);
	lpf_graph_free(g);
}

static void test_symbolic_batch(void)
{
	struct lpf_graph *g;
	char buf[64];

	tm_base();
	T.pin[0] = tm_vi("x", LPF_DT_UINT8, "batch,3,28,28");
	g = load_ok();
	CU_ASSERT_EQUAL(g->tensors[g->inputs[0]].dims[0], LPF_DIM_BATCH);
	CU_ASSERT_EQUAL(g->tensors[g->inputs[0]].rank, 4);
	CU_ASSERT_EQUAL(lpf_tensor_numel(&g->tensors[g->inputs[0]]), -1);
	CU_ASSERT_STRING_EQUAL(lpf_shape_str(&g->tensors[g->inputs[0]], buf, sizeof(buf)),
			       "[N,3,28,28]");
	CU_ASSERT_EQUAL(tensor(g, "y")->dims[0], LPF_DIM_BATCH);
	lpf_graph_free(g);
}

/* Each dtype twice: once in raw_data, once in the typed field ONNX assigns it. */
static void test_typed_fields_match_raw(void)
{
	static const int8_t i8[4] = { -128, -3, 5, 127 };
	static const uint8_t u8[4] = { 0, 7, 200, 255 };
	static const int16_t i16[4] = { -32768, -1, 2, 32767 };
	static const uint8_t bl[4] = { 1, 0, 0, 1 };
	static const float f32[4] = { 1.5f, -0.0f, 3e38f, -7.25f };
	static const int64_t i64[4] = { INT64_MIN, -1, 0, INT64_MAX };
	static const double f64[4] = { 0.1, -2.5, 1e300, 4.0 };
	static int32_t i32_i8[4] = { -128, -3, 5, 127 }, i32_u8[4] = { 0, 7, 200, 255 };
	static int32_t i32_i16[4] = { -32768, -1, 2, 32767 }, i32_bl[4] = { 1, 0, 0, 1 };
	static float fd[4] = { 1.5f, -0.0f, 3e38f, -7.25f };
	static int64_t ld[4] = { INT64_MIN, -1, 0, INT64_MAX };
	static double dd[4] = { 0.1, -2.5, 1e300, 4.0 };
	static const struct {
		const char *name;
		int dtype;
		const void *raw;
		size_t es;
	} cases[] = {
		{ "i8", LPF_DT_INT8, i8, 1 },     { "u8", LPF_DT_UINT8, u8, 1 },
		{ "i16", LPF_DT_INT16, i16, 2 },  { "bool", LPF_DT_BOOL, bl, 1 },
		{ "f32", LPF_DT_FLOAT, f32, 4 },  { "i64", LPF_DT_INT64, i64, 8 },
		{ "f64", LPF_DT_DOUBLE, f64, 8 },
	};
	static const int64_t d[2] = { 2, 2 };
	LpfOnnx__TensorProto *t[7];
	struct lpf_graph *g;
	char name[16];

	tm_base();
	for (int i = 0; i < 7; i++) {
		snprintf(name, sizeof(name), "%s_raw", cases[i].name);
		tm_init_raw(name, cases[i].dtype, d, 2, cases[i].raw, 4 * cases[i].es);
		t[i] = tm_init_raw(cases[i].name, cases[i].dtype, d, 2, NULL, 0);
		t[i]->has_raw_data = 0;
	}
	t[0]->n_int32_data = 4, t[0]->int32_data = i32_i8;
	t[1]->n_int32_data = 4, t[1]->int32_data = i32_u8;
	t[2]->n_int32_data = 4, t[2]->int32_data = i32_i16;
	t[3]->n_int32_data = 4, t[3]->int32_data = i32_bl;
	t[4]->n_float_data = 4, t[4]->float_data = fd;
	t[5]->n_int64_data = 4, t[5]->int64_data = ld;
	t[6]->n_double_data = 4, t[6]->double_data = dd;
	g = load_ok();
	for (int i = 0; i < 7; i++) {
		const struct lpf_tensor *typed = tensor(g, cases[i].name);

		snprintf(name, sizeof(name), "%s_raw", cases[i].name);
		CU_ASSERT_EQUAL(typed->dtype, cases[i].dtype);
		CU_ASSERT_EQUAL(typed->nbytes, 4 * cases[i].es);
		CU_ASSERT_EQUAL(memcmp(typed->data, tensor(g, name)->data, 4 * cases[i].es), 0);
		CU_ASSERT_EQUAL(memcmp(typed->data, cases[i].raw, 4 * cases[i].es), 0);
	}
	lpf_graph_free(g);
	/* A value the dtype cannot hold, and values in the wrong typed field. */
	i32_u8[2] = 300;
	tm_base();
	t[0] = tm_init_raw("u8", LPF_DT_UINT8, d, 2, NULL, 0);
	t[0]->has_raw_data = 0;
	t[0]->n_int32_data = 4, t[0]->int32_data = i32_u8;
	expect_model_error(LPFPGA_ERROR_MODEL_INVALID, "initializer 'u8'", "out of range");
	i32_u8[2] = 200;
	t[0]->n_int32_data = 0;
	t[0]->n_float_data = 4, t[0]->float_data = fd;
	expect_model_error(LPFPGA_ERROR_MODEL_INVALID, "initializer 'u8'", "float_data");
	t[0]->n_float_data = 0;
	t[0]->n_int32_data = 3, t[0]->int32_data = i32_u8;
	expect_model_error(LPFPGA_ERROR_MODEL_INVALID, "int32_data has 3 values, expected 4", NULL);
}

static void test_sorts_topologically(void)
{
	struct lpf_graph *g;
	LpfOnnx__AttributeProto *a;

	tm_reset();
	tm_input("x", LPF_DT_FLOAT, "1,4");
	tm_node("Relu", NULL, "b", "y");
	tm_node("Sigmoid", NULL, "a", "b");
	tm_node("Abs", NULL, "x", "a");
	a = tm_attr("alpha", LPF_ATTR_FLOAT);
	a->has_f = 1;
	a->f = 0.5f;
	a = tm_attr("mode", LPF_ATTR_STRING);
	a->has_s = 1;
	a->s.len = 4;
	a->s.data = (uint8_t *)"fast";
	tm_output("y", LPF_DT_FLOAT, "1,4");
	g = load_ok();
	CU_ASSERT_EQUAL_FATAL(g->n_nodes, 3);
	CU_ASSERT_STRING_EQUAL(g->nodes[0].name, "Abs_2");
	CU_ASSERT_STRING_EQUAL(g->nodes[1].name, "Sigmoid_1");
	CU_ASSERT_STRING_EQUAL(g->nodes[2].name, "Relu_0");
	for (int i = 0; i < 3; i++)
		CU_ASSERT_EQUAL(g->tensors[g->nodes[i].out[0]].producer, i);
	CU_ASSERT_EQUAL(lpf_node_attr_float(&g->nodes[0], "alpha", 9.0f), 0.5f);
	CU_ASSERT_STRING_EQUAL(lpf_node_attr_str(&g->nodes[0], "mode", "x"), "fast");
	CU_ASSERT_EQUAL(lpf_node_attr_int(&g->nodes[0], "alpha", 7), 7);
	CU_ASSERT_EQUAL(lpf_node_attr_int(&g->nodes[0], "absent", 11), 11);
	CU_ASSERT_PTR_NULL(lpf_node_attr(&g->nodes[1], "alpha"));
	lpf_graph_free(g);
}

static void test_initializer_input_is_constant(void)
{
	struct lpf_graph *g;

	tm_base();
	tm_input("w", LPF_DT_UINT8, "4");
	T.g.input[1] = T.g.input[0];
	T.g.input[0] = &T.vis[T.n_vis - 1];
	g = load_ok();
	CU_ASSERT_EQUAL(g->n_inputs, 1);
	CU_ASSERT_STRING_EQUAL(g->tensors[g->inputs[0]].name, "x");
	CU_ASSERT_FALSE(tensor(g, "w")->is_input);
	CU_ASSERT_PTR_NOT_NULL(tensor(g, "w")->data);
	CU_ASSERT_EQUAL(lpf_dtype_size(LPF_DT_INT16), 2);
	CU_ASSERT_STRING_EQUAL(lpf_dtype_name(LPF_DT_DOUBLE), "float64");
	lpf_graph_free(g);
}

/* Every seed and every crash regression must load or fail cleanly. */
static void test_replays_fuzz_corpus(void)
{
	char dir[512], path[1024];
	struct dirent *de;
	int files = 0;
	DIR *d;

	snprintf(dir, sizeof(dir), "%s/tests/fuzz/corpus/onnx_loader", lpf_test_srcdir());
	d = opendir(dir);
	CU_ASSERT_PTR_NOT_NULL_FATAL(d);
	while ((de = readdir(d))) {
		struct lpf_graph *g = NULL;
		struct lpf_err e;
		struct stat sb;
		lpfpga_status st;
		size_t size;
		void *buf;

		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (stat(path, &sb) || !S_ISREG(sb.st_mode))
			continue;
		CU_ASSERT_EQUAL_FATAL(lpf_onnx_read_file(path, LPF_ONNX_MAX_FILE_BYTES, &buf, &size,
							 &e), LPFPGA_OK);
		lpf_err_clear(&e);
		st = lpf_onnx_load_buffer(buf, size, de->d_name, &g, &e);
		CU_ASSERT(st <= 0);
		CU_ASSERT((st == LPFPGA_OK) == (g != NULL));
		if (st)
			CU_ASSERT_EQUAL(strncmp(e.msg, de->d_name, strlen(de->d_name)), 0);
		lpf_graph_free(g);
		free(buf);
		files++;
	}
	closedir(d);
	CU_ASSERT(files >= 5);
}

int main(void)
{
	static const struct lpf_test_case cases[] = {
		{ "onnx_import_loads_qlinearconv", test_loads_qlinearconv },
		{ "onnx_import_reports_missing_file", test_missing_file },
		{ "onnx_import_rejects_empty_file", test_rejects_empty_file },
		{ "onnx_import_rejects_truncated_file", test_rejects_truncated_file },
		{ "onnx_import_rejects_garbage", test_rejects_garbage },
		{ "onnx_import_rejects_varint_overflow", test_rejects_varint_overflow },
		{ "onnx_import_rejects_length_past_end", test_rejects_length_past_end },
		{ "onnx_import_rejects_deep_nesting", test_rejects_deep_nesting },
		{ "onnx_import_rejects_huge_repeated_count", test_rejects_huge_repeated_count },
		{ "onnx_import_rejects_repeated_singular_field",
		  test_rejects_repeated_singular_field },
		{ "onnx_import_rejects_negative_dims", test_rejects_negative_dims },
		{ "onnx_import_rejects_dims_overflow", test_rejects_dims_overflow },
		{ "onnx_import_rejects_tensor_over_cap", test_rejects_tensor_over_cap },
		{ "onnx_import_rejects_raw_data_size_mismatch",
		  test_rejects_raw_data_size_mismatch },
		{ "onnx_import_rejects_unknown_dtype", test_rejects_unknown_dtype },
		{ "onnx_import_rejects_external_data", test_rejects_external_data },
		{ "onnx_import_rejects_dangling_input", test_rejects_dangling_input },
		{ "onnx_import_rejects_cycle", test_rejects_cycle },
		{ "onnx_import_rejects_duplicate_producer", test_rejects_duplicate_producer },
		{ "onnx_import_rejects_missing_output", test_rejects_missing_output },
		{ "onnx_import_rejects_dynamic_dim", test_rejects_dynamic_dim },
		{ "onnx_import_rejects_subgraph_attribute", test_rejects_subgraph_attribute },
		{ "onnx_import_rejects_missing_opset", test_rejects_missing_opset },
		{ "onnx_import_folds_constant_nodes", test_folds_constant_nodes },
		{ "onnx_import_maps_symbolic_batch", test_symbolic_batch },
		{ "onnx_import_typed_fields_match_raw", test_typed_fields_match_raw },
		{ "onnx_import_sorts_topologically", test_sorts_topologically },
		{ "onnx_import_initializer_input_is_constant", test_initializer_input_is_constant },
		{ "onnx_import_replays_fuzz_corpus", test_replays_fuzz_corpus },
		{ NULL, NULL },
	};

	return lpf_test_run("onnx_import", cases);
}
