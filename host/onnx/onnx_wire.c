/* SPDX-License-Identifier: MIT */
/* Schema-guided pre-scan of protobuf wire data; see onnx_wire.h for why. */
#include "onnx/onnx_wire.h"

#include <stdbool.h>
#include <stdint.h>

#include "onnx/onnx_import.h"

enum wire_kind {
	WK_VARINT,
	WK_FIXED32,
	WK_FIXED64,
	WK_BYTES,
	WK_MSG,
};

struct wire_msg;

struct wire_field {
	uint32_t num;
	enum wire_kind kind;
	bool repeated;
	uint64_t max;                   /* entries (elements, for scalars) per message */
	const struct wire_msg *msg;     /* WK_MSG only */
	const char *name;
};

struct wire_msg {
	const char *name;
	const struct wire_field *fields;
	unsigned int n_fields;
};

/* Largest field table below; counters are kept per message instance. */
#define WIRE_MAX_FIELDS 12
/* What one decoded submessage costs protobuf-c at most (struct plus pointer slot). */
#define WIRE_MSG_COST 192u
#define WIRE_ELEM_COST 8u

#define TENSOR_ELEMS ((uint64_t)LPF_ONNX_MAX_TENSOR_BYTES)
#define MAX_RANK_SEEN 64
#define MAX_NODE_IO 4096
#define MAX_ATTRS 1024
#define MAX_ATTR_ELEMS (1u << 24)
#define MAX_LIST 256

#define FIELD(num_, kind_, rep_, max_, msg_, name_) { num_, kind_, rep_, max_, msg_, name_ }
#define SINGLE(num_, kind_, msg_, name_) FIELD(num_, kind_, false, 1, msg_, name_)
#define REPEAT(num_, kind_, max_, msg_, name_) FIELD(num_, kind_, true, max_, msg_, name_)
#define MSG_DEF(var, name_, table) \
	static const struct wire_msg var = { name_, table, sizeof(table) / sizeof(table[0]) }

static const struct wire_field entry_fields[] = {
	SINGLE(1, WK_BYTES, NULL, "key"),
	SINGLE(2, WK_BYTES, NULL, "value"),
};
MSG_DEF(entry_msg, "StringStringEntryProto", entry_fields);

static const struct wire_field opset_fields[] = {
	SINGLE(1, WK_BYTES, NULL, "domain"),
	SINGLE(2, WK_VARINT, NULL, "version"),
};
MSG_DEF(opset_msg, "OperatorSetIdProto", opset_fields);

static const struct wire_field tensor_fields[] = {
	REPEAT(1, WK_VARINT, MAX_RANK_SEEN, NULL, "dims"),
	SINGLE(2, WK_VARINT, NULL, "data_type"),
	REPEAT(4, WK_FIXED32, TENSOR_ELEMS / 4, NULL, "float_data"),
	REPEAT(5, WK_VARINT, TENSOR_ELEMS, NULL, "int32_data"),
	REPEAT(7, WK_VARINT, TENSOR_ELEMS / 8, NULL, "int64_data"),
	SINGLE(8, WK_BYTES, NULL, "name"),
	SINGLE(9, WK_BYTES, NULL, "raw_data"),
	REPEAT(10, WK_FIXED64, TENSOR_ELEMS / 8, NULL, "double_data"),
	REPEAT(11, WK_VARINT, TENSOR_ELEMS / 4, NULL, "uint64_data"),
	REPEAT(13, WK_MSG, MAX_LIST, &entry_msg, "external_data"),
	SINGLE(14, WK_VARINT, NULL, "data_location"),
};
MSG_DEF(tensor_msg, "TensorProto", tensor_fields);

static const struct wire_field dim_fields[] = {
	SINGLE(1, WK_VARINT, NULL, "dim_value"),
	SINGLE(2, WK_BYTES, NULL, "dim_param"),
};
MSG_DEF(dim_msg, "TensorShapeProto.Dimension", dim_fields);

static const struct wire_field shape_fields[] = {
	REPEAT(1, WK_MSG, MAX_RANK_SEEN, &dim_msg, "dim"),
};
MSG_DEF(shape_msg, "TensorShapeProto", shape_fields);

