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
# Other variables in the environment (Bux__..., Logging__...) reach the nodes unchanged.
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

port_taken() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
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
  node_dll="$BUX_NODE_DLL"
  [[ "$node_dll" == /* ]] || node_dll="$(pwd)/$node_dll"
  [[ -f "$node_dll" ]] || fail "BUX_NODE_DLL: $node_dll does not exist"
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
# declare -g: common.sh sources this file inside a function.
declare -p node_names node_hosts http_port remoting_port dns_address dns_port service_name node_dll \
  | sed 's/^declare /declare -g /' >"$state_dir/cluster.env"
: >"$state_dir/hosts"
for host in "${node_hosts[@]}"; do printf '%s %s\n' "$host" "$service_name" >>"$state_dir/hosts"; done
rm -f "$state_dir"/pids/*.pid "$state_dir"/pids/*.exit
for log in "$state_dir"/logs/node*.log "$state_dir/logs/dnsmasq.log"; do
  [[ -e "$log" ]] && mv -f "$log" "$log.1"
done

if command -v setsid >/dev/null; then detach=(setsid); else detach=(nohup); fi

# --- dnsmasq ------------------------------------------------------------------------------------------------
dns_log="$state_dir/logs/dnsmasq.log"
started_anything=1
"${detach[@]}" "$dnsmasq_bin" --keep-in-foreground \
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
for i in "${!node_names[@]}"; do
  name="${node_names[$i]}"
  host="${node_hosts[$i]}"
  log="$state_dir/logs/$name.log"
  printf 'local-cluster: %s starting %s: http://%s:%s, remoting %s:%s, DNS %s via %s:%s\n' \
    "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$name" "$host" "$http_port" "$host" "$remoting_port" \
    "$service_name" "$dns_address" "$dns_port" >"$log"
  (
    cd "$state_dir"
    exec "${detach[@]}" "$local_cluster_dir/supervise.sh" "$state_dir/pids/$name.pid" "$state_dir/pids/$name.exit" -- \
      env -u FLY_PRIVATE_IP -u Bux__PublicHostname \
      ASPNETCORE_ENVIRONMENT=Development \
      ASPNETCORE_URLS="http://$host:$http_port" \
      DNS_CLUSTER_QUERY="$service_name" \
      Bux__RemotingHostname="$host" \
      Bux__RemotingPort="$remoting_port" \
      Bux__Discovery__NameServers__0="$dns_address:$dns_port" \
      Logging__Console__FormatterName=simple \
      Logging__Console__FormatterOptions__SingleLine=true \
      Logging__Console__FormatterOptions__UseUtcTimestamp=true \
      "Logging__Console__FormatterOptions__TimestampFormat=yyyy-MM-dd'T'HH:mm:ss.fff'Z' " \
      dotnet "$node_dll" --sname "$name" --data-dir "$state_dir/data/$name" "$@"
  ) </dev/null >>"$log" 2>&1 &
done

pid_deadline=$((SECONDS + 10))
for name in "${node_names[@]}"; do
  until [[ -s "$state_dir/pids/$name.pid" ]]; do
    (( SECONDS < pid_deadline )) || fail "$name did not start (no $state_dir/pids/$name.pid after 10 s)"
    sleep 0.1
  done
  say "$name started, pid $(tr -dc '0-9' <"$state_dir/pids/$name.pid"), log $state_dir/logs/$name.log"
done

# --- wait for /health/ready ----------------------------------------------------------------------------------
say "waiting up to ${ready_timeout}s for every node to answer 200 on /health/ready"
start_time=$SECONDS
deadline=$((SECONDS + ready_timeout))
declare -A ready=() last_code=()
while true; do
  pending=0
  for i in "${!node_names[@]}"; do
    name="${node_names[$i]}"
    [[ -z "${ready[$name]:-}" ]] || continue
    if [[ -f "$state_dir/pids/$name.exit" ]]; then
      print_log_tail "$state_dir/logs/$name.log" 40 >&2
      fail "$name exited with code $(cat "$state_dir/pids/$name.exit") before it was ready"
    fi
    code="$(http_code "http://${node_hosts[$i]}:$http_port/health/ready")"
    last_code[$name]="$code"
    if [[ "$code" == 200 ]]; then
      ready[$name]=1
      say "$name ready after $((SECONDS - start_time))s"
    else
      pending=$((pending + 1))
    fi
  done
  (( pending > 0 )) || break
  if (( SECONDS >= deadline )); then
    for i in "${!node_names[@]}"; do
      name="${node_names[$i]}"
      [[ -z "${ready[$name]:-}" ]] || continue
      case "${last_code[$name]}" in
        000) why="no answer on http://${node_hosts[$i]}:$http_port" ;;
        *) why="/health/ready answered ${last_code[$name]}" ;;
      esac
      printf 'local-cluster: %s not ready: %s\n' "$name" "$why" >&2
      print_log_tail "$state_dir/logs/$name.log" 40 >&2
    done
    print_log_tail "$dns_log" 10 >&2
    fail "$pending of ${#node_names[@]} nodes not ready after ${ready_timeout}s (BUX_READY_TIMEOUT)"
  fi
  sleep 0.5
done

finished=1
say "all ${#node_names[@]} nodes ready after $((SECONDS - start_time))s"
for i in "${!node_names[@]}"; do
  name="${node_names[$i]}"
  printf '  %-6s http://%s:%s  remoting %s:%s  pid %s  log %s\n' "$name" "${node_hosts[$i]}" "$http_port" \
    "${node_hosts[$i]}" "$remoting_port" "$(tr -dc '0-9' <"$state_dir/pids/$name.pid")" "$state_dir/logs/$name.log"
done
printf '  %-6s %s:%s  pid %s  log %s\n' dns "$dns_address" "$dns_port" "$dns_pid" "$dns_log"
say "data under $state_dir/data; cluster view: curl http://${node_hosts[0]}:$http_port/api/cluster"
say "status: $(state_dir_prefix)$local_cluster_dir/status.sh   stop: $(state_dir_prefix)$local_cluster_dir/stop.sh"
