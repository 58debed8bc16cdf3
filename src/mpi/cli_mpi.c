/* newsift-mpi — the run spread over the processes of an MPI job (see
 * cli_mpi.h).  Messages between rank K and rank 0 carry tags of K (TAG).  The read
 * and the sketches: a header (its status, the stream's length, what it
 * met), then the stream in chunks of CHUNK bytes.  Without a history, the
 * band keys between all processes (MPI_Ialltoallv, see route_pairs), each
 * process's candidate pairs to rank 0, then rank 0's pairs to verify and
 * K's scores back.  The story vectors: rank 0's job for K, the document
 * frequencies counted by all processes together (rounds of
 * MPI_Ialltoallv, see dfs_round), then rank 0's go and K's stream of
 * weighed vectors, its last message tagged so.  Then K's stories to summarise and
 * its summaries.  Broadcasts: the plan, the boilerplate lines, the
 * documents to pair, the exit code.  A process takes part in every
 * exchange in this order even after a failure (rank 0 then sends NO_JOB or
 * NO_CAND), so that none waits for ever.  Only the main thread calls MPI. */
#include <errno.h>
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli_mpi.h"
#include "newsift/storyvec.h"
#include "spill.h"

#define CHUNK ((size_t)4 << 20)   /* bytes of a stream per message */
/* The tag of the messages between rank 0 and rank k of a kind: a stream's
 * messages (and rank 0's to k), the story vectors' messages, their last
 * one, and the failure that ends them instead.  Small, so that 8,000
 * processes stay under the 32,767 every MPI allows. */
enum { T_DATA, T_VDATA, T_VLAST, T_VFAIL, T_KINDS };
#define TAG(k, kind) ((k) * T_KINDS + (kind))
#define SPILL_BUF ((size_t)1 << 20)

static int g_rank, g_size;
static int g_synced; /* the plan's length was broadcast (every process takes part once) */
static int g_route;  /* no history: the band keys stay where they were made, and are routed */
static int g_cand_done; /* rank 0: the pairing's header went */
#define NO_READ UINT64_MAX        /* the plan's length when rank 0 stopped before reading */
#define NO_PLAN (UINT64_MAX - 1)  /* ...when it could not make the plan */
#define NO_LINES UINT64_MAX       /* the boilerplate lines' length when rank 0 stops after the read */
static char g_host[MPI_MAX_PROCESSOR_NAME];
static volatile sig_atomic_t *g_stop; /* set by a signal: stop waiting */

void cli_mpi_set_stop(volatile sig_atomic_t *flag)
{
	g_stop = flag;
}

static int all_go(ns_status st, int *mpi_ok);

static int stopped(void)
{
	return g_stop && *g_stop;
}

int cli_mpi_init(int *argc, char ***argv)
{
	int prov = 0;
	if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &prov) != MPI_SUCCESS) {
		fprintf(stderr, "newsift: MPI_Init failed\n");
		return -1;
	}
	/* a failure is reported by the process that meets it, then rank 0
	 * ends the run: MPI's errors are returned, not fatal at once */
	MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
	MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
	MPI_Comm_size(MPI_COMM_WORLD, &g_size);
	int len = 0;
	if (MPI_Get_processor_name(g_host, &len) != MPI_SUCCESS) snprintf(g_host, sizeof(g_host), "?");
	return 0;
}

int cli_mpi_rank(void) { return g_rank; }
int cli_mpi_size(void) { return g_size; }

/* Sleep *ns nanoseconds, then twice as long next time, up to 5 ms. */
static void nap(long *ns)
{
	struct timespec ts = {0, *ns};
	nanosleep(&ts, NULL);
	if (*ns < 5000000) *ns *= 2;
}

/* Wait for rq, sleeping between tests (a blocking MPI call would spin on
 * a core the working processes need).  Returns the MPI error code. */
static int wait_req(MPI_Request *rq, MPI_Status *stt)
{
	long ns = 20000;
	for (;;) {
		int done = 0, e = MPI_Test(rq, &done, stt ? stt : MPI_STATUS_IGNORE);
		if (e != MPI_SUCCESS || done) return e;
		if (stopped()) return MPI_ERR_OTHER; /* a signal (mpirun passes on SIGINT and SIGTERM): give up */
		nap(&ns);
	}
}

static int send_to(const void *p, int n, int dest, int tag)
{
	MPI_Request rq;
	int e = MPI_Isend(p, n, MPI_BYTE, dest, tag, MPI_COMM_WORLD, &rq);
	return e != MPI_SUCCESS ? e : wait_req(&rq, NULL);
}

/* To rank 0, a message of this process of a kind. */
static int send_wait(const void *p, int n, int kind)
{
	return send_to(p, n, 0, TAG(g_rank, kind));
}

/* A broadcast from rank 0, waited for as the others (MPI_Bcast would spin). */
static int bcast_wait(void *p, int n, MPI_Datatype type)
{
	MPI_Request rq;
	int e = MPI_Ibcast(p, n, type, 0, MPI_COMM_WORLD, &rq);
	return e != MPI_SUCCESS ? e : wait_req(&rq, NULL);
}

#define BCAST_CHUNK 65536
/* Where a process without memory for what rank 0 sends it takes the bytes
 * and drops them: the message has to be taken all the same. */
static char g_drop[BCAST_CHUNK];

/* Broadcast len bytes at p from rank 0, in chunks (p NULL: into g_drop). */
static int bcast_bytes(void *p, uint64_t len)
{
	for (uint64_t at = 0; at < len; at += BCAST_CHUNK) {
		int k = (int)(len - at < BCAST_CHUNK ? len - at : BCAST_CHUNK);
		int e = bcast_wait(p ? (char *)p + at : g_drop, k, MPI_BYTE);
		if (e != MPI_SUCCESS) return e;
	}
	return MPI_SUCCESS;
}

/* Receive from `from` with tag (MPI_ANY_TAG: any; *gottag gets it).  The
 * message is probed first (sleeping between probes): one longer than cap
 * is taken into a buffer of its own and dropped, MPI_ERR_TRUNCATE, so that
 * a sender's mistake cannot write past p. */
static int recv_tag(void *p, int cap, int from, int tag, int *got, int *gottag)
{
	MPI_Status stt;
	long ns = 20000;
	for (;;) {
		int found = 0, e = MPI_Iprobe(from, tag, MPI_COMM_WORLD, &found, &stt);
		if (e != MPI_SUCCESS) return e;
		if (found) break;
		if (stopped()) return MPI_ERR_OTHER;
		nap(&ns);
	}
	int n = 0, t = stt.MPI_TAG;
	MPI_Get_count(&stt, MPI_BYTE, &n);
	int over = n > cap;
	char *big = over ? malloc((size_t)n) : NULL;
	if (over && !big) return MPI_ERR_NO_MEM;
	MPI_Request rq;
	int e = MPI_Irecv(over ? big : p, over ? n : cap, MPI_BYTE, from, t, MPI_COMM_WORLD, &rq);
	if (e == MPI_SUCCESS) e = wait_req(&rq, &stt);
	free(big);
	if (e == MPI_SUCCESS && over) return MPI_ERR_TRUNCATE;
	if (e == MPI_SUCCESS && got) MPI_Get_count(&stt, MPI_BYTE, got);
	if (e == MPI_SUCCESS && gottag) *gottag = t;
	return e;
}

static int recv_wait(void *p, int cap, int from, int *got)
{
	return recv_tag(p, cap, from, TAG(from, T_DATA), got, NULL);
}

/* What a part sends before its stream. */
typedef struct {
	int64_t status;      /* NS_OK, or why the part failed (msg) */
	uint64_t len;        /* bytes of the stream that follow */
	uint64_t units, in_bytes;
	double seconds;      /* reading (and packing) */
	char msg[1024];      /* a failure: "on HOST: CAUSE" */
} part_head;

static ns_status spill_sink(void *ud, const void *p, size_t n)
{
	return ns_spill_write(ud, p, n);
}

/* The units and input bytes of this process's part. */
static void part_size(const ns_ingest_plan *plan, part_head *h)
{
	memset(h, 0, sizeof(*h));
	for (size_t u = 0; u < ns_ingest_plan_units(plan); u++)
		if (ns_ingest_plan_part(plan, u) == (uint32_t)g_rank) {
			h->units++;
			h->in_bytes += ns_ingest_plan_bytes(plan, u);
		}
}

/* What a part sends, made into a spill file: its packed records
 * (keeping them in its store too) or its sketches. */
enum { PHASE_READ, PHASE_SKETCH };

/* h's status st and, when it failed, its message: err, or what failed in a
 * temporary file (spill_err, or the store's), or st's meaning. */
static void part_failed(ns_run *r, const ns_options *o, ns_status st, int spill_err, const char *err, part_head *h)
{
	h->status = st;
	if (!st) return;
	int e = spill_err ? spill_err : ns_docs_errno(ns_run_docs(r));
	if (err && err[0])
		snprintf(h->msg, sizeof(h->msg), "on %s: %s", g_host, err);
	else if (e)
		snprintf(h->msg, sizeof(h->msg), "on %s: temporary file in %s: %s", g_host,
		         o->tmp_dir ? o->tmp_dir : ns_spill_default_dir(), strerror(e));
	else
		snprintf(h->msg, sizeof(h->msg), "on %s: %s", g_host, ns_strerror(st));
}

/* Make this process's stream of the phase into a spill file; *h says how
 * it went. */
static void make_part(ns_run *r, const ns_options *o, const ns_ingest_plan *plan, int phase, ns_spill *sp, part_head *h)
{
	if (phase == PHASE_READ) part_size(plan, h);
	else memset(h, 0, sizeof(*h));
	double t0 = MPI_Wtime();
	char err[768] = "";
	ns_status st = ns_spill_open(sp, o->tmp_dir, SPILL_BUF);
	if (!st && phase == PHASE_READ) st = ns_run_pack(r, plan, (uint32_t)g_rank, 1, spill_sink, sp, err, sizeof(err));
	if (!st && phase == PHASE_SKETCH) st = ns_run_sketch_pack(r, g_route, spill_sink, sp);
	if (!st) st = ns_spill_flush(sp);
	h->len = st ? 0 : sp->size;
	h->seconds = MPI_Wtime() - t0;
	part_failed(r, o, st, sp->err, err, h);
}

/* Send the header h, then the stream in sp (h->len bytes). */
static ns_status send_part(ns_spill *sp, part_head *h, cli_log *ls)
{
	int e = send_wait(h, (int)sizeof(*h), T_DATA);
	char *buf = h->status || e != MPI_SUCCESS ? NULL : malloc(CHUNK);
	for (uint64_t at = 0; buf && at < h->len;) {
		size_t k = (size_t)(h->len - at < CHUNK ? h->len - at : CHUNK);
		if (ns_spill_read(sp, at, buf, k)) {
			/* the header promised the stream: the rest comes as zeros,
			 * which the merge refuses */
			memset(buf, 0, k);
			cli_msg(ls, NS_LOG_ERROR, "temporary file: %s", strerror(sp->err ? sp->err : EIO));
			h->status = NS_ERR_IO;
		}
		if (send_wait(buf, (int)k, T_DATA) != MPI_SUCCESS) break;
		at += k;
	}
	free(buf);
	ns_spill_close(sp);
	return h->status ? (ns_status)h->status : e != MPI_SUCCESS ? NS_ERR_IO : NS_OK;
}

/* Rank 0's reading of the streams, part by part. */
typedef struct {
	const ns_ingest_plan *plan;
	ns_run *r;
	int phase;
	size_t *base;         /* PHASE_READ: each part's first document */
	cli_log *ls;
	int part;             /* the part being read (g_size: all done) */
	int have_head;
	part_head h;
	uint64_t at;          /* bytes of its stream taken */
	uint64_t total;       /* stream bytes of all parts */
	double t0;            /* when the read began */
	int logged0;          /* rank 0's own part is read and logged */
} source;

static void log_part(source *s, int k)
{
	if (s->phase == PHASE_SKETCH)
		cli_msg(s->ls, NS_LOG_INFO, "part %d: %llu sketch bytes, %.3f s to sketch", k, (unsigned long long)s->h.len,
		        s->h.seconds);
	else
		cli_msg(s->ls, NS_LOG_INFO, "part %d: %llu units, %llu input bytes, %llu stream bytes, %.3f s to read", k,
	        (unsigned long long)s->h.units, (unsigned long long)s->h.in_bytes, (unsigned long long)s->h.len, s->h.seconds);
}

static long next_bytes(void *ud, void *buf, size_t cap)
{
	source *s = ud;
	if (!s->logged0 && s->phase == PHASE_READ) {
		/* called first when rank 0's own part is in the store */
		part_size(s->plan, &s->h);
		s->h.seconds = MPI_Wtime() - s->t0;
		log_part(s, 0);
		s->logged0 = 1;
	}
	while (s->part < g_size) {
		if (!s->have_head) {
			if (recv_wait(&s->h, (int)sizeof(s->h), s->part, NULL) != MPI_SUCCESS) {
				if (stopped()) return NS_ERR_INTERRUPTED;
				cli_msg(s->ls, NS_LOG_ERROR, "rank %d: no answer (MPI error)", s->part);
				return NS_ERR_IO;
			}
			s->have_head = 1;
			s->at = 0;
			if (s->h.status) {
				cli_msg(s->ls, NS_LOG_ERROR, "rank %d %s", s->part, s->h.msg);
				s->part++; /* its stream will not come */
				s->have_head = 0;
				return s->h.status < 0 ? (long)s->h.status : NS_ERR_IO;
			}
			log_part(s, s->part);
			s->total += s->h.len;
			/* the parts before it are in the store */
			if (s->base) s->base[s->part] = ns_docs_count(ns_run_docs(s->r));
		}
		if (s->at < s->h.len) {
			int got = 0;
			if (recv_wait(buf, (int)(cap < CHUNK ? cap : CHUNK), s->part, &got) != MPI_SUCCESS || got <= 0) {
				if (stopped()) return NS_ERR_INTERRUPTED;
				cli_msg(s->ls, NS_LOG_ERROR, "rank %d: its stream was cut (MPI error)", s->part);
				return NS_ERR_IO;
			}
			s->at += (uint64_t)got;
			return got;
		}
		s->part++;
		s->have_head = 0;
	}
	return 0;
}

/* After a failure on rank 0: take (and drop) what the parts not read yet
 * still send, so that none of them waits for ever. */
static void drain(source *s)
{
	char *buf = malloc(CHUNK);
	for (; s->part < g_size && buf; s->part++, s->have_head = 0) {
		if (!s->have_head && recv_wait(&s->h, (int)sizeof(s->h), s->part, NULL) != MPI_SUCCESS) continue;
		if (!s->have_head) s->at = 0;
		for (int got = 0; s->h.status == 0 && s->at < s->h.len; s->at += (uint64_t)got)
			if (recv_wait(buf, (int)CHUNK, s->part, &got) != MPI_SUCCESS || got <= 0) break;
	}
	free(buf);
}