static const struct wire_field type_tensor_fields[] = {
	SINGLE(1, WK_VARINT, NULL, "elem_type"),
	SINGLE(2, WK_MSG, &shape_msg, "shape"),
};
MSG_DEF(type_tensor_msg, "TypeProto.Tensor", type_tensor_fields);

static const struct wire_field type_fields[] = {
	SINGLE(1, WK_MSG, &type_tensor_msg, "tensor_type"),
};
MSG_DEF(type_msg, "TypeProto", type_fields);

static const struct wire_field value_info_fields[] = {
	SINGLE(1, WK_BYTES, NULL, "name"),
	SINGLE(2, WK_MSG, &type_msg, "type"),
};
MSG_DEF(value_info_msg, "ValueInfoProto", value_info_fields);

/* GraphProto and AttributeProto refer to each other through subgraphs. */
static const struct wire_msg graph_msg;

static const struct wire_field attr_fields[] = {
	SINGLE(1, WK_BYTES, NULL, "name"),
	SINGLE(2, WK_FIXED32, NULL, "f"),
	SINGLE(3, WK_VARINT, NULL, "i"),
	SINGLE(4, WK_BYTES, NULL, "s"),
	SINGLE(5, WK_MSG, &tensor_msg, "t"),
	SINGLE(6, WK_MSG, &graph_msg, "g"),
	REPEAT(7, WK_FIXED32, MAX_ATTR_ELEMS, NULL, "floats"),
	REPEAT(8, WK_VARINT, MAX_ATTR_ELEMS, NULL, "ints"),
	REPEAT(9, WK_BYTES, MAX_NODE_IO, NULL, "strings"),
	REPEAT(11, WK_MSG, MAX_LIST, &graph_msg, "graphs"),
	SINGLE(20, WK_VARINT, NULL, "type"),
};
MSG_DEF(attr_msg, "AttributeProto", attr_fields);

static const struct wire_field node_fields[] = {
	REPEAT(1, WK_BYTES, MAX_NODE_IO, NULL, "input"),
	REPEAT(2, WK_BYTES, MAX_NODE_IO, NULL, "output"),
	SINGLE(3, WK_BYTES, NULL, "name"),
	SINGLE(4, WK_BYTES, NULL, "op_type"),
	REPEAT(5, WK_MSG, MAX_ATTRS, &attr_msg, "attribute"),
	SINGLE(7, WK_BYTES, NULL, "domain"),
};
MSG_DEF(node_msg, "NodeProto", node_fields);

static const struct wire_field graph_fields[] = {
	REPEAT(1, WK_MSG, LPF_ONNX_MAX_NODES, &node_msg, "node"),
	SINGLE(2, WK_BYTES, NULL, "name"),
	REPEAT(5, WK_MSG, LPF_ONNX_MAX_TENSORS, &tensor_msg, "initializer"),
	REPEAT(11, WK_MSG, LPF_ONNX_MAX_TENSORS, &value_info_msg, "input"),
	REPEAT(12, WK_MSG, LPF_ONNX_MAX_TENSORS, &value_info_msg, "output"),
	REPEAT(13, WK_MSG, LPF_ONNX_MAX_TENSORS, &value_info_msg, "value_info"),
};
MSG_DEF(graph_msg, "GraphProto", graph_fields);

static const struct wire_field model_fields[] = {
	SINGLE(1, WK_VARINT, NULL, "ir_version"),
	SINGLE(7, WK_MSG, &graph_msg, "graph"),
	REPEAT(8, WK_MSG, MAX_LIST, &opset_msg, "opset_import"),
};
MSG_DEF(model_msg, "ModelProto", model_fields);

struct wire_scan {
	const uint8_t *base;
	uint64_t decoded;               /* estimated bytes protobuf-c will allocate */
	struct lpf_err *err;
};

static lpfpga_status wire_fail(struct wire_scan *s, const uint8_t *at, const char *what,
			       const char *detail)
{
	return lpf_err_set(s->err, LPFPGA_ERROR_MODEL_INVALID,
			   "malformed protobuf at byte %zu: %s%s", (size_t)(at - s->base), what,
			   detail);
}

