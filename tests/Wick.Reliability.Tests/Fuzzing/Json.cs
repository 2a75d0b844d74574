using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Wick.Reliability.Tests.Fuzzing;

/// <summary>Raw JSON text builders: the fuzzer needs to write JSON no serializer would (NaN, duplicates, broken bytes).</summary>
internal static class Json
{
    /// <summary>Non-ASCII text goes on the wire as raw UTF-8 (as most clients send it), not as \\u escapes.</summary>
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Str(string value) => JsonSerializer.Serialize(value, Relaxed);

    /// <summary>
    /// A JSON string of text that needs no escaping, built without the serializer: its pooled buffers would keep
    /// megabytes of this process's memory rented-and-returned, which would blur the server's memory figures.
    /// </summary>
    public static string PlainStr(string value) => string.Concat("\"", value, "\"");

    public static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Bool(bool value) => value ? "true" : "false";

    public static string Arr(IEnumerable<string> items) => "[" + string.Join(",", items) + "]";

    public static string Obj(IEnumerable<KeyValuePair<string, string>> fields)
    {
        var text = new StringBuilder("{");
        var first = true;
        foreach (var (key, value) in fields)
        {
            if (!first)
            {
                text.Append(',');
            }

            text.Append(Str(key)).Append(':').Append(value);
            first = false;
        }

        return text.Append('}').ToString();
    }

    /// <summary>An object whose fields keep their insertion order, by raw JSON value.</summary>
    public sealed class Fields : List<KeyValuePair<string, string>>
    {
        public string this[string key]
        {
            set
            {
                var at = FindIndex(p => p.Key == key);
                if (at >= 0)
                {
                    this[at] = new(key, value);
                }
                else
                {
                    Add(new(key, value));
                }
            }
        }

        public bool Has(string key) => Exists(p => p.Key == key);

        public void Drop(string key) => RemoveAll(p => p.Key == key);

        public override string ToString() => Obj(this);
    }
}