/* ---- the story stage's vectors ----
 *
 * After the sketches, rank 0 owes each process one message: NO_JOB, or the
 * length of its job and then the job in BCAST_CHUNK pieces (the number of
 * kept articles, the process's documents whose count vectors the story
 * stage needs, in article order, whether each is stripped of the story
 * shared lines, their article numbers, and those lines).  The process
 * makes the vectors (ns_run_story_counts) into a spill file and counts the
 * document frequencies with the others (see df_spread).  A process that
 * got a job then waits for the second pass (T_VDATA): NO_JOB, or rank 0's
 * go (the articles and max_df), with which it weighs and encodes the same
 * vectors, read back from its spill file (ns_run_story_vectors), and sends
 * them in messages of about SEND_AT bytes (T_VDATA), the last one
 * T_VLAST, so that rank 0 can drain what it does not need. */
#define NO_JOB UINT64_MAX
#define SEND_AT ((size_t)1 << 20)

/* The vectors go to a spill file as they are made, and from it to rank 0
 * one message at a time, without waiting: rank 0 takes a process's vectors
 * only when its first pass reaches their window, and the process makes the
 * rest meanwhile. */
typedef struct {
	ns_spill sp;     /* the stream made so far */
	uint64_t sent;   /* its bytes sent, or being sent */
	MPI_Request rq;  /* the message being sent (MPI_REQUEST_NULL: none) */
	char *buf;       /* its bytes (CHUNK) */
	int err, done;   /* a send or the spill failed; the last message is sent */
	int kind;        /* T_DATA or T_VDATA; the last message kind + 1 */
} counts_out;

/* Send what waits in co->sp, one message in flight at a time.  Without
 * last: start a message only when the one before is done and SEND_AT
 * bytes wait.  With last: everything, waiting for each message, the last
 * one (perhaps empty) tagged so. */
static ns_status counts_pump(counts_out *co, int last)
{
	while (!co->err) {
		if (co->rq != MPI_REQUEST_NULL) {
			int fin = 0;
			if (last) fin = wait_req(&co->rq, NULL) == MPI_SUCCESS;
			else if (MPI_Test(&co->rq, &fin, MPI_STATUS_IGNORE) != MPI_SUCCESS) co->err = 1;
			if (co->err || (last && !fin)) { co->err = 1; break; }
			if (!fin) return NS_OK;
		}
		if (co->done) return NS_OK;
		uint64_t wait = co->sp.size - co->sent;
		if (!last && wait < SEND_AT) return NS_OK;
		size_t k = (size_t)(wait < CHUNK ? wait : CHUNK);
		int fin = last && co->sent + k == co->sp.size;
		if (k && (ns_spill_flush(&co->sp) || ns_spill_read(&co->sp, co->sent, co->buf, k))) { co->err = 1; break; }
		if (MPI_Isend(co->buf, (int)k, MPI_BYTE, 0, TAG(g_rank, co->kind + fin), MPI_COMM_WORLD, &co->rq) !=
		    MPI_SUCCESS) {
			co->err = 1;
			break;
		}
		co->sent += k;
		co->done = fin;
	}
	return NS_ERR_IO;
}

static ns_status counts_sink(void *ud, const void *p, size_t n)
{
	counts_out *co = ud;
	if (co->err || ns_spill_write(&co->sp, p, n)) { co->err = 1; return NS_ERR_IO; }
	return counts_pump(co, 0);
}

/* Start a stream of a kind: NS_ERR_NOMEM, NS_ERR_IO (the spill file). */
static ns_status out_open(counts_out *co, const ns_options *o, int kind)
{
	memset(co, 0, sizeof(*co));
	co->rq = MPI_REQUEST_NULL;
	co->kind = kind;
	if (!(co->buf = malloc(CHUNK))) return NS_ERR_NOMEM;
	if (ns_spill_open(&co->sp, o->tmp_dir, SPILL_BUF)) { co->err = 1; return NS_ERR_IO; }
	return NS_OK;
}

/* End the stream: all of it sent; or after a failure (st, or in sending
 * it), why, in a message of its own (T_VFAIL: an i64 status, then "on
 * HOST: CAUSE"), which ends it wherever it stopped.  st, or NS_ERR_IO. */
static ns_status out_end(counts_out *co, ns_run *r, const ns_options *o, ns_status st)
{
	if (!st && (co->err || counts_pump(co, 1))) st = NS_ERR_IO;
	if (!st) return NS_OK;
	if (co->rq != MPI_REQUEST_NULL) wait_req(&co->rq, NULL);
	part_head h;
	part_failed(r, o, st, co->sp.err, NULL, &h);
	int64_t s64 = st;
	ns_buf x = {0};
	if (ns_buf_put(&x, &s64, 8) || ns_buf_put(&x, h.msg, strlen(h.msg))) x.len = 0;
	send_wait(x.len ? x.p : (void *)&s64, x.len ? (int)x.len : 8, T_VFAIL);
	ns_buf_free(&x);
	return st;
}

static void out_close(counts_out *co)
{
	ns_spill_close(&co->sp);
	free(co->buf);
	co->buf = NULL;
}

/* A message from `from` with tag, sent by send_msg: its length (NO_JOB:
 * none) into *len and its bytes into *p (malloc'd; NULL when out of
 * memory, the bytes taken and dropped). */
static ns_status recv_msg(int from, int tag, uint64_t *len, unsigned char **p)
{
	*p = NULL;
	if (recv_tag(len, (int)sizeof(*len), from, tag, NULL, NULL) != MPI_SUCCESS)
		return stopped() ? NS_ERR_INTERRUPTED : NS_ERR_IO;
	if (*len == NO_JOB) return NS_OK;
	unsigned char *job = malloc(*len ? *len : 1);
	for (uint64_t at = 0; at < *len; at += BCAST_CHUNK) {
		int k = (int)(*len - at < BCAST_CHUNK ? *len - at : BCAST_CHUNK);
		if (recv_tag(job ? job + at : (unsigned char *)g_drop, k, from, tag, NULL, NULL) != MPI_SUCCESS) {
			free(job);
			return stopped() ? NS_ERR_INTERRUPTED : NS_ERR_IO;
		}
	}
	*p = job;
	return job ? NS_OK : NS_ERR_NOMEM;
}

/* To process dest a message with tag: its length (NO_JOB: none), then its
 * bytes in BCAST_CHUNK pieces. */
static int send_msg(int dest, int tag, const void *p, uint64_t len)
{
	int e = send_to(&len, (int)sizeof(len), dest, tag);
	for (uint64_t at = 0; e == MPI_SUCCESS && len != NO_JOB && at < len; at += BCAST_CHUNK)
		e = send_to((const char *)p + at, (int)(len - at < BCAST_CHUNK ? len - at : BCAST_CHUNK), dest, tag);
	return e;
}

/* To process k rank 0's message of a kind. */
static int send_job(int k, int kind, const void *p, uint64_t len)
{
	return send_msg(k, TAG(k, kind), p, len);
}

/* Rank 0's message of a kind to this process. */
static ns_status recv_job(int kind, uint64_t *len, unsigned char **p)
{
	return recv_msg(0, TAG(g_rank, kind), len, p);
}

/* ---- the document frequencies, counted by every process together ----
 *
 * The counter's blocks (by the terms' top bits, ns_story_df_block_bits)
 * are cut into one consecutive range a process.  Every process that has
 * kept articles in its store makes their count vectors; rank 0's story
 * stage gives its own a window at a time (ns_story_remote.count), the
 * others make theirs from their job (counts_part).  Each writes the terms
 * of its articles to a spill file as they come (records: u32 article, u32
 * terms, the terms' hashes), so that no process waits for another while
 * they are made: a process's articles are mostly one run of the article
 * order, and counting as they come would make the processes take turns.
 * Once all are made, the articles go in rounds of DF_ROUND, in article
 * order: each round every process reads its records of the round back and
 * sends every other, with MPI_Ialltoallv, the terms in that process's
 * blocks (the same records), after the same all_go checks as the band
 * keys'.  Each process counts
 * what it received in article order with a counter of its blocks only, so
 * its counts are the whole counter's for those blocks
 * (ns_story_df_create_blocks).  At the end each says how it went
 * (MPI_Allgather of a step_state; a failure with its message, which rank
 * 0 logs), the counters are finished with rank 0's max_df and their saves
 * gathered everywhere (MPI_Iallgatherv) and joined in rank order, which is
 * block order (ns_story_df_join): newsift's frequencies, byte for byte. */
#define DF_ROUND 4096

typedef struct {
	int64_t status;   /* NS_OK, or this process's failure (msg) */
	int64_t max_df;   /* rank 0's */
	uint64_t len;     /* its counter's save */
	uint64_t sent;    /* term bytes it sent the others */
	char msg[480];
} step_state;

typedef struct {
	size_t m, nround, round;
	ns_spill sp;       /* this process's records, in article order */
	uint64_t at;       /* ...read back so far */
	uint32_t head[2];  /* ...the next one's head (head[1] 0: none read yet) */
	int have_head;
	ns_buf rec;        /* ...one record's terms */
	unsigned bits;
	uint32_t *bstart;  /* process k's blocks: [bstart[k], bstart[k + 1]) */
	int *bown;         /* each block's process */
	ns_story_df *df;   /* this process's blocks (NULL: it has none) */
	ns_buf *out;       /* per process: this round's records for it */
	uint32_t *cnt;     /* per process: an article's terms for it */
	ns_buf sb, rb;
	int *cn;           /* send counts and displacements, the same received */
	ns_termvec *v;     /* a round's articles */
	ns_term *t;
	size_t tcap;
	ns_status st;      /* this process's failure */
	int stopped;       /* the rounds stopped: a failure somewhere */
	int mpi_ok, threads;
	uint64_t sent, recv_terms;
	double secs;
	int spill_err;     /* the failure was its spill file's */
} df_spread;

static void dfs_free(df_spread *d)
{
	ns_spill_close(&d->sp);
	ns_story_df_destroy(d->df);
	for (int k = 0; d->out && k < g_size; k++) ns_buf_free(&d->out[k]);
	free(d->out);
	free(d->cnt);
	free(d->bstart);
	free(d->bown);
	free(d->cn);
	free(d->v);
	free(d->t);
	ns_buf_free(&d->sb);
	ns_buf_free(&d->rb);
	ns_buf_free(&d->rec);
	memset(d, 0, sizeof(*d));
}

/* Ready to count m articles; a failure is kept in d->st (and said at the
 * first round). */
static void dfs_init(df_spread *d, size_t m, int threads, const char *tmp_dir)
{
	memset(d, 0, sizeof(*d));
	d->sp.fd = -1;
	if (ns_spill_open(&d->sp, tmp_dir, SPILL_BUF)) {
		d->spill_err = d->sp.err;
		d->st = NS_ERR_IO;
	}
	d->m = m;
	d->nround = (m + DF_ROUND - 1) / DF_ROUND;
	d->bits = ns_story_df_block_bits(m);
	d->mpi_ok = 1;
	d->threads = threads;
	uint32_t nb = ns_story_df_blocks(m);
	d->bstart = malloc(((size_t)g_size + 1) * sizeof(uint32_t));
	d->bown = malloc(nb * sizeof(int));
	d->out = calloc((size_t)g_size, sizeof(ns_buf));
	d->cnt = calloc((size_t)g_size, sizeof(uint32_t));
	d->cn = calloc((size_t)g_size * 4, sizeof(int));
	d->v = calloc(DF_ROUND, sizeof(ns_termvec));
	if (!d->bstart || !d->bown || !d->out || !d->cnt || !d->cn || !d->v) {
		if (!d->st) d->st = NS_ERR_NOMEM;
		return;
	}
	for (int k = 0; k <= g_size; k++) d->bstart[k] = (uint32_t)((uint64_t)nb * (uint64_t)k / (uint64_t)g_size);
	for (int k = 0; k < g_size; k++)
		for (uint32_t b = d->bstart[k]; b < d->bstart[k + 1]; b++) d->bown[b] = k;
	uint32_t b0 = d->bstart[g_rank], b1 = d->bstart[g_rank + 1];
	if (b0 < b1 && ns_story_df_create_blocks(&d->df, m, b0, b1)) d->st = NS_ERR_NOMEM;
}

static int dfs_owner(const df_spread *d, uint64_t t)
{
	return d->bown[d->bits ? (size_t)(t >> (64 - d->bits)) : 0];
}

/* Article i's terms (sorted, distinct; articles in ascending order) into
 * this process's records. */
static void dfs_add(df_spread *d, size_t i, const ns_termvec *v)
{
	if (d->st || !v->n) return;
	uint32_t head[2] = {(uint32_t)i, v->n};
	d->rec.len = 0;
	int bad = ns_buf_reserve(&d->rec, 8 + (size_t)v->n * 8) != NS_OK;
	if (!bad) {
		ns_buf_put(&d->rec, head, 8);
		for (uint32_t j = 0; j < v->n; j++) memcpy(d->rec.p + 8 + (size_t)j * 8, &v->t[j].term, 8);
		bad = ns_spill_write(&d->sp, d->rec.p, 8 + (size_t)v->n * 8) != NS_OK;
	}
	if (bad && !d->sp.err) {
		d->st = NS_ERR_NOMEM;
	} else if (bad) {
		d->spill_err = d->sp.err;
		d->st = NS_ERR_IO;
	}
}

/* This process's records of the articles before `end`, read back from its
 * spill file into the records of their owners. */
static void dfs_bin(df_spread *d, size_t end)
{
	int N = g_size;
	while (!d->st) {
		if (!d->have_head) {
			if (d->at == d->sp.size) return;
			if (d->sp.size - d->at < 8) break;
			if (ns_spill_read(&d->sp, d->at, d->head, 8)) {
				d->spill_err = d->sp.err;
				d->st = NS_ERR_IO;
				return;
			}
			d->at += 8;
			d->have_head = 1;
		}
		if (d->head[0] >= end) return;
		d->have_head = 0;
		uint32_t n = d->head[1];
		if ((uint64_t)n * 8 > d->sp.size - d->at) break;
		d->rec.len = 0;
		if (ns_buf_reserve(&d->rec, (size_t)n * 8)) {
			d->st = NS_ERR_NOMEM;
			return;
		}
		if (ns_spill_read(&d->sp, d->at, d->rec.p, (size_t)n * 8)) {
			d->spill_err = d->sp.err;
			d->st = NS_ERR_IO;
			return;
		}
		d->at += (uint64_t)n * 8;
		const uint64_t *t = (const uint64_t *)(void *)d->rec.p;
		memset(d->cnt, 0, (size_t)N * sizeof(uint32_t));
		for (uint32_t j = 0; j < n; j++) d->cnt[dfs_owner(d, t[j])]++;
		for (int k = 0; k < N; k++) {
			if (!d->cnt[k]) continue;
			uint32_t head[2] = {d->head[0], d->cnt[k]};
			if (ns_buf_reserve(&d->out[k], d->out[k].len + 8 + (size_t)d->cnt[k] * 8) ||
			    ns_buf_put(&d->out[k], head, 8)) {
				d->st = NS_ERR_NOMEM;
				return;
			}
		}
		for (uint32_t j = 0; j < n; j++) {
			ns_buf *o = &d->out[dfs_owner(d, t[j])];
			memcpy(o->p + o->len, &t[j], 8);
			o->len += 8;
		}
	}
	if (!d->st) d->st = NS_ERR_FORMAT; /* its own spill file cut short */
}