/* Returns 0, or -1 for a varint running past end, -2 for one longer than 64 bits. */
static int read_varint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	uint64_t r = 0;

	for (unsigned int i = 0; i < 10; i++) {
		uint8_t b;

		if (*p >= end)
			return -1;
		b = *(*p)++;
		/* The tenth byte may only carry the top bit of a 64-bit value. */
		if (i == 9 && b > 1)
			return -2;
		r |= (uint64_t)(b & 0x7f) << (7 * i);
		if (!(b & 0x80)) {
			*v = r;
			return 0;
		}
	}
	return -2;
}

static lpfpga_status scan_varint(struct wire_scan *s, const uint8_t **p, const uint8_t *end,
				 uint64_t *v)
{
	const uint8_t *at = *p;
	int r = read_varint(p, end, v);

	if (r == -1)
		return wire_fail(s, at, "varint runs past the end of its message", "");
	if (r == -2)
		return wire_fail(s, at, "varint overflow (longer than 64 bits)", "");
	return LPFPGA_OK;
}

/* Elements in a packed run of scalars of field f, or an error. */
static lpfpga_status count_packed(struct wire_scan *s, const struct wire_field *f,
				  const uint8_t *p, const uint8_t *end, uint64_t *n)
{
	size_t len = (size_t)(end - p);
	uint64_t v;

	switch (f->kind) {
	case WK_FIXED32:
		if (len % 4)
			return wire_fail(s, p, "packed fixed32 length not a multiple of 4 in ",
					 f->name);
		*n = len / 4;
		return LPFPGA_OK;
	case WK_FIXED64:
		if (len % 8)
			return wire_fail(s, p, "packed fixed64 length not a multiple of 8 in ",
					 f->name);
		*n = len / 8;
		return LPFPGA_OK;
	default:
		*n = 0;
		while (p < end) {
			lpfpga_status st = scan_varint(s, &p, end, &v);

			if (st)
				return st;
			(*n)++;
		}
		return LPFPGA_OK;
	}
}

static const struct wire_field *find_field(const struct wire_msg *m, uint32_t num,
					   unsigned int *idx)
{
	for (unsigned int i = 0; i < m->n_fields; i++) {
		if (m->fields[i].num == num) {
			*idx = i;
			return &m->fields[i];
		}
	}
	return NULL;
}

static bool kind_matches(enum wire_kind k, unsigned int wt)
{
	switch (k) {
	case WK_VARINT:
		return wt == 0;
	case WK_FIXED64:
		return wt == 1;
	case WK_FIXED32:
		return wt == 5;
	case WK_BYTES:
	case WK_MSG:
		return wt == 2;
	}
	return false;
}

static lpfpga_status scan_msg(struct wire_scan *s, const struct wire_msg *m, const uint8_t *p,
			      const uint8_t *end, unsigned int depth);

/* One length-delimited payload [p, q) of field f (NULL if unknown). */
static lpfpga_status scan_len_field(struct wire_scan *s, const struct wire_field *f,
				    const uint8_t *p, const uint8_t *q, unsigned int depth,
				    uint64_t *entries)
{
	lpfpga_status st;

	*entries = 1;
	if (!f) {
		s->decoded += (uint64_t)(q - p);
		return LPFPGA_OK;
	}
	switch (f->kind) {
	case WK_MSG:
		s->decoded += WIRE_MSG_COST;
		return scan_msg(s, f->msg, p, q, depth + 1);
	case WK_BYTES:
		s->decoded += (uint64_t)(q - p) + 1 + sizeof(void *);
		return LPFPGA_OK;
	default:
		if (!f->repeated)
			return wire_fail(s, p, "length-delimited data in scalar field ", f->name);
		st = count_packed(s, f, p, q, entries);
		if (st)
			return st;
		s->decoded += *entries * WIRE_ELEM_COST;
		return LPFPGA_OK;
	}
}

