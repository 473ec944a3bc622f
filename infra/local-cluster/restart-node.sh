#!/usr/bin/env bash
# shellcheck disable=SC2154  # node_names, node_hosts, http_port, remoting_port and node_dll come from cluster.env
# Restarts one node of the local cluster that start.sh started: stops it with SIGTERM (coordinated shutdown: it
# hands its shards off and leaves the cluster) or, with --kill, SIGKILL (a crash: the others see it unreachable),
# waits until it is gone, starts it again exactly as start.sh did (same binary, arguments, configuration variables
# and settings, from cluster.env) and waits until it answers 200 on /health/ready. Prints how long that took from
# launching the new process. A node that is not running (it exited on its own) is just started.
#
# Usage: infra/local-cluster/restart-node.sh NODE [--kill]        NODE is node1, node2, ... as start.sh named them
#
# Environment (all optional):
#   BUX_CLUSTER_DIR      state directory given to start.sh                          default <repo>/.local-cluster
#   BUX_STOP_TIMEOUT     seconds the node may take to exit after the signal         default 60
#   BUX_READY_TIMEOUT    seconds the restarted node may take to answer 200          default 90
#
# Exit codes: 0 restarted and ready; 1 failed (cluster not running, node did not stop, not ready in time);
# 2 bad input (unknown node or argument).
set -euo pipefail
script_name="restart-node.sh"
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

usage="usage: restart-node.sh NODE [--kill]"
node=""
signal=TERM
for arg in "$@"; do
  case "$arg" in
    --kill) signal=KILL ;;
    -h|--help) print_usage "${BASH_SOURCE[0]}"; exit 0 ;;
    -*) bad_input "unknown option '$arg' ($usage)" ;;
    *) [[ -z "$node" ]] || bad_input "one node at a time: got '$node' and '$arg' ($usage)"; node="$arg" ;;
  esac
done
[[ -n "$node" ]] || bad_input "which node? ($usage)"
stop_timeout="${BUX_STOP_TIMEOUT:-60}"
ready_timeout="${BUX_READY_TIMEOUT:-90}"
is_seconds "$stop_timeout" || bad_input "BUX_STOP_TIMEOUT: '$stop_timeout' is not a whole number of seconds >= 1"
is_seconds "$ready_timeout" || bad_input "BUX_READY_TIMEOUT: '$ready_timeout' is not a whole number of seconds >= 1"
command -v dotnet >/dev/null || fail "dotnet is not on PATH"
command -v curl >/dev/null || fail "curl is not on PATH (used to poll /health/ready)"

state_dir="$(resolve_state_dir existing)"
load_cluster_env || fail "no local cluster was started from $state_dir (no cluster.env); start one with $local_cluster_dir/start.sh"
index=""
for i in "${!node_names[@]}"; do
  [[ "${node_names[$i]}" != "$node" ]] || index="$i"
done
[[ -n "$index" ]] || bad_input "unknown node '$node': the cluster in $state_dir has ${node_names[*]}"
owned_pid "$state_dir/pids/dnsmasq.pid" >/dev/null \
  || fail "the local cluster in $state_dir is not running (no dnsmasq); start it with $(state_dir_prefix)$local_cluster_dir/start.sh"
[[ -f "$node_dll" ]] || fail "$node_dll (the node binary start.sh used) no longer exists; run stop.sh and start.sh again"

host="${node_hosts[$index]}"
pid_file="$state_dir/pids/$node.pid"
sup_file="$state_dir/pids/$node.supervisor.pid"
exit_file="$state_dir/pids/$node.exit"
log="$state_dir/logs/$node.log"

# --- stop ---------------------------------------------------------------------------------------------------
if pid="$(owned_pid "$pid_file")"; then
  say "stopping $node (pid $pid) with SIG$signal; waiting up to ${stop_timeout}s for it to exit"
  stop_started="$(now_us)"
  kill "-$signal" "$pid" 2>/dev/null || true
  if ! wait_gone "$pid" "$stop_timeout"; then
    print_log_tail "$log" 30 >&2
    fail "$node (pid $pid) still running ${stop_timeout}s after SIG$signal (BUX_STOP_TIMEOUT); it is left running: restart-node.sh $node --kill crashes it"
  fi
  # The supervisor writes the exit code as soon as it has reaped the node, then exits.
  if sup="$(owned_pid "$sup_file")" && ! wait_gone "$sup" 5; then
    kill -KILL "$sup" 2>/dev/null || true
  fi
  code="not recorded"
  [[ ! -f "$exit_file" ]] || code="$(cat "$exit_file")"
  say "$node exited $(seconds_since "$stop_started")s after SIG$signal (exit code $code)"
elif [[ -f "$exit_file" ]]; then
  say "$node was not running (it had exited with code $(cat "$exit_file")); starting it"
else
  say "$node was not running; starting it"
fi

# --- start again --------------------------------------------------------------------------------------------
for port in "$http_port" "$remoting_port"; do
  if port_taken "$host" "$port"; then
    fail "$host:$port still accepts connections although $node is gone (another process took it?)"
  fi
done
rm -f "$pid_file" "$sup_file" "$exit_file"
mkdir -p "$state_dir/logs" "$state_dir/pids"
launched_at="$(now_us)"
start_node "$index"
pid="$(wait_node_pid "$index")"
say "$node started again, pid $pid, log $log; waiting up to ${ready_timeout}s for it to answer 200 on /health/ready"
wait_ready "$ready_timeout" "$launched_at" "$index"
say "$node restarted (SIG$signal) and ready ${ready_seconds}s after its new process was launched"
