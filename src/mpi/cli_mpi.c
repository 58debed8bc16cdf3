/* newsift-mpi — the run spread over the processes of an MPI job (see
 * cli_mpi.h).  Messages from rank K to rank 0 carry tag K: a header (its
 * status, the stream's length, what it met), then the stream in chunks of
 * CHUNK bytes.  Only the main thread calls MPI. */
#include <errno.h>
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli_mpi.h"
#include "spill.h"

#define CHUNK ((size_t)4 << 20)   /* bytes of a stream per message */
#define SPILL_BUF ((size_t)1 << 20)

static int g_rank, g_size;
static int g_synced; /* the plan's length was broadcast (every process takes part once) */
#define NO_READ UINT64_MAX        /* the plan's length when rank 0 stopped before reading */
#define NO_PLAN (UINT64_MAX - 1)  /* ...when it could not make the plan */
static char g_host[MPI_MAX_PROCESSOR_NAME];
static volatile sig_atomic_t *g_stop; /* set by a signal: stop waiting */

void cli_mpi_set_stop(volatile sig_atomic_t *flag)
{
	g_stop = flag;
}

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

/* Wait for rq, sleeping between tests (a blocking MPI call would spin on
 * a core the working processes need).  Returns the MPI error code. */
static int wait_req(MPI_Request *rq, MPI_Status *stt)
{
	long ns = 20000;
	for (;;) {
		int done = 0, e = MPI_Test(rq, &done, stt ? stt : MPI_STATUS_IGNORE);
		if (e != MPI_SUCCESS || done) return e;
		if (stopped()) return MPI_ERR_OTHER; /* a signal (mpirun passes on SIGINT and SIGTERM): give up */
		struct timespec ts = {0, ns};
		nanosleep(&ts, NULL);
		if (ns < 5000000) ns *= 2;
	}
}

static int send_wait(const void *p, int n, int tag)
{
	MPI_Request rq;
	int e = MPI_Isend(p, n, MPI_BYTE, 0, tag, MPI_COMM_WORLD, &rq);
	return e != MPI_SUCCESS ? e : wait_req(&rq, NULL);
}

/* A broadcast from rank 0, waited for as the others (MPI_Bcast would spin). */
static int bcast_wait(void *p, int n, MPI_Datatype type)
{
	MPI_Request rq;
	int e = MPI_Ibcast(p, n, type, 0, MPI_COMM_WORLD, &rq);
	return e != MPI_SUCCESS ? e : wait_req(&rq, NULL);
}

