namespace Wick.Core.Gguf;

/// <summary>One typed GGUF metadata value. <see cref="Value"/> holds the CLR value of <see cref="Type"/>: byte, sbyte,
/// ushort, short, uint, int, float, bool, string, ulong, long, double or <see cref="GgufArray"/>.</summary>
public sealed class GgufValue
{
    /// <summary>Wraps <paramref name="value"/>; its GGUF type follows from its CLR type.</summary>
    public GgufValue(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Type = TypeOf(value.GetType())
            ?? throw new ArgumentException($"A GGUF value cannot hold a {value.GetType().Name}.", nameof(value));
        Value = value;
    }

    public GgufValueType Type { get; }

    public object Value { get; }

    /// <summary>True for the eight integer types.</summary>
    public bool IsInteger => Type is GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.UInt16
        or GgufValueType.Int16 or GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.UInt64
        or GgufValueType.Int64;

    public string AsString() => Value as string ?? throw WrongType("a string");

    public bool AsBool() => Value as bool? ?? throw WrongType("a bool");

    public GgufArray AsArray() => Value as GgufArray ?? throw WrongType("an array");

    /// <summary>Any integer type as a long; a UInt64 above <see cref="long.MaxValue"/> throws <see cref="OverflowException"/>.</summary>
    public long AsInt64() => Value switch
    {
        byte v => v,
        sbyte v => v,
        ushort v => v,
        short v => v,
        uint v => v,
        int v => v,
        ulong v => checked((long)v),
        long v => v,
        _ => throw WrongType("an integer"),
    };

    /// <summary>Float32 or Float64 as a double.</summary>
    public double AsDouble() => Value switch
    {
        float v => v,
        double v => v,
        _ => throw WrongType("a floating-point number"),
    };

    public override string ToString() => Value is string s ? $"\"{s}\"" : $"{Value} ({Type})";

    /// <summary>The GGUF type of a CLR type, or null when GGUF has none.</summary>
    internal static GgufValueType? TypeOf(Type clrType) => clrType.IsEnum ? null : System.Type.GetTypeCode(clrType) switch
    {
        TypeCode.Byte => GgufValueType.UInt8,
        TypeCode.SByte => GgufValueType.Int8,
        TypeCode.UInt16 => GgufValueType.UInt16,
        TypeCode.Int16 => GgufValueType.Int16,
        TypeCode.UInt32 => GgufValueType.UInt32,
        TypeCode.Int32 => GgufValueType.Int32,
        TypeCode.Single => GgufValueType.Float32,
        TypeCode.Boolean => GgufValueType.Bool,
        TypeCode.String => GgufValueType.String,
        TypeCode.UInt64 => GgufValueType.UInt64,
        TypeCode.Int64 => GgufValueType.Int64,
        TypeCode.Double => GgufValueType.Float64,
        _ when clrType == typeof(GgufArray) => GgufValueType.Array,
        _ => null,
    };

    private InvalidOperationException WrongType(string wanted) => new($"The value {this} is not {wanted}.");
}
