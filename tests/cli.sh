#!/bin/sh
# The command line as a user meets it: each subcommand's --help against the
# option table (newsift --list-options), options a subcommand does not take,
# and the bash completion.
#
# Usage, from the repository root: sh tests/cli.sh BIN
bin=${1:-build/newsift}
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
sample=$PWD/corpora/sample.jsonl.gz
tmp=$(mktemp -d /tmp/newsift-cli.XXXXXX) || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM
pass=0; fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # check DESCRIPTION COMMAND...
	d=$1; shift
	if "$@" >/dev/null 2>&1; then ok; else bad "$d"; fi
}
# status NAME WANT COMMAND...: run COMMAND (stdout to NAME.out, stderr to NAME.err), expect exit WANT
status() {
	sn=$1 swant=$2; shift 2
	"$@" > "$tmp/$sn.out" 2> "$tmp/$sn.err"
	rc=$?
	if [ "$rc" -eq "$swant" ]; then ok; else bad "$sn: exit $rc, want $swant: $*"; sed 's/^/    /' "$tmp/$sn.err" | head -5; fi
}
has() { # has NAME FILE TEXT: FILE (out or err of NAME) holds TEXT
	if grep -qF -- "$3" "$tmp/$1.$2"; then ok; else bad "$1: no '$3' in std$2"; sed 's/^/    /' "$tmp/$1.$2" | head -5; fi
}
longopts() { grep -o -- '--[a-z][a-z0-9-]*' | sort -u; }

# --- each subcommand's --help: exit 0, on stdout, and it lists exactly the
# options the command line takes for it
for c in run summarize eval "eval rouge" state; do
	n=$(echo "$c" | tr ' ' _)
	status "help_$n" 0 "$bin" $c --help
	check "$c --help prints to stdout" test -s "$tmp/help_$n.out"
	check "$c --help prints nothing on stderr" test ! -s "$tmp/help_$n.err"
	longopts < "$tmp/help_$n.out" > "$tmp/help_$n.opts"
	"$bin" --list-options $c | cut -d' ' -f1 | sort -u > "$tmp/table_$n.opts"
	if cmp -s "$tmp/help_$n.opts" "$tmp/table_$n.opts"; then ok; else
		bad "$c --help and the option table differ (< only in --help, > only in the table):"
		diff "$tmp/help_$n.opts" "$tmp/table_$n.opts" | grep '^[<>]' | sed 's/^/    /'
	fi
	status "helpcmd_$n" 0 "$bin" help $c
	check "newsift help $c is $c --help" cmp "$tmp/help_$n.out" "$tmp/helpcmd_$n.out"
done
status help_bogus 2 "$bin" help frobnicate

# --- the man page: every option some --help prints, and no other; every
# subcommand and exit status
man=doc/newsift.1
"$bin" --help > "$tmp/help_main.out"
cat "$tmp"/help_*.out | longopts > "$tmp/help_all.opts"
sed 's/\\-/-/g' "$man" | longopts > "$tmp/man.opts"
if cmp -s "$tmp/help_all.opts" "$tmp/man.opts"; then ok; else
	bad "$man and --help differ (< only in some --help, > only in the man page):"
	diff "$tmp/help_all.opts" "$tmp/man.opts" | grep '^[<>]' | sed 's/^/    /'
fi
check "the man page's option list is not empty" test "$(wc -l < "$tmp/man.opts")" -gt 80
for c in run summarize eval "eval rouge" state help; do
	check "$man describes $c" grep -qx "\.B $c" "$man"
done
sed -n '/^Exit codes:/,/^$/p' "$tmp/help_run.out" | grep -o '\b[0-9][0-9]*\b' | sort -u > "$tmp/codes"
check "run --help lists exit codes" test "$(wc -l < "$tmp/codes")" -ge 8
for x in $(cat "$tmp/codes"); do
	check "$man lists exit status $x" sh -c 'sed -n "/^\.SH EXIT STATUS/,/^\.SH FILES/p" "$1" | grep "^\.B" | grep -qw "$2"' _ "$man" "$x"
done
if command -v groff > /dev/null 2>&1; then
	groff -man -Tutf8 -ww "$man" > /dev/null 2> "$tmp/groff.err"
	check "groff renders $man without warnings" test ! -s "$tmp/groff.err"
fi

