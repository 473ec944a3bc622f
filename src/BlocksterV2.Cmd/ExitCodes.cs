namespace BlocksterV2.Cmd;

/// <summary>pbm's exit codes, so scripts and pre-stop hooks can tell a typo from a node they could not reach.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The node could not be reached in time, refused the client (secret), lost the connection, or the command failed.</summary>
    public const int Failed = 1;

    /// <summary>Unknown palette, command or switch, a missing mandatory switch, or a malformed address.</summary>
    public const int BadInput = 2;
}
