namespace Wick.CoverageGate;

internal static class Program
{
    public static int Main(string[] args) =>
        GateCommand.Run(args, Console.Out, Console.Error, Directory.GetCurrentDirectory());
}
