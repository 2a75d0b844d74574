using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;
using System.Xml.Linq;

namespace Wick.CoverageGate.Coverage;

/// <summary>
/// Reads a Cobertura report (coverlet's layout: <c>coverage/sources/source</c>, then
/// <c>packages/package/classes/class[@filename]/methods/method/lines/line</c> with <c>hits</c>,
/// <c>condition-coverage="50% (1/2)"</c> and <c>conditions/condition[@number,@type,@coverage]</c>).
/// </summary>
internal static partial class CoberturaReader
{
    public static IReadOnlyList<FileCoverage> Read(string reportPath, string root)
    {
        XDocument doc;
        try
        {
            doc = XDocument.Load(reportPath);
        }
        catch (Exception ex) when (ex is XmlException or IOException or UnauthorizedAccessException)
        {
            throw new GateInputException($"cannot read Cobertura report {reportPath}: {ex.Message}", ex);
        }

        if (doc.Root?.Name.LocalName != "coverage")
        {
            throw new GateInputException($"{reportPath} is not a Cobertura report (root element is not <coverage>)");
        }

        var sources = doc.Root.Element("sources")?.Elements("source")
            .Select(s => s.Value.Trim())
            .Where(s => s.Length > 0)
            .ToList() ?? [];
        var files = new Dictionary<string, FileCoverage>(StringComparer.Ordinal);
        foreach (var cls in doc.Root.Descendants("class"))
        {
            var filename = (string?)cls.Attribute("filename");
            if (string.IsNullOrWhiteSpace(filename))
            {
                continue;
            }

            var path = RepoPaths.Relative(root, Resolve(filename, sources, root));
            if (!files.TryGetValue(path, out var file))
            {
                file = new FileCoverage(path);
                files[path] = file;
            }

            ReadClass(cls, file);
        }

        return [.. files.Values];
    }

    private static void ReadClass(XElement cls, FileCoverage file)
    {
        var className = (string?)cls.Attribute("name") ?? string.Empty;
        var ns = NamespaceOf(className);
        if (ns.Length > 0)
        {
            file.Namespaces.Add(ns);
        }

        var methods = cls.Element("methods")?.Elements("method").ToList() ?? [];
        if (methods.Count == 0)
        {
            // Producers that list lines per class only: the class is the branch site.
            ReadLines(cls.Element("lines"), file, className);
            return;
        }

        foreach (var method in methods)
        {
            var site = $"{className}::{(string?)method.Attribute("name")}{(string?)method.Attribute("signature")}";
            ReadLines(method.Element("lines"), file, site);
        }
    }

    private static void ReadLines(XElement? lines, FileCoverage file, string siteKey)
    {
        foreach (var element in lines?.Elements("line") ?? [])
        {
            if (!int.TryParse((string?)element.Attribute("number"), CultureInfo.InvariantCulture, out var number))
            {
                continue;
            }

            var line = file.Line(number);
            _ = long.TryParse((string?)element.Attribute("hits"), CultureInfo.InvariantCulture, out var hits);
            line.AddHits(hits);
            var site = ReadBranchSite(element);
            if (site is not null)
            {
                line.AddSite(siteKey, site);
            }
        }
    }

    private static BranchSite? ReadBranchSite(XElement line)
    {
        var match = ConditionCoverage().Match((string?)line.Attribute("condition-coverage") ?? string.Empty);
        if (!match.Success)
        {
            return null;
        }

        var covered = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        var total = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        var conditions = new Dictionary<int, Condition>();
        foreach (var c in line.Element("conditions")?.Elements("condition") ?? [])
        {
            if (int.TryParse((string?)c.Attribute("number"), CultureInfo.InvariantCulture, out var n)
                && double.TryParse(((string?)c.Attribute("coverage"))?.TrimEnd('%'), CultureInfo.InvariantCulture, out var pct))
            {
                conditions[n] = new Condition((string?)c.Attribute("type") ?? "jump", pct);
            }
        }

        return new BranchSite(covered, total, conditions);
    }

    private static string Resolve(string filename, List<string> sources, string root)
    {
        if (Path.IsPathRooted(filename))
        {
            return filename;
        }

        return sources.Select(s => Path.Combine(s, filename)).FirstOrDefault(File.Exists)
            ?? Path.Combine(sources.Count > 0 ? sources[0] : root, filename);
    }

    /// <summary><c>Wick.Core.ParkingLot.Lot/&lt;Admit&gt;d__5</c> → <c>Wick.Core.ParkingLot</c>.</summary>
    internal static string NamespaceOf(string className)
    {
        var outer = className.Split('/')[0];
        var dot = outer.LastIndexOf('.');
        return dot > 0 ? outer[..dot] : string.Empty;
    }

    [GeneratedRegex(@"\((\d+)/(\d+)\)", RegexOptions.CultureInvariant)]
    private static partial Regex ConditionCoverage();
}
