namespace Wick.ModelTool;

internal static class SynthCommand
{
    public static int Run(string[] args)
    {
        Console.Error.WriteLine($"synth: not implemented yet ({args.Length} args)");
        return 2;
    }
}
