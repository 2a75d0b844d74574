namespace Wick.Training;

/// <summary>
/// One named tensor inside the flat parameter array: row-major <c>[Rows, Columns]</c>, which is ggml's
/// <c>{Columns, Rows}</c> (a PyTorch <c>[out, in]</c> matrix). Vectors (norm weights) have one row.
/// </summary>
public sealed record ParameterTensor(string Name, int Offset, int Rows, int Columns, bool IsMatrix)
{
    /// <summary>Number of elements.</summary>
    public int Length => Rows * Columns;

    /// <summary>Dimensions in ggml order (ne0 first).</summary>
    public IReadOnlyList<long> GgmlDimensions => IsMatrix ? [Columns, Rows] : [Columns];
}
