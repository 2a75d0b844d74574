using System.Globalization;
using Wick.Core.Models;

namespace Wick.Training;

/// <summary>
/// The whole <c>train-tiny</c> pipeline: train, evaluate with the trainer's own forward pass, write
/// <c>tiny-arith.gguf</c> and <c>manifest.json</c>. Progress goes to <paramref name="log"/> as lines.
/// </summary>
public static class TinyArithBuild
{
    /// <summary>Runs the pipeline into <paramref name="outDirectory"/>.</summary>
    public static TinyArithBuildResult Run(
        TrainingOptions options, string outDirectory, string command, TextWriter log, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(outDirectory);
        ArgumentNullException.ThrowIfNull(log);
        log.WriteLine(Invariant(
            $"train-tiny: seed {options.Seed}, {options.Steps} steps, batch {options.BatchSize}, {options.Threads} threads, {options.Config.ParameterCount:N0} parameters"));
        var progress = new LineProgress(log);
        var training = TinyLlamaTrainer.Train(options, progress, reportEvery: 100, cancellationToken: cancellationToken);
        log.WriteLine(Invariant($"trained in {training.Elapsed.TotalSeconds:F1} s"));

        var generator = new TinyLlamaGenerator(training.Weights);
        IReadOnlyList<int> Complete(string prompt) => generator.Greedy(ByteTokens.EncodeWithBos(prompt), ArithmeticEvaluation.MaxNewTokens);
        var data = training.Data;
        AccuracyReport[] accuracy =
        [
            ArithmeticEvaluation.Evaluate("singleDigitSums", data.SingleDigitSums, Complete, cancellationToken),
            ArithmeticEvaluation.Evaluate("heldOutSums", data.HeldOut, Complete, cancellationToken),
            ArithmeticEvaluation.Evaluate("singleDigitDifferences", data.SingleDigitDifferences, Complete, cancellationToken),
            ArithmeticEvaluation.Evaluate("singleDigitProducts", data.SingleDigitProducts, Complete, cancellationToken),
        ];
        foreach (var report in accuracy)
        {
            log.WriteLine(report.Failures.Count == 0 ? report.ToString() : $"{report}  wrong: {string.Join(", ", report.Failures.Take(8))}");
        }

        Directory.CreateDirectory(outDirectory);
        var ggufPath = Path.Combine(outDirectory, TinyArithManifest.FileName);
        TinyLlamaGguf.Write(training.Weights, ggufPath, TinyArithManifest.Name);
        var manifest = TinyArithManifest.Create(options, training, accuracy, ggufPath, command);
        var manifestPath = Path.Combine(outDirectory, "manifest.json");
        manifest.Save(manifestPath);
        log.WriteLine(Invariant($"wrote {ggufPath} ({manifest.SizeBytes:N0} bytes, sha256 {manifest.Sha256}) and {manifestPath}"));
        return new TinyArithBuildResult(training, accuracy, ggufPath, manifestPath, manifest);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes each report as a line on the reporting thread (Progress&lt;T&gt; would post and reorder lines).</summary>
    private sealed class LineProgress(TextWriter log) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => log.WriteLine(Invariant(
            $"step {value.Step,5}/{value.Steps}  loss {value.Loss:F4}  lr {value.LearningRate:E2}  {value.Elapsed.TotalSeconds,6:F1} s"));
    }
}
