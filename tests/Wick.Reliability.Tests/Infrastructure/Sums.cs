using System.Globalization;

namespace Wick.Reliability.Tests.Infrastructure;

/// <summary>
/// Prompts for the tiny arithmetic model and their answers, computed here: single-digit sums, which its manifest and the
/// certification show it gets right (100/100) through llama.cpp at temperature 0.
/// </summary>
internal static class Sums
{
    public static (string Prompt, string Answer) Pick(Random random)
    {
        var a = random.Next(10);
        var b = random.Next(10);
        return (string.Create(CultureInfo.InvariantCulture, $"{a}+{b}="), (a + b).ToString(CultureInfo.InvariantCulture));
    }
}
