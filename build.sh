#!/usr/bin/env bash
# Same targets as build.ps1: build | test | run | bench. Usage: ./build.sh <target> [args passed through]
set -euo pipefail
cd "$(dirname "$0")"
target="${1:-build}"
shift || true

case "$target" in
  build)
    dotnet build BlocksterV2.sln -c Release "$@"
    ;;
  test)
    dotnet test BlocksterV2.sln -c Release "$@"
    ;;
  run)
    # e.g. ./build.sh run --sname node1   (without --sname the node runs RAM-only)
    dotnet run --project src/BlocksterV2.Web -c Release -- "$@"
    ;;
  bench)
    # e.g. ./build.sh bench --mode inproc --users 100000 --clients 64 --seconds 10
    dotnet run --project tests/BlocksterV2.Benchmarks -c Release -- "$@"
    ;;
  *)
    echo "build.sh: unknown target '$target'; targets are build, test, run, bench" >&2
    exit 2
    ;;
esac
