/* SPDX-License-Identifier: MIT */
/* The registry of CPU-fallback ops: one table per op family, searched by name. */
#include "hostops/hostops.h"

#include <string.h>

#include "hostops/hostop_util.h"

static const struct lpf_hostop *const families[] = {
	lpf_hostops_quantize, lpf_hostops_elementwise, lpf_hostops_cast,
	lpf_hostops_pool,     lpf_hostops_softmax,     lpf_hostops_shape,
	lpf_hostops_conv_float, lpf_hostops_gemm_float, lpf_hostops_ms_binary,
	lpf_hostops_ms_lut,     lpf_hostops_ms_pool,     lpf_hostops_ms_concat,
};

/* The default ONNX domain is spelled "" or "ai.onnx" in models. */
static const char *canonical_domain(const char *domain)
{
	if (!domain || !strcmp(domain, "ai.onnx"))
		return "";
	return domain;
}

const struct lpf_hostop *lpf_hostop_find(const char *domain, const char *op_type)
{
	const char *d = canonical_domain(domain);

	if (!op_type)
		return NULL;
	for (size_t f = 0; f < sizeof(families) / sizeof(families[0]); f++)
		for (const struct lpf_hostop *op = families[f]; op->op_type; op++)
			if (!strcmp(op->domain, d) && !strcmp(op->op_type, op_type))
				return op;
	return NULL;
}
