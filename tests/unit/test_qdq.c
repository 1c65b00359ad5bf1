/* SPDX-License-Identifier: MIT */
/*
 * QDQ import and com.microsoft ops in the compiler: which nodes a QDQ pattern lowers to
 * a fabric layer (layer count, fused node names in the report), what stays on the CPU,
 * the int32 and float bias paths, and the errors for unsupported com.microsoft ops.
 * The models are the fixtures in tests/models/; their outputs are checked against
 * onnxruntime by `lpfpga onnx-test`.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/lpf_test.h"
#include "compiler/program.h"
#include "onnx/onnx_import.h"

static struct lpf_graph *load(const char *rel)
{
	struct lpf_graph *g = NULL;
	struct lpf_err err = { 0 };
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", lpf_test_srcdir(), rel);
	CU_ASSERT_EQUAL_FATAL(lpf_onnx_load_file(path, &g, &err), LPFPGA_OK);
	return g;
}

static struct lpf_node *node_named(struct lpf_graph *g, const char *op)
{
	for (int i = 0; i < g->n_nodes; i++)
		if (!strcmp(g->nodes[i].op_type, op))
			return &g->nodes[i];
	CU_FAIL_FATAL("node not found");
	return NULL;
}

static void set_str(char **s, const char *v)
{
	free(*s);
	*s = malloc(strlen(v) + 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(*s);
	strcpy(*s, v);
}

static struct lpf_program *compile_ok(struct lpf_graph *g)
{
	struct lpf_program *p = NULL;
	struct lpf_err err = { 0 };

	CU_ASSERT_EQUAL_FATAL(lpf_compile(g, 1, &p, &err), LPFPGA_OK);
	return p;
}

static bool has(const struct lpf_program *p, const char *s)
{
	return strstr(p->report, s) != NULL;
}

static void qdq_conv_relu_pool_is_one_layer(void)
{
	struct lpf_graph *g = load("tests/models/qdq_conv_relu_pool/model.onnx");
	struct lpf_program *p = compile_ok(g);

	CU_ASSERT_EQUAL(p->n_layers, 1);
	CU_ASSERT_STRING_EQUAL(p->layers[0].op, "QDQ Conv+Relu+MaxPool");
	CU_ASSERT(has(p, "fused DequantizeLinear 'DequantizeLinear_8'"));
	CU_ASSERT(has(p, "Conv 'Conv_19', Relu 'Relu_21', QuantizeLinear 'QuantizeLinear_25'"));
	CU_ASSERT(has(p, "MaxPool 'MaxPool_31', QuantizeLinear 'QuantizeLinear_35'"));
	CU_ASSERT(has(p, "QDQ: lowered to the fabric"));
	/* what is left: the input QuantizeLinear and the output DequantizeLinear */
	CU_ASSERT(has(p, "partition: 1 fabric layer, 2 host ops: QuantizeLinear "
			 "'QuantizeLinear_4', DequantizeLinear 'DequantizeLinear_39'"));
	/* the bias is DQ(int32, x_scale * w_scale): taken as is, nothing rounded */
	CU_ASSERT(has(p, "DequantizeLinear 'DequantizeLinear_17'"));
	CU_ASSERT(!has(p, "float bias converted"));
	lpf_program_free(p);
	lpf_graph_free(g);
}

static void qdq_unmatched_pattern_stays_on_cpu(void)
{
	struct lpf_graph *g = load("tests/models/qdq_conv_relu_pool/model.onnx");
	struct lpf_program *p;

	/* a float Sigmoid is not part of the pattern: Conv -> Sigmoid -> Q stays float */
	set_str(&node_named(g, "Relu")->op_type, "Sigmoid");
	p = compile_ok(g);
	CU_ASSERT_EQUAL(p->n_layers, 0);
	CU_ASSERT(has(p, "Conv 'Conv_19'"));
	CU_ASSERT(has(p, "Sigmoid 'Relu_21'"));
	CU_ASSERT(has(p, "partition: 0 fabric layers"));
	lpf_program_free(p);
	lpf_graph_free(g);
}

static void qdq_gemm_flatten_and_per_channel(void)
{
	struct lpf_graph *g = load("tests/models/qdq_gemm_perchannel/model.onnx");
	struct lpf_program *p = compile_ok(g);

	CU_ASSERT_EQUAL(p->n_layers, 1);
	CU_ASSERT_STRING_EQUAL(p->layers[0].op, "QDQ Gemm");
	CU_ASSERT_STRING_EQUAL(p->layers[0].w_shape, "[10,36]");
	/* DQ -> Flatten -> Q with one quantization is read through as the same bytes */
	CU_ASSERT(has(p, "Flatten 'Flatten_10', QuantizeLinear 'QuantizeLinear_14'"));
	lpf_program_free(p);
	lpf_graph_free(g);
}

