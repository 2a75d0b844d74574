using System.Globalization;
using System.Xml.Linq;

namespace Wick.CoverageGate.Tests;

/// <summary>One branch point of a synthetic report: how many of its paths ran.</summary>
internal sealed record Cond(int Number, int Covered, int Paths);

/// <summary>Builds coverlet-shaped Cobertura XML: sources, then class → method → lines with condition coverage.</summary>
internal sealed class CoberturaBuilder(string? source)
{
    private readonly List<(string File, string Class, string Method, XElement Line)> lines = [];

    public CoberturaBuilder Line(string file, int number, int hits, string cls = "Wick.Core.Mod.Foo", string method = "Run") =>
        Add(file, cls, method, new XElement("line",
            new XAttribute("number", number), new XAttribute("hits", hits), new XAttribute("branch", "False")));

    public CoberturaBuilder Branch(
        string file, int number, int hits, Cond[] conditions, string cls = "Wick.Core.Mod.Foo", string method = "Run")
    {
        var covered = conditions.Sum(c => c.Covered);
        var total = conditions.Sum(c => c.Paths);
        var pct = total == 0 ? 0 : 100.0 * covered / total;
        return Add(file, cls, method, new XElement("line",
            new XAttribute("number", number),
            new XAttribute("hits", hits),
            new XAttribute("branch", "True"),
            new XAttribute("condition-coverage", string.Create(CultureInfo.InvariantCulture, $"{pct}% ({covered}/{total})")),
            new XElement("conditions", conditions.Select(c => new XElement("condition",
                new XAttribute("number", c.Number),
                new XAttribute("type", c.Paths > 2 ? "switch" : "jump"),
                new XAttribute("coverage", string.Create(CultureInfo.InvariantCulture, $"{100.0 * c.Covered / c.Paths}%")))))));
    }

    public string Build()
    {
        var classes = lines.GroupBy(l => (l.File, l.Class)).Select(cls => new XElement("class",
            new XAttribute("name", cls.Key.Class),
            new XAttribute("filename", cls.Key.File),
            new XElement("methods", cls.GroupBy(l => l.Method).Select(m => new XElement("method",
                new XAttribute("name", m.Key),
                new XAttribute("signature", "()"),
                new XElement("lines", m.Select(l => new XElement(l.Line)))))),
            new XElement("lines", cls.Select(l => new XElement(l.Line)))));
        var doc = new XDocument(new XElement("coverage",
            new XElement("sources", source is null ? null : new XElement("source", source)),
            new XElement("packages", new XElement("package", new XAttribute("name", "Wick.Core"),
                new XElement("classes", classes)))));
        return doc.ToString();
    }

    private CoberturaBuilder Add(string file, string cls, string method, XElement line)
    {
        lines.Add((file, cls, method, line));
        return this;
    }
}
