using System.Globalization;
using ScottPlot;
using Wick.Bench.Phases;

namespace Wick.Bench.Reporting;

/// <summary>PNG charts (ScottPlot): per model, output-token throughput of every phase at every load, grouped by load.</summary>
internal static class ChartWriter
{
    private static readonly PhaseKind[] Order = [PhaseKind.Wick, PhaseKind.Engine, PhaseKind.Raw, PhaseKind.Usual];

    /// <summary>Writes one chart per model into <paramref name="directory"/>; returns the file names.</summary>
    public static IReadOnlyList<string> Write(IReadOnlyList<PhaseResult> results, string directory)
    {
        var files = new List<string>();
        foreach (var model in results.Select(r => r.Model).Distinct())
        {
            var rows = results.Where(r => r.Model == model).ToList();
            var loads = rows.Select(r => r.Concurrency).Distinct().Order().ToList();
            var phases = Order.Where(k => rows.Any(r => r.Phase == k)).ToList();
            var plot = new Plot();
            plot.Font.Set("DejaVu Sans");
            var palette = new ScottPlot.Palettes.Category10();
            var bars = new List<Bar>();
            const double GroupWidth = 0.8;
            var width = GroupWidth / phases.Count;
            for (var g = 0; g < loads.Count; g++)
            {
                for (var k = 0; k < phases.Count; k++)
                {
                    var row = rows.LastOrDefault(r => r.Concurrency == loads[g] && r.Phase == phases[k]);
                    if (row is null || double.IsNaN(row.Summary.OutputTokenThroughput))
                    {
                        continue;
                    }

                    var value = row.Summary.OutputTokenThroughput;
                    bars.Add(new Bar
                    {
                        Position = g - (GroupWidth / 2) + (width * (k + 0.5)),
                        Value = value,
                        Size = width * 0.9,
                        FillColor = palette.GetColor(k),
                        Label = value.ToString(value < 100 ? "0.0" : "0", CultureInfo.InvariantCulture),
                    });
                }
            }

            var barPlot = plot.Add.Bars(bars);
            barPlot.ValueLabelStyle.FontSize = 11;
            plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, loads.Count).Select(i => (double)i)], [.. loads.Select(c => $"{c} client{(c == 1 ? "" : "s")}")]);
            plot.Axes.Bottom.MajorTickStyle.Length = 0;
            for (var k = 0; k < phases.Count; k++)
            {
                plot.Legend.ManualItems.Add(new LegendItem { LabelText = PhaseRunner.Name(phases[k]), FillColor = palette.GetColor(k) });
            }

            plot.ShowLegend(Alignment.UpperLeft);
            plot.Axes.Margins(bottom: 0, top: 0.25);
            plot.Title($"{model}: output tokens per second (higher is better)");
            plot.YLabel("output tokens / s");
            var file = $"throughput-{model}.png";
            plot.SavePng(Path.Combine(directory, file), 900, 480);
            files.Add(file);
        }

        return files;
    }
}