static void qdq_float_bias_rounded_to_int32(void)
{
	struct lpf_graph *g = load("tests/models/qdq_matmul_bias/model.onnx");
	const struct lpf_node *add = node_named(g, "Add");
	struct lpf_tensor *b = &g->tensors[add->in[1]];
	struct lpf_program *p = compile_ok(g);

	CU_ASSERT_EQUAL(p->n_layers, 1);
	CU_ASSERT(has(p, "MatMul 'MatMul_11', Add 'Add_14', QuantizeLinear 'QuantizeLinear_18'"));
	CU_ASSERT(has(p, "float bias converted to int32 round(b / (x_scale * w_scale)); 0 of 12"));
	lpf_program_free(p);
	/* a bias off the x_scale * w_scale grid is rounded, and the report says so */
	CU_ASSERT_EQUAL_FATAL(b->dtype, LPF_DT_FLOAT);
	((float *)b->data)[3] += 0.3f * 0x1p-10f;
	p = compile_ok(g);
	CU_ASSERT_EQUAL(p->n_layers, 1);
	CU_ASSERT(has(p, "1 of 12 values not exactly representable"));
	lpf_program_free(p);
	lpf_graph_free(g);
}

static void qdq_fashion_model_lowers_every_layer(void)
{
	char path[512];
	struct lpf_graph *g;
	struct lpf_program *p;

	snprintf(path, sizeof(path), "%s/models/fashion_cnn_qdq.onnx", lpf_test_srcdir());
	if (access(path, R_OK)) {
		lpf_test_skip("models/fashion_cnn_qdq.onnx is missing");
		return;
	}
	g = load("models/fashion_cnn_qdq.onnx");
	p = compile_ok(g);
	CU_ASSERT_EQUAL(p->n_layers, 3);
	CU_ASSERT(has(p, "'/conv1/Conv+/conv1/Relu+/pool1/MaxPool'"));
	CU_ASSERT(has(p, "'/conv2/Conv+/conv2/Relu+/pool2/MaxPool'"));
	CU_ASSERT(has(p, "QDQ Gemm '/fc/Gemm'"));
	CU_ASSERT(has(p, "3 host ops: QuantizeLinear '/quant/QuantizeLinear', "
			 "Cast '/dequant/Cast', DequantizeLinear '/dequant/DequantizeLinear'"));
	lpf_program_free(p);
	lpf_graph_free(g);
}

static void qdq_qgemm_is_a_fabric_layer(void)
{
	struct lpf_graph *g = load("tests/models/ms_qgemm/model.onnx");
	struct lpf_node *n = node_named(g, "QGemm");
	struct lpf_program *p = compile_ok(g);
	struct lpf_err err = { 0 };

	CU_ASSERT_EQUAL(p->n_layers, 1);
	CU_ASSERT(has(p, "partition: 1 fabric layer, 0 host ops"));
	lpf_program_free(p);
	p = NULL;
	/* transA is rejected by name */
	CU_ASSERT_EQUAL_FATAL(n->n_attr, 1);
	set_str(&n->attrs[0].name, "transA");
	CU_ASSERT_EQUAL(lpf_compile(g, 1, &p, &err), LPFPGA_ERROR_NOT_SUPPORTED);
	CU_ASSERT_PTR_NULL(p);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "transA"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "'QGemm_10'"));
	lpf_graph_free(g);
}

static void qdq_unsupported_ms_op_is_named(void)
{
	struct lpf_graph *g = load("tests/models/ms_qlinearadd/model.onnx");
	struct lpf_program *p = NULL;
	struct lpf_err err = { 0 };

	set_str(&node_named(g, "QLinearAdd")->op_type, "QLinearSoftmax");
	CU_ASSERT_EQUAL(lpf_compile(g, 1, &p, &err), LPFPGA_ERROR_UNSUPPORTED_OP);
	CU_ASSERT_PTR_NULL(p);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "QLinearSoftmax"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "com.microsoft"));
	lpf_graph_free(g);
}

static void qdq_ms_residual_runs_on_cpu(void)
{
	struct lpf_graph *g = load("tests/models/ms_resblock/model.onnx");
	struct lpf_program *p = compile_ok(g);

	CU_ASSERT_EQUAL(p->n_layers, 2);
	CU_ASSERT(has(p, "2 host ops: QLinearAdd 'QLinearAdd_28', QLinearGlobalAveragePool"));
	lpf_program_free(p);
	lpf_graph_free(g);
}

int main(void)
{
	static const struct lpf_test_case cases[] = {
		{ "qdq_conv_relu_pool_is_one_layer", qdq_conv_relu_pool_is_one_layer },
		{ "qdq_unmatched_pattern_stays_on_cpu", qdq_unmatched_pattern_stays_on_cpu },
		{ "qdq_gemm_flatten_and_per_channel", qdq_gemm_flatten_and_per_channel },
		{ "qdq_float_bias_rounded_to_int32", qdq_float_bias_rounded_to_int32 },
		{ "qdq_fashion_model_lowers_every_layer", qdq_fashion_model_lowers_every_layer },
		{ "qdq_qgemm_is_a_fabric_layer", qdq_qgemm_is_a_fabric_layer },
		{ "qdq_unsupported_ms_op_is_named", qdq_unsupported_ms_op_is_named },
		{ "qdq_ms_residual_runs_on_cpu", qdq_ms_residual_runs_on_cpu },
		{ NULL, NULL },
	};

	return lpf_test_run("qdq", cases);
}