# --- options a subcommand does not take: exit 2, naming option and subcommand
status refuse_eval 2 "$bin" eval --threads 2 a b
has refuse_eval err "newsift: eval: --threads does not apply to eval"
status refuse_state 2 "$bin" state stats --summary-words 5 "$tmp"
has refuse_state err "newsift: state: --summary-words does not apply to state"
status refuse_sum 2 "$bin" summarize --state X "$sample"
has refuse_sum err "newsift: summarize: --state does not apply to summarize"
status refuse_sum_o 2 "$bin" summarize -o X "$sample"
has refuse_sum_o err "newsift: summarize: -o does not apply to summarize"
status refuse_rouge 2 "$bin" eval rouge --level dup a b
has refuse_rouge err "newsift: eval rouge: --level does not apply to eval rouge"
status refuse_run_json 2 "$bin" run --json "$sample" -o "$tmp/x"
has refuse_run_json err "newsift: run: --json does not apply to run"
status refuse_retain 2 "$bin" state stats --retain-days 3 "$tmp"
has refuse_retain err "--retain-days applies to state compact only"
status unknown_opt 2 "$bin" run --frobnicate "$sample" -o "$tmp/x"
has unknown_opt err "newsift: run: unknown option --frobnicate"
status no_value 2 "$bin" run "$sample" -o "$tmp/x" --threads
has no_value err "newsift: run: --threads needs a value"

# --- --config FILE: key = value lines, the command line wins, errors name FILE:LINE
printf '# nightly\n\n  summary-sentences = 2\nno-dump\nstrict = false\nmax-warnings=3\n' > "$tmp/a.conf"
status cfg 0 "$bin" run -q --config "$tmp/a.conf" "$sample" -o "$tmp/cfg"
report_opt() { python3 -c 'import json, sys; o = json.load(open(sys.argv[1]))["options"]; print(" ".join(str(o[k]) for k in sys.argv[2:]))' "$@"; }
got=$(report_opt "$tmp/cfg/report.json" summary_unit summary_budget no_dump strict max_warnings config)
check "config: the file's options are used and report.json names it (got $got)" test "$got" = "sentences 2 True False 3 $tmp/a.conf"
check "config: no_dump from the file" test ! -e "$tmp/cfg/deduped.jsonl.gz"
status cfg2 0 "$bin" run -q --config "$tmp/a.conf" --summary-words 30 --max-warnings 7 "$sample" -o "$tmp/cfg2"
got=$(report_opt "$tmp/cfg2/report.json" summary_unit summary_budget max_warnings)
check "config: the command line wins (got $got)" test "$got" = "words 30 7"
status cfg3 0 "$bin" run -q "$sample" -o "$tmp/cfg3"
got=$(report_opt "$tmp/cfg3/report.json" config)
check "config: report.json's config is null without one (got $got)" test "$got" = None
cfg_err() { # cfg_err NAME CONTENT MESSAGE [COMMAND]: a usage error naming FILE:LINE
	printf "$2" > "$tmp/$1.conf"
	status "$1" 2 "$bin" ${4:-run} --config "$tmp/$1.conf" "$sample" ${5--o "$tmp/$1"}
	has "$1" err "$3"
	check "$1: no outputs" test ! -e "$tmp/$1"
}
cfg_err cfg_unknown '# x\n\nfrobnicate = 1\n' "$tmp/cfg_unknown.conf:3: unknown key 'frobnicate'"
cfg_err cfg_value 'threads = many\n' "$tmp/cfg_value.conf:1: threads: not a whole number"
cfg_err cfg_flag 'strict = yes\n' "$tmp/cfg_flag.conf:1: strict: a flag is true or false: 'yes'"
cfg_err cfg_novalue 'threads\n' "$tmp/cfg_novalue.conf:1: threads: needs a value"
cfg_err cfg_help 'help\n' "$tmp/cfg_help.conf:1: unknown key 'help'"
cfg_err cfg_cmd 'state = x\n' "$tmp/cfg_cmd.conf:1: state does not apply to summarize" summarize ""
cfg_err cfg_range 'threshold = 2\n' "(options from $tmp/cfg_range.conf and the command line)"
status cfg_missing 2 "$bin" run --config "$tmp/none.conf" "$sample" -o "$tmp/cfg_missing"
has cfg_missing err "newsift: --config $tmp/none.conf: No such file or directory"

