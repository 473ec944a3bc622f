using System.Diagnostics;

namespace BlocksterV2.Cluster.Entities;

/// <summary>
/// Points where crash specs cut an operation in half. Production nodes use <see cref="NoFaults"/>;
/// <c>Bux:Faults:KillAfterRewardReserved</c> switches the killing one on.
/// </summary>
public interface IFaultInjection
{
    /// <summary>Called after a read's reward has durably left the post's pool and before the user is credited.</summary>
    void AfterRewardReserved(string postId, string userId);
}

public sealed class NoFaults : IFaultInjection
{
    public static readonly NoFaults Instance = new();

    public void AfterRewardReserved(string postId, string userId) { }
}

/// <summary>Kills the whole process (as SIGKILL would) at the first reserved reward.</summary>
public sealed class KillAfterRewardReserved : IFaultInjection
{
    public void AfterRewardReserved(string postId, string userId)
    {
        Console.Error.WriteLine($"FAULT INJECTION: killing the process after reserving the reward of post '{postId}' for user '{userId}'");
        Process.GetCurrentProcess().Kill();
    }
}
