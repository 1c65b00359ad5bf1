/* SPDX-License-Identifier: MIT */
/*
 * The kernel thread pool. A job is published by bumping a generation counter; the
 * units are claimed through one 64-bit word holding (generation, next unit), so a
 * worker that wakes late can never claim a unit of a newer job with an older
 * job's function. Sleepers are counted so that the caller only takes the mutex
 * when somebody actually waits on the condition variable.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "fabric/fabric_pool.h"

/* Spin iterations (about 20-50 us) before a worker sleeps. */
#define POOL_SPIN 20000

struct lpf_pool {
	unsigned threads;
	pthread_t *tids;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	atomic_uint gen;
	atomic_uint sleepers;
	atomic_bool quit;
	atomic_uint_least64_t claim;    /* gen << 32 | next unit */
	atomic_uint finished;
	/* the job; atomic because a late worker may read them while the next is set up */
	_Atomic(lpf_pool_fn) fn;
	_Atomic(void *) ctx;
	atomic_uint n_units;
};

static void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
}

/* Run units of job gen until none is left. */
static void work(struct lpf_pool *p, unsigned gen, lpf_pool_fn fn, void *ctx, unsigned n)
{
	uint_least64_t v = atomic_load(&p->claim);

	for (;;) {
		unsigned unit = (unsigned)(v & 0xFFFFFFFFu);

		if ((unsigned)(v >> 32) != gen || unit >= n)
			return;
		if (!atomic_compare_exchange_weak(&p->claim, &v, v + 1))
			continue;
		fn(ctx, unit);
		atomic_fetch_add(&p->finished, 1);
		v = atomic_load(&p->claim);
	}
}

static unsigned wait_job(struct lpf_pool *p, unsigned seen)
{
	unsigned g;

	for (int i = 0; i < POOL_SPIN; i++) {
		g = atomic_load(&p->gen);
		if (g != seen || atomic_load(&p->quit))
			return g;
		cpu_relax();
	}
	pthread_mutex_lock(&p->lock);
	atomic_fetch_add(&p->sleepers, 1);
	while ((g = atomic_load(&p->gen)) == seen && !atomic_load(&p->quit))
		pthread_cond_wait(&p->wake, &p->lock);
	atomic_fetch_sub(&p->sleepers, 1);
	pthread_mutex_unlock(&p->lock);
	return g;
}

static void *worker(void *arg)
{
	struct lpf_pool *p = arg;
	unsigned seen = 0;

	for (;;) {
		seen = wait_job(p, seen);
		if (atomic_load(&p->quit))
			return NULL;
		work(p, seen, atomic_load(&p->fn), atomic_load(&p->ctx), atomic_load(&p->n_units));
	}
}

struct lpf_pool *lpf_pool_new(unsigned threads)
{
	struct lpf_pool *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->threads = threads ? threads : 1;
	p->tids = calloc(p->threads, sizeof(*p->tids));
	if (!p->tids) {
		free(p);
		return NULL;
	}
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->wake, NULL);
	for (unsigned i = 1; i < p->threads; i++) {
		if (pthread_create(&p->tids[i], NULL, worker, p)) {
			p->threads = i;
			lpf_pool_free(p);
			return NULL;
		}
	}
	return p;
}

void lpf_pool_free(struct lpf_pool *p)
{
	if (!p)
		return;
	pthread_mutex_lock(&p->lock);
	atomic_store(&p->quit, true);
	pthread_cond_broadcast(&p->wake);
	pthread_mutex_unlock(&p->lock);
	for (unsigned i = 1; i < p->threads; i++)
		pthread_join(p->tids[i], NULL);
	pthread_cond_destroy(&p->wake);
	pthread_mutex_destroy(&p->lock);
	free(p->tids);
	free(p);
}

unsigned lpf_pool_threads(const struct lpf_pool *p)
{
	return p ? p->threads : 1;
}

void lpf_pool_run(struct lpf_pool *p, unsigned n_units, lpf_pool_fn fn, void *ctx)
{
	unsigned gen;

	if (!p || p->threads == 1 || n_units == 1) {
		for (unsigned u = 0; u < n_units; u++)
			fn(ctx, u);
		return;
	}
	atomic_store(&p->fn, fn);
	atomic_store(&p->ctx, ctx);
	atomic_store(&p->n_units, n_units);
	atomic_store(&p->finished, 0);
	gen = atomic_load(&p->gen) + 1;
	atomic_store(&p->claim, (uint_least64_t)gen << 32);
	atomic_store(&p->gen, gen);
	if (atomic_load(&p->sleepers)) {
		pthread_mutex_lock(&p->lock);
		pthread_cond_broadcast(&p->wake);
		pthread_mutex_unlock(&p->lock);
	}
	work(p, gen, fn, ctx, n_units);
	while (atomic_load(&p->finished) != n_units)
		cpu_relax();
}
