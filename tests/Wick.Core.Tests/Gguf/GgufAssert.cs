using Wick.Core.Gguf;

namespace Wick.Core.Tests.Gguf;

/// <summary>Structural equality of GGUF values (NaN equals NaN, arrays compare item by item).</summary>
internal static class GgufAssert
{
    public static void Equal(GgufValue expected, GgufValue actual)
    {
        Assert.Equal(expected.Type, actual.Type);
        Equal(expected.Value, actual.Value);
    }

    private static void Equal(object expected, object actual)
    {
        if (expected is GgufArray expectedArray)
        {
            var actualArray = Assert.IsType<GgufArray>(actual);
            Assert.Equal(expectedArray.ElementType, actualArray.ElementType);
            Assert.Equal(expectedArray.Count, actualArray.Count);
            for (var i = 0; i < expectedArray.Count; i++)
            {
                Equal(expectedArray.Items.GetValue(i)!, actualArray.Items.GetValue(i)!);
            }
        }
        else
        {
            Assert.Equal(expected.GetType(), actual.GetType());
            Assert.True(expected.Equals(actual), $"expected {expected}, got {actual}");
        }
    }
}
