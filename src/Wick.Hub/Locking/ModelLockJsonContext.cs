using System.Text.Json.Serialization;

namespace Wick.Hub.Locking;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    IgnoreReadOnlyProperties = true)]
[JsonSerializable(typeof(ModelLockFile))]
internal sealed partial class ModelLockJsonContext : JsonSerializerContext;
