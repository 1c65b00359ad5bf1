/* SPDX-License-Identifier: MIT */
/* ONNX TensorProto -> dense host data, shared by the importer and the tensor-file reader. */
#ifndef LPF_ONNX_TENSOR_H
#define LPF_ONNX_TENSOR_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "ir/graph.h"
#include "onnx.pb-c.h"

struct lpf_onnx_dense {
	int dtype;                      /* enum lpf_onnx_dtype */
	int rank;
	int64_t dims[LPF_MAX_RANK];
	void *data;                     /* malloc'd, never NULL (1 byte for empty tensors) */
	size_t nbytes;
};

/*
 * Check that dtype is one the IR holds. what names the tensor in the message
 * ("initializer 'w'"). NOT_SUPPORTED for ONNX types we do not hold, MODEL_INVALID
 * for numbers ONNX does not define.
 */
lpfpga_status lpf_onnx_check_dtype(int dtype, const char *what, struct lpf_err *err);

/*
 * Decode tp (raw_data little-endian, or the typed field ONNX prescribes for its
 * dtype) into out, which the caller frees with free(out->data). Refuses external
 * data, negative or overflowing dims, rank over LPF_MAX_RANK, tensors over
 * LPF_ONNX_MAX_TENSOR_BYTES and data whose size does not match the dims. Messages
 * start with what and carry no file name.
 */
lpfpga_status lpf_onnx_tensor_decode(const LpfOnnx__TensorProto *tp, const char *what,
				     struct lpf_onnx_dense *out, struct lpf_err *err);

#endif