/* The records of one sender for round r0 .. r0 + rn into d->v (the
 * terms' places counted first: pass 0, then filled: pass 1).
 * NS_ERR_FORMAT when they are not such records. */
static ns_status dfs_parse(df_spread *d, const unsigned char *p, size_t len, size_t r0, size_t rn, size_t *at, int pass)
{
	size_t pos = 0;
	int64_t last = -1;
	while (pos < len) {
		uint32_t head[2];
		if (len - pos < 8) return NS_ERR_FORMAT;
		memcpy(head, p + pos, 8);
		pos += 8;
		if (head[0] < r0 || head[0] - r0 >= rn || (int64_t)head[0] <= last || !head[1] ||
		    head[1] > (len - pos) / 8)
			return NS_ERR_FORMAT;
		last = head[0];
		ns_termvec *v = &d->v[head[0] - r0];
		if (pass == 0) {
			if (v->n) return NS_ERR_FORMAT; /* an article from two processes */
			v->n = head[1];
		} else {
			v->t = d->t + *at;
			uint64_t prev = 0;
			for (uint32_t j = 0; j < head[1]; j++) {
				uint64_t t;
				memcpy(&t, p + pos + (size_t)j * 8, 8);
				if ((j && t <= prev) || dfs_owner(d, t) != g_rank) return NS_ERR_FORMAT;
				d->t[*at + j].term = prev = t;
				d->t[*at + j].w = 0;
			}
			*at += head[1];
		}
		pos += (size_t)head[1] * 8;
	}
	return NS_OK;
}

/* One exchange between all processes (MPI_Ialltoallv of elements of
 * type dt, size bytes each): cn[k] elements of sb to process k, from
 * cn[g_size + k]; what comes here into *rb, its counts and displacements
 * into cn[2 g_size ..] and cn[3 g_size ..].  Every process first says
 * whether it can go on (all_go with *st), and again once it has room for
 * what comes (*st: NS_ERR_MEMORY past what one message may hold,
 * NS_ERR_NOMEM): after a failure anywhere all stop together.  1 when the
 * exchange took place; 0 when all stopped (*mpi_ok cleared when MPI
 * itself failed). */
static int exchange(const void *sb, int *cn, MPI_Datatype dt, size_t size, ns_status *st, ns_buf *rb, int *mpi_ok)
{
	int N = g_size, *rc = cn + 2 * N, *rd = cn + 3 * N;
	MPI_Request rq;
	if (!all_go(*st, mpi_ok)) return 0;
	if (MPI_Ialltoall(cn, 1, MPI_INT, rc, 1, MPI_INT, MPI_COMM_WORLD, &rq) != MPI_SUCCESS ||
	    wait_req(&rq, NULL) != MPI_SUCCESS) {
		*mpi_ok = 0;
		return 0;
	}
	size_t total = 0;
	for (int k = 0; k < N; k++) {
		rd[k] = (int)total;
		total += (size_t)rc[k];
	}
	if (total > (size_t)INT32_MAX) *st = NS_ERR_MEMORY;
	if (!*st && ns_buf_reserve(rb, total * size + 1)) *st = NS_ERR_NOMEM;
	if (!all_go(*st, mpi_ok)) return 0;
	if (MPI_Ialltoallv(sb, cn, cn + N, dt, rb->p, rc, rd, dt, MPI_COMM_WORLD, &rq) != MPI_SUCCESS ||
	    wait_req(&rq, NULL) != MPI_SUCCESS) {
		*mpi_ok = 0;
		return 0;
	}
	rb->len = total * size;
	return 1;
}

/* One round: every process's records exchanged and counted.  Every
 * process takes part until one fails: then all stop (d->stopped). */
static void dfs_round(df_spread *d)
{
	int N = g_size, *cn = d->cn, *rc = cn + 2 * N, *rd = cn + 3 * N;
	double t0 = MPI_Wtime();
	dfs_bin(d, (d->round + 1) * DF_ROUND);
	size_t total = 0;
	for (int k = 0; k < N; k++) total += d->out[k].len;
	if (!d->st && total > (size_t)INT32_MAX) d->st = NS_ERR_MEMORY; /* past what one MPI message may hold */
	d->sb.len = 0;
	if (!d->st && ns_buf_reserve(&d->sb, total + 1)) d->st = NS_ERR_NOMEM;
	for (int k = 0; !d->st && k < N; k++) {
		cn[k] = (int)d->out[k].len;
		cn[N + k] = (int)d->sb.len;
		ns_buf_put(&d->sb, d->out[k].p, d->out[k].len);
		if (k != g_rank) d->sent += d->out[k].len;
		d->out[k].len = 0;
	}
	if (!exchange(d->sb.p, cn, MPI_BYTE, 1, &d->st, &d->rb, &d->mpi_ok)) {
		d->stopped = 1;
		return;
	}
	/* the round's articles, each from the process whose store has it */
	size_t r0 = d->round * DF_ROUND, rn = d->m - r0 < DF_ROUND ? d->m - r0 : DF_ROUND, nt = 0, at = 0;
	d->round++;
	memset(d->v, 0, rn * sizeof(ns_termvec));
	for (int k = 0; k < N && !d->st; k++)
		d->st = dfs_parse(d, (const unsigned char *)d->rb.p + rd[k], (size_t)rc[k], r0, rn, NULL, 0);
	for (size_t i = 0; i < rn; i++) nt += d->v[i].n;
	if (!d->st && nt && !d->df) d->st = NS_ERR_FORMAT; /* terms for a process without blocks */
	if (!d->st && nt + 1 > d->tcap) {
		ns_term *t = realloc(d->t, 2 * (nt + 1) * sizeof(ns_term));
		if (t) {
			d->t = t;
			d->tcap = 2 * (nt + 1);
		} else {
			d->st = NS_ERR_NOMEM;
		}
	}
	for (int k = 0; k < N && !d->st; k++)
		d->st = dfs_parse(d, (const unsigned char *)d->rb.p + rd[k], (size_t)rc[k], r0, rn, &at, 1);
	d->recv_terms += nt;
	if (!d->st && d->df && ns_story_df_add(d->df, d->v, rn, d->threads)) d->st = NS_ERR_NOMEM;
	d->secs += MPI_Wtime() - t0;
	/* a failure here is said at the next round's check, or at the end */
}

/* How every process ended a step, into all[] (g_size of them): me's
 * status (with its message, made here when it failed: file_err, what
 * failed in a temporary file) and the rest as set.  *other: the first
 * other process that failed (its status on rank 0, which logs why;
 * NS_ERR_IO elsewhere).  NS_OK, or why this process could not take part. */
static ns_status step_states(ns_run *r, const ns_options *o, step_state *me, int file_err, step_state *all,
                             ns_status *other, cli_log *ls)
{
	*other = NS_OK;
	if (me->status) {
		part_head h;
		part_failed(r, o, (ns_status)me->status, file_err, NULL, &h);
		snprintf(me->msg, sizeof(me->msg), "%.*s", (int)sizeof(me->msg) - 1, h.msg);
	}
	MPI_Request rq;
	if (MPI_Iallgather(me, (int)sizeof(*me), MPI_BYTE, all, (int)sizeof(*me), MPI_BYTE, MPI_COMM_WORLD, &rq) !=
	        MPI_SUCCESS ||
	    wait_req(&rq, NULL) != MPI_SUCCESS)
		return stopped() ? NS_ERR_INTERRUPTED : NS_ERR_IO;
	for (int k = 0; k < g_size; k++) {
		if (!all[k].status || k == g_rank) continue;
		if (!*other) *other = g_rank == 0 ? (all[k].status < 0 ? (ns_status)all[k].status : NS_ERR_IO) : NS_ERR_IO;
		if (g_rank == 0) cli_msg(ls, NS_LOG_ERROR, "rank %d %.*s", k, (int)sizeof(all[k].msg), all[k].msg);
	}
	return NS_OK;
}

/* The end of the count: the rounds left, how every process went (rank 0
 * logs the others' failures), the counters finished and their saves
 * joined into *joined.  *max_df: rank 0's, given to all.  NS_OK;
 * this process's failure; a failure elsewhere (NS_ERR_IO, or its status
 * on rank 0). */
static ns_status dfs_end(df_spread *d, ns_run *r, const ns_options *o, uint32_t *max_df, ns_buf *joined, cli_log *ls)
{
	if (!d->st && ns_spill_flush(&d->sp)) {
		d->spill_err = d->sp.err;
		d->st = NS_ERR_IO;
	}
	while (!d->stopped && d->round < d->nround) dfs_round(d);
	if (!d->mpi_ok) return stopped() ? NS_ERR_INTERRUPTED : NS_ERR_IO;
	int N = g_size;
	step_state mine, *all = calloc((size_t)N, sizeof(step_state));
	ns_buf save = {0}, *parts = NULL;
	ns_status other = NS_OK;
	for (int step = 0; step < 2; step++) {
		memset(&mine, 0, sizeof(mine));
		mine.status = d->st;
		mine.max_df = *max_df;
		mine.sent = d->sent;
		if (step == 1) mine.len = save.len;
		/* out of memory for the states: as MPI's failure, this process cannot take part */
		ns_status sst = all ? step_states(r, o, &mine, d->spill_err, all, &other, ls) : NS_ERR_NOMEM;
		if (sst) {
			free(all);
			ns_buf_free(&save);
			return sst;
		}
		if (d->st || other) break;
		if (step == 0) {
			/* every round done everywhere: the counters finished */
			*max_df = (uint32_t)all[0].max_df;
			if (d->df && (ns_story_df_finish(d->df, *max_df, d->threads) || ns_story_df_save(d->df, &save)))
				d->st = NS_ERR_NOMEM;
		}
	}
	uint64_t gathered = 0;
	int *cnt = NULL, *dsp = NULL;
	if (!d->st && !other) {
		for (int k = 0; k < N; k++) gathered += all[k].len;
		/* every process knows the lengths, so all decide alike */
		if (gathered > (uint64_t)INT32_MAX) d->st = NS_ERR_MEMORY;
		cnt = calloc((size_t)N, sizeof(int));
		dsp = calloc((size_t)N, sizeof(int));
		parts = calloc((size_t)N, sizeof(ns_buf));
	}
	ns_buf all_saves = {0};
	ns_status got = NS_OK;
	if (!d->st && !other && (!cnt || !dsp || !parts || ns_buf_reserve(&all_saves, (size_t)gathered + 1)))
		got = NS_ERR_NOMEM;
	/* whether each can take the saves: one more check */
	if (!d->st && !other && !all_go(got, &d->mpi_ok)) {
		if (got) d->st = got;
		else other = NS_ERR_IO;
		if (!got && g_rank == 0) cli_msg(ls, NS_LOG_ERROR, "document frequencies: a process had no memory for the counts");
	}
	if (!d->st && !other) {
		uint64_t off = 0;
		for (int k = 0; k < N; k++) {
			cnt[k] = (int)all[k].len;
			dsp[k] = (int)off;
			off += all[k].len;
		}
		MPI_Request rq;
		if (MPI_Iallgatherv(save.p, (int)save.len, MPI_BYTE, all_saves.p, cnt, dsp, MPI_BYTE, MPI_COMM_WORLD, &rq) !=
		        MPI_SUCCESS ||
		    wait_req(&rq, NULL) != MPI_SUCCESS) {
			d->mpi_ok = 0;
			other = stopped() ? NS_ERR_INTERRUPTED : NS_ERR_IO;
		}
	}
	if (!d->st && !other) {
		/* the processes with blocks, in rank order: block order */
		size_t np = 0;
		for (int k = 0; k < N; k++)
			if (d->bstart[k] < d->bstart[k + 1])
				parts[np++] = (ns_buf){.p = all_saves.p + dsp[k], .len = (size_t)cnt[k]};
		joined->len = 0;
		d->st = ns_story_df_join(parts, np, joined);
		if (d->st == NS_ERR_FORMAT && g_rank == 0) cli_msg(ls, NS_LOG_ERROR, "document frequencies: the processes' counts do not join");
	}
	if (g_rank == 0 && !d->st && !other) {
		uint64_t sent = 0;
		for (int k = 0; k < N; k++) sent += all[k].sent;
		cli_msg(ls, NS_LOG_INFO, "frequencies of %zu articles counted by %d processes: %llu term bytes exchanged, %.3f s here",
		        d->m, N, (unsigned long long)sent, d->secs);
	} else if (!d->st && !other) {
		cli_msg(ls, NS_LOG_DEBUG, "frequencies: %llu term bytes sent, %llu terms counted, %.3f s", (unsigned long long)d->sent,
		        (unsigned long long)d->recv_terms, d->secs);
	}
	ns_buf_free(&all_saves);
	ns_buf_free(&save);
	free(parts);
	free(cnt);
	free(dsp);
	free(all);
	return d->st ? d->st : other;
}

/* The first pass's stream, read back from its spill file. */
typedef struct {
	ns_spill *sp;
	uint64_t at;
} spill_src;

static long spill_read_src(void *ud, void *buf, size_t cap)
{
	spill_src *s = ud;
	uint64_t left = s->sp->size - s->at;
	size_t k = (size_t)(left < cap ? left : cap);
	if (k && ns_spill_read(s->sp, s->at, buf, k)) return NS_ERR_IO;
	s->at += k;
	return (long)k;
}

/* The second pass on a process: rank 0's go (the articles and max_df),
 * then the vectors of the first pass (in the spill file sp1) weighed with
 * the frequencies counted together (df, joined), encoded and sent; after
 * a failure here (st0), that failure instead. */
