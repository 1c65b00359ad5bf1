/* SPDX-License-Identifier: MIT */
/*
 * Tensor files for test data and the CLI: ONNX TensorProto (.pb, the layout of the
 * ONNX conformance data) and NumPy .npy (v1.0/2.0, little-endian, C order). Reads
 * go through the same pre-scan and caps as the model importer.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "lpfpga.h"
#include "onnx.pb-c.h"
#include "onnx/onnx_file.h"
#include "onnx/onnx_import.h"
#include "onnx/onnx_tensor.h"
#include "onnx/onnx_wire.h"

_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "little-endian host required");

#define NPY_MAGIC "\x93NUMPY"
#define NPY_MAGIC_LEN 6
/* numpy aligns the data start of a .npy file to this many bytes. */
#define NPY_ALIGN 64
#define NPY_MAX_HEADER 65535

static const struct {
	lpfpga_dtype dtype;
	const char *descr;
} npy_types[] = {
	{ LPFPGA_DTYPE_UINT8, "|u1" }, { LPFPGA_DTYPE_INT8, "|i1" },
	{ LPFPGA_DTYPE_FLOAT, "<f4" }, { LPFPGA_DTYPE_INT32, "<i4" },
	{ LPFPGA_DTYPE_INT64, "<i8" },
};

static void to_errbuf(const struct lpf_err *e, char *errbuf, size_t errlen)
{
	if (errbuf && errlen)
		snprintf(errbuf, errlen, "%s", e->msg);
}

/* Element count and bytes of a concrete shape; false on a negative dim or overflow. */
static bool shape_bytes(int rank, const int64_t *dims, size_t es, size_t *bytes)
{
	size_t n = es;

	for (int i = 0; i < rank; i++)
		if (dims[i] < 0 || (uint64_t)dims[i] > SIZE_MAX ||
		    __builtin_mul_overflow(n, (size_t)dims[i], &n))
			return false;
	*bytes = n;
	return true;
}

/* --- .npy header: a Python dict literal with descr, fortran_order and shape --- */

struct npy_cursor {
	const char *p, *end;
};

static void npy_ws(struct npy_cursor *c)
{
	while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n'))
		c->p++;
}

static bool npy_take(struct npy_cursor *c, char ch)
{
	npy_ws(c);
	if (c->p < c->end && *c->p == ch) {
		c->p++;
		return true;
	}
	return false;
}

static bool npy_str(struct npy_cursor *c, char *out, size_t cap)
{
	size_t n = 0;
	char q;

	npy_ws(c);
	if (c->p >= c->end || (*c->p != '\'' && *c->p != '"'))
		return false;
	q = *c->p++;
	while (c->p < c->end && *c->p != q) {
		if (*c->p == '\\' || n + 1 >= cap)
			return false;
		out[n++] = *c->p++;
	}
	if (c->p >= c->end)
		return false;
	c->p++;
	out[n] = '\0';
	return true;
}

static bool npy_word(struct npy_cursor *c, const char *w)
{
	size_t n = strlen(w);

	npy_ws(c);
	if ((size_t)(c->end - c->p) < n || memcmp(c->p, w, n))
		return false;
	c->p += n;
	return true;
}

static bool npy_shape(struct npy_cursor *c, int *rank, int64_t *dims)
{
	*rank = 0;
	if (!npy_take(c, '('))
		return false;
	for (;;) {
		int64_t v = 0;
		bool digits = false;

		if (npy_take(c, ')'))
			return true;
		npy_ws(c);
		while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
			if (__builtin_mul_overflow(v, 10, &v) ||
			    __builtin_add_overflow(v, *c->p - '0', &v))
				return false;
			digits = true;
			c->p++;
		}
		if (!digits || *rank >= LPFPGA_MAX_RANK)
			return false;
		dims[(*rank)++] = v;
		if (!npy_take(c, ',')) {
			if (!npy_take(c, ')'))
				return false;
			return true;
		}
	}
}

struct npy_header {
	char descr[16];
	int fortran;                    /* -1 until seen */
	int rank;                       /* -1 until seen */
	int64_t dims[LPFPGA_MAX_RANK];
};