static int recv_wait(void *p, int cap, int from, int *got)
{
	MPI_Request rq;
	MPI_Status stt;
	int e = MPI_Irecv(p, cap, MPI_BYTE, from, from, MPI_COMM_WORLD, &rq);
	if (e == MPI_SUCCESS) e = wait_req(&rq, &stt);
	if (e == MPI_SUCCESS && got) MPI_Get_count(&stt, MPI_BYTE, got);
	return e;
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

/* Pack this process's part into a spill file; *h says how it went. */
static void pack_part(ns_run *r, const ns_options *o, const ns_ingest_plan *plan, ns_spill *sp, part_head *h)
{
	part_size(plan, h);
	double t0 = MPI_Wtime();
	char err[768] = "";
	ns_status st = ns_spill_open(sp, o->tmp_dir, SPILL_BUF);
	if (!st) st = ns_run_pack(r, plan, (uint32_t)g_rank, spill_sink, sp, err, sizeof(err));
	if (!st) st = ns_spill_flush(sp);
	if (st && !err[0]) {
		if (sp->err)
			snprintf(err, sizeof(err), "temporary file in %s: %s", o->tmp_dir ? o->tmp_dir : ns_spill_default_dir(),
			         strerror(sp->err));
		else
			snprintf(err, sizeof(err), "%s", ns_strerror(st));
	}
	h->status = st;
	h->len = st ? 0 : sp->size;
	h->seconds = MPI_Wtime() - t0;
	if (st) snprintf(h->msg, sizeof(h->msg), "on %s: %s", g_host, err);
}

/* Rank 0's reading of the streams, part by part. */
typedef struct {
	const ns_ingest_plan *plan;
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
	cli_msg(s->ls, NS_LOG_INFO, "part %d: %llu units, %llu input bytes, %llu stream bytes, %.3f s to read", k,
	        (unsigned long long)s->h.units, (unsigned long long)s->h.in_bytes, (unsigned long long)s->h.len, s->h.seconds);
}

static long next_bytes(void *ud, void *buf, size_t cap)
{
	source *s = ud;
	if (!s->logged0) {
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

ns_status cli_mpi_read(ns_run *r, const ns_options *o, const char *const *paths, size_t n, cli_log *ls)
{
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
	if (g_rank != 0 && ns_buf_reserve(&pb, len)) {
		/* out of memory here: the others still need the broadcast */
		char *tmp = malloc(len ? len : 1);
		if (tmp) bcast_wait(tmp, (int)len, MPI_BYTE);
		free(tmp);
		return NS_ERR_NOMEM;
	}
	if (bcast_wait(pb.p, (int)len, MPI_BYTE) != MPI_SUCCESS) {
		ns_buf_free(&pb);
		ns_ingest_plan_free(plan);
		return stopped() ? NS_ERR_INTERRUPTED : NS_ERR_IO;
	}
	ns_status st = NS_OK;
	if (g_rank != 0) st = ns_ingest_plan_decode(pb.p, len, &plan);
	ns_buf_free(&pb);
	if (g_rank != 0) {
		part_head h;
		ns_spill sp = {0};
		if (!st) pack_part(r, o, plan, &sp, &h);
		else {
			memset(&h, 0, sizeof(h));
			h.status = st;
			snprintf(h.msg, sizeof(h.msg), "on %s: the plan of the read did not arrive whole", g_host);
		}
		int e = send_wait(&h, (int)sizeof(h), g_rank);
		char *buf = h.status || e != MPI_SUCCESS ? NULL : malloc(CHUNK);
		for (uint64_t at = 0; buf && at < h.len;) {
			size_t k = (size_t)(h.len - at < CHUNK ? h.len - at : CHUNK);
			if (ns_spill_read(&sp, at, buf, k)) {
				/* the header promised the stream: the rest comes as zeros,
				 * which the merge refuses */
				memset(buf, 0, k);
				cli_msg(ls, NS_LOG_ERROR, "temporary file: %s", strerror(sp.err ? sp.err : EIO));
				h.status = NS_ERR_IO;
			}
			if (send_wait(buf, (int)k, g_rank) != MPI_SUCCESS) break;
			at += k;
		}
		free(buf);
		ns_spill_close(&sp);
		ns_ingest_plan_free(plan);
		return h.status ? (ns_status)h.status : NS_OK;
	}
	/* rank 0 reads its own part straight into its store, then takes the
	 * others' streams in order */
	source s = {.plan = plan, .ls = ls, .part = 1, .t0 = MPI_Wtime()};
	char err[768];
	st = ns_run_read_parts(r, plan, 0, err, sizeof(err), next_bytes, &s);
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
	return st;
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
			char *tmp = malloc(len ? len : 1);
			if (tmp) bcast_wait(tmp, (int)len, MPI_BYTE);
			free(tmp);
			part_head h;
			memset(&h, 0, sizeof(h));
			h.status = NS_ERR_OPTION;
			snprintf(h.msg, sizeof(h.msg), "on %s: stopped before reading (exit %d)", g_host, rc);
			send_wait(&h, (int)sizeof(h), g_rank);
		}
	}
	if (bcast_wait(&rc, 1, MPI_INT) != MPI_SUCCESS) return rc; /* stopped while waiting */
	MPI_Finalize();
	return rc;
}
