using ScottPlot;
using Sparsh.Transforms.Hand;

namespace Sparsh.MLNet.Reports;

/// <summary>The project's standard PNG plots (ScottPlot): labelled axes with units, readable at report size.</summary>
public static class ReportPlots
{
    private const int Width = 900;
    private const int Height = 600;

    /// <summary>One named series of (x, y) points.</summary>
    public sealed record Series(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y);

    /// <summary>Lines sharing axes (e.g. taxel traces over time, loss curves).</summary>
    public static void Lines(string path, string title, string xLabel, string yLabel, IEnumerable<Series> series, bool logY = false)
    {
        var plot = NewPlot(title, xLabel, yLabel);
        foreach (var s in series)
        {
            var ys = logY ? s.Y.Select(v => Math.Log10(Math.Max(v, 1e-12))).ToArray() : s.Y.ToArray();
            var line = plot.Add.Scatter(s.X.ToArray(), ys);
            line.LegendText = s.Name;
            line.MarkerSize = s.X.Count > 60 ? 0 : 5;
        }
        if (logY)
        {
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                LabelFormatter = v => Math.Pow(10, v).ToString("G3"),
            };
        }
        plot.ShowLegend(Alignment.UpperRight);
        Save(plot, path);
    }

    /// <summary>One named series of points with a symmetric error (e.g. mean and standard deviation over seeds).</summary>
    public sealed record ErrorSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, IReadOnlyList<double> Error);

    /// <summary>Lines with error bars; <paramref name="logX"/> spaces x by log2 (label budgets 1, 2, 4, ...), ticks at the given x.</summary>
    public static void LinesWithErrorBars(string path, string title, string xLabel, string yLabel, IEnumerable<ErrorSeries> series, bool logX = false)
    {
        var plot = NewPlot(title, xLabel, yLabel);
        var ticks = new SortedSet<double>();
        int index = 0;
        foreach (var s in series)
        {
            var xs = s.X.Select(x => logX ? Math.Log2(x) : x).ToArray();
            var line = plot.Add.Scatter(xs, s.Y.ToArray());
            // Error bars would take the next palette colour; the n-th series gets the n-th colour, as in Lines.
            line.Color = plot.Add.Palette.GetColor(index++);
            line.LegendText = s.Name;
            line.MarkerSize = 6;
            var bars = plot.Add.ErrorBar(xs, s.Y.ToArray(), s.Error.ToArray());
            bars.Color = line.Color;
            foreach (double x in s.X) ticks.Add(x);
        }
        if (logX) plot.Axes.Bottom.SetTicks(ticks.Select(Math.Log2).ToArray(), ticks.Select(t => t.ToString("G4")).ToArray());
        plot.ShowLegend(Alignment.UpperRight);
        Save(plot, path);
    }

    /// <summary>Predicted against true values with the identity line, one panel-free colour per series.</summary>
    public static void PredictedVersusTrue(string path, string title, string unit, IEnumerable<Series> series)
    {
        var plot = NewPlot(title, $"true ({unit})", $"predicted ({unit})");
        double min = double.MaxValue, max = double.MinValue;
        foreach (var s in series)
        {
            var points = plot.Add.ScatterPoints(s.X.ToArray(), s.Y.ToArray());
            points.LegendText = s.Name;
            points.MarkerSize = 4;
            min = Math.Min(min, Math.Min(s.X.Min(), s.Y.Min()));
            max = Math.Max(max, Math.Max(s.X.Max(), s.Y.Max()));
        }
        var identity = plot.Add.Line(min, min, max, max);
        identity.LineColor = Colors.Gray;
        identity.LinePattern = LinePattern.Dashed;
        identity.LegendText = "ideal";
        plot.ShowLegend(Alignment.UpperLeft);
        Save(plot, path);
    }

    /// <summary>The hand's taxels on <see cref="HandMapLayout"/>, coloured by a per-taxel value (e.g. |flux change| in counts).</summary>
    public static void HandMap(string path, string title, string valueLabel, HandModel hand, IReadOnlyList<double> valuePerTaxel)
    {
        if (valuePerTaxel.Count != hand.TaxelCount)
            throw new ArgumentException($"{valuePerTaxel.Count} values given for {hand.TaxelCount} taxels.", nameof(valuePerTaxel));
        var plot = NewPlot(title, "schematic x (mm)", "schematic y (mm)");
        var (x, y) = HandMapLayout.Compute(hand);
        double max = Math.Max(valuePerTaxel.Max(), 1e-9), min = Math.Min(valuePerTaxel.Min(), 0);
        var colormap = new ScottPlot.Colormaps.Viridis();
        for (int t = 0; t < hand.TaxelCount; t++)
            plot.Add.Marker(x[t], y[t], MarkerShape.FilledCircle, 7, colormap.GetColor((valuePerTaxel[t] - min) / (max - min)));
        foreach (var patch in hand.Patches)
        {
            var members = hand.Taxels.Where(t => t.PatchName == patch.Name).Select(t => t.Index).ToArray();
            var label = plot.Add.Text(patch.Name, members.Average(i => x[i]), members.Max(i => y[i]) + 4);
            label.LabelFontSize = 9;
            label.LabelAlignment = Alignment.LowerCenter;
        }
        // An invisible heatmap carries the colour scale for the colour bar.
        var scale = plot.Add.Heatmap(new double[,] { { min, max } });
        scale.Colormap = colormap;
        scale.ManualRange = new ScottPlot.Range(min, max);
        scale.IsVisible = false;
        plot.Add.ColorBar(scale).Label = valueLabel;
        plot.Axes.SquareUnits();
        Save(plot, path, Width, 750);
    }

    /// <summary>Bars with labels (e.g. RMSE per decoder mode).</summary>
    public static void Bars(string path, string title, string yLabel, IReadOnlyList<(string Label, double Value)> bars)
    {
        var plot = NewPlot(title, "", yLabel);
        var values = bars.Select(b => b.Value).ToArray();
        plot.Add.Bars(values);
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, bars.Count).Select(i => (double)i).ToArray(), bars.Select(b => b.Label).ToArray());
        plot.Axes.Margins(bottom: 0);
        Save(plot, path);
    }

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    private static void Save(Plot plot, string path, int width = Width, int height = Height)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        plot.SavePng(path, width, height);
    }
}
