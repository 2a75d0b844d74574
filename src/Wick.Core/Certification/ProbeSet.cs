using System.Text.Json;

namespace Wick.Core.Certification;

/// <summary>Loads probe tables: a JSON array of <see cref="CertificationProbe"/> objects.</summary>
public static class ProbeSet
{
    public static IReadOnlyList<CertificationProbe> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var stream = File.OpenRead(path);
            var probes = JsonSerializer.Deserialize(stream, ProbeJson.Default.CertificationProbeArray);
            if (probes is null || probes.Length == 0)
            {
                throw new ProbeFileException(path, "it holds no probes");
            }

            foreach (var probe in probes)
            {
                if (string.IsNullOrEmpty(probe.Prompt) || string.IsNullOrEmpty(probe.ExpectedPattern) || probe.MaxTokens < 1)
                {
                    throw new ProbeFileException(path, $"probe '{probe.Name}' needs a prompt, an expect pattern and max_tokens >= 1");
                }
            }

            return probes;
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new ProbeFileException(path, ex.Message, ex);
        }
    }
}
