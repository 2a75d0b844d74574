using System.Globalization;

namespace Wick.Training;

/// <summary>The command-line options of <c>wick-model train-tiny</c>.</summary>
public sealed record TrainTinyArguments(ulong Seed, int Steps, string Out, int Threads, bool Help)
{
    /// <summary>The help text.</summary>
    public const string Usage = """
        usage: wick-model train-tiny [--seed N] [--steps N] [--out DIR] [--threads N]
          --seed N      seeds the held-out split, the initial weights and the batches (0..2^63-1, default 1)
          --steps N     optimizer steps of batch 256 (default 2000)
          --out DIR     output folder for tiny-arith.gguf and manifest.json (default models/tiny-arith)
          --threads N   worker threads; does not change the weights (default 2)
        """;

    /// <summary>Parses <paramref name="args"/>; throws <see cref="FormatException"/> on a bad option.</summary>
    public static TrainTinyArguments Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var parsed = new TrainTinyArguments(Seed: 1, Steps: 2000, Out: Path.Combine("models", "tiny-arith"), Threads: 2, Help: false);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                parsed = parsed with { Help = true };
                continue;
            }

            if (i + 1 >= args.Count)
            {
                throw new FormatException($"'{name}' needs a value.");
            }

            var value = args[++i];
            parsed = name switch
            {
                "--seed" => parsed with { Seed = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seed) ? (ulong)seed : throw new FormatException($"'--seed' needs a non-negative integer, got '{value}'.") },
                "--steps" => parsed with { Steps = Positive(name, value) },
                "--threads" => parsed with { Threads = Positive(name, value) },
                "--out" => parsed with { Out = value },
                _ => throw new FormatException($"unknown option '{name}'."),
            };
        }

        return parsed;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new FormatException($"'{name}' needs a positive integer, got '{value}'.");

    /// <summary>The canonical command line that re-creates the shipped model with these options.</summary>
    public string ReproduceCommand => string.Create(
        CultureInfo.InvariantCulture,
        $"dotnet run --project tools/Wick.ModelTool -c Release -- train-tiny --seed {Seed} --steps {Steps} --out models/tiny-arith");

    /// <summary>The training options these arguments select (everything else at its default).</summary>
    public TrainingOptions ToOptions() => new() { Seed = Seed, Steps = Steps, Threads = Threads };
}
