/* SPDX-License-Identifier: MIT */
/*
 * The C API in one page: open the default device, load a quantized ONNX model,
 * run one inference on an input tensor file (.pb or .npy) and print the output.
 *   build/bin/infer_one models/fashion_cnn_qop.onnx input.npy
 */
#include <lpfpga.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	lpfpga_device *dev = NULL;
	lpfpga_model *model = NULL;
	lpfpga_tensor in = { 0 }, out = { 0 };
	lpfpga_tensor_info info;
	char err[256];
	int rc = 1;

	if (argc != 3) {
		fprintf(stderr, "usage: %s MODEL.onnx INPUT.{pb,npy}\n", argv[0]);
		return 2;
	}
	if (lpfpga_open("auto", &dev) != LPFPGA_OK) {
		fprintf(stderr, "open: %s\n", lpfpga_last_open_error());
		return 1;
	}
	if (lpfpga_model_load(dev, argv[1], NULL, &model) != LPFPGA_OK) {
		fprintf(stderr, "load: %s\n", lpfpga_device_last_error(dev));
		goto out;
	}
	if (lpfpga_tensor_read(argv[2], &in, err, sizeof(err)) != LPFPGA_OK) {
		fprintf(stderr, "input: %s\n", err);
		goto out;
	}
	lpfpga_model_output_info(model, 0, &info);
	out.size = lpfpga_dtype_size(info.dtype) * (size_t)in.dims[0];
	for (int d = 1; d < info.rank; d++)
		out.size *= (size_t)info.dims[d];
	out.data = malloc(out.size);
	if (lpfpga_infer(model, &in, 1, &out, 1) != LPFPGA_OK) {
		fprintf(stderr, "infer: %s\n", lpfpga_model_last_error(model));
		goto out;
	}
	printf("%s on %s: output %s, %zu bytes:", argv[1], lpfpga_device_backend(dev),
	       lpfpga_dtype_name(out.dtype), out.size);
	for (size_t i = 0; i < 10 && i < out.size / lpfpga_dtype_size(out.dtype); i++) {
		if (out.dtype == LPFPGA_DTYPE_FLOAT)
			printf(" %g", (double)((float *)out.data)[i]);
		else if (out.dtype == LPFPGA_DTYPE_UINT8)
			printf(" %u", ((unsigned char *)out.data)[i]);
	}
	printf("\n");
	rc = 0;
out:
	free(out.data);
	lpfpga_tensor_release(&in);
	lpfpga_model_free(model);
	lpfpga_close(dev);
	return rc;
}
