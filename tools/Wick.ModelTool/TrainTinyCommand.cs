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
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"train-tiny: seed {options.Seed}, {options.Steps} steps, batch {options.BatchSize}, {options.Threads} threads, {options.Config.ParameterCount:N0} parameters"));
        var progress = new SynchronousProgress<TrainingProgress>(p => Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"step {p.Step,5}/{p.Steps}  loss {p.Loss:F4}  lr {p.LearningRate:E2}  {p.Elapsed.TotalSeconds,6:F1} s")));
        var result = TinyLlamaTrainer.Train(options, progress);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trained in {result.Elapsed.TotalSeconds:F1} s"));

        var generator = new TinyLlamaGenerator(result.Weights);
        IReadOnlyList<int> Complete(int[] prompt) => generator.Greedy(prompt, ArithmeticEvaluation.MaxNewTokens);
        var data = result.Data;
        AccuracyReport[] reports =
        [
            ArithmeticEvaluation.Evaluate("single-digit sums", data.SingleDigitSums, Complete),
            ArithmeticEvaluation.Evaluate("held-out two-digit sums", data.HeldOut, Complete),
            ArithmeticEvaluation.Evaluate("single-digit differences", data.SingleDigitDifferences, Complete),
            ArithmeticEvaluation.Evaluate("single-digit products", data.SingleDigitProducts, Complete),
        ];
        foreach (var report in reports)
        {
            Console.WriteLine($"{report}  {string.Join(", ", report.Failures.Take(8))}");
        }

        return 0;
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and reorder lines).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
