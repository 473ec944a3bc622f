namespace BlocksterV2.Cluster.Inspection.Wire;

/// <summary>The other side sent something that is not a pbm frame, or not the frame expected now.</summary>
internal sealed class PbmProtocolException(string message) : Exception(message);
