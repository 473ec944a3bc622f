using System.Globalization;
using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Cluster;
using BlocksterV2.Cluster.Entities;
using BlocksterV2.Cluster.Formation;
using BlocksterV2.Cluster.Hosting;
using BlocksterV2.Cluster.Inspection.Wire;
using BlocksterV2.Cluster.Leaderboard;
using BlocksterV2.Cluster.Persistence;
using BlocksterV2.Cluster.Replication;
using BlocksterV2.Domain.Tables;

namespace BlocksterV2.Cluster.Inspection;

/// <summary>
/// The <c>bux</c> palette: Mnesia's troubleshooting calls as commands (<c>system_info(:is_running)</c>,
/// <c>db_nodes</c>, <c>running_db_nodes</c>, <c>table_info</c>, the Elixir service's forced sync) and the leaderboard.
/// </summary>
internal sealed class BuxPalette(
    ActorSystem system, BuxNodeOptions options, NodeReadiness readiness, LeaderboardView leaderboard, IReadOnlyList<ITableInfoSource> tableInfo,
    BuxReplication? replication)
    : IPbmPalette
{
    private const int DefaultLeaderboardRows = 10;
    private const int DefaultConflictRows = 20;

    private readonly Akka.Cluster.Cluster _cluster = Akka.Cluster.Cluster.Get(system);

    public PaletteDefinition Definition { get; } = new("bux", "the BUX store on this node (Mnesia's system_info, table_info, sync)",
    [
        new("status", "running, db nodes (the members holding a copy), running db nodes (those whose copy has caught up), this copy, ready, resident entities", []),
        new("tables", "one row per table: name | storage | key | indexes | fields", []),
        new("table-info", "a table's definition, this node's copy (size, memory, where it lives) and every member's copy (rows, journal, behind, conflicts, digest)",
            [new("t", "name", $"the table: {string.Join(" or ", BuxTables.TableNames())}", Mandatory: true)]),
        new("sync", "a member catches up from the other members' copies now (a node waiting for members that are gone starts from the copies " +
                    "that are here); a node not yet in a cluster re-runs discovery and the join decision (the Elixir service's forced sync)", []),
        new("conflicts", "events moved to this node's conflicts table (never acknowledged by the cluster): id | detected | entity #seq | written by | reason",
            [new("n", "count", $"how many, newest first; default {DefaultConflictRows}", Mandatory: false)]),
        new("leaderboard", "the top users by balance: rank | user | balance | updated_at",
            [new("n", "count", $"how many rows; default {DefaultLeaderboardRows}", Mandatory: false)]),
    ]);

    public IAsyncEnumerable<string> Run(PbmCommandCall call, CancellationToken cancellationToken) => call.Command switch
    {
        "status" => Status(cancellationToken),
        "tables" => Tables().Streamed(),
        "table-info" => TableInfo(call.Required("t"), cancellationToken),
        "sync" => Sync(),
        "leaderboard" => Leaderboard(call.Optional("n")).Streamed(),
        "conflicts" => Conflicts(call.Optional("n")).Streamed(),
        _ => throw new InvalidOperationException($"bux palette has no handler for '{call.Command}'"),
    };

    private async IAsyncEnumerable<string> Status([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var state = _cluster.State;
        var unreachable = state.Unreachable.Select(m => m.Address).ToHashSet();
        var storage = TableDefinitionSource.StorageName(options.Storage);
        yield return $"running: {Running(_cluster.SelfMember.Status)} ({_cluster.SelfAddress} {_cluster.SelfMember.Status}, node " +
                     $"{options.NodeName ?? "nonode@nohost"}, {storage})";
        yield return $"db nodes: [{string.Join(", ", state.Members.Select(m => m.Address))}]";
        if (replication is null)
        {
            yield return $"running db nodes: [{string.Join(", ", state.Members
                .Where(m => m.Status is MemberStatus.Up or MemberStatus.WeaklyUp && !unreachable.Contains(m.Address))
                .Select(m => m.Address))}]";
            yield return "copy: this node's own (RAM only: not replicated)";
        }
        else
        {
            var copies = await ClusterCopies.Ask(system, digests: false);
            yield return $"running db nodes: [{string.Join(", ", copies.Where(c => c.Status?.IsCaughtUp == true).Select(c => c.Member.Address))}] " +
                         "(Up with their copy caught up)";
            foreach (var (member, status) in copies.Where(c => c.Status?.IsCaughtUp != true))
                yield return $"  {member.Address}: {status?.State ?? "no answer within " + ClusterCopies.AskTimeout.TotalSeconds + "s"}";
            yield return $"copy: {replication.Copy.State} ({replication.Copy.Progress}); consistency {options.Replication.Consistency.ToString().ToLowerInvariant()}";
        }
        yield return $"ready: {(readiness.IsReady ? "yes" : $"no ({readiness.Status})")}";
        yield return ResidentLine(ResidentEntities.For(system).Counts());
    }

    public static string ResidentLine(ResidentCounts counts) =>
        $"resident entities: {counts.Users} users, {counts.Posts} posts " +
        (counts.Limit == 0
            ? "(no limit: Bux:Entities:MaxResident is 0)"
            : $"(at most {counts.Limit}; {counts.Passivations} passivated to keep to it, {counts.PassivationsPerSecond.ToString(CultureInfo.InvariantCulture)}/s lately)");

    /// <summary>As Mnesia's <c>system_info(:is_running)</c>: yes, starting, stopping or no.</summary>
    private static string Running(MemberStatus self) => self switch
    {
        MemberStatus.Up or MemberStatus.WeaklyUp => "yes",
        MemberStatus.Joining => "starting",
        MemberStatus.Leaving or MemberStatus.Exiting => "stopping",
        MemberStatus.Down => "no",
        // Removed before the first join: the node is still finding its cluster
        _ => "starting",
    };

    private IEnumerable<string> Tables() =>
        BuxTables.Tables(options.Storage).Select(t =>
            $"{t.Name} | {TableDefinitionSource.StorageName(t.Storage)} | key {t.Key} | indexes [{string.Join(", ", t.IndexedFields)}] | {t.Fields.Count} fields");

    private async IAsyncEnumerable<string> TableInfo(string name, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = BuxTables.Find(name, options.Storage)
            ?? throw new PbmBadInputException($"unknown table '{name}'; tables: {string.Join(", ", BuxTables.TableNames())}");
        foreach (var source in tableInfo)
        {
            await foreach (var line in source.Describe(table, cancellationToken))
                yield return line;
        }
    }

    private async IAsyncEnumerable<string> Sync()
    {
        var self = _cluster.SelfMember;
        if (self.Status is not (MemberStatus.Removed or MemberStatus.Joining))
        {
            if (replication is null)
            {
                yield return $"{_cluster.SelfAddress} is a member ({self.Status}) of a cluster of {_cluster.State.Members.Count} and keeps its copy " +
                             "in RAM only: nothing to sync";
                yield break;
            }
            yield return $"catching up from the other members' copies ({_cluster.SelfAddress} is {self.Status})";
            var result = await AskSync();
            yield return $"result: {result.Summary}";
            yield break;
        }
        if (options.Discovery.Enabled)
        {
            yield return $"re-running discovery: resolving {options.Discovery.ServiceName} and probing every node found";
            var outcome = await AskGuard();
            yield return $"found: {outcome.Finding}";
            yield return $"decided: {outcome.Decision}";
        }
        else if (options.SeedNodes.Count > 0)
        {
            var seeds = SeedNodes.Parse(options.SeedNodes, system.Name);
            _cluster.JoinSeedNodes(seeds);
            yield return $"re-joining through the seed nodes [{string.Join(", ", seeds)}] (Bux:SeedNodes / --join)";
        }
        else
        {
            _cluster.Join(_cluster.SelfAddress);
            yield return $"no discovery and no seed nodes: {_cluster.SelfAddress} forms a cluster by itself";
        }
    }

    private async Task<ClusterBootstrapGuard.SyncOutcome> AskGuard()
    {
        try
        {
            return await system.ActorSelection($"/user/{ClusterBootstrapGuard.Name}")
                .Ask<ClusterBootstrapGuard.SyncOutcome>(new ClusterBootstrapGuard.Sync(), SyncTimeout);
        }
        catch (AskTimeoutException)
        {
            throw new InvalidOperationException($"discovery did not finish a round within {SyncTimeout.TotalSeconds:0.#}s; " +
                                                "the `Cluster formation:` lines of the node's log say what it sees");
        }
    }

    private async Task<ReplicaSync.SyncResult> AskSync()
    {
        try
        {
            return await replication!.Sync.Ask<ReplicaSync.SyncResult>(new ReplicaSync.SyncNow(), CatchUpTimeout);
        }
        catch (AskTimeoutException)
        {
            throw new InvalidOperationException($"the catch-up did not finish within {CatchUpTimeout.TotalSeconds:0}s; it goes on: `pbm bux status` " +
                                                "shows how far it is, and the `Catch-up:` lines of the node's log say what it does");
        }
    }

    private static readonly TimeSpan CatchUpTimeout = TimeSpan.FromSeconds(60);

    private IEnumerable<string> Conflicts(string? rows)
    {
        var n = DefaultConflictRows;
        if (rows is not null && (!int.TryParse(rows, NumberStyles.None, CultureInfo.InvariantCulture, out n) || n < 1 || n > 10_000))
            throw new PbmBadInputException($"-n {rows}: not a number of rows; use 1 to 10000");
        if (NodeJournal.For(system).ConnectionString is not { } connectionString)
        {
            yield return "no conflicts table: this node keeps its copy in RAM only";
            yield break;
        }
        var conflicts = ReplicaReader.ReadConflicts(connectionString, n);
        if (conflicts.Count == 0)
            yield return "no conflicts: every event this node committed is part of the cluster's history";
        foreach (var c in conflicts)
        {
            yield return $"{c.Id} | {c.DetectedAt:yyyy-MM-ddTHH:mm:ss}Z | {c.PersistenceId} #{c.SequenceNr} {c.Manifest} | written by " +
                         $"{c.WriterNode ?? "?"} at {c.WrittenAt:yyyy-MM-ddTHH:mm:ss.fff}Z | {c.Reason}";
        }
    }

    /// <summary>One whole round: the lookup, then the probes of the nodes it found, with a second to spare.</summary>
    private TimeSpan SyncTimeout => options.Discovery.ResolveTimeout + options.Discovery.ProbeTimeout + TimeSpan.FromSeconds(1);

    private IEnumerable<string> Leaderboard(string? rows)
    {
        var board = leaderboard.Current;
        var n = DefaultLeaderboardRows;
        if (rows is not null && (!int.TryParse(rows, NumberStyles.None, CultureInfo.InvariantCulture, out n) || n < 1 || n > board.Size))
            throw new PbmBadInputException($"-n {rows}: not a number of rows; use 1 to {board.Size} (the leaderboard keeps {board.Size})");
        var top = board.Top(n).ToArray();
        if (top.Length == 0)
            yield return "the leaderboard is empty: this node has seen no balances yet";
        for (var i = 0; i < top.Length; i++)
            yield return $"{i + 1} | {top[i].UserId} | {top[i].Balance} | {top[i].UpdatedAt:yyyy-MM-ddTHH:mm:ss.fffZ}";
    }
}
