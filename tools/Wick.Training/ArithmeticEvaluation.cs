namespace Wick.Training;

/// <summary>Scores greedy answers: right means exactly the answer's bytes, then EOS.</summary>
public static class ArithmeticEvaluation
{
    /// <summary>Longest answer plus EOS that a probe needs.</summary>
    public const int MaxNewTokens = 6;

    /// <summary>Asks every problem through <paramref name="complete"/> (prompt text → generated tokens).</summary>
    public static AccuracyReport Evaluate(
        string name, IReadOnlyList<ArithmeticProblem> problems, Func<string, IReadOnlyList<int>> complete, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problems);
        ArgumentNullException.ThrowIfNull(complete);
        var failures = new List<string>();
        foreach (var problem in problems)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var output = complete(problem.Prompt);
            if (!IsCorrect(problem, output))
            {
                failures.Add($"{problem.Prompt}{ByteTokens.Decode(output)}{(output.Count > 0 && output[^1] == ByteTokens.Eos ? "<eos>" : "…")} (want {problem.Answer})");
            }
        }

        return new AccuracyReport(name, problems.Count - failures.Count, problems.Count, failures);
    }

    /// <summary>True when <paramref name="output"/> is exactly the answer's bytes followed by EOS.</summary>
    public static bool IsCorrect(ArithmeticProblem problem, IReadOnlyList<int> output)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(output);
        var answer = problem.Answer;
        if (output.Count != answer.Length + 1 || output[^1] != ByteTokens.Eos)
        {
            return false;
        }

        for (var i = 0; i < answer.Length; i++)
        {
            if (output[i] != answer[i])
            {
                return false;
            }
        }

        return true;
    }
}
