#!/usr/bin/env bash
# Benchmarks cluster formation on the local cluster, with the nodes' default settings. Each run starts a fresh
# cluster (start.sh, a new temporary state directory, free ports) and measures
#   form_N_nodes          from launching the node processes to every node answering 200 on /health/ready
#   rejoin_after_kill     restart-node.sh node1 --kill (SIGKILL the first member, the lowest address): from
#                         launching its new process to 200 on /health/ready
#   rejoin_after_sigterm  restart-node.sh node2 (SIGTERM: graceful leave), measured the same way
# then stops the cluster (stop.sh). The times are taken by start.sh and restart-node.sh (polling every 0.2 s).
# The build is not measured: BUX_NODE_DLL, or one build before the first run.
#
# Usage: infra/local-cluster/bench-formation.sh [--runs N]      N runs (default 3)
#
# stdout: only JSON, one line per phase and run: {"phase":"form_3_nodes","seconds":8.123,"run":1}
# stderr: progress (the output of start.sh, restart-node.sh and stop.sh) and a summary.
#
# Environment (all optional):
#   BUX_NODE_DLL        a built BlocksterV2.Web.dll         default: dotnet build -c Release into a temporary
#                                                           --artifacts-path (never into src/*/bin)
#   BUX_BENCH_DIR       directory for the state directories and the build; deleted at the end (kept after a
#                       failure, with the logs)                 default: a new directory from mktemp -d
#   BUX_BENCH_KEEP      1: keep that directory (the nodes' logs) after a successful run too
#   BUX_HTTP_PORT, BUX_REMOTING_PORT, BUX_DNS_PORT          default: free ports picked for each run
#   BUX_NODE_ADDRESSES, BUX_DNS_ADDRESS, BUX_SERVICE_NAME, BUX_DNSMASQ, BUX_READY_TIMEOUT, BUX_STOP_TIMEOUT
#                       passed on to the scripts (see start.sh)
# Bux__* variables are removed from the environment: the nodes run with their defaults.
#
# Every process the benchmark started is stopped when it ends, fails or is interrupted (Ctrl-C, SIGTERM).
# Exit codes: 0 every run measured; 1 failed; 2 bad input.
set -euo pipefail
script_name="bench-formation.sh"
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

runs=3
while (( $# > 0 )); do
  case "$1" in
    --runs) (( $# >= 2 )) || bad_input "--runs needs a number"; runs="$2"; shift 2 ;;
    --runs=*) runs="${1#--runs=}"; shift ;;
    -h|--help) print_usage "${BASH_SOURCE[0]}"; exit 0 ;;
    *) bad_input "unknown argument '$1' (usage: bench-formation.sh [--runs N])" ;;
  esac
