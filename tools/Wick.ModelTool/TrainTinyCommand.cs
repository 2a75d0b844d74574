using System.Globalization;
using Wick.Training;

namespace Wick.ModelTool;

/// <summary>
/// <c>wick-model train-tiny [--seed N] [--steps N] [--out DIR] [--threads N]</c>: trains the tiny arithmetic llama,
/// evaluates it with the trainer's own forward pass, and writes <c>tiny-arith.gguf</c> and <c>manifest.json</c>.
/// </summary>
internal static class TrainTinyCommand
{
    public static int Run(string[] args)
    {
        TrainTinyArguments parsed;
        try
        {
            parsed = TrainTinyArguments.Parse(args);
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"train-tiny: {e.Message}");
            Console.Error.WriteLine(TrainTinyArguments.Usage);
            return 2;
        }

        if (parsed.Help)
        {
            Console.WriteLine(TrainTinyArguments.Usage);
            return 0;
        }

        var options = new TrainingOptions { Seed = parsed.Seed, Steps = parsed.Steps, Threads = parsed.Threads };
        Console.WriteLine(Invariant(
            $"train-tiny: seed {options.Seed}, {options.Steps} steps, batch {options.BatchSize}, {options.Threads} threads, {options.Config.ParameterCount:N0} parameters"));
        var progress = new SynchronousProgress<TrainingProgress>(p => Console.WriteLine(Invariant(
            $"step {p.Step,5}/{p.Steps}  loss {p.Loss:F4}  lr {p.LearningRate:E2}  {p.Elapsed.TotalSeconds,6:F1} s")));
        var result = TinyLlamaTrainer.Train(options, progress);
        Console.WriteLine(Invariant($"trained in {result.Elapsed.TotalSeconds:F1} s"));

        var generator = new TinyLlamaGenerator(result.Weights);
        IReadOnlyList<int> Complete(string prompt) => generator.Greedy(ByteTokens.EncodeWithBos(prompt), ArithmeticEvaluation.MaxNewTokens);
        var data = result.Data;
        AccuracyReport[] reports =
        [
            ArithmeticEvaluation.Evaluate("singleDigitSums", data.SingleDigitSums, Complete),
            ArithmeticEvaluation.Evaluate("heldOutSums", data.HeldOut, Complete),
            ArithmeticEvaluation.Evaluate("singleDigitDifferences", data.SingleDigitDifferences, Complete),
            ArithmeticEvaluation.Evaluate("singleDigitProducts", data.SingleDigitProducts, Complete),
        ];
        foreach (var report in reports)
        {
            Console.WriteLine($"{report}  {string.Join(", ", report.Failures.Take(8))}");
        }

        Directory.CreateDirectory(parsed.Out);
        var ggufPath = Path.Combine(parsed.Out, TinyArithManifest.FileName);
        TinyLlamaGguf.Write(result.Weights, ggufPath, TinyArithManifest.Name);
        var command = Invariant(
            $"dotnet run --project tools/Wick.ModelTool -c Release -- train-tiny --seed {options.Seed} --steps {options.Steps} --out models/tiny-arith");
        var manifest = TinyArithManifest.Create(options, result, reports, ggufPath, command);
        var manifestPath = Path.Combine(parsed.Out, "manifest.json");
        manifest.Save(manifestPath);
        Console.WriteLine(Invariant($"wrote {ggufPath} ({manifest.SizeBytes:N0} bytes, sha256 {manifest.Sha256}) and {manifestPath}"));
        return 0;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and reorder lines).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