static lpfpga_status npy_dict(const char *path, struct npy_cursor *c, struct npy_header *h,
			      struct lpf_err *e)
{
	if (!npy_take(c, '{'))
		goto bad;
	while (!npy_take(c, '}')) {
		char key[32];

		if (!npy_str(c, key, sizeof(key)) || !npy_take(c, ':'))
			goto bad;
		if (!strcmp(key, "descr")) {
			if (!npy_str(c, h->descr, sizeof(h->descr)))
				goto bad;
		} else if (!strcmp(key, "fortran_order")) {
			if (npy_word(c, "True"))
				h->fortran = 1;
			else if (npy_word(c, "False"))
				h->fortran = 0;
			else
				goto bad;
		} else if (!strcmp(key, "shape")) {
			if (!npy_shape(c, &h->rank, h->dims))
				return lpf_err_set(e, LPFPGA_ERROR_INVALID_ARGUMENT,
						   "%s: bad .npy shape (rank over %d, or not a tuple of integers)",
						   path, LPFPGA_MAX_RANK);
		} else {
			return lpf_err_set(e, LPFPGA_ERROR_INVALID_ARGUMENT,
					   "%s: unknown .npy header key '%s'", path, key);
		}
		if (!npy_take(c, ',') && !npy_take(c, '}'))
			goto bad;
		if (c->p[-1] == '}')
			break;
	}
	npy_ws(c);
	if (c->p != c->end || !h->descr[0] || h->fortran < 0 || h->rank < 0)
		goto bad;
	return LPFPGA_OK;
bad:
	return lpf_err_set(e, LPFPGA_ERROR_INVALID_ARGUMENT,
			   "%s: malformed .npy header (expected {'descr': ..., 'fortran_order': ..., 'shape': (...)})",
			   path);
}

static lpfpga_status npy_dtype(const char *path, const struct npy_header *h, lpfpga_dtype *dt,
			       struct lpf_err *e)
{
	if (h->fortran)
		return lpf_err_set(e, LPFPGA_ERROR_NOT_SUPPORTED,
				   "%s: Fortran-order arrays are not supported (save in C order)",
				   path);
	if (h->descr[0] == '>')
		return lpf_err_set(e, LPFPGA_ERROR_NOT_SUPPORTED,
				   "%s: big-endian data ('%s') is not supported", path, h->descr);
	for (size_t i = 0; i < sizeof(npy_types) / sizeof(npy_types[0]); i++) {
		if (!strcmp(h->descr, npy_types[i].descr)) {
			*dt = npy_types[i].dtype;
			return LPFPGA_OK;
		}
	}
	return lpf_err_set(e, LPFPGA_ERROR_NOT_SUPPORTED,
			   "%s: .npy dtype '%s' is not supported (|u1, |i1, <f4, <i4, <i8)", path,
			   h->descr);
}

static lpfpga_status npy_read(const char *path, const uint8_t *buf, size_t size,
			      lpfpga_tensor *out, struct lpf_err *e)
{
	struct npy_header h = { .fortran = -1, .rank = -1 };
	struct npy_cursor c;
	size_t hdr, hlen, bytes;
	lpfpga_dtype dt = LPFPGA_DTYPE_UNDEFINED;
	lpfpga_status st;

	if (size < 12)
		return lpf_err_set(e, LPFPGA_ERROR_INVALID_ARGUMENT, "%s: truncated .npy file",
				   path);
	if (buf[6] == 1) {
		hdr = 10;
		hlen = (size_t)buf[8] | (size_t)buf[9] << 8;
	} else if (buf[6] == 2 && size >= 12) {
		hdr = 12;
		hlen = (size_t)buf[8] | (size_t)buf[9] << 8 | (size_t)buf[10] << 16 |
		       (size_t)buf[11] << 24;
	} else {
		return lpf_err_set(e, LPFPGA_ERROR_NOT_SUPPORTED,
				   "%s: .npy format version %u.%u is not supported (1.0 or 2.0)",
				   path, buf[6], buf[7]);
	}
	if (hlen > size - hdr)
		return lpf_err_set(e, LPFPGA_ERROR_INVALID_ARGUMENT,
				   "%s: .npy header of %zu bytes runs past the end of the file",
				   path, hlen);
	c.p = (const char *)buf + hdr;
	c.end = c.p + hlen;
	st = npy_dict(path, &c, &h, e);
	if (!st)
		st = npy_dtype(path, &h, &dt, e);
	if (st)
		return st;
	if (!shape_bytes(h.rank, h.dims, lpfpga_dtype_size(dt), &bytes) ||
	    bytes > LPF_ONNX_MAX_TENSOR_BYTES)
		return lpf_err_set(e, LPFPGA_ERROR_NOT_SUPPORTED,
				   "%s: .npy array too large (over %u bytes)", path,
				   LPF_ONNX_MAX_TENSOR_BYTES);
	if (size - hdr - hlen != bytes)
		return lpf_err_set(e, LPFPGA_ERROR_INVALID_ARGUMENT,
				   "%s: .npy data is %zu bytes, expected %zu for its shape and dtype", path,
				   size - hdr - hlen, bytes);
	out->name = strdup("");
	out->data = malloc(bytes ? bytes : 1);
	if (!out->name || !out->data)
		return lpf_err_set(e, LPFPGA_ERROR_NO_MEMORY, "%s: out of memory", path);
	if (bytes)
		memcpy(out->data, buf + hdr + hlen, bytes);
	out->dtype = dt;
	out->rank = h.rank;
	memcpy(out->dims, h.dims, sizeof(out->dims));
	out->size = bytes;
	return LPFPGA_OK;
}

