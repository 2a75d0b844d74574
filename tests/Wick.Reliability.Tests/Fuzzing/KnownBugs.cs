using System.Text;

namespace Wick.Reliability.Tests.Fuzzing;

/// <summary>
/// Responses the fuzzer has traced to a bug already reproduced by a skipped test in <see cref="ReliabilityBugTests"/>:
/// they are counted and reported, not failed, so the fuzzer keeps guarding everything else. Delete an entry when its
/// bug is fixed (the fuzzer then fails again if it comes back).
/// </summary>
internal static class KnownBugs
{
    /// <summary>See <see cref="ReliabilityBugTests.Unreadable_text_in_prompt_content_or_stop_is_a_400_not_a_500"/>.</summary>
    public const string UnreadableJsonElementText = "unreadable_text_in_json_element_field_is_500";

    /// <summary>The bug this 5xx answer is known to come from, or null.</summary>
    public static string? Explain(FuzzCase fuzz, int status, string body)
    {
        if (status == 500 && body.Contains("\"internal_error\"", StringComparison.Ordinal) && fuzz.Body is { } bytes && HasUnreadableText(bytes))
        {
            return UnreadableJsonElementText;
        }

        return null;
    }

    /// <summary>Invalid UTF-8 bytes, or a <c>\uD800</c>-<c>\uDFFF</c> escape (only unpaired ones are unreadable; close enough here).</summary>
    private static bool HasUnreadableText(byte[] body)
    {
        try
        {
            _ = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return true;
        }

        var text = Encoding.UTF8.GetString(body);
        return text.Contains("\\ud8", StringComparison.OrdinalIgnoreCase) || text.Contains("\\ud9", StringComparison.OrdinalIgnoreCase)
            || text.Contains("\\uda", StringComparison.OrdinalIgnoreCase) || text.Contains("\\udb", StringComparison.OrdinalIgnoreCase)
            || text.Contains("\\udc", StringComparison.OrdinalIgnoreCase) || text.Contains("\\udd", StringComparison.OrdinalIgnoreCase)
            || text.Contains("\\ude", StringComparison.OrdinalIgnoreCase) || text.Contains("\\udf", StringComparison.OrdinalIgnoreCase);
    }
}
