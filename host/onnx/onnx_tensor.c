/* SPDX-License-Identifier: MIT */
/* TensorProto decoding: dims and dtype checks, raw_data or typed fields to dense data. */
#include "onnx/onnx_tensor.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "onnx/onnx_import.h"

/* raw_data is little-endian; copying it unchanged is only right on a little-endian host. */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "little-endian host required");

/* Highest TensorProto.DataType value ONNX defines (FLOAT4E2M1). */
#define ONNX_DTYPE_LAST 23
#define ONNX_DATA_LOCATION_EXTERNAL 1

lpfpga_status lpf_onnx_check_dtype(int dtype, const char *what, struct lpf_err *err)
{
	if (lpf_dtype_size(dtype))
		return LPFPGA_OK;
	if (dtype == LPF_DT_UNDEFINED)
		return lpf_err_set(err, LPFPGA_ERROR_MODEL_INVALID, "%s has no data type", what);
	if (dtype > 0 && dtype <= ONNX_DTYPE_LAST)
		return lpf_err_set(err, LPFPGA_ERROR_NOT_SUPPORTED,
				   "%s has data type %d, which lpfpga does not support", what,
				   dtype);
	return lpf_err_set(err, LPFPGA_ERROR_MODEL_INVALID, "%s has unknown data type %d", what,
			   dtype);
}

static lpfpga_status decode_shape(const LpfOnnx__TensorProto *tp, const char *what,
				  struct lpf_onnx_dense *out, size_t *numel, struct lpf_err *err)
{
	size_t n = 1, bytes;

	if (tp->n_dims > LPF_MAX_RANK)
		return lpf_err_set(err, LPFPGA_ERROR_NOT_SUPPORTED,
				   "%s has rank %zu, over the maximum of %d", what, tp->n_dims,
				   LPF_MAX_RANK);
	out->rank = (int)tp->n_dims;
	for (size_t i = 0; i < tp->n_dims; i++) {
		int64_t d = tp->dims[i];

		if (d < 0)
			return lpf_err_set(err, LPFPGA_ERROR_MODEL_INVALID,
					   "%s has negative dimension %lld at axis %zu", what,
					   (long long)d, i);
		out->dims[i] = d;
		if ((uint64_t)d > SIZE_MAX || __builtin_mul_overflow(n, (size_t)d, &n))
			return lpf_err_set(err, LPFPGA_ERROR_MODEL_INVALID,
					   "%s: product of dimensions overflows", what);
	}
	if (__builtin_mul_overflow(n, lpf_dtype_size(out->dtype), &bytes))
		return lpf_err_set(err, LPFPGA_ERROR_MODEL_INVALID,
				   "%s: size in bytes overflows", what);
	if (bytes > LPF_ONNX_MAX_TENSOR_BYTES)
		return lpf_err_set(err, LPFPGA_ERROR_NOT_SUPPORTED,
				   "%s is %zu bytes, over the limit of %u", what, bytes,
				   LPF_ONNX_MAX_TENSOR_BYTES);
	*numel = n;
	out->nbytes = bytes;
	return LPFPGA_OK;
}

/* Typed field ONNX stores each dtype in, as a field name for messages. */
static const char *typed_field(int dtype)
{
	switch (dtype) {
	case LPF_DT_FLOAT:
		return "float_data";
	case LPF_DT_INT64:
		return "int64_data";
	case LPF_DT_DOUBLE:
		return "double_data";
	case LPF_DT_UINT32:
	case LPF_DT_UINT64:
		return "uint64_data";
	default:
		return "int32_data";
	}
}

static size_t typed_count(const LpfOnnx__TensorProto *tp, const char *field)
{
	if (!strcmp(field, "float_data"))
		return tp->n_float_data;
	if (!strcmp(field, "int64_data"))
		return tp->n_int64_data;
	if (!strcmp(field, "double_data"))
		return tp->n_double_data;
	if (!strcmp(field, "uint64_data"))
		return tp->n_uint64_data;
	return tp->n_int32_data;
}

/* int32_data holds narrow integers widened; refuse values the dtype cannot hold. */
static bool int32_in_range(int dtype, int32_t v)
{
	switch (dtype) {
	case LPF_DT_UINT8:
		return v >= 0 && v <= UINT8_MAX;
	case LPF_DT_INT8:
		return v >= INT8_MIN && v <= INT8_MAX;
	case LPF_DT_UINT16:
	case LPF_DT_FLOAT16:
		return v >= 0 && v <= UINT16_MAX;
	case LPF_DT_INT16:
		return v >= INT16_MIN && v <= INT16_MAX;
	case LPF_DT_BOOL:
		return v == 0 || v == 1;
	default:
		return true;
	}
}

static lpfpga_status decode_int32(const LpfOnnx__TensorProto *tp, const char *what,
				  struct lpf_onnx_dense *out, size_t numel, struct lpf_err *err)
{
	size_t es = lpf_dtype_size(out->dtype);
	uint8_t *dst = out->data;

