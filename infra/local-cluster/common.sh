# shellcheck shell=bash disable=SC2154  # script_name, state_dir and the cluster.env variables are set by the caller
# Shared by start.sh, stop.sh, status.sh, restart-node.sh and bench-formation.sh (sourced, not run). Bash; callers have
# `set -euo pipefail`.
#
# State directory layout (BUX_CLUSTER_DIR, default <repo>/.local-cluster):
#   cluster.env                 what start.sh started: node names, addresses, ports, the node binary, its arguments
#                               and configuration variables (read by stop.sh, status.sh and restart-node.sh)
#   hosts                       the records dnsmasq serves (a hosts file)
#   data/<node>/                each node's SQLite database (--data-dir)
#   logs/<node>.log             each node's output; logs/dnsmasq.log (queries), logs/build.log
#   pids/<node>.pid             the node's process id; pids/<node>.supervisor.pid, pids/<node>.exit (its exit code)
#   pids/dnsmasq.pid

local_cluster_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$local_cluster_dir/../.." && pwd)"

say() { printf 'local-cluster: %s\n' "$*"; }
fail() { printf '%s: error: %s\n' "$script_name" "$*" >&2; exit 1; }
bad_input() { printf '%s: error: %s\n' "$script_name" "$*" >&2; exit 2; }

