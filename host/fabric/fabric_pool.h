/* SPDX-License-Identifier: MIT */
/*
 * A small persistent thread pool for the fabric model's kernels: lpf_pool_run()
 * calls fn(ctx, unit) once for every unit in [0, n_units), spread over the pool's
 * workers and the calling thread, and returns when all have finished. Workers spin
 * briefly between jobs (a command stream issues many short CONVs back to back),
 * then sleep. One caller at a time.
 */
#ifndef LPF_FABRIC_POOL_H
#define LPF_FABRIC_POOL_H

struct lpf_pool;

typedef void (*lpf_pool_fn)(void *ctx, unsigned unit);

/* A pool of threads in total, the caller included (threads - 1 workers); NULL on failure. */
struct lpf_pool *lpf_pool_new(unsigned threads);
void lpf_pool_free(struct lpf_pool *p);

unsigned lpf_pool_threads(const struct lpf_pool *p);

void lpf_pool_run(struct lpf_pool *p, unsigned n_units, lpf_pool_fn fn, void *ctx);

#endif
