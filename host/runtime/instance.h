/* SPDX-License-Identifier: MIT */
/* A model compiled for one batch size and placed in device memory. */
#ifndef LPF_INSTANCE_H
#define LPF_INSTANCE_H

#include "compiler/program.h"
#include "runtime/device.h"

struct lpf_instance {
	int batch;
	void *shape_values;             /* the int64 inputs it was specialised for, or NULL */
	size_t shape_size;
	uint64_t last_use;
	struct lpf_program *prog;
	struct lpf_dbuf *const_buf;     /* segment LPF_PROG_SEG_CONST, uploaded once */
	struct lpf_dbuf *arena_buf;     /* segment LPF_PROG_SEG_ARENA */
	struct lpf_dbuf *cmd_buf;       /* the encoded command stream */
	lpfpga_counters *layer_counters; /* per layer, from jobs that ran exactly one layer */
	unsigned char *layer_measured;
};

/* Compile g with opts and allocate and upload its buffers. */
lpfpga_status lpf_instance_create(struct lpfpga_device *dev, const struct lpf_graph *g,
				  const struct lpf_compile_opts *opts, struct lpf_instance *out,
				  struct lpf_err *err);
void lpf_instance_destroy(struct lpfpga_device *dev, struct lpf_instance *inst);

/* Host pointer of a program value inside the instance's buffers. */
void *lpf_instance_value_ptr(const struct lpf_instance *inst, int value);

/* Run every step of the program once; inputs must already be in the arena. */
lpfpga_status lpf_instance_run(struct lpfpga_device *dev, struct lpf_instance *inst,
			       lpfpga_counters *counters, struct lpf_err *err);

#endif
