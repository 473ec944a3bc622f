using Akka.Actor;
using BlocksterV2.Cluster.LocalTables;

namespace BlocksterV2.Cluster.Leaderboard;

/// <summary>Answers the reconciler from this node's local table (one per node, at <see cref="Path"/>).</summary>
public sealed class LeaderboardCandidatesResponder : ReceiveActor
{
    public const string Name = "bux-leaderboard-candidates";
    public const string Path = "/user/" + Name;

    public LeaderboardCandidatesResponder(NodeTables tables) =>
        Receive<LeaderboardCandidatesRequest>(request =>
            Sender.Tell(new LeaderboardCandidates(tables.Users.Top(request.Size).ConvertAll(LeaderboardEntry.Of))));

    public static Props Props(NodeTables tables) => Akka.Actor.Props.Create(() => new LeaderboardCandidatesResponder(tables));
}
