#!/bin/sh
# newsift-mpi under a running Slurm: the README's two ways, each against
# plain newsift on the same inputs (the sample, and it again as plain JSONL
# so that the file is cut into ranges):
#   1. an sbatch script that runs mpirun in its allocation (sbatch --wait);
#   2. srun --mpi=pmix.
# Not part of make test: it needs Slurm (sinfo, sbatch, srun) with room for
# NP tasks (default 2) and a directory every node sees (default: a new one
# under the current directory).  Exit 0 when both give newsift's bytes.
#
# Usage: scripts/slurm_check.sh [BUILD_DIR] [NP]
set -u
build=$(cd "${1:-build}" && pwd)
np=${2:-2}
bin=$build/newsift
mpi=$build/newsift-mpi
for c in sinfo sbatch srun; do
	command -v $c > /dev/null || { echo "slurm_check: $c not found: no Slurm here" >&2; exit 2; }
done
[ -x "$mpi" ] || { echo "slurm_check: $mpi not built (make mpi)" >&2; exit 2; }
work=$(mktemp -d "$PWD/slurm-check.XXXXXX")
trap 'rm -rf "$work"' EXIT
gzip -dc corpora/sample.jsonl.gz > "$work/plain.jsonl"
for i in 1 2 3 4 5 6 7 8; do gzip -dc corpora/sample.jsonl.gz | sed "s/\"id\": *\"\([^\"]*\)\"/\"id\": \"\1-$i\"/"; done > "$work/big.jsonl"
set -- corpora/sample.jsonl.gz "$work/big.jsonl"
"$bin" run -q -t 1 "$@" -o "$work/plain" > /dev/null 2>&1 || { echo "slurm_check: newsift failed" >&2; exit 1; }
# root in a container needs Open MPI's consent; harmless elsewhere
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
cat > "$work/job.sbatch" <<EOF
#!/bin/sh
#SBATCH --job-name=newsift-check
#SBATCH --ntasks=$np
#SBATCH --cpus-per-task=1
#SBATCH --output=$work/job-%j.log
mpirun "$mpi" run -t "\$SLURM_CPUS_PER_TASK" --verbose --tmp-dir "$work" $* -o "$work/sbatch"
EOF
rc=0
same() {
	for f in clusters.tsv stories.jsonl digest.md digest.html digest.json; do
		cmp -s "$work/plain/$f" "$1/$f" || { echo "  $f differs"; return 1; }
	done
	[ "$(gzip -dc "$work/plain/deduped.jsonl.gz" | cksum)" = "$(gzip -dc "$1/deduped.jsonl.gz" | cksum)" ] || { echo "  deduped.jsonl.gz differs"; return 1; }
}
if sbatch --wait "$work/job.sbatch" > /dev/null && same "$work/sbatch"; then
	echo "ok   sbatch with mpirun ($np tasks): newsift's bytes; $(grep -c '^newsift: part' "$work"/job-*.log) parts read"
else
	echo "FAIL sbatch with mpirun ($np tasks)"; cat "$work"/job-*.log 2> /dev/null | tail -n 20; rc=1
fi
if srun --mpi=pmix -n "$np" -c 1 "$mpi" run -q -t 1 --tmp-dir "$work" "$@" -o "$work/srun" > /dev/null 2>&1 && same "$work/srun"; then
	echo "ok   srun --mpi=pmix -n $np: newsift's bytes"
else
	echo "FAIL srun --mpi=pmix -n $np"; rc=1
fi
echo "slurm: $(sinfo --version 2>/dev/null), $(mpirun --version 2>/dev/null | head -n 1)"
exit $rc
