using System.Text.Json;
using System.Text.Json.Serialization;

namespace Wick.Core.Certification;

/// <summary>Source-generated JSON for probe files.</summary>
[JsonSerializable(typeof(CertificationProbe[]))]
[JsonSourceGenerationOptions(ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
internal sealed partial class ProbeJson : JsonSerializerContext;
