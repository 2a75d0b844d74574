namespace Wick.Core.Gguf;

/// <summary>A GGUF array value: a typed CLR array (byte[], int[], float[], string[], GgufArray[] for nested arrays, ...).</summary>
public sealed class GgufArray
{
    public GgufArray(Array items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var elementType = items.GetType().GetElementType()!;
        ElementType = items.Rank == 1 ? GgufValue.TypeOf(elementType)
            ?? throw new ArgumentException($"A GGUF array cannot hold {elementType.Name} items.", nameof(items))
            : throw new ArgumentException("A GGUF array must be one-dimensional.", nameof(items));
        if (items is string?[] strings && Array.IndexOf(strings, null) >= 0)
        {
            throw new ArgumentException("A GGUF string array cannot hold nulls.", nameof(items));
        }

        if (items is GgufArray?[] arrays && Array.IndexOf(arrays, null) >= 0)
        {
            throw new ArgumentException("A GGUF array of arrays cannot hold nulls.", nameof(items));
        }

        Items = items;
    }

    public GgufValueType ElementType { get; }

    public Array Items { get; }

    public int Count => Items.Length;

    /// <summary>The items as a typed array, e.g. <c>As&lt;string&gt;()</c> for tokenizer.ggml.tokens.</summary>
    public T[] As<T>() => Items as T[]
        ?? throw new InvalidOperationException($"The array holds {ElementType} items, not {typeof(T).Name}.");

    public override string ToString() => $"[{Count} x {ElementType}]";
}
