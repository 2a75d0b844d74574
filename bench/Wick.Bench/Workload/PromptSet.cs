namespace Wick.Bench.Workload;

/// <summary>
/// Fixed-seed synthetic prompts of digits and lower-case letters. With a byte-level vocabulary each character is one
/// token, so a prompt of n characters is n tokens (plus BOS) in every phase.
/// </summary>
internal static class PromptSet
{
    private const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";

    public static IReadOnlyList<string> Create(int count, int length, int seed)
    {
        var random = new Random(seed);
        var prompts = new string[count];
        for (var i = 0; i < count; i++)
        {
            prompts[i] = string.Create(length, random, static (span, r) =>
            {
                for (var j = 0; j < span.Length; j++)
                {
                    span[j] = Alphabet[r.Next(Alphabet.Length)];
                }
            });
        }

        return prompts;
    }
}
