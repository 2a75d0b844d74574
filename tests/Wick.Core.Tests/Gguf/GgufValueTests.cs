using Wick.Core.Gguf;

namespace Wick.Core.Tests.Gguf;

public sealed class GgufValueTests
{
    public static TheoryData<object, GgufValueType> ClrTypes => new()
    {
        { (byte)1, GgufValueType.UInt8 },
        { (sbyte)1, GgufValueType.Int8 },
        { (ushort)1, GgufValueType.UInt16 },
        { (short)1, GgufValueType.Int16 },
        { 1u, GgufValueType.UInt32 },
        { 1, GgufValueType.Int32 },
        { 1f, GgufValueType.Float32 },
        { true, GgufValueType.Bool },
        { "s", GgufValueType.String },
        { 1UL, GgufValueType.UInt64 },
        { 1L, GgufValueType.Int64 },
        { 1d, GgufValueType.Float64 },
    };

    [Theory]
    [MemberData(nameof(ClrTypes))]
    public void The_gguf_type_follows_from_the_clr_type(object value, GgufValueType expected)
    {
        var gguf = new GgufValue(value);
        var items = Array.CreateInstance(value.GetType(), 1);
        items.SetValue(value, 0);
        var array = new GgufArray(items);

        Assert.Equal(expected, gguf.Type);
        Assert.Equal(expected, array.ElementType);
    }

    [Fact]
    public void Values_of_types_gguf_lacks_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new GgufValue('c'));
        Assert.Throws<ArgumentException>(() => new GgufValue(1m));
        Assert.Throws<ArgumentException>(() => new GgufValue(GgufValueType.Bool));
        Assert.Throws<ArgumentException>(() => new GgufValue(new object()));
        Assert.Throws<ArgumentNullException>(() => new GgufValue(null!));
        Assert.Throws<ArgumentException>(() => new GgufArray(new[] { 'c' }));
        Assert.Throws<ArgumentException>(() => new GgufArray(new int[1, 1]));
        Assert.Throws<ArgumentException>(() => new GgufArray(new string[] { "a", null! }));
        Assert.Throws<ArgumentException>(() => new GgufArray(new GgufArray[1]));
        Assert.Throws<ArgumentNullException>(() => new GgufArray(null!));
    }

    [Fact]
    public void Integer_values_of_every_width_read_as_long()
    {
        object[] integers = [(byte)200, (sbyte)-5, (ushort)60000, (short)-300, 4_000_000_000u, -7, 9UL, long.MinValue];

        var values = integers.Select(i => new GgufValue(i)).ToArray();

        Assert.All(values, v => Assert.True(v.IsInteger));
        Assert.Equal([200L, -5, 60000, -300, 4_000_000_000, -7, 9, long.MinValue], values.Select(v => v.AsInt64()));
        Assert.Throws<OverflowException>(() => new GgufValue(ulong.MaxValue).AsInt64());
    }

    [Fact]
    public void Accessors_of_the_wrong_type_say_what_the_value_is()
    {
        var number = new GgufValue(1.5f);
        var text = new GgufValue("x");

        Assert.Equal(1.5, number.AsDouble());
        Assert.Equal(2.5, new GgufValue(2.5).AsDouble());
        Assert.False(number.IsInteger);
        Assert.Contains("1.5 (Float32)", Assert.Throws<InvalidOperationException>(() => number.AsString()).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => number.AsInt64());
        Assert.Throws<InvalidOperationException>(() => number.AsBool());
        Assert.Throws<InvalidOperationException>(() => number.AsArray());
        Assert.Contains("\"x\"", Assert.Throws<InvalidOperationException>(() => text.AsDouble()).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Arrays_expose_typed_items()
    {
        var array = new GgufArray(new[] { "a", "b" });
        var value = new GgufValue(array);

        Assert.Equal(["a", "b"], value.AsArray().As<string>());
        Assert.Equal(2, array.Count);
        Assert.Equal("[2 x String]", array.ToString());
        Assert.Equal("[2 x String] (Array)", value.ToString());
        Assert.Throws<InvalidOperationException>(() => array.As<int>());
    }
}