	for (size_t i = 0; i < numel; i++) {
		int32_t v = tp->int32_data[i];

		if (!int32_in_range(out->dtype, v))
			return lpf_err_set(err, LPFPGA_ERROR_MODEL_INVALID,
					   "%s: int32_data[%zu] = %d is out of range for %s", what,
					   i, (int)v, lpf_dtype_name(out->dtype));
		/* Little-endian host: the low es bytes of v are the narrow value. */
		memcpy(dst + i * es, &v, es);
	}
	return LPFPGA_OK;
}

/* Sizes are checked before anything is allocated: dims alone must not cost memory. */
static lpfpga_status check_sizes(const LpfOnnx__TensorProto *tp, const char *what,
				 const struct lpf_onnx_dense *out, size_t numel,
				 struct lpf_err *err)
{
	static const char *const fields[] = { "float_data", "int32_data", "int64_data",
					      "double_data", "uint64_data" };
	const char *want = typed_field(out->dtype);
	size_t have = typed_count(tp, want);

	if (tp->has_raw_data) {
		if (tp->raw_data.len != out->nbytes)
			return lpf_err_set(err, LPFPGA_ERROR_MODEL_INVALID,
					   "%s: raw_data has %zu bytes, expected %zu (%zu x %s)",
					   what, tp->raw_data.len, out->nbytes, numel,
					   lpf_dtype_name(out->dtype));
		return LPFPGA_OK;
	}
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strcmp(fields[i], want) && typed_count(tp, fields[i]))
			return lpf_err_set(err, LPFPGA_ERROR_MODEL_INVALID,
					   "%s: values in %s, but %s data belongs in %s", what,
					   fields[i], lpf_dtype_name(out->dtype), want);
	if (have != numel)
		return lpf_err_set(err, LPFPGA_ERROR_MODEL_INVALID,
				   "%s: %s has %zu values, expected %zu", what, want, have,
				   numel);
	return LPFPGA_OK;
}

static lpfpga_status decode_typed(const LpfOnnx__TensorProto *tp, const char *what,
				  struct lpf_onnx_dense *out, size_t numel, struct lpf_err *err)
{
	if (!numel)
		return LPFPGA_OK;
	switch (out->dtype) {
	case LPF_DT_FLOAT:
		memcpy(out->data, tp->float_data, out->nbytes);
		return LPFPGA_OK;
	case LPF_DT_INT64:
		memcpy(out->data, tp->int64_data, out->nbytes);
		return LPFPGA_OK;
	case LPF_DT_DOUBLE:
		memcpy(out->data, tp->double_data, out->nbytes);
		return LPFPGA_OK;
	case LPF_DT_UINT64:
		memcpy(out->data, tp->uint64_data, out->nbytes);
		return LPFPGA_OK;
	case LPF_DT_UINT32:
		for (size_t i = 0; i < numel; i++) {
			uint64_t v = tp->uint64_data[i];

			if (v > UINT32_MAX)
				return lpf_err_set(err, LPFPGA_ERROR_MODEL_INVALID,
						   "%s: uint64_data[%zu] = %llu is out of range for uint32",
						   what, i, (unsigned long long)v);
			((uint32_t *)out->data)[i] = (uint32_t)v;
		}
		return LPFPGA_OK;
	default:
		return decode_int32(tp, what, out, numel, err);
	}
}

static lpfpga_status decode_data(const LpfOnnx__TensorProto *tp, const char *what,
				 struct lpf_onnx_dense *out, size_t numel, struct lpf_err *err)
{
	if (tp->has_raw_data) {
		if (out->nbytes)
			memcpy(out->data, tp->raw_data.data, out->nbytes);
		return LPFPGA_OK;
	}
	return decode_typed(tp, what, out, numel, err);
}

lpfpga_status lpf_onnx_tensor_decode(const LpfOnnx__TensorProto *tp, const char *what,
				     struct lpf_onnx_dense *out, struct lpf_err *err)
{
	struct lpf_onnx_dense d = { 0 };
	size_t numel = 0;
	lpfpga_status st;

	if ((tp->has_data_location && tp->data_location == ONNX_DATA_LOCATION_EXTERNAL) ||
	    tp->n_external_data)
		return lpf_err_set(err, LPFPGA_ERROR_NOT_SUPPORTED,
				   "%s uses external data, which lpfpga does not support (store the tensor inside the model)",
				   what);
	d.dtype = tp->has_data_type ? tp->data_type : LPF_DT_UNDEFINED;
	st = lpf_onnx_check_dtype(d.dtype, what, err);
	if (st)
		return st;
	st = decode_shape(tp, what, &d, &numel, err);
	if (!st)
		st = check_sizes(tp, what, &d, numel, err);
	if (st)
		return st;
	d.data = malloc(d.nbytes ? d.nbytes : 1);
	if (!d.data)
		return lpf_err_set(err, LPFPGA_ERROR_NO_MEMORY, "%s: out of memory (%zu bytes)",
				   what, d.nbytes);
	st = decode_data(tp, what, &d, numel, err);
	if (st) {
		free(d.data);
		return st;
	}
	*out = d;
	return LPFPGA_OK;
}
