namespace Wick.Training;

/// <summary>
/// Everything that decides the trained weights. The same options give byte-identical weights on the same CPU, whatever
/// <see cref="Threads"/> is: each batch is split into <see cref="Chunks"/> fixed slices whose gradients are summed in
/// slice order.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>The model shape.</summary>
    public TinyLlamaConfig Config { get; init; } = TinyLlamaConfig.Default;

    /// <summary>Seeds the held-out split, the initial weights and the batch draws.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Optimizer steps.</summary>
    public int Steps { get; init; } = 2000;

    /// <summary>Sequences per step.</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Fixed slices of a batch (the unit of parallel work and of the gradient reduction order).</summary>
    public int Chunks { get; init; } = 8;

    /// <summary>Worker threads (does not change the result).</summary>
    public int Threads { get; init; } = 2;

    /// <summary>Peak learning rate.</summary>
    public float LearningRate { get; init; } = 3e-3f;

    /// <summary>Linear warm-up steps.</summary>
    public int WarmupSteps { get; init; } = 100;

    /// <summary>The cosine decay ends at this fraction of the peak learning rate.</summary>
    public float FinalLearningRateFraction { get; init; } = 0.1f;

    /// <summary>AdamW decoupled weight decay (matrices only).</summary>
    public float WeightDecay { get; init; } = 0.1f;

    /// <summary>AdamW β1.</summary>
    public float Beta1 { get; init; } = 0.9f;

    /// <summary>AdamW β2.</summary>
    public float Beta2 { get; init; } = 0.99f;

    /// <summary>AdamW ε.</summary>
    public float Epsilon { get; init; } = 1e-8f;

    /// <summary>Global gradient-norm clip (0 disables).</summary>
    public float GradientClip { get; init; } = 1f;

    /// <summary>Standard deviation of the initial matrices.</summary>
    public float InitStd { get; init; } = 0.02f;

    /// <summary>How many pairs are held out.</summary>
    public int HeldOutCount { get; init; } = 200;

    /// <summary>The mix of fact kinds.</summary>
    public DataMix Mix { get; init; } = new();

    /// <summary>The learning rate at a (0-based) step: linear warm-up, then cosine decay.</summary>
    public float LearningRateAt(int step)
    {
        if (step < WarmupSteps)
        {
            return LearningRate * (step + 1) / WarmupSteps;
        }

        var span = Math.Max(1, Steps - WarmupSteps);
        var progress = Math.Min(1.0, (double)(step - WarmupSteps) / span);
        var cosine = 0.5 * (1.0 + Math.Cos(Math.PI * progress));
        return (float)(LearningRate * (FinalLearningRateFraction + ((1.0 - FinalLearningRateFraction) * cosine)));
    }

    /// <summary>Throws on options that cannot train.</summary>
    public void Validate()
    {
        Config.Validate();
        if (Steps < 1 || BatchSize < 1 || Chunks < 1 || Threads < 1 || BatchSize % Chunks != 0)
        {
            throw new ArgumentException("Steps, batch size, chunks and threads must be positive, and chunks must divide the batch.");
        }

        if (LearningRate <= 0 || WarmupSteps < 0 || FinalLearningRateFraction < 0 || WeightDecay < 0 || GradientClip < 0 || InitStd <= 0)
        {
            throw new ArgumentException("Learning rate and init std must be positive; warm-up, decay and clip non-negative.");
        }
    }
}