/* --- .pb: a serialized TensorProto --- */

static bool public_dtype(int dtype)
{
	return dtype == LPFPGA_DTYPE_FLOAT || dtype == LPFPGA_DTYPE_UINT8 ||
	       dtype == LPFPGA_DTYPE_INT8 || dtype == LPFPGA_DTYPE_INT32 ||
	       dtype == LPFPGA_DTYPE_INT64;
}

static lpfpga_status pb_convert(const char *path, const LpfOnnx__TensorProto *tp,
				lpfpga_tensor *out, struct lpf_err *e)
{
	const char *nm = tp->name ? tp->name : "";
	struct lpf_onnx_dense d;
	char what[320];

	snprintf(what, sizeof(what), "tensor '%.256s'", nm);
	if (lpf_onnx_tensor_decode(tp, what, &d, e)) {
		lpf_err_prefix(e, "%s", path);
		return e->status;
	}
	if (!public_dtype(d.dtype)) {
		free(d.data);
		return lpf_err_set(e, LPFPGA_ERROR_NOT_SUPPORTED,
				   "%s: %s has data type %s, which lpfpga tensors do not carry",
				   path, what, lpf_dtype_name(d.dtype));
	}
	out->name = strdup(nm);
	if (!out->name) {
		free(d.data);
		return lpf_err_set(e, LPFPGA_ERROR_NO_MEMORY, "%s: out of memory", path);
	}
	out->dtype = (lpfpga_dtype)d.dtype;
	out->rank = d.rank;
	memcpy(out->dims, d.dims, sizeof(out->dims));
	out->data = d.data;
	out->size = d.nbytes;
	return LPFPGA_OK;
}

static lpfpga_status pb_read(const char *path, const uint8_t *buf, size_t size,
			     lpfpga_tensor *out, struct lpf_err *e)
{
	LpfOnnx__TensorProto *tp;
	lpfpga_status st;

	if (lpf_wire_check(buf, size, LPF_WIRE_TENSOR, e)) {
		lpf_err_prefix(e, "%s", path);
		return e->status;
	}
	tp = lpf_onnx__tensor_proto__unpack(NULL, size, buf);
	if (!tp)
		return lpf_err_set(e, LPFPGA_ERROR_MODEL_INVALID,
				   "%s: neither a .npy file nor a valid TensorProto", path);
	st = pb_convert(path, tp, out, e);
	lpf_onnx__tensor_proto__free_unpacked(tp, NULL);
	return st;
}

LPFPGA_API lpfpga_status lpfpga_tensor_read(const char *path, lpfpga_tensor *out, char *errbuf,
					    size_t errlen)
{
	lpfpga_tensor t = { 0 };
	struct lpf_err e;
	lpfpga_status st;
	size_t size;
	void *buf;

	lpf_err_clear(&e);
	if (!path || !out) {
		st = lpf_err_set(&e, LPFPGA_ERROR_INVALID_ARGUMENT, "no path or output tensor");
		to_errbuf(&e, errbuf, errlen);
		return st;
	}
	st = lpf_onnx_read_file(path, LPF_ONNX_MAX_FILE_BYTES, &buf, &size, &e);
	if (!st) {
		if (size >= NPY_MAGIC_LEN && !memcmp(buf, NPY_MAGIC, NPY_MAGIC_LEN))
			st = npy_read(path, buf, size, &t, &e);
		else
			st = pb_read(path, buf, size, &t, &e);
		free(buf);
	}
	if (st) {
		lpfpga_tensor_release(&t);
		to_errbuf(&e, errbuf, errlen);
		return st;
	}
	*out = t;
	return LPFPGA_OK;
}

LPFPGA_API void lpfpga_tensor_release(lpfpga_tensor *t)
{
	if (!t)
		return;
	free((void *)t->name);
	free(t->data);
	memset(t, 0, sizeof(*t));
}

/* --- writing --- */