# The state directory as an absolute path; $1 is "create" (make it) or "existing" (it may not exist).
resolve_state_dir() {
  local dir="${BUX_CLUSTER_DIR:-$repo_root/.local-cluster}"
  [[ -n "$dir" ]] || bad_input "BUX_CLUSTER_DIR is empty"
  if [[ "$1" == create ]]; then
    mkdir -p "$dir" || fail "cannot create state directory $dir"
  fi
  if [[ -d "$dir" ]]; then
    (cd "$dir" && pwd)
  else
    case "$dir" in
      /*) printf '%s\n' "$dir" ;;
      *) printf '%s/%s\n' "$(pwd)" "$dir" ;;
    esac
  fi
}

# The command an operator types to reach this state directory again (prefix only when it is not the default).
state_dir_prefix() {
  if [[ "$state_dir" == "$repo_root/.local-cluster" ]]; then
    printf ''
  else
    printf 'BUX_CLUSTER_DIR=%q ' "$state_dir"
  fi
}

# Prints the comment block at the top of script $1 (its usage).
print_usage() {
  sed -n '2,/^set -euo pipefail$/p' "$1" | sed '$d' | grep -v '^# shellcheck' | sed 's/^# \{0,1\}//'
}

is_port() { [[ "$1" =~ ^[0-9]+$ ]] && (( $1 >= 1 && $1 <= 65535 )); }
is_seconds() { [[ "$1" =~ ^[0-9]+$ ]] && (( $1 >= 1 )); }

# True when something accepts TCP connections on address $1, port $2.
port_taken() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

# Prints the pid in file $1 when that process is alive and is ours: its command line contains the state
# directory (nodes get --data-dir <state>/data/<node>, dnsmasq gets --pid-file=<state>/pids/dnsmasq.pid,
# the supervisor gets <state>/pids/...). A stale file whose pid now belongs to another process prints nothing.
owned_pid() {
  local file="$1" pid args
  [[ -f "$file" ]] || return 1
  pid="$(tr -dc '0-9' <"$file")"
  [[ -n "$pid" ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  args="$(ps -ww -o args= -p "$pid" 2>/dev/null)" || return 1
  [[ "$args" == *"$state_dir"* ]] || return 1
  printf '%s\n' "$pid"
}

# Reads cluster.env (written by start.sh): node_names, node_hosts, http_port, remoting_port, dns_address,
# dns_port, service_name, node_dll, node_args, node_env. Returns 1 when there is none.
load_cluster_env() {
  [[ -f "$state_dir/cluster.env" ]] || return 1
  node_args=() node_env=()  # absent from a cluster.env written before restart-node.sh existed
  # shellcheck source=/dev/null
  source "$state_dir/cluster.env"
}

# HTTP status of GET $1 ("000" when nothing answers within 2 s).
http_code() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$1" 2>/dev/null || true
}

print_log_tail() {
  local file="$1" lines="${2:-40}"
  if [[ -s "$file" ]]; then
    printf -- '----- last %s lines of %s -----\n' "$lines" "$file"
    tail -n "$lines" "$file"
    printf -- '----- end of %s -----\n' "$file"
  else
    printf -- '----- %s is empty or missing -----\n' "$file"
  fi
}

# The current time in microseconds since the epoch (an integer: bash has no floating point).
now_us() {
  if [[ -n "${EPOCHREALTIME:-}" ]]; then
    printf '%s\n' "${EPOCHREALTIME/[.,]/}"  # bash 5; the separator follows the locale
  else
    date +%s%6N
  fi
}

# Seconds from $1 (a now_us value) to now, with millisecond precision: "8.123".
seconds_since() {
  local us=$(( $(now_us) - $1 ))
  printf '%d.%03d\n' $(( us / 1000000 )) $(( us % 1000000 / 1000 ))
}

# Runs a command detached from this script's session and terminal (exec: call it in a subshell or with &).
exec_detached() {
  if command -v setsid >/dev/null; then exec setsid "$@"; else exec nohup "$@"; fi
}

# Names of the caller's exported variables that configure a node. start.sh records them in cluster.env (node_env)
# and start_node gives a node exactly those, so a node restarted from another shell gets the same settings.
node_config_variables() {
  compgen -e | grep -E '^(Bux__|Logging__|Kestrel__|Akka__|ASPNETCORE_|DOTNET_|PORT$)' | grep -vx 'Bux__PublicHostname' || true
}

# Starts node number $1 (an index into node_names) under supervise.sh, detached, as start.sh and restart-node.sh
# both do: the settings of cluster.env, the configuration variables start.sh recorded (node_env) and start.sh's
# arguments (node_args). Appends a header line and then the node's output to its log; returns at once.
start_node() {
  local name="${node_names[$1]}" host="${node_hosts[$1]}" var
  local log="$state_dir/logs/$name.log"
  # The recorded configuration replaces the caller's (variables that are no longer set stay unset).
  local env_unset=(-u FLY_PRIVATE_IP -u Bux__PublicHostname)
  while IFS= read -r var; do env_unset+=(-u "$var"); done < <(node_config_variables)
  printf 'local-cluster: %s starting %s: http://%s:%s, remoting %s:%s, DNS %s via %s:%s\n' \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$name" "$host" "$http_port" "$host" "$remoting_port" \
    "$service_name" "$dns_address" "$dns_port" >>"$log"
  (
    cd "$state_dir" || exit 1
    exec_detached "$local_cluster_dir/supervise.sh" "$state_dir/pids/$name.pid" "$state_dir/pids/$name.exit" -- \
      env "${env_unset[@]}" ${node_env[@]+"${node_env[@]}"} \
      ASPNETCORE_ENVIRONMENT=Development \
      ASPNETCORE_URLS="http://$host:$http_port" \
      DNS_CLUSTER_QUERY="$service_name" \
      Bux__RemotingHostname="$host" \
      Bux__RemotingPort="$remoting_port" \
      Bux__Pbm__Host="$host" \
      Bux__Discovery__NameServers__0="$dns_address:$dns_port" \
      Logging__Console__FormatterName=simple \
      Logging__Console__FormatterOptions__SingleLine=true \
      Logging__Console__FormatterOptions__UseUtcTimestamp=true \
      "Logging__Console__FormatterOptions__TimestampFormat=yyyy-MM-dd'T'HH:mm:ss.fff'Z' " \
      dotnet "$node_dll" --sname "$name" --data-dir "$state_dir/data/$name" ${node_args[@]+"${node_args[@]}"}
  ) </dev/null >>"$log" 2>&1 &
}

# Waits until start_node's supervisor has written the pid file of node number $1 (10 s) and prints the pid.
wait_node_pid() {
  local name="${node_names[$1]}" until=$((SECONDS + 10))
  until [[ -s "$state_dir/pids/$name.pid" ]]; do
    (( SECONDS < until )) || fail "$name did not start (no $state_dir/pids/$name.pid after 10 s)"
    sleep 0.1
  done
  tr -dc '0-9' <"$state_dir/pids/$name.pid"
}

# Polls /health/ready of the nodes numbered $3... every 0.2 s until each answers 200. $1 is the deadline in seconds,
# $2 the now_us value the times are measured from (when the processes were launched). Prints one line per node as
# it gets ready and sets ready_seconds to the time the last one took. Fails with the end of the logs when a node
# exits first or the deadline passes.
wait_ready() {
  local timeout="$1" since="$2" i name code pending why
  shift 2
  local deadline=$((SECONDS + timeout))
  local -A is_ready=() last_code=()
  while true; do
    pending=0
    for i in "$@"; do
      name="${node_names[$i]}"
      [[ -z "${is_ready[$name]:-}" ]] || continue
      if [[ -f "$state_dir/pids/$name.exit" ]]; then
        print_log_tail "$state_dir/logs/$name.log" 40 >&2
        fail "$name exited with code $(cat "$state_dir/pids/$name.exit") before it was ready"
      fi
      code="$(http_code "http://${node_hosts[$i]}:$http_port/health/ready")"
      last_code[$name]="$code"
      if [[ "$code" == 200 ]]; then
        is_ready[$name]=1
        ready_seconds="$(seconds_since "$since")"
        say "$name ready ${ready_seconds}s after its process was launched"
      else
        pending=$((pending + 1))
      fi
    done
    (( pending > 0 )) || return 0
    if (( SECONDS >= deadline )); then
      for i in "$@"; do
        name="${node_names[$i]}"
        [[ -z "${is_ready[$name]:-}" ]] || continue
        case "${last_code[$name]}" in
          000) why="no answer on http://${node_hosts[$i]}:$http_port" ;;
          *) why="/health/ready answered ${last_code[$name]}" ;;
        esac
        printf 'local-cluster: %s not ready: %s\n' "$name" "$why" >&2
        print_log_tail "$state_dir/logs/$name.log" 40 >&2
      done
      print_log_tail "$state_dir/logs/dnsmasq.log" 10 >&2
      fail "$pending of $# nodes not ready after ${timeout}s (BUX_READY_TIMEOUT)"
    fi
    sleep 0.2
  done
}

# Waits up to $2 seconds for pid $1 to end; returns 1 if it is still there.
wait_gone() {
  local pid="$1" until=$((SECONDS + $2))
  while kill -0 "$pid" 2>/dev/null; do
    (( SECONDS < until )) || return 1
    sleep 0.05
  done
}

# Prints BUX_NODE_DLL as an absolute path, or fails when it names no file.
given_node_dll() {
  local dll="$BUX_NODE_DLL"
  [[ "$dll" == /* ]] || dll="$(pwd)/$dll"
  [[ -f "$dll" ]] || fail "BUX_NODE_DLL: $dll does not exist"
  printf '%s\n' "$dll"
}
