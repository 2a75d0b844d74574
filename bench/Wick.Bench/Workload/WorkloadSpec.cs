namespace Wick.Bench.Workload;

/// <summary>
/// The load of one phase: <see cref="Requests"/> prompts of <see cref="InputLength"/> bytes (one token each with a
/// byte-level vocabulary, plus BOS), <see cref="OutputLength"/> output tokens each (end-of-generation ignored), sent by
/// <see cref="Concurrency"/> clients in a closed loop, or at <see cref="Rate"/> requests per second (Poisson arrivals,
/// with <see cref="Concurrency"/> as a cap on requests in flight when given).
/// </summary>
internal sealed record WorkloadSpec(int Requests, int Concurrency, int InputLength, int OutputLength, double? Rate, int Seed)
{
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Requests, 1, "--requests");
        ArgumentOutOfRangeException.ThrowIfLessThan(Concurrency, 1, "--concurrency");
        ArgumentOutOfRangeException.ThrowIfLessThan(InputLength, 1, "--input-len");
        ArgumentOutOfRangeException.ThrowIfLessThan(OutputLength, 1, "--output-len");
        if (Rate is { } rate && !(rate > 0 && double.IsFinite(rate)))
        {
            throw new ArgumentOutOfRangeException("--rate", rate, "The request rate must be a positive number.");
        }
    }

    public string Describe() =>
        $"{Requests} requests, {(Rate is { } r ? $"Poisson {r:0.###} req/s (cap {Concurrency} in flight)" : $"{Concurrency} concurrent clients")}, "
        + $"input {InputLength} tokens, output {OutputLength} tokens";
}