static size_t npy_header(const lpfpga_tensor *t, char *hdr, size_t cap)
{
	const char *descr = "";
	size_t n, total;

	for (size_t i = 0; i < sizeof(npy_types) / sizeof(npy_types[0]); i++)
		if (npy_types[i].dtype == t->dtype)
			descr = npy_types[i].descr;
	memcpy(hdr, NPY_MAGIC "\x01\x00", NPY_MAGIC_LEN + 2);
	n = 10;
	n += (size_t)snprintf(hdr + n, cap - n,
			      "{'descr': '%s', 'fortran_order': False, 'shape': (", descr);
	for (int i = 0; i < t->rank; i++)
		n += (size_t)snprintf(hdr + n, cap - n, "%lld,%s", (long long)t->dims[i],
				      i + 1 < t->rank ? " " : "");
	/* A 1-tuple needs its comma; longer tuples drop the trailing one as numpy does. */
	if (t->rank > 1)
		n--;
	n += (size_t)snprintf(hdr + n, cap - n, "), }");
	total = (n + 1 + NPY_ALIGN - 1) / NPY_ALIGN * NPY_ALIGN;
	memset(hdr + n, ' ', total - 1 - n);
	hdr[total - 1] = '\n';
	hdr[8] = (char)((total - 10) & 0xff);
	hdr[9] = (char)((total - 10) >> 8);
	return total;
}

static lpfpga_status write_parts(const char *path, const void *a, size_t na, const void *b,
				 size_t nb, struct lpf_err *e)
{
	FILE *f = fopen(path, "wb");
	bool ok;

	if (!f)
		return lpf_err_set(e, LPFPGA_ERROR_IO, "%s: cannot create: %s", path,
				   strerror(errno));
	ok = fwrite(a, 1, na, f) == na && (!nb || fwrite(b, 1, nb, f) == nb);
	ok = (fclose(f) == 0) && ok;
	if (!ok) {
		remove(path);
		return lpf_err_set(e, LPFPGA_ERROR_IO, "%s: write failed", path);
	}
	return LPFPGA_OK;
}

static lpfpga_status pb_write(const char *path, const lpfpga_tensor *t, size_t bytes,
			      struct lpf_err *e)
{
	LpfOnnx__TensorProto tp = LPF_ONNX__TENSOR_PROTO__INIT;
	int64_t dims[LPFPGA_MAX_RANK];
	lpfpga_status st;
	uint8_t *buf;
	size_t n;

	memcpy(dims, t->dims, sizeof(dims));
	tp.n_dims = (size_t)t->rank;
	tp.dims = dims;
	tp.has_data_type = 1;
	tp.data_type = t->dtype;
	tp.name = (char *)(t->name ? t->name : "");
	tp.has_raw_data = 1;
	tp.raw_data.len = bytes;
	tp.raw_data.data = t->data;
	n = lpf_onnx__tensor_proto__get_packed_size(&tp);
	buf = malloc(n ? n : 1);
	if (!buf)
		return lpf_err_set(e, LPFPGA_ERROR_NO_MEMORY, "%s: out of memory", path);
	lpf_onnx__tensor_proto__pack(&tp, buf);
	st = write_parts(path, buf, n, NULL, 0, e);
	free(buf);
	return st;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

LPFPGA_API lpfpga_status lpfpga_tensor_write(const char *path, const lpfpga_tensor *t,
					     char *errbuf, size_t errlen)
{
	char hdr[NPY_ALIGN * 8];
	struct lpf_err e;
	lpfpga_status st;
	size_t bytes;

	lpf_err_clear(&e);
	if (!path || !t)
		st = lpf_err_set(&e, LPFPGA_ERROR_INVALID_ARGUMENT, "no path or tensor");
	else if (!public_dtype(t->dtype))
		st = lpf_err_set(&e, LPFPGA_ERROR_INVALID_ARGUMENT, "%s: unknown dtype %d", path,
				 (int)t->dtype);
	else if (t->rank < 0 || t->rank > LPFPGA_MAX_RANK ||
		 !shape_bytes(t->rank, t->dims, lpfpga_dtype_size(t->dtype), &bytes))
		st = lpf_err_set(&e, LPFPGA_ERROR_SHAPE_MISMATCH,
				 "%s: rank %d or dims not concrete and non-negative", path,
				 t->rank);
	else if (bytes > t->size || (bytes && !t->data))
		st = lpf_err_set(&e, LPFPGA_ERROR_INVALID_ARGUMENT,
				 "%s: tensor needs %zu bytes, buffer has %zu", path, bytes,
				 t->data ? t->size : 0);
	else if (ends_with(path, ".npy"))
		st = write_parts(path, hdr, npy_header(t, hdr, sizeof(hdr)), t->data, bytes, &e);
	else
		st = pb_write(path, t, bytes, &e);
	if (st)
		to_errbuf(&e, errbuf, errlen);
	return st;
}
