/* SPDX-License-Identifier: MIT */
/*
 * The sim backend through the public API only: a model on "sim" matches "cpu" bit for
 * bit; an injected SLVERR surfaces from lpfpga_infer() as a fabric error naming the
 * error; a stalled DRAM beat becomes LPFPGA_ERROR_TIMEOUT, the backend soft-resets the
 * fabric and the next inference is correct. Needs build/sim/liblpfpga_sim.so
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

/* Open uri, load the model, infer `times` times; the result of the last inference. */
static void run_model(const char *uri, int times, struct run *r, struct run *first)
{
	char path[1024];
	lpfpga_device *dev = NULL;
	lpfpga_model *m = NULL;
	lpfpga_tensor in, out;
	lpfpga_tensor_info info;

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
	CU_ASSERT_EQUAL_FATAL(lpfpga_model_output_info(m, 0, &info), LPFPGA_OK);
	memset(&out, 0, sizeof(out));
	out.dtype = info.dtype;
	out.rank = info.rank;
	memcpy(out.dims, info.dims, sizeof(out.dims));
	if (out.rank > 0 && out.dims[0] < 0)
		out.dims[0] = 1;
	r->out_bytes = lpfpga_dtype_size(info.dtype);
	for (int d = 0; d < out.rank; d++)
		r->out_bytes *= (size_t)out.dims[d];
	r->out = calloc(1, r->out_bytes);
	out.data = r->out;
	out.size = r->out_bytes;
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
		{"sim_backend_rejects_bad_arguments", sim_backend_rejects_bad_arguments},
		{NULL, NULL},
	};

	return lpf_test_run("sim_backend", cases);
}
