/* SPDX-License-Identifier: MIT */
/*
 * The sim backend through the public API only: a model on "sim" matches "cpu" bit for
 * bit; an injected SLVERR surfaces from lpfpga_infer() as a fabric error naming the
 * error; a stalled DRAM beat becomes LPFPGA_ERROR_TIMEOUT, the backend soft-resets the
 * fabric and the next inference is correct; profiled layers take at least the CONV
 * cycles the compiler counted. Needs build/sim/liblpfpga_sim.so
 * (LPFPGA_SIM_LIB or next to the executable); skips with the reason otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/lpf_test.h"
#include "lpfpga.h"

#define MODEL "tests/models/qconv_3x3_s2_p1_odd"

struct run {
	lpfpga_status st;
	char msg[1024];
	uint8_t *out;
	size_t out_bytes;
};

static lpfpga_status read_input(lpfpga_tensor *in)
{
	char path[1024], err[256];

	snprintf(path, sizeof(path), "%s/%s/test_data_set_0/input_0.pb", lpf_test_srcdir(), MODEL);
	return lpfpga_tensor_read(path, in, err, sizeof(err));
}

/* A zeroed output tensor for the model's first output at batch 1; *bytes its size. */
static uint8_t *output_for(lpfpga_model *m, lpfpga_tensor *out, size_t *bytes)
{
	lpfpga_tensor_info info;

	CU_ASSERT_EQUAL_FATAL(lpfpga_model_output_info(m, 0, &info), LPFPGA_OK);
	memset(out, 0, sizeof(*out));
	out->dtype = info.dtype;
	out->rank = info.rank;
	memcpy(out->dims, info.dims, sizeof(out->dims));
	if (out->rank > 0 && out->dims[0] < 0)
		out->dims[0] = 1;
	*bytes = lpfpga_dtype_size(info.dtype);
	for (int d = 0; d < out->rank; d++)
		*bytes *= (size_t)out->dims[d];
	out->data = calloc(1, *bytes);
	out->size = *bytes;
	return out->data;
}

/* Open uri, load the model, infer `times` times; the result of the last inference. */
static void run_model(const char *uri, int times, struct run *r, struct run *first)
{
	char path[1024];
	lpfpga_device *dev = NULL;
	lpfpga_model *m = NULL;
	lpfpga_tensor in, out;

	memset(r, 0, sizeof(*r));
	snprintf(path, sizeof(path), "%s/%s/model.onnx", lpf_test_srcdir(), MODEL);
	r->st = lpfpga_open(uri, &dev);
	if (r->st != LPFPGA_OK) {
		snprintf(r->msg, sizeof(r->msg), "%s", lpfpga_last_open_error());
		return;
	}
	r->st = lpfpga_model_load(dev, path, NULL, &m);
	CU_ASSERT_EQUAL_FATAL(r->st, LPFPGA_OK);
	CU_ASSERT_EQUAL_FATAL(read_input(&in), LPFPGA_OK);
	r->out = output_for(m, &out, &r->out_bytes);
	for (int i = 0; i < times; i++) {
		r->st = lpfpga_infer(m, &in, 1, &out, 1);
		snprintf(r->msg, sizeof(r->msg), "%s", lpfpga_model_last_error(m));
		if (i == 0 && first) {
			first->st = r->st;
			snprintf(first->msg, sizeof(first->msg), "%s", r->msg);
		}
	}
	lpfpga_tensor_release(&in);
	lpfpga_model_free(m);
	lpfpga_close(dev);
}

static int sim_available(void)
{
	lpfpga_device *dev;

	if (lpfpga_open("sim", &dev) != LPFPGA_OK) {
		char why[1200];

		snprintf(why, sizeof(why), "sim backend unavailable: %s", lpfpga_last_open_error());
		lpf_test_skip(why);
		return 0;
	}
	lpfpga_close(dev);
	return 1;
}

static void sim_backend_matches_cpu(void)
{
	struct run cpu, sim;

	if (!sim_available())
		return;
	run_model("cpu", 1, &cpu, NULL);
	run_model("sim:latency=20,bw=2,bp=7/30", 1, &sim, NULL);
	CU_ASSERT_EQUAL(cpu.st, LPFPGA_OK);
	CU_ASSERT_EQUAL(sim.st, LPFPGA_OK);
	CU_ASSERT_EQUAL(cpu.out_bytes, sim.out_bytes);
	CU_ASSERT_EQUAL(memcmp(cpu.out, sim.out, cpu.out_bytes), 0);
	free(cpu.out);
	free(sim.out);
}

