using System.Globalization;

namespace Wick.Hub.Cli;

/// <summary>Human-readable sizes and durations for progress and listings.</summary>
internal static class Units
{
    private static readonly string[] ByteUnits = ["KiB", "MiB", "GiB", "TiB"];

    public static string Bytes(double bytes)
    {
        if (bytes < 1024)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{bytes:0} B");
        }

        var unit = -1;
        do
        {
            bytes /= 1024;
            unit++;
        }
        while (bytes >= 1024 && unit < ByteUnits.Length - 1);
        return string.Create(CultureInfo.InvariantCulture, $"{bytes:0.0} {ByteUnits[unit]}");
    }

    public static string Duration(TimeSpan duration) =>
        duration.TotalHours >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)duration.TotalHours}:{duration.Minutes:D2}:{duration.Seconds:D2}")
            : string.Create(CultureInfo.InvariantCulture, $"{duration.Minutes:D2}:{duration.Seconds:D2}");
}