static ns_status vectors_part(ns_run *r, const ns_options *o, ns_spill *sp1, const ns_buf *df, ns_status st0,
                              ns_spill *keep, int *went, cli_log *ls)
{
	uint64_t len = 0;
	unsigned char *blob = NULL;
	*went = 0;
	ns_status st = recv_job(T_VDATA, &len, &blob);
	if (st == NS_ERR_INTERRUPTED || st == NS_ERR_IO || (!st && len == NO_JOB)) return st0 ? st0 : st;
	*went = 1;
	/* u64 articles, u32 max_df */
	uint64_t m = 0;
	uint32_t max_df = 0;
	if (!st && len != 12) st = NS_ERR_FORMAT;
	if (!st) {
		memcpy(&m, blob, 8);
		memcpy(&max_df, blob + 8, 4);
	}
	if (!st) st = st0;
	counts_out co;
	double t0 = MPI_Wtime();
	ns_status ost = out_open(&co, o, T_VDATA);
	if (!st) st = ost;
	spill_src src = {sp1, 0};
	if (!st) st = ns_run_story_vectors(r, df->p, df->len, (size_t)m, max_df, spill_read_src, &src, counts_sink, &co);
	double made = MPI_Wtime() - t0;
	st = out_end(&co, r, o, st);
	if (!st) cli_msg(ls, NS_LOG_DEBUG, "story vectors weighed in %.3f s, sent in %.3f s", made, MPI_Wtime() - t0);
	/* the stream stays for the candidates' postings */
	*keep = co.sp;
	memset(&co.sp, 0, sizeof(co.sp));
	co.sp.fd = -1;
	out_close(&co);
	free(blob);
	return st;
}

/* The first pass's count vectors as they are made: their terms into the
 * frequencies' records, their stream into the spill file for the second
 * pass. */
typedef struct {
	ns_spill sp;
	df_spread *d;
	const uint32_t *art;  /* each vector's article, ascending */
	size_t n;
} counts_in;

static ns_status counts_in_each(void *ud, size_t k0, const ns_termvec *v, size_t k1)
{
	counts_in *s = ud;
	for (size_t k = 0; k < k1 && k0 + k < s->n; k++) dfs_add(s->d, s->art[k0 + k], &v[k]);
	return s->d->st;
}

static ns_status counts_in_sink(void *ud, const void *p, size_t len)
{
	counts_in *s = ud;
	df_spread *d = s->d;
	if (!d->st && ns_spill_write(&s->sp, p, len)) {
		d->spill_err = s->sp.err ? s->sp.err : EIO;
		d->st = NS_ERR_IO;
	}
	return d->st;
}

/* ---- the story candidates, found by all processes together ----
 *
 * After the second pass rank 0 owes each process that got its go one more
 * message: NO_JOB, or the candidates' go (u64 articles, u32 terms, u32
 * min_shared, u32 max_posting).  Every process then sends the postings of
 * its articles' flagged terms (term << 32 | article, 8 bytes each) to the
 * process that owns the term (term * P / terms), each makes the pairs of
 * its terms' lists (ns_story_list_pairs) and sends each pair to the
 * process that owns its first article (article * P / articles), each
 * keeps the pairs found in min_shared lists or more
 * (ns_story_pairs_shared), all say how it went (step_states), and rank 0
 * gathers the pairs in rank order: newsift's candidates, ascending. */

/* v[0..n) to their owners (own(v, ctx)), *out (malloc'd) what came here;
 * every process says first whether it can go on (all_go), so that all stop
 * together (*halt).  *sent: the bytes sent the others. */
static ns_status route_u64(const uint64_t *v, size_t n, int (*own)(uint64_t, uint64_t), uint64_t ctx, ns_status st,
                           int *halt, int *mpi_ok, uint64_t **out, size_t *nout, uint64_t *sent)
{
	int N = g_size;
	int *cn = calloc((size_t)N * 4, sizeof(int));
	size_t *at = calloc((size_t)N + 1, sizeof(size_t));
	uint64_t *sb = malloc((n ? n : 1) * sizeof(uint64_t));
	*out = NULL;
	*nout = 0;
	if (!st && (!cn || !at || !sb)) st = NS_ERR_NOMEM;
	if (!st && n > (size_t)INT32_MAX) st = NS_ERR_MEMORY; /* past what one MPI message may hold */
	for (size_t k = 0; k < n && !st; k++) {
		int o = own(v[k], ctx);
		if (o < 0 || o >= N) st = NS_ERR_FORMAT; /* a term or an article past the run's */
	}
	if (!st) {
		for (size_t k = 0; k < n; k++) at[own(v[k], ctx) + 1]++;
		for (int k = 0; k < N; k++) {
			cn[k] = (int)at[k + 1];
			at[k + 1] += at[k];
			cn[N + k] = (int)at[k];
		}
		for (size_t k = 0; k < n; k++) sb[at[own(v[k], ctx)]++] = v[k];
		for (int k = 0; k < N; k++) *sent += k == g_rank ? 0 : (uint64_t)cn[k] * 8;
	}
	ns_buf rb = {0};
	if (!cn) {
		all_go(st, mpi_ok); /* out of memory: said to the others, who stop too */
		*halt = 1;
	} else if (exchange(sb, cn, MPI_UINT64_T, sizeof(uint64_t), &st, &rb, mpi_ok)) {
		*out = (uint64_t *)(void *)rb.p; /* malloc'd: aligned for any type */
		*nout = rb.len / sizeof(uint64_t);
	} else {
		*halt = 1;
	}
	if (*halt) ns_buf_free(&rb);
	free(cn);
	free(at);
	free(sb);
	return st;
}

static int term_owner(uint64_t v, uint64_t nterms)
{
	return (int)((v >> 32) * (uint64_t)g_size / (nterms ? nterms : 1));
}

static int pair_owner(uint64_t v, uint64_t m)
{
	return (int)((v >> 32) * (uint64_t)g_size / (m ? m : 1));
}

/* This process's part of the candidates (st: its failure so far): its
 * postings post[0..np) in; on rank 0 every candidate into *c (*nc).  Its
 * own failure, or another's (rank 0 logs it and returns its status; the
 * others NS_ERR_IO). */
static ns_status link_exchange(ns_run *r, const ns_options *o, ns_status st, const uint64_t *post, size_t np,
                               uint64_t m, uint32_t nterms, uint32_t min_shared, uint32_t max_posting, uint64_t **c,
                               size_t *nc, cli_log *ls)
{
	int halt = 0, mpi_ok = 1, N = g_size;
	uint64_t *mine = NULL, *pairs = NULL, sent = 0;
	size_t nm = 0, npairs = 0, pcap = 0, keep = 0;
	double t0 = MPI_Wtime();
	*c = NULL;
	*nc = 0;
	st = route_u64(post, np, term_owner, nterms, st, &halt, &mpi_ok, &mine, &nm, &sent);
	if (!halt && !st) st = ns_story_list_pairs(mine, nm, max_posting, &pairs, &npairs, &pcap);
	free(mine);
	mine = NULL;
	if (!halt) st = route_u64(pairs, npairs, pair_owner, m, st, &halt, &mpi_ok, &mine, &nm, &sent);
	free(pairs);
	if (!halt && !st) keep = ns_story_pairs_shared(mine, nm, min_shared);
	if (!mpi_ok) {
		free(mine);
		return stopped() ? NS_ERR_INTERRUPTED : NS_ERR_IO;
	}
	/* how every process went */
	step_state me, *all = calloc((size_t)N, sizeof(step_state));
	memset(&me, 0, sizeof(me));
	me.status = st;
	me.len = keep;
	me.sent = sent;
	ns_status other = NS_OK;
	ns_status sst = all ? step_states(r, o, &me, 0, all, &other, ls) : NS_ERR_NOMEM;
	if (sst) {
		free(all);
		free(mine);
		return sst;
	}
	uint64_t total = 0, exchanged = 0;
	for (int k = 0; k < N; k++) {
		total += all[k].len;
		exchanged += all[k].sent;
	}
	if (st || other || total > (uint64_t)INT32_MAX) {
		if (!st && !other) st = NS_ERR_MEMORY; /* every process decides alike */
		free(all);
		free(mine);
		return st ? st : other;
	}
	/* the candidates to rank 0, in rank order */
	int *cnt = NULL, *dsp = NULL;
	uint64_t *got = NULL;
	if (g_rank == 0) {
		cnt = calloc((size_t)N, sizeof(int));
		dsp = calloc((size_t)N, sizeof(int));
		got = malloc((total ? total : 1) * sizeof(uint64_t));
		for (int k = 0, off = 0; cnt && dsp && k < N; k++) {
			cnt[k] = (int)all[k].len;
			dsp[k] = off;
			off += cnt[k];
		}
	}
	ns_status gst = g_rank == 0 && (!cnt || !dsp || !got) ? NS_ERR_NOMEM : NS_OK;
	MPI_Request rq;
	if (!all_go(gst, &mpi_ok)) {
		st = gst ? gst : mpi_ok ? NS_ERR_IO : (stopped() ? NS_ERR_INTERRUPTED : NS_ERR_IO);
	} else if (MPI_Igatherv(mine, (int)keep, MPI_UINT64_T, got, cnt, dsp, MPI_UINT64_T, 0, MPI_COMM_WORLD, &rq) !=
	               MPI_SUCCESS ||
	           wait_req(&rq, NULL) != MPI_SUCCESS) {
		st = stopped() ? NS_ERR_INTERRUPTED : NS_ERR_IO;
	} else if (g_rank == 0) {
		*c = got;
		*nc = (size_t)total;
		got = NULL;
		cli_msg(ls, NS_LOG_INFO, "story candidates of %llu articles found by %d processes: %llu bytes exchanged, %.3f s",
		        (unsigned long long)m, N, (unsigned long long)exchanged, MPI_Wtime() - t0);
	} else {
		cli_msg(ls, NS_LOG_DEBUG, "story candidates: %zu postings and %zu pairs here, %zu candidates, %.3f s", np, nm,
		        keep, MPI_Wtime() - t0);
	}
	free(got);
	free(cnt);
	free(dsp);
	free(all);
	free(mine);
	return st;
}

/* A process that got the second pass's go: the candidates' message, then
 * its part of them, with the postings of the vectors it sent (in the
 * spill file wsp, of articles art[0..n)). */
static ns_status link_part(ns_run *r, const ns_options *o, ns_spill *wsp, const uint32_t *art, size_t n,
                           ns_status st0, cli_log *ls)
{
	uint64_t len = 0;
	unsigned char *go = NULL;
	ns_status st = recv_job(T_DATA, &len, &go);
	if (st == NS_ERR_INTERRUPTED || st == NS_ERR_IO || (!st && len == NO_JOB)) return st0 ? st0 : st;
	uint64_t m = 0;
	uint32_t nterms = 0, min_shared = 0, max_posting = 0;
	if (!st && len != 20) st = NS_ERR_FORMAT;
	if (!st) {
		memcpy(&m, go, 8);
		memcpy(&nterms, go + 8, 4);
		memcpy(&min_shared, go + 12, 4);
		memcpy(&max_posting, go + 16, 4);
	}
	free(go);
	if (!st) st = st0;
	/* the postings of this process's vectors, read back */
	uint64_t *post = NULL;
	size_t np = 0, pcap = 0, k = 0;
	ns_story_counts_reader *rd = NULL;
	char *buf = st ? NULL : malloc(CHUNK);
	if (!st && (!buf || ns_story_counts_reader_create(&rd))) st = NS_ERR_NOMEM;
	if (!st && ns_spill_flush(wsp)) st = NS_ERR_IO;
	spill_src src = {wsp, 0};
	while (!st) {
		uint8_t *enc, lang;
		size_t elen;
		float scale;
		if (ns_story_counts_reader_take_vec(rd, &enc, &elen, &scale, &lang)) {
			if (k >= n || art[k] >= m) st = NS_ERR_FORMAT;
			else st = ns_story_vec_postings(enc, elen, art[k++], &post, &np, &pcap);
			free(enc);
			continue;
		}
		long got = spill_read_src(&src, buf, CHUNK);
		if (got < 0) st = (ns_status)got;
		else if (got == 0) break;
		else st = ns_story_counts_reader_feed(rd, buf, (size_t)got);
	}
	if (!st && k != n) st = NS_ERR_FORMAT;
	free(buf);
	ns_story_counts_reader_destroy(rd);
	uint64_t *c = NULL;
	size_t nc = 0;
	st = link_exchange(r, o, st, post, np, m, nterms, min_shared, max_posting, &c, &nc, ls);
	free(c);
	free(post);
	return st;
}

/* A process other than rank 0: take its job, make the count vectors,
 * count the frequencies with the others; then the second pass. */
static ns_status counts_part(ns_run *r, const ns_options *o, cli_log *ls)
{
	uint64_t len = 0;
	unsigned char *job = NULL;
	ns_status st = recv_job(T_DATA, &len, &job);
	if (st == NS_ERR_INTERRUPTED || st == NS_ERR_IO || (!st && len == NO_JOB)) return st;
	/* u64 articles m, u64 n, n u32 documents, n u8 strip flags, n u32
	 * articles, u64 lines, their keys (u64) */
	uint64_t m = 0, n = 0, nsl = 0;
	if (!st && len >= 8) memcpy(&m, job, 8);
	if (!st) {
		memcpy(&n, job + 8, len >= 16 ? 8 : 0);
		if (len < 24 || n > (len - 24) / 9) st = NS_ERR_FORMAT;
		else memcpy(&nsl, job + 16 + n * 9, 8);
		if (!st && nsl != (len - 24 - n * 9) / 8) st = NS_ERR_FORMAT;
	}
	uint32_t *doc = st ? NULL : malloc((n ? n : 1) * sizeof(uint32_t));
	uint32_t *art = st ? NULL : malloc((n ? n : 1) * sizeof(uint32_t));
	ns_boiler_line *sl = st ? NULL : calloc(nsl ? nsl : 1, sizeof(ns_boiler_line));
	if (!st && (!doc || !art || !sl)) st = NS_ERR_NOMEM;
	if (!st) {
		memcpy(doc, job + 16, n * 4);
		memcpy(art, job + 16 + n * 5, n * 4);
		for (uint64_t q = 0; q < nsl; q++) memcpy(&sl[q].key, job + 24 + n * 9 + q * 8, 8);
		for (uint64_t q = 0; q < n && !st; q++)
			if (art[q] >= m || (q && art[q] <= art[q - 1])) st = NS_ERR_FORMAT;
	}
	/* every process that got a job takes part in the count's rounds, even
	 * after a failure here (then all stop at the first) */
	df_spread d;
	dfs_init(&d, (size_t)m, ns_threads(o->threads), o->tmp_dir);
	if (st && !d.st) d.st = st;
	counts_in s = {.d = &d, .art = art, .n = (size_t)n};
	double t0 = MPI_Wtime();
	if (!d.st && ns_spill_open(&s.sp, o->tmp_dir, SPILL_BUF)) {
		d.spill_err = s.sp.err;
		d.st = NS_ERR_IO;
	}
	if (!d.st) st = ns_run_story_counts(r, doc, job + 16 + n * 4, n, sl, nsl, counts_in_each, counts_in_sink, &s);
	if (!st && !d.st && ns_spill_flush(&s.sp)) {
		d.spill_err = s.sp.err;
		st = NS_ERR_IO;
	}
	if (st && !d.st && !d.stopped) d.st = st;
	double made = MPI_Wtime() - t0;
	uint32_t max_df = 0;
	ns_buf joined = {0};
	st = dfs_end(&d, r, o, &max_df, &joined, ls);
	if (!st) cli_msg(ls, NS_LOG_DEBUG, "count vectors of %llu articles made in %.3f s, counted with the others' in %.3f s",
	                 (unsigned long long)n, made, MPI_Wtime() - t0);
	dfs_free(&d);
	free(doc);
	free(sl);
	free(job);
	/* rank 0 owes a process that got a job the second pass's message, and
	 * one that got the second pass's go the candidates' */
	ns_spill wsp = {.fd = -1};
	int went = 0;
	st = vectors_part(r, o, &s.sp, &joined, st, &wsp, &went, ls);
	ns_spill_close(&s.sp);
	ns_buf_free(&joined);
	if (went) st = link_part(r, o, &wsp, art, (size_t)n, st, ls);
	ns_spill_close(&wsp);
	free(art);
	return st;
}

