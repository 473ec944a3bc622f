# Same targets as build.sh: build | test | run | bench. Usage: ./build.ps1 <target> [args passed through]
param(
    [Parameter(Position = 0)][string]$Target = "build",
    [Parameter(ValueFromRemainingArguments = $true)][string[]]$Rest = @()
)
$ErrorActionPreference = "Stop"
Set-Location $PSScriptRoot

switch ($Target) {
    "build" { dotnet build BlocksterV2.sln -c Release @Rest }
    "test"  { dotnet test BlocksterV2.sln -c Release @Rest }
    "run"   { dotnet run --project src/BlocksterV2.Web -c Release -- @Rest }
    "bench" { dotnet run --project tests/BlocksterV2.Benchmarks -c Release -- @Rest }
    default {
        Write-Error "build.ps1: unknown target '$Target'; targets are build, test, run, bench"
        exit 2
    }
}
exit $LASTEXITCODE
