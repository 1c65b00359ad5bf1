/* SPDX-License-Identifier: MIT */
/*
 * Driving a fabric through its register map (docs/registers.md): identity and
 * capabilities, job submission, the outcome of a job and the performance counters.
 * Shared by every backend that reaches the registers one word at a time.
 */
#ifndef LPF_REGS_H
#define LPF_REGS_H

#include <stdint.h>

#include "runtime/backend.h"

struct lpf_regs {
	/* 0, or -1 for a bus error on the register interface. */
	int (*rd)(void *ctx, uint32_t offset, uint32_t *value);
	int (*wr)(void *ctx, uint32_t offset, uint32_t value);
	void *ctx;
	const char *who;                /* "sim backend", for messages */
};

/* Spec name of an ERR_CODE value ("TOKEN_UNDERFLOW"), "UNKNOWN" otherwise. */
const char *lpf_fabric_err_name(uint32_t code);

lpfpga_status lpf_regs_caps(const struct lpf_regs *r, struct lpf_caps *caps, struct lpf_err *err);

/* Segment bases, command stream, interrupts enabled and cleared, then START. */
lpfpga_status lpf_regs_submit(const struct lpf_regs *r, const struct lpf_job *job,
			      struct lpf_err *err);

/*
 * The outcome of a job that has stopped: LPFPGA_OK for DONE, LPFPGA_ERROR_DEVICE
 * naming the spec error and instruction for ERROR, LPFPGA_ERROR_DEVICE if neither.
 */
lpfpga_status lpf_regs_outcome(const struct lpf_regs *r, struct lpf_err *err);

lpfpga_status lpf_regs_counters(const struct lpf_regs *r, lpfpga_counters *c,
				struct lpf_err *err);

#endif
