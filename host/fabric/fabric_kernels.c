/* SPDX-License-Identifier: MIT */
/* How the fabric model computes on this host: kernel choice, CPU support, pool, DRAM map. */
#include <string.h>

#include "fabric/fabric_internal.h"

const struct lpf_fab_kernel_ops lpf_fab_portable_ops = {
	.conv = NULL,
	.requant = lpf_fab_requant_portable,
	.pool_first = false,
};

static const char *const kernel_names[LPF_FABRIC_KERNEL_COUNT] = {
	[LPF_FABRIC_KERNEL_PORTABLE] = "portable",
	[LPF_FABRIC_KERNEL_AVX2] = "avx2",
	[LPF_FABRIC_KERNEL_AVX512VNNI] = "avx512vnni",
};

const char *lpf_fabric_kernel_name(enum lpf_fabric_kernel k)
{
	return (unsigned)k < LPF_FABRIC_KERNEL_COUNT ? kernel_names[k] : "?";
}

int lpf_fabric_kernel_parse(const char *name, enum lpf_fabric_kernel *out)
{
	for (int k = 0; k < LPF_FABRIC_KERNEL_COUNT; k++) {
		if (name && !strcmp(name, kernel_names[k])) {
			*out = (enum lpf_fabric_kernel)k;
			return 0;
		}
	}
	return -1;
}

static const struct lpf_fab_kernel_ops *kernel_ops(enum lpf_fabric_kernel k)
{
	switch (k) {
	case LPF_FABRIC_KERNEL_PORTABLE:
		return &lpf_fab_portable_ops;
	case LPF_FABRIC_KERNEL_AVX2:
		return lpf_fab_avx2_ops;
	case LPF_FABRIC_KERNEL_AVX512VNNI:
		return lpf_fab_avx512_ops;
	default:
		return NULL;
	}
}

bool lpf_fabric_kernel_supported(enum lpf_fabric_kernel k)
{
	if (!kernel_ops(k))
		return false;
#if defined(__x86_64__) || defined(__i386__)
	__builtin_cpu_init();
	if (k == LPF_FABRIC_KERNEL_AVX2)
		return __builtin_cpu_supports("avx2");
	if (k == LPF_FABRIC_KERNEL_AVX512VNNI)
		return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
		       __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni");
#endif
	return k == LPF_FABRIC_KERNEL_PORTABLE;
}

enum lpf_fabric_kernel lpf_fabric_kernel_best(void)
{
	for (int k = LPF_FABRIC_KERNEL_COUNT - 1; k > 0; k--)
		if (lpf_fabric_kernel_supported((enum lpf_fabric_kernel)k))
			return (enum lpf_fabric_kernel)k;
	return LPF_FABRIC_KERNEL_PORTABLE;
}

int lpf_fabric_set_kernel(struct lpf_fabric *f, enum lpf_fabric_kernel k)
{
	if (!lpf_fabric_kernel_supported(k))
		return -1;
	f->kernel = k;
	f->ops = kernel_ops(k);
	return 0;
}

enum lpf_fabric_kernel lpf_fabric_get_kernel(const struct lpf_fabric *f)
{
	return f->kernel;
}

void lpf_fabric_set_pool(struct lpf_fabric *f, struct lpf_pool *pool)
{
	f->pool = pool;
}

void lpf_fabric_set_dram_map(struct lpf_fabric *f, lpf_dram_map_fn map)
{
	f->dram_map = map;
}
