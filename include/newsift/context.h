/* newsift — what every stage is given: options, log sink, stop flag and
 * thread count, and the stage timers a driver keeps.
 *
 * A context is filled by the driver (ns_ctx_init) and read-only for the
 * stages.  Stages log only from the calling thread, outside their parallel
 * regions, and run every parallel region with ctx->threads threads (an
 * OpenMP num_threads clause): no stage changes process-wide state. */
#ifndef NEWSIFT_CONTEXT_H
#define NEWSIFT_CONTEXT_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include "common.h"
#include "options.h"

/* Progress of a stage: done of total items (total 0: not known yet).
 * Called from the calling thread, a few times per stage (per read batch,
 * at a stage's start and end), never per record. */
typedef void (*ns_progress_fn)(void *ud, const char *stage, uint64_t done, uint64_t total);

typedef struct {
	const ns_options *o;          /* checked options; outlive the context */
	ns_log_fn log;                /* NULL: no log */
	void *ud;                     /* the log's user data */
	volatile sig_atomic_t *stop;  /* non-zero asks the stages to stop (NULL: never) */
	int threads;                  /* threads of every parallel region (>= 1) */
	ns_progress_fn progress;      /* NULL: no progress reports */
	void *pud;                    /* the progress function's user data */
} ns_ctx;

/* Fill c: threads = o->threads, or the OpenMP default when that is 0. */
void ns_ctx_init(ns_ctx *c, const ns_options *o, ns_log_fn log, void *ud);

/* Log one formatted line (calling thread only). */
void ns_ctx_logf(const ns_ctx *c, ns_log_level lv, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* Report progress (calling thread only; nothing when c->progress is NULL). */
void ns_ctx_progress(const ns_ctx *c, const char *stage, uint64_t done, uint64_t total);

/* Has the caller asked the run to stop? */
int ns_ctx_stopped(const ns_ctx *c);

/* Seconds on a monotonic clock. */
double ns_now(void);

/* Log lines made where the log may not be called (inside a parallel
 * region), kept in order and handed to the log later by ns_logq_flush. */
typedef struct {
	struct ns_logq_line { char *msg; ns_log_level level; } *line;
	size_t n, cap;
	int nomem;       /* a line could not be kept */
} ns_logq;

/* Queue one formatted line. */
void ns_logq_addf(ns_logq *q, ns_log_level lv, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;
/* Log the queued lines in order through c and empty q; NS_ERR_NOMEM when a
 * line was lost. */
ns_status ns_logq_flush(ns_logq *q, const ns_ctx *c);
void ns_logq_free(ns_logq *q);

/* Stage timers, in report order. */
enum { NS_T_READ, NS_T_BOILER, NS_T_SHINGLE, NS_T_SKETCH, NS_T_LSH, NS_T_VERIFY, NS_T_CLUSTER,
       NS_T_STORIES, NS_T_SUMMARY, NS_T_WRITE, NS_T_COUNT };
extern const char *const ns_timer_names[NS_T_COUNT];

/* Steps of the story stage (inside its timer), in report order. */
enum { NS_TS_FREQ, NS_TS_VECTORS, NS_TS_EDGES, NS_TS_GROUPS, NS_TS_COUNT };
extern const char *const ns_story_step_names[NS_TS_COUNT];

/* Threads to use: wanted when positive, else the OpenMP default (the
 * options' threads as the stages take them). */
int ns_threads(int wanted);

/* Seconds spent in each stage, and in the story stage's steps; stages add
 * to it (NULL: not timed). */
typedef struct {
	double t[NS_T_COUNT];
	double story[NS_TS_COUNT];
} ns_times;

#endif
