/* SPDX-License-Identifier: MIT */
/*
 * CPU-fallback operators: the ONNX ops the fabric does not run, with onnxruntime's
 * float32 semantics (graph optimizations disabled) and ONNX's integer semantics.
 * Each op infers its output types and shapes and runs on host memory.
 */
#ifndef LPF_HOSTOPS_H
#define LPF_HOSTOPS_H

#include "compiler/program.h"
#include "core/error.h"
#include "ir/graph.h"

struct lpf_hostop {
	const char *domain;             /* "" for ONNX, "com.microsoft" */
	const char *op_type;
	/*
	 * Fill out[i].dtype/rank/dims from the inputs. in[i].data is non-NULL only for
	 * constant inputs (e.g. Reshape's shape). in[i].dtype == LPF_DT_UNDEFINED for
	 * an omitted optional input. Errors name the node, op and shapes.
	 */
	lpfpga_status (*infer)(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
			       struct lpf_hval *out, int n_out, struct lpf_err *err);
	/* Compute the outputs; out[i].data points at buffers of the inferred size. */
	lpfpga_status (*run)(const struct lpf_node *n, const struct lpf_hval *in, int n_in,
			     struct lpf_hval *out, int n_out, struct lpf_err *err);
};

/* The op for (domain, op_type), or NULL. */
const struct lpf_hostop *lpf_hostop_find(const char *domain, const char *op_type);

#endif
