#!/usr/bin/env bash
# Stops the local cluster that start.sh started. Each node gets SIGTERM (coordinated shutdown: it hands its
# shards off and leaves the cluster) and is waited for before the next one, last node first; then dnsmasq.
# Running it when nothing runs is fine.
#
# Usage: infra/local-cluster/stop.sh [--purge]      --purge also deletes the state directory (data and logs)
#
# Environment (all optional):
#   BUX_CLUSTER_DIR    state directory given to start.sh     default <repo>/.local-cluster
#   BUX_STOP_TIMEOUT   seconds one node may take to stop before it gets SIGKILL   default 60
#
# Exit codes: 0 all stopped, every node with exit code 0; 1 a node needed SIGKILL or exited with another code
# after SIGTERM; 2 bad input.
set -euo pipefail
script_name="stop.sh"
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

purge=0
for arg in "$@"; do
  case "$arg" in
    --purge) purge=1 ;;
    -h|--help) print_usage "${BASH_SOURCE[0]}"; exit 0 ;;
    *) bad_input "unknown argument '$arg' (usage: stop.sh [--purge])" ;;
  esac
done
stop_timeout="${BUX_STOP_TIMEOUT:-60}"
is_seconds "$stop_timeout" || bad_input "BUX_STOP_TIMEOUT: '$stop_timeout' is not a whole number of seconds >= 1"

state_dir="$(resolve_state_dir existing)"
if [[ ! -d "$state_dir" ]]; then
  say "nothing to stop: $state_dir does not exist"
  exit 0
fi

# Nodes in the order start.sh started them (cluster.env), plus any other pid file; stopped in reverse.
names=()
if load_cluster_env; then names=("${node_names[@]}"); fi
for f in "$state_dir"/pids/*.pid; do
  [[ -e "$f" ]] || continue
  n="$(basename "$f" .pid)"
  [[ "$n" == dnsmasq || "$n" == *.supervisor ]] && continue
  [[ " ${names[*]:-} " == *" $n "* ]] || names+=("$n")
done

status=0
stopped=0
for (( i = ${#names[@]} - 1; i >= 0; i-- )); do
  name="${names[$i]}"
  pid_file="$state_dir/pids/$name.pid"
  exit_file="$state_dir/pids/$name.exit"
  sup_file="$state_dir/pids/$name.supervisor.pid"
  log="$state_dir/logs/$name.log"
  if ! pid="$(owned_pid "$pid_file")"; then
    # A pid file that stop.sh did not remove: the node ended on its own since start.sh.
    if [[ -f "$pid_file" && -f "$exit_file" ]]; then
      say "$name was not running (it had exited with code $(cat "$exit_file"))"
    fi
    rm -f "$pid_file"
    continue
  fi
  stopped=$((stopped + 1))
  say "stopping $name (pid $pid) with SIGTERM; waiting up to ${stop_timeout}s"
  started=$SECONDS
  killed=0
  kill -TERM "$pid" 2>/dev/null || true
  if ! wait_gone "$pid" "$stop_timeout"; then
    killed=1
    printf 'local-cluster: %s still running %ss after SIGTERM; sending SIGKILL\n' "$name" "$stop_timeout" >&2
    print_log_tail "$log" 30 >&2
    kill -KILL "$pid" 2>/dev/null || true
    wait_gone "$pid" 5 || fail "$name (pid $pid) survived SIGKILL"
    status=1
  fi
  # The supervisor writes the exit code as soon as it has reaped the node.
  if sup="$(owned_pid "$sup_file")" && ! wait_gone "$sup" 5; then
    kill -KILL "$sup" 2>/dev/null || true
  fi
  if [[ -f "$exit_file" ]]; then
    code="$(cat "$exit_file")"
    if [[ "$code" == 0 ]]; then
      say "$name stopped after $((SECONDS - started))s (exit code 0)"
    elif (( killed == 1 )); then
      printf 'local-cluster: %s killed after %ss (exit code %s)\n' "$name" "$((SECONDS - started))" "$code" >&2
    else
      printf 'local-cluster: %s exited with code %s after SIGTERM (expected 0); see %s\n' "$name" "$code" "$log" >&2
      status=1
    fi
  else
    say "$name stopped after $((SECONDS - started))s (exit code not recorded)"
  fi
  rm -f "$pid_file" "$sup_file"
done

if dns_pid="$(owned_pid "$state_dir/pids/dnsmasq.pid")"; then
  stopped=$((stopped + 1))
  kill -TERM "$dns_pid" 2>/dev/null || true
  if ! wait_gone "$dns_pid" 5; then
    kill -KILL "$dns_pid" 2>/dev/null || true
    wait_gone "$dns_pid" 5 || fail "dnsmasq (pid $dns_pid) survived SIGKILL"
  fi
  say "dnsmasq (pid $dns_pid) stopped"
fi
rm -f "$state_dir/pids/dnsmasq.pid"

if (( stopped == 0 )); then
  say "nothing was running from $state_dir"
fi

if (( purge == 1 )); then
  [[ -f "$state_dir/cluster.env" ]] \
    || fail "not deleting $state_dir: it has no cluster.env, so start.sh did not make it"
  rm -rf -- "$state_dir"
  say "deleted $state_dir"
fi
exit "$status"
