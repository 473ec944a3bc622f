# shellcheck shell=bash disable=SC2154  # script_name and state_dir are set by the script that sources this file
# Shared by start.sh, stop.sh and status.sh (sourced, not run). Bash; callers have `set -euo pipefail`.
#
# State directory layout (BUX_CLUSTER_DIR, default <repo>/.local-cluster):
#   cluster.env                 what start.sh started: node names, addresses, ports (read by stop.sh and status.sh)
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
# dns_port, service_name. Returns 1 when there is none.
load_cluster_env() {
  [[ -f "$state_dir/cluster.env" ]] || return 1
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
