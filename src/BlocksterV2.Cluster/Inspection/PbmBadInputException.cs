namespace BlocksterV2.Cluster.Inspection;

/// <summary>
/// The command cannot run with this input (an unknown table, an address that is no member, ...): the client
/// prints the message, which says what exists, and exits 2.
/// </summary>
internal sealed class PbmBadInputException(string message) : Exception(message);
