/* SPDX-License-Identifier: MIT */
/* libFuzzer target: any byte string must load or fail cleanly, leaking nothing. */
#include <stddef.h>
#include <stdint.h>

#include "onnx/onnx_import.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lpf_graph *g = NULL;
	struct lpf_err err;

	if (lpf_onnx_load_buffer(data, size, "fuzz.onnx", &g, &err) == LPFPGA_OK)
		lpf_graph_free(g);
	return 0;
}
