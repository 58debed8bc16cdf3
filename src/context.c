/* newsift — the stages' context: log, stop flag, threads, timers. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif
#include "internal.h"
#include "newsift/context.h"

const char *const ns_timer_names[NS_T_COUNT] = {
	"read_parse_clean", "boilerplate", "tokenize_shingle", "sketch", "lsh", "verify", "cluster",
	"stories", "summaries", "write",
};

const char *const ns_story_step_names[NS_TS_COUNT] = {"frequencies", "vectors", "candidates", "grouping"};

void ns_ctx_init(ns_ctx *c, const ns_options *o, ns_log_fn log, void *ud)
{
	memset(c, 0, sizeof(*c));
	c->o = o;
	c->log = log;
	c->ud = ud;
	c->threads = ns_threads(o->threads);
}

int ns_threads(int wanted)
{
	if (wanted > 0) return wanted;
#ifdef _OPENMP
	return omp_get_max_threads();
#else
	return 1;
#endif
}

double ns_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

void ns_ctx_logf(const ns_ctx *c, ns_log_level lv, const char *fmt, ...)
{
	if (!c->log) return;
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	c->log(c->ud, lv, msg);
}

void ns_ctx_progress(const ns_ctx *c, const char *stage, uint64_t done, uint64_t total)
{
	if (c->progress) c->progress(c->pud, stage, done, total);
}

int ns_ctx_stopped(const ns_ctx *c)
{
	return c->stop && *c->stop;
}

void ns_logq_addf(ns_logq *q, ns_log_level lv, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	char *m = strdup(msg);
	if (!m || ns_grow((void **)&q->line, &q->cap, q->n + 1, sizeof(*q->line))) {
		free(m);
		q->nomem = 1;
		return;
	}
	q->line[q->n].msg = m;
	q->line[q->n++].level = lv;
}

ns_status ns_logq_flush(ns_logq *q, const ns_ctx *c)
{
	for (size_t i = 0; i < q->n; i++) {
		if (c->log) c->log(c->ud, q->line[i].level, q->line[i].msg);
		free(q->line[i].msg);
	}
	q->n = 0;
	int nomem = q->nomem;
	q->nomem = 0;
	return nomem ? NS_ERR_NOMEM : NS_OK;
}

void ns_logq_free(ns_logq *q)
{
	for (size_t i = 0; i < q->n; i++) free(q->line[i].msg);
	free(q->line);
	memset(q, 0, sizeof(*q));
}
