#!/usr/bin/env bash
# Starts a local BUX cluster: dnsmasq answering blockster-v2.internal with one A record per node, and three
# nodes (127.0.0.2, .3, .4) that find each other through it, as machines on Fly find each other through
# <app>.internal. Returns when every node answers 200 on /health/ready, or fails with the tail of each log.
#
# Usage: infra/local-cluster/start.sh [NODE ARG...]     (extra arguments go to every node, e.g. --Bux:AskTimeout 00:00:02)
#
# Environment (all optional):
#   BUX_CLUSTER_DIR      state directory: data, logs, pids             default <repo>/.local-cluster
#   BUX_NODE_ADDRESSES   one loopback address per node                 default "127.0.0.2 127.0.0.3 127.0.0.4"
#   BUX_HTTP_PORT        HTTP port of every node                       default 4000
#   BUX_REMOTING_PORT    Akka remoting port of every node              default 4053
#   BUX_DNS_ADDRESS      address dnsmasq listens on                    default 127.0.0.1
#   BUX_DNS_PORT         port dnsmasq listens on (UDP and TCP)         default 5354
#   BUX_SERVICE_NAME     the name the nodes resolve (DNS_CLUSTER_QUERY) default blockster-v2.internal
#   BUX_NODE_DLL         a built BlocksterV2.Web.dll: skips the build   default: dotnet build src/BlocksterV2.Web -c Release
#   BUX_DNSMASQ          the dnsmasq binary                            default dnsmasq on PATH, else /usr/sbin/dnsmasq
#   BUX_READY_TIMEOUT    seconds to wait for every node to be ready    default 90
#   BUX_KEEP_ON_FAILURE  1: leave the processes running when start fails (default: stop them)
# Other variables in the environment (Bux__..., Logging__...) reach the nodes unchanged; start.sh records them
# and its arguments in cluster.env, and restart-node.sh starts a node again with exactly those.
#
# Exit codes: 0 all nodes ready; 1 failed (already running, port taken, build failed, not ready in time); 2 bad input.
set -euo pipefail
script_name="start.sh"
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
  print_usage "${BASH_SOURCE[0]}"
  exit 0
fi

# --- settings ---------------------------------------------------------------------------------------------
read -r -a node_hosts <<<"${BUX_NODE_ADDRESSES:-127.0.0.2 127.0.0.3 127.0.0.4}"
http_port="${BUX_HTTP_PORT:-4000}"
remoting_port="${BUX_REMOTING_PORT:-4053}"
dns_address="${BUX_DNS_ADDRESS:-127.0.0.1}"
dns_port="${BUX_DNS_PORT:-5354}"
service_name="${BUX_SERVICE_NAME:-blockster-v2.internal}"
ready_timeout="${BUX_READY_TIMEOUT:-90}"
keep_on_failure="${BUX_KEEP_ON_FAILURE:-0}"

