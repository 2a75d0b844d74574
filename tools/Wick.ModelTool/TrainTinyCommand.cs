using Wick.Training;

namespace Wick.ModelTool;

/// <summary>
/// <c>wick-model train-tiny [--seed N] [--steps N] [--out DIR] [--threads N]</c>: trains the tiny arithmetic llama,
/// evaluates it with the trainer's own forward pass, and writes <c>tiny-arith.gguf</c> and <c>manifest.json</c>
/// (<see cref="TinyArithBuild"/>).
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

        TinyArithBuild.Run(parsed.ToOptions(), parsed.Out, parsed.ReproduceCommand, Console.Out);
        return 0;
    }
}
