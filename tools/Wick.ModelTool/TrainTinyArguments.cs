using System.Globalization;

namespace Wick.ModelTool;

/// <summary>The parsed options of <c>train-tiny</c>.</summary>
internal sealed record TrainTinyArguments(ulong Seed, int Steps, string Out, int Threads, bool Help)
{
    public const string Usage = """
        usage: wick-model train-tiny [--seed N] [--steps N] [--out DIR] [--threads N]
          --seed N      seeds the held-out split, the initial weights and the batches (default 1)
          --steps N     optimizer steps of batch 256 (default 2000)
          --out DIR     output folder for tiny-arith.gguf and manifest.json (default models/tiny-arith)
          --threads N   worker threads; does not change the weights (default 2)
        """;

    public static TrainTinyArguments Parse(IReadOnlyList<string> args)
    {
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
                "--seed" => parsed with { Seed = ulong.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture) },
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
}
