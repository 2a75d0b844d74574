using System.Numerics.Tensors;

namespace Wick.Training;

/// <summary>
/// Trains the tiny llama on <see cref="ArithmeticData"/>. Deterministic: the batch is cut into fixed chunks, each
/// chunk's gradient goes to its own buffer, and the buffers are summed in chunk order, so neither the thread count
/// nor the scheduling changes a single bit of the result.
/// </summary>
public static class TinyLlamaTrainer
{
    /// <summary>Trains with <paramref name="options"/>, reporting every <paramref name="reportEvery"/> steps.</summary>
    public static TrainingResult Train(
        TrainingOptions options,
        IProgress<TrainingProgress>? progress = null,
        int reportEvery = 100,
        TimeProvider? time = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(reportEvery);
        time ??= TimeProvider.System;
        var started = time.GetTimestamp();

        var data = new ArithmeticData(options.Seed, options.HeldOutCount, options.Mix);
        var weights = TinyLlamaWeights.Initialize(options.Config, ArithmeticData.DeriveSeed(options.Seed, 2), options.InitStd);
        var layout = weights.Layout;
        var sampler = new SplitMix64(ArithmeticData.DeriveSeed(options.Seed, 3));
        var optimizer = new AdamW(layout, options.Beta1, options.Beta2, options.Epsilon, options.WeightDecay);
        var chunkSize = options.BatchSize / options.Chunks;
        var passes = new LlamaPass[options.Chunks];
        var grads = new float[options.Chunks][];
        for (var c = 0; c < options.Chunks; c++)
        {
            passes[c] = new LlamaPass(layout);
            grads[c] = new float[layout.Size];
        }

        var batch = new TrainingExample[options.BatchSize];
        var losses = new double[options.Chunks];
        var gradient = new float[layout.Size];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Threads, CancellationToken = cancellationToken };
        double windowLoss = 0, lastLoss = double.NaN;
        var windowSteps = 0;
        for (var step = 0; step < options.Steps; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var targets = 0;
            for (var i = 0; i < batch.Length; i++)
            {
                batch[i] = data.Sample(sampler).ToExample();
                targets += batch[i].Tokens.Length - batch[i].AnswerStart;
            }

            var scale = 1f / targets;
            void RunChunk(int c)
            {
                Array.Clear(grads[c]);
                passes[c].PackTraining(batch, c * chunkSize, chunkSize);
                losses[c] = passes[c].Forward(weights);
                passes[c].Backward(weights, grads[c], scale);
            }

            if (options.Threads == 1)
            {
                for (var c = 0; c < options.Chunks; c++)
                {
                    RunChunk(c);
                }
            }
            else
            {
                Parallel.For(0, options.Chunks, parallel, RunChunk);
            }

            // Fixed reduction order: chunk 0, 1, 2, ...
            grads[0].CopyTo(gradient, 0);
            var loss = losses[0];
            for (var c = 1; c < options.Chunks; c++)
            {
                TensorPrimitives.Add(gradient, grads[c], gradient);
                loss += losses[c];
            }

            ClipGradient(gradient, options.GradientClip);
            var lr = options.LearningRateAt(step);
            optimizer.Step(weights.Values, gradient, lr);
            weights.RefreshTransposed();

            lastLoss = loss / targets;
            windowLoss += lastLoss;
            windowSteps++;
            if ((step + 1) % reportEvery == 0 || step + 1 == options.Steps)
            {
                progress?.Report(new TrainingProgress(step + 1, options.Steps, windowLoss / windowSteps, lr, time.GetElapsedTime(started)));
                windowLoss = 0;
                windowSteps = 0;
            }
        }

        return new TrainingResult(weights, data, time.GetElapsedTime(started), lastLoss);
    }

    private static void ClipGradient(float[] gradient, float maxNorm)
    {
        if (maxNorm <= 0)
        {
            return;
        }

        var sum = 0.0;
        foreach (var g in gradient)
        {
            sum += (double)g * g;
        }

        var norm = Math.Sqrt(sum);
        if (norm > maxNorm)
        {
            TensorPrimitives.Multiply(gradient, (float)(maxNorm / norm), gradient);
        }
    }
}