# --- contradictory options, and options that mean nothing without another
status contra_dedup 2 "$bin" run --dedup-only --summary-words 50 "$sample" -o "$tmp/contra"
has contra_dedup err "newsift: run: --summary-words contradicts --dedup-only, which makes no stories and no summaries"
status contra_story 2 "$bin" run --story-link centroid --dedup-only "$sample" -o "$tmp/contra"
has contra_story err "--story-link contradicts --dedup-only"
status contra_boiler 2 "$bin" run --no-boilerplate --boiler-min-docs 3 "$sample" -o "$tmp/contra"
has contra_boiler err "newsift: run: --boiler-min-docs contradicts --no-boilerplate, which learns no boilerplate"
status contra_state 2 "$bin" run --run-date 2026-12-01 "$sample" -o "$tmp/contra"
has contra_state err "newsift: run: --run-date needs --state"
status contra_wait 2 "$bin" run --wait "$sample" -o "$tmp/contra"
has contra_wait err "newsift: run: --wait needs --state"
status contra_group 2 "$bin" summarize --group-column x "$sample"
has contra_group err "newsift: summarize: --group-column needs --group"
printf 'dedup-only\n' > "$tmp/dedup.conf"
status contra_cfg 2 "$bin" run --config "$tmp/dedup.conf" --summary-method lead "$sample" -o "$tmp/contra"
has contra_cfg err "--summary-method contradicts --dedup-only"
check "contradictions: no outputs" test ! -e "$tmp/contra"

# --- a --field-* given explicitly that no record has: exit 7, outputs written
printf '{"id": "a", "body": "one text"}\n{"id": "b", "body": "another text", "title": "T"}\nnot json\n' > "$tmp/body.jsonl"
status field_title 7 "$bin" run -q --field-text body --field-title headline "$tmp/body.jsonl" -o "$tmp/field"
has field_title err "newsift: --field-title headline: no record has this field"
check "field: the other records are kept, every record has a row" python3 -c '
import json, sys
c = json.load(open(sys.argv[1] + "/report.json"))["counts"]
rows = sum(1 for _ in open(sys.argv[1] + "/clusters.tsv")) - 1
assert c["read"] == 3 and c["kept"] == 2 and c["rejected"] == 1 and rows == 3, (c, rows)' "$tmp/field"
status field_text 7 "$bin" run -q --field-text text "$tmp/body.jsonl" -o "$tmp/field2"
has field_text err "newsift: --field-text text: no record has this field"
has field_text err "newsift: all 3 records were rejected"
check "field: outputs written" test -s "$tmp/field2/clusters.tsv"
printf 'field-date = published\n' > "$tmp/field.conf"
status field_cfg 7 "$bin" run -q --config "$tmp/field.conf" --field-text body "$tmp/body.jsonl" -o "$tmp/field3"
has field_cfg err "newsift: --field-date published: no record has this field"
status field_default 0 "$bin" run -q --field-text body "$tmp/body.jsonl" -o "$tmp/field4"
check "field: a default name no record has is no error" test ! -s "$tmp/field_default.err"
status field_title_ok 0 "$bin" run -q --field-text body --field-title title "$tmp/body.jsonl" -o "$tmp/field5"
status field_sum 7 "$bin" summarize -q --field-text body --field-url link "$tmp/body.jsonl"
has field_sum err "newsift: --field-url link: no record has this field"

# --- a failed run leaves nothing that looks current, and failed.json
out=$tmp/night
printf '{"id": "x1", "text": "a good record"}\n{"id": "x2", "text": \n' > "$tmp/bad.jsonl"
status good1 0 "$bin" run -q "$sample" -o "$out"
check "failed: a good run leaves no failed.json" test ! -e "$out/failed.json"
status failrun 3 "$bin" run -q --strict "$tmp/bad.jsonl" -o "$out"
check "failed: failed.json after exit 3" test -s "$out/failed.json"
check "failed: failed.json has time, exit, error and the command" python3 -c '
import json, re, sys
d = json.load(open(sys.argv[1]))
assert sorted(d) == ["command", "error", "exit", "time"], d
assert d["exit"] == 3 and "--strict" in d["error"], d
assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", d["time"]), d
assert d["command"] == "newsift run -q --strict " + sys.argv[2] + " -o " + sys.argv[3], d' "$out/failed.json" "$tmp/bad.jsonl" "$out"
for f in clusters.tsv deduped.jsonl.gz stories.jsonl digest.md digest.html digest.json report.json; do
	check "failed: no $f that looks current" test ! -e "$out/$f"
	check "failed: the earlier $f kept as $f.stale" test -s "$out/$f.stale"
