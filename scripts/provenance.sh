#!/bin/sh
# Prints the "Date:" and "Machine:" lines of a generated results/ file
# (scripts/eval.sh, dedup_grid.sh, minhash_bench.sh, eval_stories.sh;
# scripts/bench.py writes the same facts itself).
cpu=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo 2>/dev/null | head -n 1)
ram=$(awk '/^MemTotal:/ { printf "%.1f", $2 / 1048576 }' /proc/meminfo 2>/dev/null)
cores=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null)
ccv=$(cc --version 2>/dev/null | head -n 1)
echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC')."
echo "Machine: ${cpu:-unknown CPU}, ${cores:-?} cores, ${ram:-?} GiB RAM, $(uname -s) $(uname -r), ${ccv:-cc unknown}."
