using System.Diagnostics;
using System.Globalization;
using Wick.Core.Gguf;
using Wick.Core.Models;

namespace Wick.ModelTool;

/// <summary><c>wick-model synth</c>: writes a random-weight llama GGUF at a preset's shape into the model cache.</summary>
internal static class SynthCommand
{
    private const string Usage = """
        usage: wick-model synth --preset <tiny|0.5b|1.1b> --type <f32|f16|q8_0|q4_0> [--out DIR] [--seed N] [--context N]
          --preset   model shape: tiny (~1M params, for tests), 0.5b (Qwen2.5-0.5B-like), 1.1b (TinyLlama-1.1B)
          --type     weight type of the large tensors (norms stay f32)
          --out      cache folder (default: $WICK_MODEL_CACHE, else <repo>/.cache/models)
          --seed     weight seed (default 42); the same parameters always give the same bytes
          --context  context_length written into the file (default: the preset's)
        An existing file with the same parameters is kept.
        """;

    public static int Run(string[] args)
    {
        string? preset = null, type = null, output = null;
        var seed = SyntheticModels.DefaultSeed;
        int? context = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--help" or "-h":
                    Console.WriteLine(Usage);
                    return 0;
                case "--preset" when value is not null: preset = value; i++; break;
                case "--type" when value is not null: type = value; i++; break;
                case "--out" when value is not null: output = value; i++; break;
                case "--seed" when int.TryParse(value, CultureInfo.InvariantCulture, out var s): seed = s; i++; break;
                case "--context" when int.TryParse(value, CultureInfo.InvariantCulture, out var c) && c > 0: context = c; i++; break;
                default:
                    return Fail($"unexpected or incomplete option '{args[i]}'");
            }
        }

        if (preset is null || !SyntheticModels.Presets.ContainsKey(preset))
        {
            return Fail($"--preset must be one of {string.Join(", ", SyntheticModels.Presets.Keys)}");
        }

        GgmlType? weightType = type?.ToLowerInvariant() switch
        {
            "f32" => GgmlType.F32,
            "f16" => GgmlType.F16,
            "q8_0" => GgmlType.Q8_0,
            "q4_0" => GgmlType.Q4_0,
            _ => null,
        };
        if (weightType is null)
        {
            return Fail("--type must be one of f32, f16, q8_0, q4_0");
        }

        var clock = Stopwatch.StartNew();
        var model = SyntheticModels.Ensure(preset, weightType.Value, output, seed, context);
        var size = new FileInfo(model.Path).Length;
        Console.WriteLine(model.Created
            ? $"wrote {model.Path} ({size:N0} bytes, {size / 1e9:F2} GB) in {clock.Elapsed.TotalSeconds:F1} s"
            : $"up to date: {model.Path} ({size:N0} bytes)");
        return 0;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"synth: {message}");
        Console.Error.WriteLine(Usage);
        return 2;
    }
}