done
status failrun2 3 "$bin" run -q --strict "$tmp/bad.jsonl" -o "$out/deeper/new"
check "failed: failed.json in an OUTDIR the failed run made" test -s "$out/deeper/new/failed.json"
status good2 0 "$bin" run -q "$sample" -o "$out"
check "failed: a good run removes failed.json" test ! -e "$out/failed.json"
check "failed: ...and every .stale" test -z "$(ls "$out" | grep '\.stale$')"
check "failed: ...and writes its outputs" test -s "$out/report.json"
status failrun3 3 "$bin" run -q --strict "$tmp/bad.jsonl" -o "$out"
status field7 7 "$bin" run -q --field-title headline "$sample" -o "$out"
check "failed: a run that writes its outputs with exit 7 clears the marks too" \
	sh -c 'test ! -e "$1/failed.json" && test -z "$(ls "$1" | grep "\.stale$")" && test -s "$1/report.json"' _ "$out"
if command -v flock > /dev/null 2>&1; then
	status hist 0 "$bin" run -q --state "$tmp/hist" "$sample" -o "$tmp/locked"
	flock "$tmp/hist/LOCK" sleep 5 &
	lockpid=$!
	sleep 0.5
	status locked 5 "$bin" run -q --state "$tmp/hist" "$sample" -o "$tmp/locked"
	check "failed: exit 5 (history in use) leaves failed.json and .stale outputs" python3 -c '
import json, os, sys
d = json.load(open(sys.argv[1] + "/failed.json"))
assert d["exit"] == 5 and "in use" in d["error"], d
assert not os.path.exists(sys.argv[1] + "/report.json") and os.path.exists(sys.argv[1] + "/report.json.stale")' "$tmp/locked"
	kill "$lockpid" 2>/dev/null; wait "$lockpid" 2>/dev/null
fi
status usage_keep 2 "$bin" run -q --bogus "$sample" -o "$out"
check "failed: a usage error touches nothing" sh -c 'test ! -e "$1/failed.json" && test -s "$1/report.json"' _ "$out"

# --- logs: --verbose, --log-json, --log-file, -q
status verbose 0 "$bin" run --verbose "$sample" -o "$tmp/verbose"
for st in read boilerplate dedup stories summaries write; do
	check "--verbose: an info line for stage $st" grep -qE "^newsift: info: stage $st: [0-9]+\.[0-9]{3} s" "$tmp/verbose.err"
done
has verbose err "candidate pairs"
has verbose err "87 duplicates (13 exact, 74 near)"
has verbose err "12 stories (12 with 2+ articles)"
status quietrun 0 "$bin" run -q "$sample" -o "$tmp/quiet"
check "-q: nothing on stdout" test ! -s "$tmp/quietrun.out"
check "-q: nothing on stderr" test ! -s "$tmp/quietrun.err"
status default 0 "$bin" run "$sample" -o "$tmp/default"
check "no --verbose: no info lines" sh -c '! grep -q "info:" "$1"' _ "$tmp/default.err"
check "without -q: the summary lines on stdout" grep -q "^newsift: 132 records: 45 kept" "$tmp/default.out"
printf '{"id": "w1", "text": "fine"}\nbroken\n' > "$tmp/warn.jsonl"
status quiet_err 3 "$bin" run -q --strict "$tmp/warn.jsonl" -o "$tmp/quiet_err"
check "-q: errors still on stderr, warnings not" sh -c 'grep -q "^newsift: stopped" "$1" && ! grep -q warning "$1"' _ "$tmp/quiet_err.err"
status json 0 "$bin" run --verbose --log-json "$tmp/warn.jsonl" -o "$tmp/json"
check "--log-json: every stderr line one JSON object with time, level, message; stage lines with stage and seconds" python3 -c '
import json, re, sys
lines = open(sys.argv[1]).read().splitlines()
assert lines, "no lines"
stages = []
for l in lines:
    d = json.loads(l)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", d["time"]), d
    assert d["level"] in ("error", "warning", "info"), d
    assert isinstance(d["message"], str) and d["message"], d
    if "stage" in d:
        assert d["message"].startswith("stage " + d["stage"] + ":") and d["seconds"] >= 0, d
        stages.append(d["stage"])
assert stages == ["read", "boilerplate", "dedup", "stories", "summaries", "write"], stages
assert any(json.loads(l)["level"] == "warning" and "broken" not in l and "warn.jsonl:2" in l for l in lines), lines' "$tmp/json.err"
log=$tmp/newsift.log
status logfile1 0 "$bin" run -q --verbose --log-file "$log" "$sample" -o "$tmp/lf"
check "--log-file with -q: nothing on stderr" test ! -s "$tmp/logfile1.err"
check "--log-file: stage lines with a UTC time first" grep -qE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z newsift: info: stage dedup: ' "$log"
n1=$(wc -l < "$log")
status logfile2 0 "$bin" run --log-file "$log" "$tmp/warn.jsonl" -o "$tmp/lf2"
check "--log-file appends (and holds the warning also shown on stderr)" sh -c \
	'[ "$(wc -l < "$1")" -gt "$2" ] && grep -q "warn.jsonl:2: rejected" "$1" && grep -q "warn.jsonl:2: rejected" "$3" && [ "$(head -n "$2" "$1" | grep -c "stage")" -eq 6 ]' _ "$log" "$n1" "$tmp/logfile2.err"
