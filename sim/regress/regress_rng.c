/* SPDX-License-Identifier: MIT */
/* The runner's deterministic random numbers (splitmix64) and the test and bin names. */
#include "regress.h"

const char *const rg_test_names[RG_N_TESTS] = {
#define X(n) #n,
	RG_TESTS(X)
#undef X
};

const char *const rg_bin_names[RG_N_BINS] = {
#define X(n) #n,
	RG_BINS(X)
#undef X
};

uint64_t rg_next(struct rg_rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

uint32_t rg_range(struct rg_rng *r, uint32_t lo, uint32_t hi)
{
	return lo + (uint32_t)(rg_next(r) % ((uint64_t)hi - lo + 1));
}

int rg_chance(struct rg_rng *r, uint32_t percent)
{
	return rg_next(r) % 100 < percent;
}