/* ---- a process's answers to rank 0 ----
 *
 * The pairs, the scores and the summaries come back the same way: one
 * message (send_msg, T_DATA) of an i64 status, then the payload, or after
 * a failure why ("on HOST: CAUSE"). */

/* Send the answer in b (its first 8 bytes left for the status, the
 * payload after them) or, st set, the failure instead.  MPI's code. */
static int send_answer(ns_run *r, const ns_options *o, ns_status st, int file_err, ns_buf *b)
{
	int64_t head = st;
	if (st) {
		part_head h;
		part_failed(r, o, st, file_err, NULL, &h);
		b->len = 0;
		if (ns_buf_put(b, &head, 8) || ns_buf_put(b, h.msg, strlen(h.msg))) b->len = 0;
	} else if (b->len >= 8) {
		memcpy(b->p, &head, 8);
	} else {
		head = NS_ERR_NOMEM; /* no room for the answer: its failure alone */
		b->len = 0;
	}
	return send_msg(0, TAG(g_rank, T_DATA), b->len ? b->p : (void *)&head, b->len ? b->len : 8);
}

/* Rank 0: process k's answer into *m (malloc'd, *len bytes, the payload
 * from *m + 8).  Its failure (logged "rank K on HOST: CAUSE"), NS_ERR_IO
 * (logged) when it did not come, NS_ERR_FORMAT when it is not an answer. */
static ns_status take_answer(cli_log *ls, int k, uint64_t *len, unsigned char **m)
{
	ns_status st = recv_msg(k, TAG(k, T_DATA), len, m);
	if (st == NS_ERR_IO) cli_msg(ls, NS_LOG_ERROR, "rank %d: no answer (MPI error)", k);
	if (!st && (*len == NO_JOB || *len < 8)) st = NS_ERR_FORMAT;
	int64_t failed = 0;
	if (!st) memcpy(&failed, *m, 8);
	if (!st && failed) {
		cli_msg(ls, NS_LOG_ERROR, "rank %d %.*s", k, (int)(*len - 8 < 1024 ? *len - 8 : 1024), (const char *)*m + 8);
		st = failed < 0 ? (ns_status)failed : NS_ERR_IO;
	}
	return st;
}

/* Rank 0 after a failure: process k's answer still owed, taken and dropped. */
static void drop_answer(int k)
{
	uint64_t len;
	unsigned char *m = NULL;
	recv_msg(k, TAG(k, T_DATA), &len, &m);
	free(m);
}

/* ---- the candidate pairs ----
 *
 * Without a history each process keeps its band keys in its own band files
 * (ns_run_sketch_pack with own bands), numbered from its first document.
 * Rank 0's dedup stage broadcasts the run's document count (NO_CAND: it
 * stopped before), each part's first document and which documents are to
 * be paired (a bit each).  Every process then routes, ROUTE_BANDS bands a
 * round, the entries of its documents to be paired to the process that
 * owns their key (key_owner), with MPI_Ialltoallv: to each process, a
 * count (u32) per band of the round, then the entries (NS_BAND_ENTRY
 * bytes) band by band.  A bucket is a key's entries, so each owner has
 * whole buckets and pairs each band as newsift does (ns_lsh_band_pairs).
 * At the end each process sends rank 0 (T_DATA) an i64 status, then the
 * bytes it routed (u64) and its pairs sorted and unique, or after a
 * failure why; rank 0 merges them.  The union is newsift's pairs. */
#define NO_CAND UINT64_MAX
#define ROUTE_BANDS 8


static int key_owner(uint64_t key)
{
	return (int)((key >> 32) % (uint64_t)g_size);
}

/* Merge the sorted unique pairs q[0..nq) into *all (*na, capacity *cap). */
static ns_status merge_pairs(ns_pair **all, size_t *na, size_t *cap, const ns_pair *q, size_t nq)
{
	ns_pair *t = malloc((*na + nq + 1) * sizeof(ns_pair));
	if (!t) return NS_ERR_NOMEM;
	*na = ns_pairs_merge(*all, *na, q, nq, t);
	free(*all);
	*all = t;
	*cap = *na + nq + 1;
	return NS_OK;
}

/* Whether every process can go on (none has failed): a reduction all
 * take part in.  *mpi_ok is cleared when it fails. */
static int all_go(ns_status st, int *mpi_ok)
{
	int go = st == NS_OK, all = 0;
	MPI_Request rq;
	if (MPI_Iallreduce(&go, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD, &rq) != MPI_SUCCESS ||
	    wait_req(&rq, NULL) != MPI_SUCCESS) {
		*mpi_ok = 0;
		return 0;
	}
	return all;
}

/* This process's share of the pairing: the entries of own (its documents
 * from base; use says which of the run's n documents are paired) routed
 * to their owners, and the pairs of those routed here into *out (sorted,
 * unique).  Each round every process says whether it can go on
 * (MPI_Iallreduce): after a failure anywhere (st0, or here: out of memory,
 * a band file, a round past what one MPI message may hold) all stop
 * together, so that none waits for ever; the process that failed says why
 * in its answer and rank 0 ends the run.  *sent: the bytes it sent the
 * others. */
static ns_status route_pairs(const ns_options *o, ns_status st0, ns_band_files *own, uint64_t base, const uint8_t *use,
                             size_t n, ns_pair **out, size_t *nout, uint64_t *sent)
{
	enum { G = ROUTE_BANDS };
	uint32_t B = o->bands;
	int N = g_size, threads = ns_threads(o->threads);
	ns_status st = st0;
	*out = NULL;
	*nout = 0;
	*sent = 0;
	int *cn = calloc((size_t)N * 4, sizeof(int)); /* send counts, send displacements, the same received */
	size_t *cnt = calloc((size_t)N * G, sizeof(size_t)), *at = calloc((size_t)N, sizeof(size_t));
	ns_lsh_entry *e = NULL, *rb[G] = {0};
	size_t ecap = 0, rbn[G], rbcap[G] = {0}, pcap = 0;
	ns_buf sb = {0}, rbuf = {0};
	if (!cn || !cnt || !at) st = st ? st : NS_ERR_NOMEM;
	int mpi_ok = 1;
	for (uint32_t g0 = 0; g0 < B && mpi_ok; g0 += G) {
		uint32_t ng = B - g0 < G ? B - g0 : G;
		size_t ne = 0, bstart[G + 1];
		for (uint32_t j = 0; j < ng; j++) {
			bstart[j] = ne;
			if (!st && !own) st = NS_ERR_IO;
			if (!st) st = ns_band_files_read(own, g0 + j, base, use, n, &e, &ecap, &ne);
		}
		bstart[ng] = ne;
		/* what goes to each process: a count per band, then the entries */
		size_t total = 0;
		if (!st) {
			memset(cnt, 0, (size_t)N * G * sizeof(size_t));
			for (uint32_t j = 0; j < ng; j++)
				for (size_t i = bstart[j]; i < bstart[j + 1]; i++) cnt[(size_t)key_owner(e[i].key) * G + j]++;
			for (int k = 0; k < N; k++) {
				at[k] = total;
				total += (size_t)ng * 4;
				for (uint32_t j = 0; j < ng; j++) total += cnt[(size_t)k * G + j] * NS_BAND_ENTRY;
			}
			if (total > (size_t)INT32_MAX) st = NS_ERR_MEMORY; /* past what one MPI message may hold */
			sb.len = 0;
			if (!st && ns_buf_reserve(&sb, total + 1)) st = NS_ERR_NOMEM;
		}
		if (!st) {
			for (int k = 0; k < N; k++) {
				cn[k] = (int)((k + 1 < N ? at[k + 1] : total) - at[k]);
				cn[N + k] = (int)at[k];
				for (uint32_t j = 0; j < ng; j++) {
					uint32_t c = (uint32_t)cnt[(size_t)k * G + j];
					memcpy(sb.p + at[k] + j * 4, &c, 4);
				}
				at[k] += (size_t)ng * 4;
			}
			/* entries band by band: each process's in band order */
			for (uint32_t j = 0; j < ng; j++)
				for (size_t i = bstart[j]; i < bstart[j + 1]; i++) {
					int k = key_owner(e[i].key);
					ns_band_entry_put((unsigned char *)sb.p + at[k], e[i].key, e[i].doc);
					at[k] += NS_BAND_ENTRY;
				}
		}
		/* every process can go on, or all stop here; then the counts each
		 * process sends here, and whether every process can take them */
		if (!all_go(st, &mpi_ok)) break;
		int *rc = cn + 2 * N, *rd = cn + 3 * N;
		MPI_Request rq;
		if (MPI_Ialltoall(cn, 1, MPI_INT, rc, 1, MPI_INT, MPI_COMM_WORLD, &rq) != MPI_SUCCESS ||
		    wait_req(&rq, NULL) != MPI_SUCCESS) {
			mpi_ok = 0;
			break;
		}
		size_t rtotal = 0;
		for (int k = 0; k < N; k++) {
			rd[k] = (int)rtotal;
			rtotal += (size_t)rc[k];
		}
		if (rtotal > (size_t)INT32_MAX) st = NS_ERR_MEMORY;
		if (!st && ns_buf_reserve(&rbuf, rtotal + 1)) st = NS_ERR_NOMEM;
		if (!all_go(st, &mpi_ok)) break;
		if (MPI_Ialltoallv(sb.p, cn, cn + N, MPI_BYTE, rbuf.p, rc, rd, MPI_BYTE, MPI_COMM_WORLD, &rq) != MPI_SUCCESS ||
		    wait_req(&rq, NULL) != MPI_SUCCESS) {
			mpi_ok = 0;
			break;
		}
		for (int k = 0; k < N; k++) *sent += k == g_rank ? 0 : (uint64_t)cn[k];
		/* the entries routed here, band by band */
		for (uint32_t j = 0; j < ng; j++) rbn[j] = 0;
		for (int k = 0; k < N && !st; k++) {
			const unsigned char *p = (const unsigned char *)rbuf.p + rd[k];
			uint32_t c[G];
			size_t tot = 0;
			if ((size_t)rc[k] < (size_t)ng * 4) { st = NS_ERR_FORMAT; break; }
			for (uint32_t j = 0; j < ng; j++) {
				memcpy(&c[j], p + j * 4, 4);
				tot += c[j];
			}
			if ((size_t)rc[k] != (size_t)ng * 4 + tot * NS_BAND_ENTRY) { st = NS_ERR_FORMAT; break; }
			p += (size_t)ng * 4;
			for (uint32_t j = 0; j < ng && !st; j++) {
				if (rbn[j] + c[j] + 1 > rbcap[j]) {
					size_t want = 2 * (rbn[j] + c[j] + 1);
					ns_lsh_entry *t = realloc(rb[j], want * sizeof(ns_lsh_entry));
					if (!t) { st = NS_ERR_NOMEM; break; }
					rb[j] = t;
					rbcap[j] = want;
				}
				for (uint32_t q = 0; q < c[j]; q++, p += NS_BAND_ENTRY) {
					ns_lsh_entry x;
					memcpy(&x.key, p, 8);
					memcpy(&x.doc, p + 8, 4);
					if (x.doc >= n || key_owner(x.key) != g_rank) st = NS_ERR_FORMAT;
					rb[j][rbn[j]++] = x;
				}
			}
		}
		if (st) continue; /* damaged: said at the next round's check */
		/* each band's buckets paired as newsift pairs them, then merged */
		ns_pair *bp[G] = {0};
		size_t bn[G] = {0};
		int bad = 0;
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1) reduction(|:bad)
		for (uint32_t j = 0; j < ng; j++) {
			size_t cap = 0;
			if (ns_lsh_band_pairs(rb[j], rbn[j], o->max_bucket, &bp[j], &bn[j], &cap)) bad = 1;
			else bn[j] = ns_pairs_unique(bp[j], bn[j]);
		}
		for (uint32_t j = 0; j < ng; j++) {
			if (!bad && merge_pairs(out, nout, &pcap, bp[j], bn[j])) bad = 1;
			free(bp[j]);
		}
		if (bad) st = NS_ERR_NOMEM;
	}
	for (uint32_t j = 0; j < G; j++) free(rb[j]);
	free(e);
	free(cn);
	free(cnt);
	free(at);
	ns_buf_free(&sb);
	ns_buf_free(&rbuf);
	/* a failure after the last round's check (damaged entries, or out of
	 * memory pairing them) is this process's to say: the others went on */
	if (!mpi_ok && !st) st = stopped() ? NS_ERR_INTERRUPTED : NS_ERR_IO;
	if (st) {
		free(*out);
		*out = NULL;
		*nout = 0;
	}
	return st;
}

/* A process other than rank 0: its share of the pairing, its pairs to
 * rank 0. */
