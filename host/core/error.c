/* SPDX-License-Identifier: MIT */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

lpfpga_status lpf_err_set(struct lpf_err *e, lpfpga_status st, const char *fmt, ...)
{
	va_list ap;

	if (!e)
		return st;
	e->status = st;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return st;
}

void lpf_err_prefix(struct lpf_err *e, const char *fmt, ...)
{
	char prefix[256];
	char old[LPF_ERR_MSG_MAX];
	va_list ap;
	size_t n;

	if (!e)
		return;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, e->msg, sizeof(old));
	/* The message is cut at LPF_ERR_MSG_MAX; the outer context comes first. */
	n = (size_t)snprintf(e->msg, sizeof(e->msg), "%s: ", prefix);
	if (n < sizeof(e->msg)) {
		size_t rest = strlen(old);

		if (rest > sizeof(e->msg) - 1 - n)
			rest = sizeof(e->msg) - 1 - n;
		memcpy(e->msg + n, old, rest);
		e->msg[n + rest] = '\0';
	}
}

void lpf_err_clear(struct lpf_err *e)
{
	if (!e)
		return;
	e->status = LPFPGA_OK;
	e->msg[0] = '\0';
}
