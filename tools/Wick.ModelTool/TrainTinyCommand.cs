namespace Wick.ModelTool;

internal static class TrainTinyCommand
{
    public static int Run(string[] args)
    {
        Console.Error.WriteLine($"train-tiny: not implemented yet ({args.Length} args)");
        return 2;
    }
}
