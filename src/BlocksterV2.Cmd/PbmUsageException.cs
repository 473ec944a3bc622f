namespace BlocksterV2.Cmd;

/// <summary>The command line is wrong: pbm prints the message (what is wrong, what exists) and exits 2.</summary>
public sealed class PbmUsageException(string message) : Exception(message);