static ns_status pairs_part(ns_run *r, const ns_options *o, cli_log *ls)
{
	uint64_t n = 0;
	if (bcast_wait(&n, 1, MPI_UINT64_T) != MPI_SUCCESS) return stopped() ? NS_ERR_INTERRUPTED : NS_ERR_IO;
	if (n == NO_CAND) return NS_OK;
	uint64_t *base = malloc(((size_t)g_size + 1) * sizeof(uint64_t));
	uint8_t *bits = malloc((size_t)(n / 8 + 1)), *use = malloc((size_t)(n ? n : 1));
	if (bcast_bytes(base, ((uint64_t)g_size + 1) * sizeof(uint64_t)) != MPI_SUCCESS ||
	    bcast_bytes(bits, (n + 7) / 8) != MPI_SUCCESS) {
		free(base);
		free(bits);
		free(use);
		return stopped() ? NS_ERR_INTERRUPTED : NS_ERR_IO;
	}
	ns_status st = base && bits && use ? NS_OK : NS_ERR_NOMEM;
	for (uint64_t i = 0; !st && i < n; i++) use[i] = bits[i >> 3] >> (i & 7) & 1;
	double t0 = MPI_Wtime();
	ns_pair *pairs = NULL;
	size_t np = 0;
	uint64_t sent = 0;
	st = route_pairs(o, st, ns_run_band_files(r), st ? 0 : base[g_rank], use, (size_t)n, &pairs, &np, &sent);
	/* a failure of the band files says what failed in them */
	int berr = st && ns_run_band_files(r) ? ns_band_files_errno(ns_run_band_files(r)) : 0;
	if (ns_run_band_files(r)) ns_band_files_close(ns_run_band_files(r)); /* their disk back */
	free(base);
	free(bits);
	free(use);
	/* the answer: u64 bytes routed, the pairs */
	ns_buf b = {0};
	uint64_t head = 0;
	if (!st && (ns_buf_put(&b, &head, 8) || ns_buf_put(&b, &sent, 8) || ns_buf_put(&b, pairs, np * sizeof(ns_pair))))
		st = NS_ERR_NOMEM;
	free(pairs);
	int e = send_answer(r, o, st, berr, &b);
	ns_buf_free(&b);
	if (!st) cli_msg(ls, NS_LOG_DEBUG, "band keys routed and %zu candidate pairs made in %.3f s", np, MPI_Wtime() - t0);
	if (e != MPI_SUCCESS && !st) st = stopped() ? NS_ERR_INTERRUPTED : NS_ERR_IO;
	return st;
}

/* ---- the verification ----
 *
 * Without a history rank 0 sends each process, as the dedup stage asks,
 * the candidate pairs whose documents are both in its store (T_DATA: u64
 * pairs, then each pair's documents as the process numbers them, u32
 * each); the process answers (T_DATA) with an i64 status and the pairs'
 * scores (SCORE_BYTES each: Jaccard, coverage, numbers, alignment, the
 * alignment's numbers as doubles, then the shorter text's tokens), or
 * after a failure why.  The candidates come in one round, the centre
 * clustering's checks in several; NO_JOB ends them. */
#define SCORE_BYTES 44

static void score_put(unsigned char *b, const ns_pair_scores *s)
{
	double d[5] = {s->jaccard, s->coverage, s->numbers, s->aligned, s->align_numbers};
	memcpy(b, d, sizeof(d));
	memcpy(b + 40, &s->small_ntok, 4);
}

static void score_get(const unsigned char *b, ns_pair_scores *s)
{
	double d[5];
	memcpy(d, b, sizeof(d));
	s->jaccard = d[0];
	s->coverage = d[1];
	s->numbers = d[2];
	s->aligned = d[3];
	s->align_numbers = d[4];
	memcpy(&s->small_ntok, b + 40, 4);
}

/* A process other than rank 0: verify the pairs rank 0 sends until it
 * says there are no more. */
static ns_status verify_part(ns_run *r, const ns_options *o, cli_log *ls)
{
	uint64_t total = 0;
	double secs = 0;
	ns_status first = NS_OK;
	for (;;) {
		uint64_t len = 0, m = 0;
		unsigned char *job = NULL;
		ns_status st = recv_job(T_DATA, &len, &job);
		if (st == NS_ERR_INTERRUPTED || st == NS_ERR_IO) return st;
		if (!st && len == NO_JOB) break;
		if (!st && len >= 8) memcpy(&m, job, 8);
		if (!st && (len < 8 || m != (len - 8) / sizeof(ns_pair) || (len - 8) % sizeof(ns_pair))) st = NS_ERR_FORMAT;
		double t0 = MPI_Wtime();
		ns_pair *p = st ? NULL : malloc((size_t)(m ? m : 1) * sizeof(ns_pair));
		ns_pair_scores *sc = st ? NULL : malloc((size_t)(m ? m : 1) * sizeof(ns_pair_scores));
		if (!st && (!p || !sc)) st = NS_ERR_NOMEM;
		if (!st) memcpy(p, job + 8, (size_t)m * sizeof(ns_pair));
		free(job);
		if (!st) st = ns_run_verify(r, p, (size_t)m, sc);
		/* the answer: the scores */
		ns_buf b = {0};
		if (!st && ns_buf_reserve(&b, 8 + (size_t)m * SCORE_BYTES)) st = NS_ERR_NOMEM;
		if (!st) {
			b.len = 8;
			for (uint64_t q = 0; q < m; q++) score_put((unsigned char *)b.p + 8 + q * SCORE_BYTES, &sc[q]);
			b.len += (size_t)m * SCORE_BYTES;
		}
		free(p);
		free(sc);
		int e = send_answer(r, o, st, 0, &b);
		ns_buf_free(&b);
		if (e != MPI_SUCCESS) return stopped() ? NS_ERR_INTERRUPTED : NS_ERR_IO;
		if (st && !first) first = st;
		total += m;
		secs += MPI_Wtime() - t0;
	}
	if (!first && total)
		cli_msg(ls, NS_LOG_DEBUG, "%llu candidate pairs verified in %.3f s", (unsigned long long)total, secs);
	return first;
}

/* ---- the summaries ----
 *
 * After the story stage rank 0 owes each process one more message
 * (T_DATA): NO_JOB, or the stories whose articles are all in the
 * process's store (u64 stories, u64 articles, each story's article count
 * (u32), the articles (u32, the process's own documents)).  The process
 * answers with one message (T_DATA): an i64 status, then the packed
 * summaries (ns_summaries_pack), or after a failure why. */

/* A process other than rank 0: its stories' summaries, when it has any. */
static ns_status summaries_part(ns_run *r, const ns_options *o, cli_log *ls)
{
	uint64_t len = 0, ns = 0, na = 0;
	unsigned char *job = NULL;
	ns_status st = recv_job(T_DATA, &len, &job);
	if (st == NS_ERR_INTERRUPTED || st == NS_ERR_IO || (!st && len == NO_JOB)) return st;
	if (!st && len < 16) st = NS_ERR_FORMAT;
	if (!st) {
		memcpy(&ns, job, 8);
		memcpy(&na, job + 8, 8);
		if (ns > (len - 16) / 4 || na != (len - 16) / 4 - ns || (len - 16) % 4) st = NS_ERR_FORMAT;
	}
	double t0 = MPI_Wtime();
	/* the answer: the packed summaries */
	ns_buf b = {0};
	uint64_t head = 0;
	if (!st) st = ns_buf_put(&b, &head, 8);
	if (!st) st = ns_run_summaries_pack(r, (const uint32_t *)(job + 16), (size_t)ns, (const uint32_t *)(job + 16 + ns * 4),
	                                    (size_t)na, &b);
	free(job);
	int e = send_answer(r, o, st, 0, &b);
	if (!st) cli_msg(ls, NS_LOG_DEBUG, "summaries of %llu stories made and sent in %.3f s", (unsigned long long)ns,
	                 MPI_Wtime() - t0);
	ns_buf_free(&b);
	if (e != MPI_SUCCESS && !st) st = stopped() ? NS_ERR_INTERRUPTED : NS_ERR_IO;
	return st;
}

/* Rank 0's side: the story stage asks for the vectors (ns_story_remote). */
typedef struct {
	ns_story_counts_reader *vrd; /* its story vectors' stream */
	uint8_t sent;        /* the first pass's message (a job or NO_JOB) went */
	uint8_t job;         /* ...and was a job: the second pass's message is owed */
	uint8_t vsent;       /* the second pass's message went */
	uint8_t vlast;       /* the last message of its story vectors came */
	uint8_t vgo;         /* the second pass's go went: the candidates' message is owed */
	uint8_t lsent;       /* ...and went */
	uint8_t vpend;       /* pairs to verify went, their scores have not come */
	uint32_t *vidx;      /* ...the pairs' places in the list being verified */
	size_t nv;
	uint64_t verified, score_bytes;
	uint8_t ssent;       /* the summaries' message (a job or NO_JOB) went */
	uint8_t sjob;        /* ...and was a job whose answer has not come yet */
	uint64_t vbytes, arts;
} proc_state;

typedef struct {
	ns_story_remote rem;
	size_t *base;      /* each part's first document, and the count */
	uint32_t *doc;     /* each kept article's document (from begin) */
	size_t m;
	proc_state *ps;    /* per process (0: none) */
	char *buf;
	cli_log *ls;
	ns_run *r;
	const ns_options *o;
	ns_dedup_remote drem;
	ns_summary_remote srem;
	uint32_t **story;  /* per process: the stories it summarises, in order */
	size_t *nstory;
	int vdone;         /* the verification is over (NO_JOB sent) */
	df_spread dfs;     /* rank 0's share of the frequencies */
	uint64_t m_df;     /* ...and its articles, once begun */
} counts_src;

static counts_src g_cs; /* set up once the processes wait for their jobs */
static int g_cs_on;

static int owner(const counts_src *cs, uint32_t d)
{
	int lo = 0, hi = g_size - 1;
	while (lo < hi) {
		int mid = (lo + hi + 1) / 2;
		if (cs->base[mid] <= d) lo = mid;
		else hi = mid - 1;
	}
	return lo;
}

static int cs_remote(void *ud, uint32_t d)
{
	return owner(ud, d) != 0;
}

static ns_status cs_begin(void *ud, const uint32_t *doc, const uint8_t *strip, size_t m, const ns_boiler_line *sl,
                          size_t nsl)
{
	counts_src *cs = ud;
	ns_status st = (cs->doc = malloc((m ? m : 1) * sizeof(uint32_t))) ? NS_OK : NS_ERR_NOMEM;
	if (!st) memcpy(cs->doc, doc, m * sizeof(uint32_t));
	cs->m = m;
	ns_buf b = {0};
	for (int k = 1; k < g_size; k++) {
		uint64_t nk = 0, m64 = m;
		b.len = 0;
		for (size_t i = 0; !st && i < m; i++) nk += doc[i] != UINT32_MAX && owner(cs, doc[i]) == k;
		if (!st && ns_buf_reserve(&b, 24 + nk * 9 + nsl * 8)) st = NS_ERR_NOMEM;
		if (!st) {
			ns_buf_put(&b, &m64, 8);
			ns_buf_put(&b, &nk, 8);
			for (size_t i = 0; i < m; i++)
				if (doc[i] != UINT32_MAX && owner(cs, doc[i]) == k) {
					uint32_t local = (uint32_t)(doc[i] - cs->base[k]);
					ns_buf_put(&b, &local, 4);
				}
			for (size_t i = 0; i < m; i++)
				if (doc[i] != UINT32_MAX && owner(cs, doc[i]) == k) ns_buf_put(&b, &strip[i], 1);
			for (size_t i = 0; i < m; i++)
				if (doc[i] != UINT32_MAX && owner(cs, doc[i]) == k) {
					uint32_t i32 = (uint32_t)i;
					ns_buf_put(&b, &i32, 4);
				}
			uint64_t n64 = nsl;
			ns_buf_put(&b, &n64, 8);
			for (size_t q = 0; q < nsl; q++) ns_buf_put(&b, &sl[q].key, 8);
		}
		/* out of memory: the others still need their message */
		proc_state *p = &cs->ps[k];
		if (send_job(k, T_DATA, b.p, st ? NO_JOB : b.len) != MPI_SUCCESS && !st)
			st = stopped() ? NS_ERR_INTERRUPTED : NS_ERR_IO;
		p->sent = 1;
		p->job = !st;
		p->vlast = (uint8_t)!p->job; /* no job: nothing will come */
	}
	ns_buf_free(&b);
	/* the processes with a job count the frequencies with rank 0 */
	if (!st && g_size > 1) dfs_init(&cs->dfs, m, ns_threads(cs->o->threads), cs->o->tmp_dir);
	return st;
}

/* Rank 0's window of count vectors into the frequencies' rounds. */
static ns_status cs_count(void *ud, size_t i0, size_t wn, const ns_termvec *v, uint64_t *need)
{
	counts_src *cs = ud;
	df_spread *d = &cs->dfs;
	for (size_t k = 0; k < wn; k++) dfs_add(d, i0 + k, &v[k]);
	/* counted at the end, each process its blocks (the joined table's size
	 * is checked with the second pass) */
	*need = 0;
	return d->st;
}

/* The end of the count: rank 0's failure st (when the rounds still went
 * on), or the whole counter into *df. */
static ns_status cs_counted(void *ud, ns_status st, uint32_t max_df, ns_story_df **df)
{
	counts_src *cs = ud;
	df_spread *d = &cs->dfs;
	*df = NULL;
	if (st && !d->stopped && !d->st) d->st = st;
	ns_buf joined = {0};
	ns_status r = dfs_end(d, cs->r, cs->o, &max_df, &joined, cs->ls);
	if (r && r == d->st && d->spill_err)
		cli_msg(cs->ls, NS_LOG_ERROR, "document frequencies: temporary file in %s: %s",
		        cs->o->tmp_dir ? cs->o->tmp_dir : ns_spill_default_dir(), strerror(d->spill_err));
	if (!r) r = ns_story_df_load(df, joined.p, joined.len);
	ns_buf_free(&joined);
	dfs_free(d);
	return r;
}

/* The next message of process k's stream of story vectors into its
 * reader. */
static ns_status cs_take(counts_src *cs, int k)
{
	proc_state *p = &cs->ps[k];
	int got = 0, tag = 0;
	if (recv_tag(cs->buf, (int)CHUNK, k, MPI_ANY_TAG, &got, &tag) != MPI_SUCCESS) {
		if (stopped()) return NS_ERR_INTERRUPTED;
		cli_msg(cs->ls, NS_LOG_ERROR, "rank %d: no answer (MPI error)", k);
		return NS_ERR_IO;
	}
	if (tag == TAG(k, T_VFAIL)) {
		/* it failed: what came of its stream is dropped */
		int64_t failed = NS_ERR_IO;
		if (got >= 8) memcpy(&failed, cs->buf, 8);
		p->vlast = 1;
		cli_msg(cs->ls, NS_LOG_ERROR, "rank %d %.*s", k, got > 8 ? got - 8 : 0, cs->buf + 8);
		return failed < 0 ? (ns_status)failed : NS_ERR_IO;
	}
	if (tag != TAG(k, T_VDATA) && tag != TAG(k, T_VLAST)) {
		cli_msg(cs->ls, NS_LOG_ERROR, "rank %d: a message out of turn (tag %d)", k, tag);
		return NS_ERR_FORMAT;
	}
	if (tag == TAG(k, T_VLAST)) p->vlast = 1;
	p->vbytes += (uint64_t)got;
	ns_status st = ns_story_counts_reader_feed(p->vrd, cs->buf, (size_t)got);
	if (st == NS_ERR_FORMAT) cli_msg(cs->ls, NS_LOG_ERROR, "rank %d: its story vectors arrived damaged", k);
	return st;
}

