#!/usr/bin/env bash
# Used by start.sh: runs one command, writes its pid to PID_FILE and, when it ends, its exit code to EXIT_FILE
# and one line to stdout (the node's log). SIGTERM/SIGINT/SIGHUP sent to this script are passed on to the command.
# Usage: supervise.sh PID_FILE EXIT_FILE -- COMMAND [ARG...]
set -euo pipefail

if (( $# < 4 )) || [[ "$3" != -- ]]; then
  echo "supervise.sh: usage: supervise.sh PID_FILE EXIT_FILE -- COMMAND [ARG...]" >&2
  exit 2
fi
pid_file="$1"
exit_file="$2"
shift 3

# Job control on: the command gets its own process group and does not inherit the SIGINT/SIGQUIT ignore that
# bash gives background commands otherwise, so `kill -INT <pid>` reaches the node as it would from a terminal.
set -m
"$@" &
child=$!
printf '%s\n' "$$" >"${pid_file%.pid}.supervisor.pid"
printf '%s\n' "$child" >"$pid_file"
trap 'kill -TERM "$child" 2>/dev/null || true' TERM INT HUP

code=0
while true; do
  if wait "$child"; then code=0; else code=$?; fi
  # wait also returns when a trapped signal arrives; go on waiting while the command still runs.
  kill -0 "$child" 2>/dev/null || break
done
printf '%s\n' "$code" >"$exit_file"
printf 'local-cluster: %s process %s exited with code %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$child" "$code"
exit "$code"
