namespace BlocksterV2.Cmd;

/// <summary>The node could not be reached in time, refused the client, or the connection was lost: exit 1.</summary>
public sealed class PbmFailure(string message) : Exception(message);