done
is_seconds "$runs" || bad_input "--runs: '$runs' is not a whole number >= 1"
read -r -a node_hosts <<<"${BUX_NODE_ADDRESSES:-127.0.0.2 127.0.0.3 127.0.0.4}"
(( ${#node_hosts[@]} >= 2 )) || bad_input "BUX_NODE_ADDRESSES: the benchmark restarts node1 and node2, so it needs at least 2 addresses"
dns_address="${BUX_DNS_ADDRESS:-127.0.0.1}"
for var in BUX_HTTP_PORT BUX_REMOTING_PORT BUX_DNS_PORT; do
  [[ -z "${!var:-}" ]] || is_port "${!var}" || bad_input "$var: '${!var}' is not a port (1-65535)"
done
fixed_http_port="${BUX_HTTP_PORT:-}" fixed_remoting_port="${BUX_REMOTING_PORT:-}" fixed_dns_port="${BUX_DNS_PORT:-}"
command -v dotnet >/dev/null || fail "dotnet is not on PATH"

# The nodes' defaults, whatever the caller's shell has; the state directories are the benchmark's own.
dropped=()
while IFS= read -r var; do dropped+=("$var"); unset "$var"; done < <(compgen -e | grep '^Bux__' || true)
(( ${#dropped[@]} == 0 )) || printf 'bench: not passing %s to the nodes (the benchmark uses their defaults)\n' "${dropped[*]}" >&2
unset BUX_CLUSTER_DIR BUX_KEEP_ON_FAILURE

if [[ -n "${BUX_BENCH_DIR:-}" ]]; then
  work="$BUX_BENCH_DIR"
  [[ ! -e "$work" ]] || bad_input "BUX_BENCH_DIR: $work already exists (the benchmark deletes it at the end, so it must be new)"
  mkdir -p "$work" || fail "cannot create $work"
  work="$(cd "$work" && pwd)"
else
  work="$(mktemp -d "${TMPDIR:-/tmp}/bux-bench-formation.XXXXXX")" || fail "mktemp -d failed"
fi

# --- cleanup: whatever was started is stopped, whichever way the benchmark ends ----------------------------
step_pid_file="$work/step.pid"
step_job=""
active_dir=""  # the state directory of the run whose cluster may be running
# Stops the step (a script or the build) that is running, if any; start.sh then stops what it started.
stop_step() {
  if [[ -n "$step_job" ]]; then
    if [[ -s "$step_pid_file" ]]; then kill -TERM "$(cat "$step_pid_file")" 2>/dev/null || true; fi
    wait "$step_job" 2>/dev/null || true
    step_job=""
  fi
}
on_exit() {
  local code=$?
  trap '' INT TERM HUP
  stop_step
  sleep 0.3  # a supervisor that start.sh launched just before it was stopped writes its pid file
  if [[ -n "$active_dir" && -f "$active_dir/cluster.env" ]]; then
    BUX_CLUSTER_DIR="$active_dir" "$local_cluster_dir/stop.sh" >&2 || code=1
  fi
  if (( code == 1 )) || [[ "${BUX_BENCH_KEEP:-0}" == 1 ]]; then
    rm -rf -- "$work/artifacts"
    printf 'bench: logs kept in %s\n' "$work" >&2
  else
    rm -rf -- "$work"
  fi
  exit "$code"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP

# Runs a command with its output on stderr and in file $1; returns its exit code. In the background, so that a
# signal reaches this script's traps at once (they stop it); its pid is in step_pid_file meanwhile.
run_step() {
  local out="$1"
  shift
  rm -f "$step_pid_file"
  { bash -c 'printf "%s\n" "$$" >"$0"; exec "$@"' "$step_pid_file" "$@" 2>&1 | tee "$out" >&2; } &
  step_job=$!
  local code=0
  wait "$step_job" || code=$?
  step_job=""
  rm -f "$step_pid_file"
  return "$code"
}

# Sets variable $1 to a port in 20000-32767 (below Linux's ephemeral range) on which none of the node addresses
# and not the DNS address accepts connections, and which is not in $picked_ports.
picked_ports=" "
pick_port() {
  local port address tries=0
  while (( tries++ < 500 )); do
    port=$(( 20000 + RANDOM % 12768 ))
    [[ "$picked_ports" != *" $port "* ]] || continue
    for address in "${node_hosts[@]}" "$dns_address"; do
      if port_taken "$address" "$port"; then continue 2; fi
    done
    picked_ports+="$port "
    printf -v "$1" '%s' "$port"
    return 0
  done
  fail "found no free port in 20000-32767 after 500 tries"
}

# The value of "<what> <seconds>s after" in file $1 (the line start.sh or restart-node.sh ends with).
measured_seconds() {
  local seconds
  seconds="$(sed -n "s/^local-cluster: .*$2 \\([0-9]*\\.[0-9]*\\)s after .*/\\1/p" "$1" | tail -n 1)"
  [[ -n "$seconds" ]] || fail "no '$2 <seconds>s after' line in the output of the last step ($1)"
  printf '%s\n' "$seconds"
}

# --- the node binary ----------------------------------------------------------------------------------------
if [[ -n "${BUX_NODE_DLL:-}" ]]; then
  node_dll="$(given_node_dll)"
else
  project="$repo_root/src/BlocksterV2.Web"
  printf 'bench: building %s (Release) into %s/artifacts; not measured\n' "$project" "$work" >&2
  run_step "$work/build.log" dotnet build "$project" -c Release --artifacts-path "$work/artifacts" \
      --disable-build-servers -nologo -v quiet \
    || fail "dotnet build failed; its output is above"
  node_dll="$(dotnet msbuild "$project" -getProperty:TargetPath -p:Configuration=Release \
    -p:ArtifactsPath="$work/artifacts" -p:UseArtifactsOutput=true 2>/dev/null | tail -n 1)"
  [[ -f "$node_dll" ]] || fail "the build did not produce $node_dll"
fi
export BUX_NODE_DLL="$node_dll"

# --- the runs -----------------------------------------------------------------------------------------------
form_phase="form_${#node_hosts[@]}_nodes"
results="$work/results"
: >"$results"
emit() {
  printf '{"phase":"%s","seconds":%s,"run":%d}\n' "$1" "$2" "$3"
  printf '%s %s\n' "$1" "$2" >>"$results"
}

for (( run = 1; run <= runs; run++ )); do
  dir="$work/run$run"
  http_port="$fixed_http_port" remoting_port="$fixed_remoting_port" dns_port="$fixed_dns_port"
  picked_ports=" $http_port $remoting_port $dns_port "
  [[ -n "$http_port" ]] || pick_port http_port
  [[ -n "$remoting_port" ]] || pick_port remoting_port
  [[ -n "$dns_port" ]] || pick_port dns_port
  export BUX_CLUSTER_DIR="$dir" BUX_HTTP_PORT="$http_port" BUX_REMOTING_PORT="$remoting_port" BUX_DNS_PORT="$dns_port"
  printf 'bench: run %d of %d in %s (HTTP %s, remoting %s, DNS %s)\n' "$run" "$runs" "$dir" "$http_port" \
    "$remoting_port" "$dns_port" >&2

  active_dir="$dir"
  run_step "$work/step.out" "$local_cluster_dir/start.sh" || fail "run $run: start.sh failed (exit code $?)"
  seconds="$(measured_seconds "$work/step.out" "nodes ready")"
  emit "$form_phase" "$seconds" "$run"

  run_step "$work/step.out" "$local_cluster_dir/restart-node.sh" node1 --kill \
    || fail "run $run: restart-node.sh node1 --kill failed (exit code $?)"
  seconds="$(measured_seconds "$work/step.out" "and ready")"
  emit rejoin_after_kill "$seconds" "$run"

  run_step "$work/step.out" "$local_cluster_dir/restart-node.sh" node2 \
    || fail "run $run: restart-node.sh node2 failed (exit code $?)"
  seconds="$(measured_seconds "$work/step.out" "and ready")"
  emit rejoin_after_sigterm "$seconds" "$run"

  run_step "$work/step.out" "$local_cluster_dir/stop.sh" \
    || fail "run $run: stop.sh reported a node that did not stop cleanly (exit code $?); logs in $dir/logs"
  active_dir=""
done
unset BUX_CLUSTER_DIR BUX_HTTP_PORT BUX_REMOTING_PORT BUX_DNS_PORT

# --- summary ------------------------------------------------------------------------------------------------
printf 'bench: %d run(s); seconds per phase (min / median / max):\n' "$runs" >&2
for phase in "$form_phase" rejoin_after_kill rejoin_after_sigterm; do
  awk -v p="$phase" '$1 == p { print $2 }' "$results" | sort -n | awk -v p="$phase" '
    { v[NR] = $1 }
    END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
          printf "  %-22s %.3f / %.3f / %.3f\n", p, v[1], m, v[NR] }' >&2
done
