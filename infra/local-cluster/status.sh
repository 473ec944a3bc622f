#!/usr/bin/env bash
# shellcheck disable=SC2154  # node_names, node_hosts, http_port, dns_* and service_name come from cluster.env
# Shows the local cluster that start.sh started: per node its process, /health/ready, and what the node says
# about the cluster (GET /api/cluster: its own status, the leader, the members it sees).
#
# Usage: infra/local-cluster/status.sh
# Environment: BUX_CLUSTER_DIR (state directory given to start.sh; default <repo>/.local-cluster)
# Exit codes: 0 every node runs and is ready; 1 otherwise (nothing started, a node down or not ready).
set -euo pipefail
script_name="status.sh"
# shellcheck source-path=SCRIPTDIR source=common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if [[ "${1:-}" == -h || "${1:-}" == --help ]]; then
  print_usage "${BASH_SOURCE[0]}"
  exit 0
fi
(( $# == 0 )) || bad_input "takes no arguments (usage: status.sh)"
command -v curl >/dev/null || fail "curl is not on PATH"

state_dir="$(resolve_state_dir existing)"
load_cluster_env || fail "no local cluster was started from $state_dir (no cluster.env)"

# The cluster routes need the key the nodes were started with (recorded in node_env), if any.
api_key="${Bux__ApiKey:-}"
for setting in ${node_env[@]+"${node_env[@]}"}; do
  [[ "$setting" == Bux__ApiKey=* ]] && api_key="${setting#Bux__ApiKey=}"
done
key_header=()
[[ -z "$api_key" ]] || key_header=(-H "X-Api-Key: $api_key")

# One line from the /api/cluster JSON: jq if there is one, else python3, else the JSON as it came.
summarize_cluster() {
  if command -v jq >/dev/null; then
    jq -r '"self \(.selfStatus // "?"), leader \(.leader // "none"), members: "
           + ([.members[]? | "\(.address) \(.status)\(if .reachable == false then " UNREACHABLE" else "" end)"]
              | join(", "))'
  elif command -v python3 >/dev/null; then
    python3 -c 'import json, sys
c = json.load(sys.stdin)
m = ", ".join(x.get("address", "?") + " " + x.get("status", "?") + ("" if x.get("reachable", True) else " UNREACHABLE")
              for x in c.get("members", []))
print("self %s, leader %s, members: %s" % (c.get("selfStatus", "?"), c.get("leader") or "none", m))'
  else
    cat
  fi
}

all_ok=1
printf 'state %s\n' "$state_dir"
for i in "${!node_names[@]}"; do
  name="${node_names[$i]}"
  base="http://${node_hosts[$i]}:$http_port"
  if pid="$(owned_pid "$state_dir/pids/$name.pid")"; then
    proc="pid $pid"
  elif [[ -f "$state_dir/pids/$name.exit" ]]; then
    proc="exited with code $(cat "$state_dir/pids/$name.exit")"
    all_ok=0
  else
    proc="not running"
    all_ok=0
  fi
  ready="$(http_code "$base/health/ready")"
  [[ "$ready" == 200 ]] || all_ok=0
  [[ "$ready" != 000 ]] || ready="no answer"
  printf '%-6s %s  %s  ready: %s\n' "$name" "$base" "$proc" "$ready"
  if [[ "$proc" == pid* ]]; then
    if json="$(curl -s --fail --max-time 2 "${key_header[@]}" "$base/api/cluster" 2>/dev/null)"; then
      printf '       %s\n' "$(summarize_cluster <<<"$json" 2>/dev/null || printf '%s' "$json")"
    else
      printf '       /api/cluster: no answer\n'
    fi
  fi
done
if dns_pid="$(owned_pid "$state_dir/pids/dnsmasq.pid")"; then
  printf 'dns    %s:%s  pid %s  answers %s with %s\n' "$dns_address" "$dns_port" "$dns_pid" "$service_name" \
    "$(awk '{print $1}' "$state_dir/hosts" | tr '\n' ' ' | sed 's/ $//')"
else
  printf 'dns    %s:%s  not running\n' "$dns_address" "$dns_port"
  all_ok=0
fi
(( all_ok == 1 ))