status logfile_bad 2 "$bin" run --log-file "$tmp/no/such/dir/x.log" "$sample" -o "$tmp/lf3"
has logfile_bad err "--log-file $tmp/no/such/dir/x.log: No such file or directory"

# --- the progress line: on a terminal only, rewritten with \r, wiped, outputs unchanged
if command -v script > /dev/null 2>&1; then
	script -qec "'$bin' run -t 1 '$sample' -o '$tmp/tty'" /dev/null > "$tmp/tty.raw" 2>&1
	check "progress: the run under a terminal exits 0" test $? -eq 0
	cr=$(tr -cd '\r' < "$tmp/tty.raw" | wc -c)
	check "progress: the line is rewritten with \\r ($cr)" test "$cr" -ge 4
	check "progress: it names the stages" sh -c 'tr "\r" "\n" < "$1" | grep -q "^newsift: read " && tr "\r" "\n" < "$1" | grep -q "^newsift: dedup [0-9,]*/132 "' _ "$tmp/tty.raw"
	check "progress: wiped before the summary line" sh -c 'tr "\r" "\n" < "$1" | grep -q "^ *$"' _ "$tmp/tty.raw"
	"$bin" run -t 1 "$sample" -o "$tmp/notty" > /dev/null 2> "$tmp/notty.err"
	check "progress: none when stderr is a file" sh -c '! grep -q "$(printf "\r")" "$1" && ! grep -q "newsift: dedup" "$1"' _ "$tmp/notty.err"
	for f in clusters.tsv deduped.jsonl.gz stories.jsonl digest.md; do
		check "progress: $f the same with and without it" cmp "$tmp/tty/$f" "$tmp/notty/$f"
	done
	script -qec "'$bin' run -q -t 1 '$sample' -o '$tmp/ttyq'" /dev/null > "$tmp/ttyq.raw" 2>&1
	check "progress: none with -q" test ! -s "$tmp/ttyq.raw"
else
	echo "cli: script(1) not found; the progress line not checked"
fi

# --- bash completion (bash 4+): sourced, asked like bash asks it
if command -v bash >/dev/null 2>&1; then
	mkdir -p "$tmp/c/sub" && : > "$tmp/c/night.jsonl" && : > "$tmp/c/gold.tsv"
	mkdir -p "$tmp/pathbin" && ln -s "$bin" "$tmp/pathbin/newsift"
	# complete WORDS...: COMPREPLY for the last word, sorted, on one line
	complete_words() {
		(cd "$tmp/c" && PATH=$tmp/pathbin:$PATH bash -c '
			. "$0"
			COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
			_newsift
			[ ${#COMPREPLY[@]} -eq 0 ] || printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' "$OLDPWD/completion/newsift.bash" "$@")
	}
	comp() { # comp DESCRIPTION WANT WORDS...
		d=$1 want=$2; shift 2
		got=$(complete_words "$@")
		if [ "$got" = "$want" ]; then ok; else bad "completion $d: got '$got', want '$want'"; fi
	}
	comp "subcommands" "state summarize " newsift s
	comp "run options" "--story-days " newsift run --story-d
	comp "summarize takes no story options" "" newsift summarize --story-d
	comp "eval options" "--level " newsift eval --l
	comp "eval rouge's own options" "--lang " newsift eval rouge --l
	comp "choices of --minhash" "classic cminhash " newsift run --minhash c
	comp "a file after --group" "gold.tsv " newsift summarize --group g
	comp "a directory after --state" "sub " newsift run --state s
	comp "no file after a number" "" newsift run --threads ""
	comp "input files" "night.jsonl " newsift run n
	comp "state subcommands" "compact " newsift state c
	comp "help's subcommands" "run " newsift help r
	check "completion: every run option is offered" sh -c '[ "$(echo "$1" | wc -w)" -eq "$(wc -l < "$2")" ]' _ \
		"$(complete_words newsift run --)" "$tmp/table_run.opts"
else
	echo "cli: bash not found; completion not checked"
fi

echo "cli: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