/* Whether process k's stream is over: NS_OK while more may come; its
 * failure (logged) when it said it failed, NS_ERR_FORMAT when it ended
 * short. */
static ns_status cs_over(counts_src *cs, int k)
{
	proc_state *p = &cs->ps[k];
	const char *msg;
	ns_status failed;
	if (!ns_story_counts_reader_ended(p->vrd, &msg, &failed) && !p->vlast) return NS_OK;
	if (failed) {
		cli_msg(cs->ls, NS_LOG_ERROR, "rank %d %s", k, msg);
		return failed < 0 ? failed : NS_ERR_IO;
	}
	cli_msg(cs->ls, NS_LOG_ERROR, "rank %d: its story vectors arrived short", k);
	return NS_ERR_FORMAT;
}

/* Take what is left of process k's stream, and drop it. */
static void cs_drain(counts_src *cs, int k)
{
	proc_state *p = &cs->ps[k];
	while (!p->vlast && !stopped()) {
		int got, tag;
		if (recv_tag(cs->buf, (int)CHUNK, k, MPI_ANY_TAG, &got, &tag) != MPI_SUCCESS) break;
		if (tag == TAG(k, T_VLAST) || tag == TAG(k, T_VFAIL)) p->vlast = 1;
		else if (tag != TAG(k, T_VDATA)) break; /* out of turn: mpirun ends the job */
	}
}

/* The second pass: its go to every process that made count vectors (the
 * frequencies they have: they counted them together). */
static ns_status cs_vectors(void *ud, ns_story_df *df, size_t m, uint32_t max_df)
{
	counts_src *cs = ud;
	ns_buf b = {0};
	uint64_t m64 = m;
	(void)df;
	ns_status st = ns_buf_put(&b, &m64, 8);
	if (!st) st = ns_buf_put(&b, &max_df, 4);
	for (int k = 1; k < g_size; k++) {
		proc_state *p = &cs->ps[k];
		if (!p->job) continue;
		int go = !st;
		if (send_job(k, T_VDATA, b.p, st ? NO_JOB : b.len) != MPI_SUCCESS && !st)
			st = stopped() ? NS_ERR_INTERRUPTED : NS_ERR_IO;
		p->vsent = 1;
		p->vgo = (uint8_t)go;
		if (st) p->vlast = 1;
	}
	ns_buf_free(&b);
	return st;
}

static ns_status cs_next_vec(void *ud, size_t i, uint8_t **enc, size_t *len, float *scale, uint8_t *lang)
{
	counts_src *cs = ud;
	if (i >= cs->m || cs->doc[i] == UINT32_MAX) return NS_ERR_FORMAT;
	int k = owner(cs, cs->doc[i]);
	for (;;) {
		if (ns_story_counts_reader_take_vec(cs->ps[k].vrd, enc, len, scale, lang)) {
			cs->ps[k].arts++;
			return NS_OK;
		}
		ns_status st = cs_over(cs, k);
		if (!st) st = cs_take(cs, k);
		if (st) return st;
	}
}

/* The story candidates: the go to every process that weighed its
 * vectors, then rank 0's part with them (see link_exchange). */
static ns_status cs_link(void *ud, const uint64_t *post, size_t np, uint32_t nterms, uint32_t min_shared,
                         uint32_t max_posting, uint64_t **c, size_t *nc)
{
	counts_src *cs = ud;
	unsigned char go[20];
	uint64_t m = cs->m;
	memcpy(go, &m, 8);
	memcpy(go + 8, &nterms, 4);
	memcpy(go + 12, &min_shared, 4);
	memcpy(go + 16, &max_posting, 4);
	ns_status st = NS_OK;
	for (int k = 1; k < g_size; k++) {
		proc_state *p = &cs->ps[k];
		if (!p->vgo || p->lsent) { st = NS_ERR_IO; continue; } /* not with every process: cannot be */
		if (send_job(k, T_DATA, go, sizeof(go)) != MPI_SUCCESS) return stopped() ? NS_ERR_INTERRUPTED : NS_ERR_IO;
		p->lsent = 1;
	}
	return link_exchange(cs->r, cs->o, st, post, np, m, nterms, min_shared, max_posting, c, nc, cs->ls);
}

/* Rank 0's dedup stage: the pairing with every process (see route_pairs),
 * every process's pairs taken and merged. */
static ns_status cs_candidates(void *ud, ns_band_files *own, const uint8_t *root, size_t n, ns_pair **out, size_t *nout)
{
	counts_src *cs = ud;
	uint64_t n64 = cs->base ? (uint64_t)n : NO_CAND;
	g_cand_done = 1;
	if (bcast_wait(&n64, 1, MPI_UINT64_T) != MPI_SUCCESS) return stopped() ? NS_ERR_INTERRUPTED : NS_ERR_IO;
	if (n64 == NO_CAND) return NS_ERR_NOMEM;
	uint64_t *base = malloc(((size_t)g_size + 1) * sizeof(uint64_t));
	uint8_t *bits = calloc((size_t)(n / 8 + 1), 1);
	for (int k = 0; base && k <= g_size; k++) base[k] = cs->base[k];
	for (size_t i = 0; bits && i < n; i++) bits[i >> 3] |= (uint8_t)((root[i] != 0) << (i & 7));
	/* out of memory: the others still need the bytes (and fail the run) */
	int e = bcast_bytes(base, ((uint64_t)g_size + 1) * sizeof(uint64_t));
	if (e == MPI_SUCCESS) e = bcast_bytes(bits, ((uint64_t)n + 7) / 8);
	ns_status st = base && bits ? NS_OK : NS_ERR_NOMEM;
	free(base);
	free(bits);
	if (e != MPI_SUCCESS) return stopped() ? NS_ERR_INTERRUPTED : NS_ERR_IO;
	double t0 = MPI_Wtime();
	uint64_t sent = 0;
	size_t na = 0, cap = 0;
	ns_pair *all = NULL;
	st = route_pairs(cs->o, st, own, 0, root, n, &all, &na, &sent);
	cli_msg(cs->ls, NS_LOG_INFO, "part 0: %llu band key bytes routed, %zu candidate pairs", (unsigned long long)sent, na);
	/* every process's answer, taken even after a failure here */
	for (int k = 1; k < g_size; k++) {
		uint64_t len = 0;
		unsigned char *m = NULL;
		ns_status rs = take_answer(cs->ls, k, &len, &m);
		if (rs == NS_ERR_INTERRUPTED) {
			st = rs;
			break;
		}
		if (!rs && (len < 16 || (len - 16) % sizeof(ns_pair))) rs = NS_ERR_FORMAT;
		if (!rs && !st) {
			size_t np = (size_t)((len - 16) / sizeof(ns_pair));
			ns_pair *q = malloc((np ? np : 1) * sizeof(ns_pair));
			if (q) memcpy(q, m + 16, np * sizeof(ns_pair));
			/* sorted, unique, of documents of the run */
			for (size_t i = 0; q && i < np && !rs; i++)
				if (q[i].a >= q[i].b || q[i].b >= n ||
				    (i && ((uint64_t)q[i - 1].a << 32 | q[i - 1].b) >= ((uint64_t)q[i].a << 32 | q[i].b)))
					rs = NS_ERR_FORMAT;
			if (!q) rs = NS_ERR_NOMEM;
			if (!rs) rs = merge_pairs(&all, &na, &cap, q, np);
			uint64_t ks = 0;
			memcpy(&ks, m + 8, 8);
			if (!rs) cli_msg(cs->ls, NS_LOG_INFO, "part %d: %llu band key bytes routed, %zu candidate pairs", k,
			                 (unsigned long long)ks, np);
			free(q);
		}
		if (rs == NS_ERR_FORMAT) cli_msg(cs->ls, NS_LOG_ERROR, "rank %d: its candidate pairs arrived damaged", k);
		if (rs && !st) st = rs;
		free(m);
	}
	if (!st) cli_msg(cs->ls, NS_LOG_DEBUG, "candidate pairs of every process in %.3f s", MPI_Wtime() - t0);
	if (st) {
		free(all);
		return st;
	}
	*out = all;
	*nout = na;
	return NS_OK;
}

/* The pairs whose documents are both one other process's go there. */
static ns_status cs_send_pairs(void *ud, const ns_pair *p, size_t np, uint8_t *away)
{
	counts_src *cs = ud;
	if (!cs->ps || cs->vdone) return NS_OK; /* all verified here */
	ns_status st = NS_OK;
	int *who = malloc((np ? np : 1) * sizeof(int));
	if (!who) return NS_ERR_NOMEM;
	for (int k = 1; k < g_size; k++) cs->ps[k].nv = 0;
	for (size_t i = 0; i < np; i++) {
		int ka = owner(cs, p[i].a);
		who[i] = ka && owner(cs, p[i].b) == ka ? ka : 0;
		if (who[i]) cs->ps[who[i]].nv++;
	}
	ns_buf b = {0};
	for (int k = 1; k < g_size && !st; k++) {
		proc_state *ps = &cs->ps[k];
		if (!ps->nv) continue;
		uint64_t m = ps->nv;
		free(ps->vidx);
		ps->vidx = malloc(m * sizeof(uint32_t));
		b.len = 0;
		if (!ps->vidx || ns_buf_reserve(&b, 8 + m * sizeof(ns_pair))) {
			st = NS_ERR_NOMEM;
			break;
		}
		ns_buf_put(&b, &m, 8);
		size_t q = 0;
		for (size_t i = 0; i < np; i++) {
			if (who[i] != k) continue;
			ns_pair x = {(uint32_t)(p[i].a - cs->base[k]), (uint32_t)(p[i].b - cs->base[k])};
			ns_buf_put(&b, &x, sizeof(x));
			ps->vidx[q++] = (uint32_t)i;
		}
		if (send_job(k, T_DATA, b.p, b.len) != MPI_SUCCESS) {
			st = stopped() ? NS_ERR_INTERRUPTED : NS_ERR_IO;
			break;
		}
		ps->vpend = 1;
		for (size_t j = 0; j < m; j++) away[ps->vidx[j]] = 1;
	}
	ns_buf_free(&b);
	free(who);
	return st;
}

/* The scores of the pairs sent, from each process that got some. */
static ns_status cs_take_scores(void *ud, const ns_pair *p, size_t np, const uint8_t *away, ns_pair_scores *sc)
{
	counts_src *cs = ud;
	(void)p;
	(void)np;
	(void)away;
	ns_status st = NS_OK;
	for (int k = 1; k < g_size && cs->ps && !st; k++) {
		proc_state *ps = &cs->ps[k];
		if (!ps->vpend) continue;
		uint64_t len = 0;
		unsigned char *m = NULL;
		st = take_answer(cs->ls, k, &len, &m);
		ps->vpend = 0;
		if (!st && len != 8 + (uint64_t)ps->nv * SCORE_BYTES) {
			st = NS_ERR_FORMAT;
			cli_msg(cs->ls, NS_LOG_ERROR, "rank %d: its scores arrived damaged", k);
		} else if (!st) {
			for (size_t q = 0; q < ps->nv; q++) score_get(m + 8 + q * SCORE_BYTES, &sc[ps->vidx[q]]);
			ps->verified += ps->nv;
			ps->score_bytes += len;
		}
		free(m);
	}
	return st;
}

/* The verification is over: scores still owed are taken and dropped,
 * and every process is told. */
static void cs_verify_finish(void *ud)
{
	counts_src *cs = ud;
	if (cs->vdone) return;
	cs->vdone = 1;
	for (int k = 1; k < g_size && !stopped(); k++) {
		proc_state *ps = cs->ps ? &cs->ps[k] : NULL;
		if (ps && ps->vpend) {
			drop_answer(k);
			ps->vpend = 0;
		}
		send_job(k, T_DATA, NULL, NO_JOB);
		if (ps && ps->verified)
			cli_msg(cs->ls, NS_LOG_INFO, "part %d: %llu candidate pairs verified there, %llu bytes of scores", k,
			        (unsigned long long)ps->verified, (unsigned long long)ps->score_bytes);
	}
}

/* Process k's story passes over: the messages still owed to it (NO_JOB)
 * sent, what it still sends of them taken and dropped. */
static void cs_settle(counts_src *cs, int k)
{
	proc_state *p = &cs->ps[k];
	if (!p->sent) {
		send_job(k, T_DATA, NULL, NO_JOB);
		p->sent = 1;
		p->vlast = 1;
		return;
	}
	if (!p->job) return;
	if (!p->vsent) {
		send_job(k, T_VDATA, NULL, NO_JOB);
		p->vsent = p->vlast = 1;
	} else if (cs->buf) {
		cs_drain(cs, k);
	}
	if (p->vgo && !p->lsent) {
		send_job(k, T_DATA, NULL, NO_JOB);
		p->lsent = 1;
	}
}

/* The stories whose articles are all in one other process's store go
 * there (away), each process's in story order. */
static ns_status cs_sum_send(void *ud, const ns_story_set *ss, uint8_t *away)
{
	counts_src *cs = ud;
	ns_status st = NS_OK;
	int *where = malloc((ss->nlist ? ss->nlist : 1) * sizeof(int));
	cs->story = calloc((size_t)g_size, sizeof(uint32_t *));
	cs->nstory = calloc((size_t)g_size, sizeof(size_t));
	size_t *narts = calloc((size_t)g_size, sizeof(size_t));
	if (!where || !cs->story || !cs->nstory || !narts) st = NS_ERR_NOMEM;
	for (size_t i = 0; !st && i < ss->nlist; i++) {
		const ns_story *s = &ss->list[i];
		where[i] = s->narticles ? owner(cs, s->articles[0]) : 0;
		for (uint32_t a = 1; a < s->narticles && where[i]; a++)
			if (owner(cs, s->articles[a]) != where[i]) where[i] = 0;
		cs->nstory[where[i]]++;
		narts[where[i]] += s->narticles;
	}
	for (int k = 1; !st && k < g_size; k++)
		if (cs->nstory[k] && !(cs->story[k] = malloc(cs->nstory[k] * sizeof(uint32_t)))) st = NS_ERR_NOMEM;
	for (int k = 1; !st && k < g_size; k++) cs->nstory[k] = 0;
	for (size_t i = 0; !st && i < ss->nlist; i++)
		if (where[i]) cs->story[where[i]][cs->nstory[where[i]]++] = (uint32_t)i;
	ns_buf b = {0};
	for (int k = 1; k < g_size; k++) {
		proc_state *p = &cs->ps[k];
		cs_settle(cs, k);
		b.len = 0;
		if (!st && cs->nstory[k]) {
			uint64_t n64 = cs->nstory[k], a64 = narts[k];
			if (ns_buf_reserve(&b, 16 + (n64 + a64) * 4)) st = NS_ERR_NOMEM;
			if (!st) {
				ns_buf_put(&b, &n64, 8);
				ns_buf_put(&b, &a64, 8);
				for (size_t q = 0; q < n64; q++) ns_buf_put(&b, &ss->list[cs->story[k][q]].narticles, 4);
				for (size_t q = 0; q < n64; q++) {
					const ns_story *s = &ss->list[cs->story[k][q]];
					for (uint32_t a = 0; a < s->narticles; a++) {
						uint32_t local = (uint32_t)(s->articles[a] - cs->base[k]);
						ns_buf_put(&b, &local, 4);
					}
				}
			}
		}
		/* after a failure the others still need their message */
		int job = !st && b.len;
		if (send_job(k, T_DATA, b.p, job ? b.len : NO_JOB) != MPI_SUCCESS && !st)
			st = stopped() ? NS_ERR_INTERRUPTED : NS_ERR_IO;
		p->ssent = 1;
		p->sjob = (uint8_t)job;
	}
	ns_buf_free(&b);
	for (size_t i = 0; !st && i < ss->nlist; i++) away[i] = where[i] != 0;
	free(where);
	free(narts);
	return st;
}