static void sim_backend_reports_slverr(void)
{
	struct run r;

	if (!sim_available())
		return;
	run_model("sim:fault=slverr/r/40", 1, &r, NULL);
	CU_ASSERT_EQUAL(r.st, LPFPGA_ERROR_DEVICE);
	CU_ASSERT(strstr(r.msg, "fabric error DMA") || strstr(r.msg, "fabric error CMD_FETCH"));
	if (!strstr(r.msg, "fabric error"))
		printf("\n  message: %s\n", r.msg);
	free(r.out);
}

static void sim_backend_timeout_resets_and_recovers(void)
{
	struct run cpu, sim, first;

	if (!sim_available())
		return;
	setenv("LPFPGA_TIMEOUT_MS", "1", 1);
	run_model("cpu", 1, &cpu, NULL);
	run_model("sim:fault=stall/r/30", 2, &sim, &first);
	unsetenv("LPFPGA_TIMEOUT_MS");
	CU_ASSERT_EQUAL(first.st, LPFPGA_ERROR_TIMEOUT);
	CU_ASSERT_PTR_NOT_NULL(strstr(first.msg, "SOFT_RESET"));
	CU_ASSERT_EQUAL(sim.st, LPFPGA_OK);
	if (sim.st != LPFPGA_OK)
		printf("\n  second inference: %s\n", sim.msg);
	CU_ASSERT_EQUAL(memcmp(cpu.out, sim.out, cpu.out_bytes), 0);
	free(cpu.out);
	free(sim.out);
}

/*
 * Profiled on the RTL, every layer's measured cycles are at least the compiler's count
 * of its CONV step cycles, which in turn is at least its MACs over the array size.
 */
static void sim_backend_cycles_bound_by_compiler(void)
{
	lpfpga_model_options opts = { .profile = 1 };
	lpfpga_device_info di;
	lpfpga_device *dev = NULL;
	lpfpga_model *m = NULL;
	lpfpga_tensor in, out;
	char path[1024];
	size_t bytes;
	int n;

	if (!sim_available())
		return;
	snprintf(path, sizeof(path), "%s/%s/model.onnx", lpf_test_srcdir(), MODEL);
	CU_ASSERT_EQUAL_FATAL(lpfpga_open("sim", &dev), LPFPGA_OK);
	CU_ASSERT_EQUAL_FATAL(lpfpga_device_query(dev, &di), LPFPGA_OK);
	CU_ASSERT_EQUAL_FATAL(lpfpga_model_load(dev, path, &opts, &m), LPFPGA_OK);
	CU_ASSERT_EQUAL_FATAL(read_input(&in), LPFPGA_OK);
	output_for(m, &out, &bytes);
	CU_ASSERT_EQUAL(lpfpga_infer(m, &in, 1, &out, 1), LPFPGA_OK);
	n = lpfpga_model_num_layers(m);
	CU_ASSERT(n > 0);
	for (int i = 0; i < n; i++) {
		uint64_t array = (uint64_t)di.pe_rows * di.pe_cols;
		lpfpga_layer_stats s;

		CU_ASSERT_EQUAL_FATAL(lpfpga_model_layer_stats(m, i, &s), LPFPGA_OK);
		CU_ASSERT_EQUAL(s.measured, 1);
		CU_ASSERT_EQUAL(s.counters.macs, s.macs);
		CU_ASSERT(s.conv_cycles >= (s.macs + array - 1) / array);
		CU_ASSERT(s.conv_cycles <= s.counters.busy_cycles);
	}
	free(out.data);
	lpfpga_tensor_release(&in);
	lpfpga_model_free(m);
	lpfpga_close(dev);
}

static void sim_backend_rejects_bad_arguments(void)
{
	lpfpga_device *dev;

	CU_ASSERT_EQUAL(lpfpga_open("sim:latency=abc", &dev), LPFPGA_ERROR_INVALID_ARGUMENT);
	CU_ASSERT_PTR_NOT_NULL(strstr(lpfpga_last_open_error(), "bad argument"));
	CU_ASSERT_EQUAL(lpfpga_open("sim:fault=boom/r/1", &dev), LPFPGA_ERROR_INVALID_ARGUMENT);
}

int main(void)
{
	static const struct lpf_test_case cases[] = {
		{"sim_backend_matches_cpu", sim_backend_matches_cpu},
		{"sim_backend_reports_slverr", sim_backend_reports_slverr},
		{"sim_backend_timeout_resets_and_recovers", sim_backend_timeout_resets_and_recovers},
		{"sim_backend_cycles_bound_by_compiler", sim_backend_cycles_bound_by_compiler},
		{"sim_backend_rejects_bad_arguments", sim_backend_rejects_bad_arguments},
		{NULL, NULL},
	};

	return lpf_test_run("sim_backend", cases);
}
