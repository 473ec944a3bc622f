using System.Text.Json.Serialization;

namespace BlocksterV2.Cluster.Inspection.Wire;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(PbmFrame))]
internal sealed partial class PbmJsonContext : JsonSerializerContext;
