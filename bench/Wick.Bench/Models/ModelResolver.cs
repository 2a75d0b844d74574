using Wick.Core.Gguf;
using Wick.Core.Models;

namespace Wick.Bench.Models;

/// <summary>
/// Turns a <c>--model</c> value into a file: <c>tiny</c> is the shipped tiny-arith model; <c>0.5b</c> and <c>1.1b</c>
/// (also <c>synth-tiny</c>) are the synthetic Q8_0 models, written into the model cache on first use; anything else
/// is a GGUF path.
/// </summary>
internal static class ModelResolver
{
    public static BenchModel Resolve(string value, Action<string>? log = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        if (value is "tiny" or "tiny-arith")
        {
            return new BenchModel("tiny", ShippedModels.TinyArith.GgufPath);
        }

        var preset = value.StartsWith("synth-", StringComparison.Ordinal) ? value["synth-".Length..] : value;
        if (SyntheticModels.Presets.ContainsKey(preset) && !File.Exists(value))
        {
            var model = SyntheticModels.Ensure(preset, GgmlType.Q8_0);
            if (model.Created)
            {
                log?.Invoke($"wrote synthetic model {model.Path}");
            }

            return new BenchModel(preset == "tiny" ? "synth-tiny" : preset, model.Path);
        }

        var path = Path.GetFullPath(value);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No model '{value}': give tiny, 0.5b, 1.1b, synth-tiny or a GGUF path.", path);
        }

        return new BenchModel(Path.GetFileNameWithoutExtension(path), path);
    }
}
