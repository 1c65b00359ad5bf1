/* SPDX-License-Identifier: MIT */
/* Error reporting inside liblpfpga: a status plus a message saying what and where. */
#ifndef LPF_ERROR_H
#define LPF_ERROR_H

#include "lpfpga.h"

#define LPF_ERR_MSG_MAX 1024

struct lpf_err {
	lpfpga_status status;
	char msg[LPF_ERR_MSG_MAX];
};

/* Record st with a printf-style message in e (e may be NULL); returns st. */
lpfpga_status lpf_err_set(struct lpf_err *e, lpfpga_status st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Prefix the message already in e with "<prefix>: " (context from an outer layer). */
void lpf_err_prefix(struct lpf_err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

void lpf_err_clear(struct lpf_err *e);

#endif
