/* newsift-mpi — the run spread over the processes of an MPI job: the
 * command line's part (the library knows nothing of MPI).
 *
 * Every process parses the same command line.  The first process (rank 0)
 * plans the read (ns_ingest_plan_make) and sends the plan to the others;
 * each process reads and cleans its part into a packed stream in a spill
 * file of its --tmp-dir, keeping the records in its own store too; the
 * streams come to rank 0 in part order, which merges them into its store
 * and learns the boilerplate lines.  The lines are broadcast; each process
 * strips them from its records, sketches them and sends the sketches,
 * which rank 0 merges into its band files.  In the story stage each
 * process makes the count vectors of the kept articles whose text it has
 * (rank 0 sends it the list) and sends them as it goes, then weighs and
 * encodes them with the document frequencies rank 0 counted.  Rank 0 runs the
 * rest and writes alone; at the end every process exits with rank 0's
 * exit code.  A process that cannot do its part sends why instead, and
 * rank 0 stops the run with that message and no outputs.  Waiting
 * processes sleep between polls, so that idle ranks leave the cores to
 * the working ones. */
#ifndef NEWSIFT_CLI_MPI_H
#define NEWSIFT_CLI_MPI_H
#include <signal.h>
#include "cli.h"
#include "newsift/newsift.h"

/* MPI_Init; -1 after a message when it fails. */
int cli_mpi_init(int *argc, char ***argv);
int cli_mpi_rank(void);
int cli_mpi_size(void);
/* The flag a signal sets (the run's): waits give up when it is set, and
 * cli_mpi_end no longer waits for the others. */
void cli_mpi_set_stop(volatile sig_atomic_t *flag);
/* The read stage of the run r (every process calls it with the same
 * inputs), then the boilerplate and sketches, and the later stages' work
 * set up: rank 0 gets the whole store and the sketches, the others pack
 * and send their parts, sketch them, pair the band keys routed to them
 * (without a history: with one, rank 0 has every band key), and make the
 * count vectors and summaries rank 0 asks for.  A part that failed is
 * logged on rank 0 as "rank K on HOST: CAUSE" and its status returned
 * there; the others return their own. */
ns_status cli_mpi_read(ns_run *r, const ns_options *o, int history, const char *const *paths, size_t n, cli_log *ls);
/* After the run, while its log is still open: rank 0 sends the
 * processes the messages they still wait for and logs what they sent.
 * cli_mpi_end does it too when this was not called. */
void cli_mpi_finish(void);
/* The end of the job: rank 0's rc, given to every process, then
 * MPI_Finalize.  Returns that rc. */
int cli_mpi_end(int rc);
#endif