static lpfpga_status scan_field(struct wire_scan *s, const struct wire_msg *m, const uint8_t **pp,
				const uint8_t *end, unsigned int depth, uint64_t *counts)
{
	const uint8_t *at = *pp;
	const struct wire_field *f;
	unsigned int idx = 0, wt;
	uint64_t tag, v, n = 1;
	lpfpga_status st;

	st = scan_varint(s, pp, end, &tag);
	if (st)
		return st;
	wt = (unsigned int)(tag & 7);
	if (tag >> 3 == 0 || tag >> 3 > 0x1fffffff)
		return wire_fail(s, at, "invalid field number in ", m->name);
	f = find_field(m, (uint32_t)(tag >> 3), &idx);
	if (f && !kind_matches(f->kind, wt) && !(wt == 2 && f->repeated))
		return lpf_err_set(s->err, LPFPGA_ERROR_MODEL_INVALID,
				   "malformed protobuf at byte %zu: %s.%s has wire type %u",
				   (size_t)(at - s->base), m->name, f->name, wt);
	switch (wt) {
	case 0:
		st = scan_varint(s, pp, end, &v);
		if (st)
			return st;
		break;
	case 1:
	case 5:
		if ((size_t)(end - *pp) < (wt == 1 ? 8u : 4u))
			return wire_fail(s, at, "fixed-width field runs past the end of ",
					 m->name);
		*pp += wt == 1 ? 8 : 4;
		break;
	case 2:
		st = scan_varint(s, pp, end, &v);
		if (st)
			return st;
		if (v > (uint64_t)(end - *pp))
			return lpf_err_set(s->err, LPFPGA_ERROR_MODEL_INVALID,
					   "malformed protobuf at byte %zu: length %llu of a field in %s runs past the end (%zu bytes left)",
					   (size_t)(at - s->base), (unsigned long long)v, m->name,
					   (size_t)(end - *pp));
		st = scan_len_field(s, f, *pp, *pp + v, depth, &n);
		if (st)
			return st;
		*pp += v;
		break;
	default:
		return lpf_err_set(s->err, LPFPGA_ERROR_MODEL_INVALID,
				   "malformed protobuf at byte %zu: unsupported wire type %u in %s",
				   (size_t)(at - s->base), wt, m->name);
	}
	if (!f)
		return LPFPGA_OK;
	if (wt != 2 && f->repeated)
		s->decoded += WIRE_ELEM_COST;
	counts[idx] += n;
	if (!f->repeated && counts[idx] > 1)
		return wire_fail(s, at, "singular field repeated: ", f->name);
	if (counts[idx] > f->max)
		return lpf_err_set(s->err, LPFPGA_ERROR_MODEL_INVALID,
				   "%s.%s has more than %llu entries (at byte %zu)", m->name,
				   f->name, (unsigned long long)f->max, (size_t)(at - s->base));
	if (s->decoded > LPF_WIRE_MAX_DECODED_BYTES)
		return lpf_err_set(s->err, LPFPGA_ERROR_MODEL_INVALID,
				   "decoding would need more than %llu MiB (at byte %zu)",
				   LPF_WIRE_MAX_DECODED_BYTES >> 20, (size_t)(at - s->base));
	return LPFPGA_OK;
}

static lpfpga_status scan_msg(struct wire_scan *s, const struct wire_msg *m, const uint8_t *p,
			      const uint8_t *end, unsigned int depth)
{
	uint64_t counts[WIRE_MAX_FIELDS] = { 0 };

	if (depth > LPF_WIRE_MAX_DEPTH)
		return lpf_err_set(s->err, LPFPGA_ERROR_MODEL_INVALID,
				   "messages nested deeper than %d levels (at byte %zu, in %s)",
				   LPF_WIRE_MAX_DEPTH, (size_t)(p - s->base), m->name);
	while (p < end) {
		lpfpga_status st = scan_field(s, m, &p, end, depth, counts);

		if (st)
			return st;
	}
	return LPFPGA_OK;
}

lpfpga_status lpf_wire_check(const void *buf, size_t size, enum lpf_wire_root root,
			     struct lpf_err *err)
{
	struct wire_scan s = { .base = buf, .decoded = WIRE_MSG_COST, .err = err };
	const uint8_t *p = buf;

	_Static_assert(sizeof(attr_fields) / sizeof(attr_fields[0]) <= WIRE_MAX_FIELDS,
		       "counter array too small");
	_Static_assert(sizeof(tensor_fields) / sizeof(tensor_fields[0]) <= WIRE_MAX_FIELDS,
		       "counter array too small");
	if (!size)
		return LPFPGA_OK;
	if (!buf)
		return lpf_err_set(err, LPFPGA_ERROR_INVALID_ARGUMENT, "no data");
	return scan_msg(&s, root == LPF_WIRE_MODEL ? &model_msg : &tensor_msg, p, p + size, 0);
}
