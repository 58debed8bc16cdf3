# bash completion for newsift: subcommands, each subcommand's options (from
# `newsift --list-options COMMAND`, the table the command line parses with),
# the choices of an option that has them, and file names after an option that
# takes a file or directory and for operands.
_newsift()
{
	local cur prev cmd bin line name value
	local -a names
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=
	[ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}
	bin=${COMP_WORDS[0]}
	command -v "$bin" >/dev/null 2>&1 || bin=newsift
	COMPREPLY=()
	if [ "$COMP_CWORD" -eq 1 ]; then
		COMPREPLY=($(compgen -W "run summarize eval state help --help --version" -- "$cur"))
		return 0
	fi
	cmd=${COMP_WORDS[1]}
	case $cmd in
	help)
		[ "$COMP_CWORD" -eq 2 ] && COMPREPLY=($(compgen -W "run summarize eval state" -- "$cur"))
		[ "$COMP_CWORD" -eq 3 ] && [ "${COMP_WORDS[2]}" = eval ] && COMPREPLY=($(compgen -W "rouge" -- "$cur"))
		return 0;;
	state)
		if [ "$COMP_CWORD" -eq 2 ] && [ "${cur#-}" = "$cur" ]; then
			COMPREPLY=($(compgen -W "stats verify compact" -- "$cur"))
			return 0
		fi;;
	eval)
		if [ "${COMP_WORDS[2]}" = rouge ] && [ "$COMP_CWORD" -gt 2 ]; then
			cmd="eval rouge"
		elif [ "$COMP_CWORD" -eq 2 ] && [ "${cur#-}" = "$cur" ]; then
			COMPREPLY=($(compgen -W "rouge" -- "$cur") $(compgen -f -- "$cur"))
			return 0
		fi;;
	summarise) cmd=summarize;;
	esac
	# the value of the option before the cursor
	while IFS= read -r line; do
		name=${line%% *}
		value=
		[ "$name" != "$line" ] && value=${line#* }
		names+=("$name")
		if [ "$prev" = "$name" ] && [ -n "$value" ]; then
			case $value in
			FILE) COMPREPLY=($(compgen -f -- "$cur"));;
			DIR) COMPREPLY=($(compgen -d -- "$cur"));;
			*'|'*) COMPREPLY=($(compgen -W "${value//|/ }" -- "$cur"));;
			esac
			return 0
		fi
	done < <("$bin" --list-options $cmd 2>/dev/null)
	case $prev in -o) COMPREPLY=($(compgen -d -- "$cur")); return 0;; -t|-l) return 0;; esac
	if [ "${cur#-}" != "$cur" ]; then
		COMPREPLY=($(compgen -W "${names[*]}" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
	return 0
}
complete -o filenames -F _newsift newsift
