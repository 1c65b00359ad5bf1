/* SPDX-License-Identifier: MIT */
/* The backend table and its names, built from backend_list.h. */
#include "runtime/backend.h"

#define X(name) extern const struct lpfpga_backend_ops lpf_##name##_backend;
#include "backends/backend_list.h"
#undef X

const struct lpfpga_backend_ops *const lpf_backends[] = {
#define X(name) &lpf_##name##_backend,
#include "backends/backend_list.h"
#undef X
	NULL,
};

LPFPGA_API const char *const *lpfpga_backend_names(void)
{
	static const char *const names[] = {
#define X(name) #name,
#include "backends/backend_list.h"
#undef X
		NULL,
	};

	return names;
}