/* The answers of the processes that got stories. */
static ns_status cs_sum_take(void *ud, const ns_story_set *ss, const uint8_t *away, ns_summaries *sm)
{
	counts_src *cs = ud;
	(void)away;
	ns_status st = NS_OK;
	for (int k = 1; k < g_size && !st; k++) {
		proc_state *p = &cs->ps[k];
		if (!p->sjob) continue;
		uint64_t len = 0;
		unsigned char *m = NULL;
		st = take_answer(cs->ls, k, &len, &m);
		p->sjob = 0;
		if (!st) {
			st = ns_summaries_unpack(m + 8, (size_t)(len - 8), ns_run_docs(cs->r), ss, cs->story[k], cs->nstory[k], sm);
			if (st == NS_ERR_FORMAT) cli_msg(cs->ls, NS_LOG_ERROR, "rank %d: its summaries arrived damaged", k);
			if (!st)
				cli_msg(cs->ls, NS_LOG_INFO, "part %d: summaries of %zu stories, %llu bytes", k, cs->nstory[k],
				        (unsigned long long)len);
		}
		free(m);
	}
	return st;
}

/* Rank 0 at the end: the messages still owed (NO_JOB), and what the
 * processes still send taken and dropped, so that none waits for ever. */
static void cs_finish(void)
{
	counts_src *cs = &g_cs;
	if (g_route && !g_cand_done && !stopped()) {
		uint64_t none = NO_CAND;
		bcast_wait(&none, 1, MPI_UINT64_T);
		g_cand_done = 1;
	}
	if (g_route) cs_verify_finish(cs);
	/* a count vectors' job and a summaries' job */
	for (int k = 1; !cs->ps && k < g_size && !stopped(); k++) {
		send_job(k, T_DATA, NULL, NO_JOB);
		send_job(k, T_DATA, NULL, NO_JOB);
	}
	for (int k = 1; cs->ps && k < g_size && !stopped(); k++) {
		proc_state *p = &cs->ps[k];
		cs_settle(cs, k);
		if (!p->ssent) {
			send_job(k, T_DATA, NULL, NO_JOB);
		} else if (p->sjob) {
			drop_answer(k);
		}
	}
	for (int k = 1; cs->ps && k < g_size; k++) free(cs->ps[k].vidx);
	for (int k = 1; cs->story && k < g_size; k++) free(cs->story[k]);
	free(cs->story);
	free(cs->nstory);
	for (int k = 1; cs->ps && k < g_size; k++) {
		proc_state *p = &cs->ps[k];
		if (p->arts)
			cli_msg(cs->ls, NS_LOG_INFO, "part %d: %llu story vector bytes for %llu articles", k,
			        (unsigned long long)p->vbytes, (unsigned long long)p->arts);
		ns_story_counts_reader_destroy(p->vrd);
	}
	free(cs->ps);
	free(cs->base);
	free(cs->doc);
	free(cs->buf);
	dfs_free(&cs->dfs);
	memset(cs, 0, sizeof(*cs));
	g_cs_on = 0;
}

/* Rank 0, once the processes wait for their jobs: the story stage's
 * vectors from them. */
static void cs_start(ns_run *r, const ns_options *o, const size_t *base, cli_log *ls)
{
	counts_src *cs = &g_cs;
	memset(cs, 0, sizeof(*cs));
	g_cs_on = 1;
	cs->ls = ls;
	cs->ps = calloc((size_t)g_size, sizeof(proc_state));
	cs->base = malloc(((size_t)g_size + 1) * sizeof(size_t));
	cs->buf = malloc(CHUNK);
	int ok = cs->ps && cs->base && cs->buf;
	if (cs->base) memcpy(cs->base, base, ((size_t)g_size + 1) * sizeof(size_t));
	cs->r = r;
	cs->o = o;
	/* the band keys are where they were made: the pairing needs every
	 * process, even when the rest here failed */
	cs->drem = (ns_dedup_remote){.candidates = cs_candidates,
	                             .send_pairs = cs_send_pairs,
	                             .take_scores = cs_take_scores,
	                             .finish = cs_verify_finish,
	                             .ud = cs};
	if (g_route) ns_run_set_dedup_remote(r, &cs->drem);
	for (int k = 1; ok && k < g_size; k++)
		ok = !ns_story_counts_reader_create(&cs->ps[k].vrd);
	if (!ok) return; /* the story stage makes every vector here; cs_finish sends NO_JOB */
	cs->srem = (ns_summary_remote){.send = cs_sum_send, .take = cs_sum_take, .ud = cs};
	ns_run_set_summary_remote(r, &cs->srem);
	/* the frequencies counted together; one process counts them as newsift does */
	cs->rem = (ns_story_remote){.remote = cs_remote,
	                            .begin = cs_begin,
	                            .count = g_size > 1 ? cs_count : NULL,
	                            .counted = g_size > 1 ? cs_counted : NULL,
	                            .candidates = g_size > 1 ? cs_link : NULL,
	                            .vectors = cs_vectors,
	                            .next_vec = cs_next_vec,
	                            .ud = cs};
	ns_run_set_story_remote(r, &cs->rem);
}

/* A process other than rank 0, after sending its part (st: how that
 * went): strip the lines rank 0 learned from its records, sketch them and
 * send the sketches. */
static ns_status sketch_part(ns_run *r, const ns_options *o, ns_status st, cli_log *ls)
{
	uint64_t len = 0;
	if (bcast_wait(&len, 1, MPI_UINT64_T) != MPI_SUCCESS) return stopped() ? NS_ERR_INTERRUPTED : NS_ERR_IO;
	if (len == NO_LINES) return st ? st : NS_ERR_INTERRUPTED; /* rank 0 stopped: it says why */
	ns_boiler_line *lines = malloc(len ? len : 1);
	if (bcast_bytes(lines, len) != MPI_SUCCESS) {
		free(lines);
		return stopped() ? NS_ERR_INTERRUPTED : NS_ERR_IO;
	}
	part_head h;
	ns_spill sp = {0};
	memset(&h, 0, sizeof(h));
	if (!st && !lines) st = NS_ERR_NOMEM;
	if (!st) st = ns_run_strip(r, lines, len / sizeof(ns_boiler_line));
	if (!st) make_part(r, o, NULL, PHASE_SKETCH, &sp, &h);
	else part_failed(r, o, st, 0, NULL, &h);
	st = send_part(&sp, &h, ls);
	/* without a history, rank 0's dedup stage pairs the band keys with
	 * every process (or says it stopped before) */
	ns_status pst = g_route ? pairs_part(r, o, ls) : NS_OK;
	/* ...and has it verify the pairs of its own documents */
	if (g_route && pst != NS_ERR_INTERRUPTED) {
		ns_status vst = verify_part(r, o, ls);
		if (!pst) pst = vst;
	}
	if (pst == NS_ERR_INTERRUPTED) {
		free(lines);
		return pst;
	}
	if (!st) st = pst;
	/* rank 0 owes every process a job of count vectors, or none, and then
	 * one of summaries */
	ns_status cst = counts_part(r, o, ls);
	ns_status sst = cst == NS_ERR_INTERRUPTED ? cst : summaries_part(r, o, ls);
	free(lines);
	return st ? st : cst ? cst : sst;
}

/* Rank 0, after the read (st: how it went): the boilerplate, its lines to
 * the others, its own part's sketches and the others'. */
static ns_status sketch_parts(ns_run *r, const ns_options *o, ns_status st, const size_t *base, cli_log *ls)
{
	if (!st) st = ns_run_boilerplate(r);
	size_t nl = 0;
	const ns_boiler_line *lines = st ? NULL : ns_run_boiler_lines(r, &nl);
	uint64_t len = st ? NO_LINES : (uint64_t)nl * sizeof(ns_boiler_line);
	if (bcast_wait(&len, 1, MPI_UINT64_T) != MPI_SUCCESS) return stopped() ? NS_ERR_INTERRUPTED : NS_ERR_IO;
	if (st) return st;
	if (bcast_bytes((void *)lines, len) != MPI_SUCCESS) return stopped() ? NS_ERR_INTERRUPTED : NS_ERR_IO;
	/* every process now waits for its job of count vectors */
	cs_start(r, o, base, ls);
	source s = {.r = r, .phase = PHASE_SKETCH, .ls = ls, .part = 1, .t0 = MPI_Wtime()};
	st = ns_run_sketch_parts(r, base, (uint32_t)g_size, next_bytes, &s);
	if (st == NS_ERR_FORMAT && s.part > 0 && s.part < g_size)
		cli_msg(ls, NS_LOG_ERROR, "rank %d: its sketches arrived damaged", s.part);
	if (s.part < g_size && !stopped()) drain(&s);
	return st;
}

ns_status cli_mpi_read(ns_run *r, const ns_options *o, int history, const char *const *paths, size_t n, cli_log *ls)
{
	g_route = !history;
	/* the plan, made by rank 0 (the others may not see the same files) */
	ns_buf pb = {0};
	ns_ingest_plan *plan = NULL;
	uint64_t len = 0;
	if (g_rank == 0) {
		ns_status st = ns_ingest_plan_make(o, paths, n, (uint32_t)g_size, &plan);
		if (!st) st = ns_ingest_plan_encode(plan, &pb);
		len = st ? NO_PLAN : pb.len;
	}
	if (bcast_wait(&len, 1, MPI_UINT64_T) != MPI_SUCCESS) {
		ns_buf_free(&pb);
		ns_ingest_plan_free(plan);
		return stopped() ? NS_ERR_INTERRUPTED : NS_ERR_IO;
	}
	g_synced = 1;
	if (len == NO_READ) return NS_ERR_INTERRUPTED; /* rank 0 stopped: its exit code follows */
	if (len == NO_PLAN) { ns_buf_free(&pb); ns_ingest_plan_free(plan); return NS_ERR_NOMEM; }
	/* out of memory here: the others still need the broadcast */
	int nomem = g_rank != 0 && ns_buf_reserve(&pb, len);
	if (bcast_bytes(nomem ? NULL : pb.p, len) != MPI_SUCCESS) {
		ns_buf_free(&pb);
		ns_ingest_plan_free(plan);
		return stopped() ? NS_ERR_INTERRUPTED : NS_ERR_IO;
	}
	ns_status st = nomem ? NS_ERR_NOMEM : NS_OK;
	if (g_rank != 0 && !st) st = ns_ingest_plan_decode(pb.p, len, &plan);
	ns_buf_free(&pb);
	if (g_rank != 0) {
		part_head h;
		ns_spill sp = {0};
		if (!st) make_part(r, o, plan, PHASE_READ, &sp, &h);
		else {
			memset(&h, 0, sizeof(h));
			h.status = st;
			snprintf(h.msg, sizeof(h.msg), "on %s: the plan of the read did not arrive whole", g_host);
		}
		st = send_part(&sp, &h, ls);
		ns_ingest_plan_free(plan);
		return sketch_part(r, o, st, ls);
	}
	/* rank 0 reads its own part straight into its store, then takes the
	 * others' streams in order */
	size_t *base = calloc((size_t)g_size + 1, sizeof(size_t));
	source s = {.plan = plan, .r = r, .phase = PHASE_READ, .base = base, .ls = ls, .part = 1, .t0 = MPI_Wtime()};
	char err[768];
	st = base ? ns_run_read_parts(r, plan, 0, err, sizeof(err), next_bytes, &s) : NS_ERR_NOMEM;
	if (!base) err[0] = 0;
	if (err[0]) cli_msg(ls, NS_LOG_ERROR, "rank 0 on %s: %s", g_host, err);
	if (st == NS_ERR_FORMAT && s.part > 0 && s.part < g_size)
		cli_msg(ls, NS_LOG_ERROR, "rank %d: its part arrived damaged (a checksum or the order of its units is wrong)",
		        s.part);
	if (s.part < g_size && !stopped()) drain(&s);
	if (!st) {
		uint64_t recs = ns_run_ingest(r)->read;
		cli_msg(ls, NS_LOG_INFO, "read in %d parts: %llu stream bytes, %.0f per record", g_size,
		        (unsigned long long)s.total, recs ? (double)s.total / (double)recs : 0.0);
	}
	ns_ingest_plan_free(plan);
	if (base) base[g_size] = ns_docs_count(ns_run_docs(r));
	st = sketch_parts(r, o, st, base, ls);
	free(base);
	return st;
}

void cli_mpi_finish(void)
{
	/* the log the run gave cs_start closes when the run returns */
	if (!stopped() && g_synced && g_rank == 0 && g_cs_on) cs_finish();
}

int cli_mpi_end(int rc)
{
	if (stopped()) return rc; /* the job is being ended: no more waiting for the others */
	if (!g_synced) {
		/* stopped before the read (a usage error, the state locked):
		 * the others still wait for the plan, or for this part */
		uint64_t len = NO_READ;
		if (bcast_wait(&len, 1, MPI_UINT64_T) != MPI_SUCCESS) return rc;
		if (g_rank != 0 && len < NO_PLAN) {
			if (bcast_bytes(NULL, len) != MPI_SUCCESS) return rc;
			part_head h;
			memset(&h, 0, sizeof(h));
			h.status = NS_ERR_OPTION;
			snprintf(h.msg, sizeof(h.msg), "on %s: stopped before reading (exit %d)", g_host, rc);
			if (send_wait(&h, (int)sizeof(h), T_DATA) != MPI_SUCCESS) return rc;
			/* rank 0 stops after the read, and says so */
			if (bcast_wait(&len, 1, MPI_UINT64_T) != MPI_SUCCESS) return rc;
		}
	}
	if (g_rank == 0 && g_cs_on) cs_finish();
	if (bcast_wait(&rc, 1, MPI_INT) != MPI_SUCCESS) return rc; /* stopped while waiting */
	MPI_Finalize();
	return rc;
}
