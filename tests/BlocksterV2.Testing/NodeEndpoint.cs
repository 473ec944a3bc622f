namespace BlocksterV2.Testing;

/// <summary>
/// Where a node listens: HTTP on <c>http://Ip:HttpPort</c>, Akka remoting on <c>Ip:RemotingPort</c>, pbm on
/// <c>Ip:PbmPort</c> (0 = any free port; never pbm's 9110, which nodes running side by side would share).
/// </summary>
public sealed record NodeEndpoint(string Ip, int HttpPort, int RemotingPort, int PbmPort = 0)
{
    /// <summary>127.0.0.1 with a free HTTP port; remoting and pbm on any free port.</summary>
    public static NodeEndpoint Loopback() => new("127.0.0.1", FreePorts.Tcp(), 0);

    public Uri HttpAddress => new($"http://{Ip}:{HttpPort}");

    public override string ToString() => $"{Ip} (http {HttpPort}, remoting {RemotingPort}, pbm {PbmPort})";
}
