/* SPDX-License-Identifier: MIT */
/*
 * The cpu backend through its ops table only: device open/close, capabilities,
 * buffers, one small job end to end (expected values by hand), counters, DMA
 * outside every allocated buffer reported as a device error, and compute units
 * running jobs side by side.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/lpf_test.h"
#include "isa/isa.h"
#include "runtime/backend.h"

extern const struct lpfpga_backend_ops lpf_cpu_backend;

static const struct lpfpga_backend_ops *ops = &lpf_cpu_backend;

static struct lpf_bdev *open_dev(void)
{
	struct lpf_bdev *b = NULL;
	struct lpf_err err;

	lpf_err_clear(&err);
	CU_ASSERT_EQUAL_FATAL(ops->open("", &b, &err), LPFPGA_OK);
	CU_ASSERT_FATAL(b != NULL);
	return b;
}

static struct lpf_dbuf *alloc(struct lpf_bdev *b, size_t size)
{
	struct lpf_dbuf *d = NULL;
	struct lpf_err err;

	CU_ASSERT_EQUAL_FATAL(ops->buf_alloc(b, size, &d, &err), LPFPGA_OK);
	CU_ASSERT_FATAL(d != NULL);
	return d;
}

static void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static struct lpf_insn load_bytes(uint32_t buf, uint32_t seg, uint32_t dram_off, uint32_t n)
{
	struct lpf_insn in = {.opcode = LPF_OP_LOAD};

	in.u.load = (struct lpf_insn_load){
		.buf = buf, .seg = seg, .dram_off = dram_off, .x_size = n, .y_size = 1,
		.z_size = 1, .x_stride = 1, .y_stride = n, .z_stride = n,
	};
	return in;
}

/*
 * Job: y[i] = rne((3 * x[i] + 10) * 0.5) for x = 1..4 (1x1 convolution over a 1x4
 * tile), constants in segment 0 (param entry at 0, weight at 16), x at segment 1
 * offset 0 and y at offset 64.
 */
static uint32_t build_job(struct lpf_dbuf *cmd, struct lpf_dbuf *cst, struct lpf_dbuf *act,
			  uint32_t x_off)
{
	struct lpf_insn prog[7];
	uint8_t *c = cst->host, *a = act->host;
	const float half = 0.5f;
	uint32_t half_bits, n = 0;

	memcpy(&half_bits, &half, sizeof(half_bits));
	put_le32(c, 10);
	put_le32(c + 4, half_bits);
	put_le32(c + 8, 0);
	put_le32(c + 12, 0);
	c[16] = 3;
	for (int i = 0; i < 4; i++)
		a[i] = (uint8_t)(i + 1);

	prog[n++] = load_bytes(LPF_BUF_PARAM, 0, 0, 16);
	prog[n++] = load_bytes(LPF_BUF_WGT, 0, 16, 1);
	prog[n++] = load_bytes(LPF_BUF_INP, 1, x_off, 4);
	prog[n] = (struct lpf_insn){.opcode = LPF_OP_CONV};
	prog[n++].u.conv = (struct lpf_insn_conv){
		.in_h = 1, .in_w = 4, .out_h = 1, .out_w = 4, .kh = 1, .kw = 1, .sh = 1,
		.sw = 1, .dh = 1, .dw = 1, .icpg = 1, .ocpg = 1, .groups = 1,
	};
	prog[n] = (struct lpf_insn){.opcode = LPF_OP_POST};
	prog[n++].u.post = (struct lpf_insn_post){
		.th = 1, .tw = 4, .c = 1, .clip_hi = 255, .pk_h = 1, .pk_w = 1, .ps_h = 1,
		.ps_w = 1, .ph = 1, .pw = 4,
	};
	prog[n] = (struct lpf_insn){.opcode = LPF_OP_STORE};
	prog[n++].u.store = (struct lpf_insn_store){
		.seg = 1, .dram_off = 64, .x_size = 4, .y_size = 1, .z_size = 1, .x_stride = 1,
		.y_stride = 4, .z_stride = 4,
	};
	prog[n++] = (struct lpf_insn){.opcode = LPF_OP_END};
	for (uint32_t i = 0; i < n; i++)
		CU_ASSERT_EQUAL_FATAL(lpf_insn_encode(&prog[i], (uint8_t *)cmd->host +
							  i * LPF_INSN_BYTES, NULL), 0);
	return n;
}

