/* SPDX-License-Identifier: MIT */
/* Placing a compiled program in device memory and executing its steps in order. */
#include "runtime/instance.h"

#include <stdlib.h>
#include <string.h>

lpfpga_status lpf_instance_create(struct lpfpga_device *dev, const struct lpf_graph *g,
				  const struct lpf_compile_opts *opts, struct lpf_instance *out,
				  struct lpf_err *err)
{
	struct lpf_instance in = { .batch = opts->batch };
	int batch = opts->batch;
	lpfpga_status st;

	st = lpf_compile_opts(g, opts, &in.prog, err);
	if (st != LPFPGA_OK)
		return st;
	in.layer_counters = calloc((size_t)in.prog->n_layers + 1, sizeof(*in.layer_counters));
	in.layer_measured = calloc((size_t)in.prog->n_layers + 1, 1);
	if (!in.layer_counters || !in.layer_measured) {
		lpf_instance_destroy(dev, &in);
		return lpf_err_set(err, LPFPGA_ERROR_NO_MEMORY, "out of memory");
	}
	st = lpf_device_alloc(dev, in.prog->const_size, &in.const_buf, err);
	if (st == LPFPGA_OK)
		st = lpf_device_alloc(dev, in.prog->arena_size, &in.arena_buf, err);
	if (st == LPFPGA_OK)
		st = lpf_device_alloc(dev, (size_t)in.prog->n_insns * LPF_INSN_BYTES, &in.cmd_buf,
				      err);
	if (st != LPFPGA_OK) {
		lpf_err_prefix(err, "allocating device memory for batch %d", batch);
		lpf_instance_destroy(dev, &in);
		return st;
	}
	if (in.prog->const_size)
		memcpy(in.const_buf->host, in.prog->const_image, in.prog->const_size);
	if (in.prog->n_insns)
		memcpy(in.cmd_buf->host, in.prog->cmd, (size_t)in.prog->n_insns * LPF_INSN_BYTES);
	st = lpf_device_sync(dev, in.const_buf, 1, err);
	if (st == LPFPGA_OK)
		st = lpf_device_sync(dev, in.cmd_buf, 1, err);
	if (st != LPFPGA_OK) {
		lpf_instance_destroy(dev, &in);
		return st;
	}
	*out = in;
	return LPFPGA_OK;
}

void lpf_instance_destroy(struct lpfpga_device *dev, struct lpf_instance *inst)
{
	lpf_device_free(dev, inst->cmd_buf);
	lpf_device_free(dev, inst->arena_buf);
	lpf_device_free(dev, inst->const_buf);
	lpf_program_free(inst->prog);
	free(inst->shape_values);
	free(inst->layer_counters);
	free(inst->layer_measured);
	memset(inst, 0, sizeof(*inst));
}

void *lpf_instance_value_ptr(const struct lpf_instance *inst, int value)
{
	const struct lpf_value *v = &inst->prog->values[value];
	struct lpf_dbuf *b = v->seg == LPF_PROG_SEG_CONST ? inst->const_buf : inst->arena_buf;

	return (uint8_t *)b->host + v->off;
}

static void lpf_fill_hval(const struct lpf_instance *inst, int value, struct lpf_hval *h)
{
	const struct lpf_value *v;

	memset(h, 0, sizeof(*h));
	if (value < 0)
		return;
	v = &inst->prog->values[value];
	h->dtype = v->dtype;
	h->rank = v->rank;
	memcpy(h->dims, v->dims, sizeof(h->dims));
	h->data = lpf_instance_value_ptr(inst, value);
}

static lpfpga_status lpf_run_host_step(struct lpfpga_device *dev, struct lpf_instance *inst,
				       const struct lpf_step *s, struct lpf_err *err)
{
	struct lpf_hval in[LPF_STEP_MAX_IO], out[LPF_STEP_MAX_IO];
	lpfpga_status st;

	st = lpf_device_sync(dev, inst->arena_buf, 0, err);
	if (st != LPFPGA_OK)
		return st;
	for (int i = 0; i < s->n_in; i++)
		lpf_fill_hval(inst, s->in[i], &in[i]);
	for (int i = 0; i < s->n_out; i++)
		lpf_fill_hval(inst, s->out[i], &out[i]);
	st = s->fn(inst->prog, s, in, out, inst->cmd_buf->host, err);
	if (st != LPFPGA_OK) {
		if (s->node)
			lpf_err_prefix(err, "CPU fallback node '%s' (%s)", s->node->name,
				       s->node->op_type);
		return st;
	}
	st = lpf_device_sync(dev, inst->arena_buf, 1, err);
	if (st == LPFPGA_OK)
		st = lpf_device_sync(dev, inst->cmd_buf, 1, err);
	return st;
}

static void lpf_counters_add(lpfpga_counters *acc, const lpfpga_counters *c)
{
	acc->busy_cycles += c->busy_cycles;
	acc->macs += c->macs;
	acc->stall_cycles += c->stall_cycles;
	acc->dram_read_bytes += c->dram_read_bytes;
	acc->dram_write_bytes += c->dram_write_bytes;
	acc->jobs += c->jobs;
}

/* The step's parts run side by side, part p on compute unit p. */
static lpfpga_status lpf_run_fabric_step(struct lpfpga_device *dev, struct lpf_instance *inst,
					 const struct lpf_step *s, lpfpga_counters *counters,
					 struct lpf_err *err)
{
	struct lpf_job job[LPF_MAX_PARTS];
	lpfpga_counters c[LPF_MAX_PARTS], sum = { 0 };
	lpfpga_status st;

	for (int p = 0; p < s->n_parts; p++) {
		job[p] = (struct lpf_job){
			.cmd_addr = inst->cmd_buf->dev_addr +
				    (uint64_t)s->part_insn[p] * LPF_INSN_BYTES,
			.n_insns = s->part_insn[p + 1] - s->part_insn[p],
		};
		job[p].seg_base[LPF_PROG_SEG_CONST] = inst->const_buf->dev_addr;
		job[p].seg_base[LPF_PROG_SEG_ARENA] = inst->arena_buf->dev_addr;
	}
	st = lpf_device_run_jobs(dev, job, (unsigned)s->n_parts, c, err);
	if (st == LPFPGA_OK) {
		for (int p = 0; p < s->n_parts; p++)
			lpf_counters_add(&sum, &c[p]);
		lpf_counters_add(counters, &sum);
		if (s->layer_count == 1) {
			inst->layer_counters[s->layer_first] = sum;
			inst->layer_measured[s->layer_first] = 1;
		}
	}
	if (st != LPFPGA_OK && s->layer_count > 0) {
		const struct lpf_layer_info *l = &inst->prog->layers[s->layer_first];

		lpf_err_prefix(err, "fabric job for layer '%s' (%s)%s", l->name, l->op,
			       s->layer_count > 1 ? " and following layers" : "");
	}
	return st;
}

lpfpga_status lpf_instance_run(struct lpfpga_device *dev, struct lpf_instance *inst,
			       lpfpga_counters *counters, struct lpf_err *err)
{
	lpfpga_status st = lpf_device_sync(dev, inst->arena_buf, 1, err);

	for (int i = 0; st == LPFPGA_OK && i < inst->prog->n_steps; i++) {
		const struct lpf_step *s = &inst->prog->steps[i];

		if (s->kind == LPF_STEP_FABRIC)
			st = lpf_run_fabric_step(dev, inst, s, counters, err);
		else
			st = lpf_run_host_step(dev, inst, s, err);
	}
	if (st == LPFPGA_OK)
		st = lpf_device_sync(dev, inst->arena_buf, 0, err);
	return st;
}