(( ${#node_hosts[@]} >= 1 )) || bad_input "BUX_NODE_ADDRESSES is empty"
ipv4='^([0-9]{1,3}\.){3}[0-9]{1,3}$'
declare -A seen_host=()
for host in "${node_hosts[@]}"; do
  [[ "$host" =~ $ipv4 ]] || bad_input "BUX_NODE_ADDRESSES: '$host' is not an IPv4 address"
  [[ -z "${seen_host[$host]:-}" ]] || bad_input "BUX_NODE_ADDRESSES: $host is listed twice"
  seen_host[$host]=1
done
[[ "$dns_address" =~ $ipv4 ]] || bad_input "BUX_DNS_ADDRESS: '$dns_address' is not an IPv4 address"
is_port "$http_port" || bad_input "BUX_HTTP_PORT: '$http_port' is not a port (1-65535)"
is_port "$remoting_port" || bad_input "BUX_REMOTING_PORT: '$remoting_port' is not a port (1-65535)"
is_port "$dns_port" || bad_input "BUX_DNS_PORT: '$dns_port' is not a port (1-65535)"
[[ "$http_port" != "$remoting_port" ]] || bad_input "BUX_HTTP_PORT and BUX_REMOTING_PORT are both $http_port"
[[ "$service_name" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]*$ ]] || bad_input "BUX_SERVICE_NAME: '$service_name' is not a DNS name"
is_seconds "$ready_timeout" || bad_input "BUX_READY_TIMEOUT: '$ready_timeout' is not a whole number of seconds >= 1"
[[ "$service_name" != _* ]] || bad_input "BUX_SERVICE_NAME: SRV names (starting with _) are not served by this script; use an A-record name"

node_names=()
for i in "${!node_hosts[@]}"; do node_names+=("node$((i + 1))"); done

command -v dotnet >/dev/null || fail "dotnet is not on PATH"
command -v curl >/dev/null || fail "curl is not on PATH (used to poll /health/ready)"
dnsmasq_bin="${BUX_DNSMASQ:-$(command -v dnsmasq || true)}"
[[ -n "$dnsmasq_bin" ]] || dnsmasq_bin=/usr/sbin/dnsmasq
[[ -x "$dnsmasq_bin" ]] || fail "dnsmasq not found (looked on PATH and at /usr/sbin/dnsmasq; Debian: apt-get install dnsmasq-base; or set BUX_DNSMASQ)"

state_dir="$(resolve_state_dir create)"
mkdir -p "$state_dir/data" "$state_dir/logs" "$state_dir/pids"

# --- refuse to start over a running cluster or on taken ports ----------------------------------------------
for f in "$state_dir"/pids/*.pid; do
  [[ -e "$f" ]] || continue
  if pid="$(owned_pid "$f")"; then
    fail "a local cluster is already running from $state_dir ($(basename "$f" .pid) has pid $pid); stop it first: $(state_dir_prefix)$local_cluster_dir/stop.sh"
  fi
done

for host in "${node_hosts[@]}"; do
  for port in "$http_port" "$remoting_port"; do
    if port_taken "$host" "$port"; then
      fail "$host:$port already accepts connections (another cluster or node?); choose other ports with BUX_HTTP_PORT / BUX_REMOTING_PORT"
    fi
  done
done

# --- from here on, a failure stops whatever was started ----------------------------------------------------
started_anything=0
finished=0
on_exit() {
  local code=$?
  if (( finished == 0 && started_anything == 1 )); then
    if [[ "$keep_on_failure" == 1 ]]; then
      say "start failed; BUX_KEEP_ON_FAILURE=1, so the processes keep running: stop them with $(state_dir_prefix)$local_cluster_dir/stop.sh"
    else
      say "start failed; stopping what was started (BUX_KEEP_ON_FAILURE=1 keeps it running)"
      BUX_CLUSTER_DIR="$state_dir" "$local_cluster_dir/stop.sh" || true
    fi
  fi
  exit "$code"
}
trap on_exit EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- the node binary ----------------------------------------------------------------------------------------
if [[ -n "${BUX_NODE_DLL:-}" ]]; then
  node_dll="$(given_node_dll)"
else
  project="$repo_root/src/BlocksterV2.Web"
  build_log="$state_dir/logs/build.log"
  say "building $project (Release); output in $build_log"
  # No build servers: they would outlive this script and keep its stdout open.
  if ! dotnet build "$project" -c Release --disable-build-servers -nologo >"$build_log" 2>&1; then
    print_log_tail "$build_log" 30 >&2
    fail "dotnet build failed; the whole output is in $build_log"
  fi
  node_dll="$(dotnet msbuild "$project" -getProperty:TargetPath -p:Configuration=Release 2>>"$build_log" | tail -n 1)"
  [[ -f "$node_dll" ]] || fail "the build did not produce $node_dll"
fi

# --- state files --------------------------------------------------------------------------------------------
node_args=("$@")
node_env=()
while IFS= read -r var; do node_env+=("$var=${!var}"); done < <(node_config_variables)
# declare -g: common.sh sources this file inside a function.
declare -p node_names node_hosts http_port remoting_port dns_address dns_port service_name node_dll node_args node_env \
  | sed 's/^declare /declare -g /' >"$state_dir/cluster.env"
: >"$state_dir/hosts"
for host in "${node_hosts[@]}"; do printf '%s %s\n' "$host" "$service_name" >>"$state_dir/hosts"; done
rm -f "$state_dir"/pids/*.pid "$state_dir"/pids/*.exit
for log in "$state_dir"/logs/node*.log "$state_dir/logs/dnsmasq.log"; do
  [[ -e "$log" ]] && mv -f "$log" "$log.1"
done

# --- dnsmasq ------------------------------------------------------------------------------------------------
dns_log="$state_dir/logs/dnsmasq.log"
started_anything=1
exec_detached "$dnsmasq_bin" --keep-in-foreground \
  --conf-file="$local_cluster_dir/dnsmasq.conf" \
  --listen-address="$dns_address" --port="$dns_port" \
  --addn-hosts="$state_dir/hosts" \
  --pid-file="$state_dir/pids/dnsmasq.pid" \
  --log-facility="$dns_log" \
  --user="$(id -un)" \
  </dev/null >>"$dns_log" 2>&1 &
dns_deadline=$((SECONDS + 10))
until grep -q 'started, version' "$dns_log" 2>/dev/null && owned_pid "$state_dir/pids/dnsmasq.pid" >/dev/null; do
  if grep -q 'dnsmasq: ' "$dns_log" 2>/dev/null || (( SECONDS >= dns_deadline )); then
    print_log_tail "$dns_log" 20 >&2
    fail "dnsmasq did not start on $dns_address:$dns_port (port taken? choose another with BUX_DNS_PORT)"
  fi
  sleep 0.1
done
dns_pid="$(owned_pid "$state_dir/pids/dnsmasq.pid")"
say "dnsmasq (pid $dns_pid) on $dns_address:$dns_port answers $service_name with ${node_hosts[*]}; queries in $dns_log"

# --- nodes --------------------------------------------------------------------------------------------------
launched_at="$(now_us)"
for i in "${!node_names[@]}"; do start_node "$i"; done
for i in "${!node_names[@]}"; do
  name="${node_names[$i]}"
  pid="$(wait_node_pid "$i")"
  say "$name started, pid $pid, log $state_dir/logs/$name.log"
done

# --- wait for /health/ready ----------------------------------------------------------------------------------
say "waiting up to ${ready_timeout}s for every node to answer 200 on /health/ready"
wait_ready "$ready_timeout" "$launched_at" "${!node_names[@]}"

finished=1
say "all ${#node_names[@]} nodes ready ${ready_seconds}s after their processes were launched"
for i in "${!node_names[@]}"; do
  name="${node_names[$i]}"
  printf '  %-6s http://%s:%s  remoting %s:%s  pid %s  log %s\n' "$name" "${node_hosts[$i]}" "$http_port" \
    "${node_hosts[$i]}" "$remoting_port" "$(tr -dc '0-9' <"$state_dir/pids/$name.pid")" "$state_dir/logs/$name.log"
done
printf '  %-6s %s:%s  pid %s  log %s\n' dns "$dns_address" "$dns_port" "$dns_pid" "$dns_log"
say "data under $state_dir/data; cluster view: curl http://${node_hosts[0]}:$http_port/api/cluster"
say "status: $(state_dir_prefix)$local_cluster_dir/status.sh   stop: $(state_dir_prefix)$local_cluster_dir/stop.sh"