static lpfpga_status run(struct lpf_bdev *b, struct lpf_dbuf *cmd, uint32_t n, uint64_t seg0,
			 uint64_t seg1, struct lpf_err *err)
{
	struct lpf_job job = {.cmd_addr = cmd->dev_addr, .n_insns = n};
	lpfpga_status st;

	job.seg_base[0] = seg0;
	job.seg_base[1] = seg1;
	st = ops->submit(b, 0, &job, err);
	if (st != LPFPGA_OK)
		return st;
	return ops->wait(b, 0, -1, err);
}

static void cpu_backend_table_entries(void)
{
	CU_ASSERT_STRING_EQUAL(ops->name, "cpu");
	CU_ASSERT_PTR_NULL(ops->probe);
	CU_ASSERT_PTR_NOT_NULL(ops->desc);
	CU_ASSERT_PTR_NOT_NULL(ops->read_counters);
	CU_ASSERT_PTR_NOT_NULL(ops->buf_sync);
}

static void cpu_backend_caps_describe_the_fabric(void)
{
	struct lpf_bdev *b = open_dev();
	struct lpf_caps caps;
	struct lpf_err err;

	CU_ASSERT_EQUAL(ops->caps(b, &caps, &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(caps.id, 0x4C504631u);
	CU_ASSERT_EQUAL(caps.spec_hash, LPF_SPEC_HASH);
	CU_ASSERT_EQUAL(caps.version, LPF_SPEC_VERSION_MAJOR << 16 | LPF_SPEC_VERSION_MINOR);
	CU_ASSERT_EQUAL(caps.pe_rows, LPF_PE_ROWS);
	CU_ASSERT_EQUAL(caps.pe_cols, LPF_PE_COLS);
	CU_ASSERT_EQUAL(caps.inp_buf_bytes, LPF_INP_BUF_BYTES);
	CU_ASSERT_EQUAL(caps.wgt_buf_bytes, LPF_WGT_BUF_BYTES);
	CU_ASSERT_EQUAL(caps.acc_buf_entries, LPF_ACC_BUF_ENTRIES);
	CU_ASSERT_EQUAL(caps.param_buf_entries, LPF_PARAM_BUF_ENTRIES);
	CU_ASSERT_EQUAL(caps.features, 0x1Fu);
	ops->close(b);
}

static void cpu_backend_buffers_are_aligned_zeroed_and_addressed_by_pointer(void)
{
	static const size_t sizes[] = {1, 63, 64, 100, 4096, 0};
	struct lpf_dbuf *d[sizeof(sizes) / sizeof(sizes[0])];
	struct lpf_bdev *b = open_dev();
	struct lpf_err err;

	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t nonzero = 0;

		d[i] = alloc(b, sizes[i]);
		CU_ASSERT_EQUAL(d[i]->size, sizes[i]);
		CU_ASSERT_EQUAL((uintptr_t)d[i]->host % 64, 0);
		CU_ASSERT_EQUAL(d[i]->dev_addr, (uint64_t)(uintptr_t)d[i]->host);
		for (size_t j = 0; j < sizes[i]; j++)
			nonzero += ((uint8_t *)d[i]->host)[j] != 0;
		CU_ASSERT_EQUAL(nonzero, 0);
		memset(d[i]->host, 0x5A, sizes[i]);
	}
	CU_ASSERT_EQUAL(ops->buf_sync(b, d[4], 0, 4096, 1, &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(ops->buf_sync(b, d[4], 4000, 97, 0, &err), LPFPGA_ERROR_INVALID_ARGUMENT);
	/* freed out of order; the rest at close (LeakSanitizer checks both) */
	ops->buf_free(b, d[2]);
	ops->buf_free(b, d[0]);
	ops->buf_free(b, d[4]);
	ops->close(b);
}

static void cpu_backend_runs_a_job_and_counts(void)
{
	struct lpf_bdev *b = open_dev();
	struct lpf_dbuf *cmd = alloc(b, 7 * LPF_INSN_BYTES);
	struct lpf_dbuf *cst = alloc(b, 32);
	struct lpf_dbuf *act = alloc(b, 128);
	const uint8_t *y = (const uint8_t *)act->host + 64;
	lpfpga_counters c;
	struct lpf_err err;
	uint32_t n = build_job(cmd, cst, act, 0);

	lpf_err_clear(&err);
	CU_ASSERT_EQUAL(ops->buf_sync(b, cmd, 0, cmd->size, 1, &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(run(b, cmd, n, cst->dev_addr, act->dev_addr, &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(ops->buf_sync(b, act, 64, 4, 0, &err), LPFPGA_OK);
	/* (3x + 10) / 2 for x = 1..4: 6.5 -> 6, 8, 9.5 -> 10, 11 */
	CU_ASSERT_EQUAL(y[0], 6);
	CU_ASSERT_EQUAL(y[1], 8);
	CU_ASSERT_EQUAL(y[2], 10);
	CU_ASSERT_EQUAL(y[3], 11);
	CU_ASSERT_EQUAL(ops->read_counters(b, 0, &c, &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(c.macs, 4);
	CU_ASSERT_EQUAL(c.dram_read_bytes, 16 + 1 + 4);
	CU_ASSERT_EQUAL(c.dram_write_bytes, 4);
	CU_ASSERT_EQUAL(c.jobs, 1);
	CU_ASSERT(c.busy_cycles > 0);
	ops->buf_free(b, cmd);
	ops->buf_free(b, cst);
	ops->buf_free(b, act);
	ops->close(b);
}

static void cpu_backend_dma_outside_buffers_is_a_device_error(void)
{
	struct lpf_bdev *b = open_dev();
	struct lpf_dbuf *cmd = alloc(b, 7 * LPF_INSN_BYTES);
	struct lpf_dbuf *cst = alloc(b, 32);
	struct lpf_dbuf *act = alloc(b, 128);
	struct lpf_job job = {.cmd_addr = act->dev_addr + 128, .n_insns = 1};
	struct lpf_err err;
	uint32_t n;

	/* the input row [125, 129) runs one byte past the 128-byte buffer */
	n = build_job(cmd, cst, act, 125);
	lpf_err_clear(&err);
	CU_ASSERT_EQUAL(run(b, cmd, n, cst->dev_addr, act->dev_addr, &err), LPFPGA_ERROR_DEVICE);
	CU_ASSERT_EQUAL(err.status, LPFPGA_ERROR_DEVICE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "DMA"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "instruction 2"));

	/* the same job within the buffer works on the same device afterwards */
	n = build_job(cmd, cst, act, 124);
	CU_ASSERT_EQUAL(run(b, cmd, n, cst->dev_addr, act->dev_addr, &err), LPFPGA_OK);

	/* a command stream outside every buffer cannot be fetched */
	lpf_err_clear(&err);
	CU_ASSERT_EQUAL(ops->submit(b, 0, &job, &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(ops->wait(b, 0, 1000, &err), LPFPGA_ERROR_DEVICE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "CMD_FETCH"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "instruction 0"));
	ops->close(b);
}

static void cpu_backend_devices_do_not_share_buffers(void)
{
	struct lpf_bdev *b1 = open_dev();
	struct lpf_bdev *b2 = open_dev();
	struct lpf_dbuf *cmd = alloc(b1, 7 * LPF_INSN_BYTES);
	struct lpf_dbuf *cst = alloc(b1, 32);
	struct lpf_dbuf *act = alloc(b1, 128);
	struct lpf_dbuf *cmd2 = alloc(b2, 7 * LPF_INSN_BYTES);
	struct lpf_dbuf *cst2 = alloc(b2, 32);
	struct lpf_err err;
	uint32_t n;

	/* device 2 runs its own stream and constants against device 1's activations */
	build_job(cmd2, cst2, act, 0);
	n = build_job(cmd, cst, act, 0);
	lpf_err_clear(&err);
	CU_ASSERT_EQUAL(run(b2, cmd2, n, cst2->dev_addr, act->dev_addr, &err),
			LPFPGA_ERROR_DEVICE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "DMA at instruction 2"));
	CU_ASSERT_EQUAL(run(b1, cmd, n, cst->dev_addr, act->dev_addr, &err), LPFPGA_OK);
	ops->close(b1);
	ops->close(b2);
}

static void cpu_backend_wait_without_job_is_rejected(void)
{
	struct lpf_bdev *b = open_dev();
	struct lpf_err err;

	lpf_err_clear(&err);
	CU_ASSERT_EQUAL(ops->wait(b, 0, 0, &err), LPFPGA_ERROR_INVALID_ARGUMENT);
	CU_ASSERT_NOT_EQUAL(err.msg[0], '\0');
	ops->close(b);
}

/* Three units: two side by side on their own activations, one failing on its own. */
static void cpu_backend_units_run_side_by_side(void)
{
	struct lpf_bdev *b;
	struct lpf_dbuf *cmd, *bad, *cst, *act[3];
	struct lpf_job job[3];
	struct lpf_caps caps;
	lpfpga_counters c;
	struct lpf_err err;
	uint32_t n;

	setenv("LPFPGA_THREADS", "3", 1);
	b = open_dev();
	unsetenv("LPFPGA_THREADS");
	lpf_err_clear(&err);
	CU_ASSERT_EQUAL(ops->caps(b, &caps, &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(caps.units, 3);
	cmd = alloc(b, 7 * LPF_INSN_BYTES);
	bad = alloc(b, 7 * LPF_INSN_BYTES);
	cst = alloc(b, 32);
	for (int u = 0; u < 3; u++)
		act[u] = alloc(b, 128);
	/* the third unit's input row runs past its buffer */
	build_job(bad, cst, act[2], 125);
	for (int u = 0; u < 2; u++)
		n = build_job(cmd, cst, act[u], 0);
	for (int u = 0; u < 3; u++) {
		job[u] = (struct lpf_job){.cmd_addr = (u < 2 ? cmd : bad)->dev_addr, .n_insns = n};
		job[u].seg_base[0] = cst->dev_addr;
		job[u].seg_base[1] = act[u]->dev_addr;
		CU_ASSERT_EQUAL(ops->submit(b, (unsigned)u, &job[u], &err), LPFPGA_OK);
	}
	CU_ASSERT_EQUAL(ops->submit(b, 1, &job[1], &err), LPFPGA_ERROR_INVALID_ARGUMENT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "already has a job"));
	CU_ASSERT_EQUAL(ops->submit(b, 3, &job[0], &err), LPFPGA_ERROR_INVALID_ARGUMENT);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "unit 3"));
	CU_ASSERT_EQUAL(ops->wait(b, 2, -1, &err), LPFPGA_ERROR_DEVICE);
	CU_ASSERT_PTR_NOT_NULL(strstr(err.msg, "DMA"));
	for (int u = 0; u < 2; u++) {
		const uint8_t *y = (const uint8_t *)act[u]->host + 64;

		CU_ASSERT_EQUAL(ops->wait(b, (unsigned)u, -1, &err), LPFPGA_OK);
		CU_ASSERT_EQUAL(ops->read_counters(b, (unsigned)u, &c, &err), LPFPGA_OK);
		CU_ASSERT_EQUAL(c.macs, 4);
		CU_ASSERT_EQUAL(y[0], 6);
		CU_ASSERT_EQUAL(y[1], 8);
		CU_ASSERT_EQUAL(y[2], 10);
		CU_ASSERT_EQUAL(y[3], 11);
	}
	/* each unit is idle again: the failed one runs the good job */
	CU_ASSERT_EQUAL(ops->wait(b, 2, -1, &err), LPFPGA_ERROR_INVALID_ARGUMENT);
	job[2].cmd_addr = cmd->dev_addr;
	n = build_job(cmd, cst, act[2], 0);
	CU_ASSERT_EQUAL(ops->submit(b, 2, &job[2], &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(ops->wait(b, 2, -1, &err), LPFPGA_OK);
	CU_ASSERT_EQUAL(((const uint8_t *)act[2]->host)[64 + 2], 10);
	ops->close(b);
}

static const struct lpf_test_case cases[] = {
	{"cpu_backend_table_entries", cpu_backend_table_entries},
	{"cpu_backend_caps_describe_the_fabric", cpu_backend_caps_describe_the_fabric},
	{"cpu_backend_buffers_are_aligned_zeroed_and_addressed_by_pointer",
	 cpu_backend_buffers_are_aligned_zeroed_and_addressed_by_pointer},
	{"cpu_backend_runs_a_job_and_counts", cpu_backend_runs_a_job_and_counts},
	{"cpu_backend_dma_outside_buffers_is_a_device_error",
	 cpu_backend_dma_outside_buffers_is_a_device_error},
	{"cpu_backend_devices_do_not_share_buffers", cpu_backend_devices_do_not_share_buffers},
	{"cpu_backend_wait_without_job_is_rejected", cpu_backend_wait_without_job_is_rejected},
	{"cpu_backend_units_run_side_by_side", cpu_backend_units_run_side_by_side},
	{NULL, NULL},
};

int main(void)
{
	return lpf_test_run("cpu_backend", cases);
}
