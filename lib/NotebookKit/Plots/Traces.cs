namespace NotebookKit.Plots;

/// <summary>Short ways to make the traces the kit draws; add them to a <see cref="Figure"/>.</summary>
public static class Traces
{
    /// <summary>A line through (x[i], y[i]).</summary>
    public static ScatterTrace Line(string name, IEnumerable<double> x, IEnumerable<double> y, string? color = null, bool dashed = false)
    {
        var (xs, ys) = Pair(name, x, y);
        return new ScatterTrace(name, xs, ys) { Line = new LineStyle { Color = color, Dash = dashed ? "dash" : "solid", Width = 2 } };
    }

    /// <summary>A line through (i, values[i]).</summary>
    public static ScatterTrace Line(string name, IReadOnlyList<double> values, string? color = null, bool dashed = false) =>
        Line(name, Enumerable.Range(0, values.Count).Select(i => (double)i), values, color, dashed);

    /// <summary>Points at (x[i], y[i]).</summary>
    public static ScatterTrace Markers(string name, IEnumerable<double> x, IEnumerable<double> y, string? color = null, string symbol = "circle", int size = 7)
    {
        var (xs, ys) = Pair(name, x, y);
        return new ScatterTrace(name, xs, ys)
        {
            Mode = "markers",
            Marker = new MarkerStyle { Color = color, Symbol = symbol, Size = size, Line = new LineStyle { Color = "white", Width = 0.5 } },
        };
    }

    /// <summary>A heatmap over a regular grid; <paramref name="z"/> is indexed [row = y][column = x].</summary>
    public static HeatmapTrace Heatmap(string name, double[] x, double[] y, double[][] z, object colorscale, bool showScale = true, double opacity = 1.0)
    {
        if (z.Length != y.Length) throw new ArgumentException($"Heatmap '{name}': expected {y.Length} rows of z (one per y), got {z.Length}.", nameof(z));
        var bad = Array.FindIndex(z, row => row.Length != x.Length);
        if (bad >= 0) throw new ArgumentException($"Heatmap '{name}': expected {x.Length} values in each row of z (one per x), got {z[bad].Length} in row {bad}.", nameof(z));
        return new HeatmapTrace(name, x, y, z) { ColorScale = colorscale, ShowScale = showScale, Opacity = opacity, HoverInfo = "skip" };
    }

    /// <summary>One bar per category, with optional error bars (half-widths) and a colour.</summary>
    public static BarTrace Bars(string name, IEnumerable<string> categories, IEnumerable<double> values, string? color = null, IEnumerable<double>? errors = null)
    {
        var labels = categories.ToArray();
        var heights = values.ToArray();
        if (labels.Length != heights.Length)
            throw new ArgumentException($"Bars '{name}': expected one value per category, got {labels.Length} categories and {heights.Length} values.", nameof(values));
        var trace = new BarTrace(name, labels, heights) { Marker = color is null ? null : new MarkerStyle { Color = color } };
        if (errors is not null)
        {
            var halfWidths = errors.ToArray();
            if (halfWidths.Length != heights.Length)
                throw new ArgumentException($"Bars '{name}': expected one error per bar, got {halfWidths.Length} errors for {heights.Length} bars.", nameof(errors));
            trace.Errors = new ErrorBars(halfWidths);
        }
        return trace;
    }

    private static (double[], double[]) Pair(string name, IEnumerable<double> x, IEnumerable<double> y)
    {
        var xs = x.ToArray();
        var ys = y.ToArray();
        if (xs.Length != ys.Length) throw new ArgumentException($"Trace '{name}': expected as many x as y values, got {xs.Length} and {ys.Length}.");
        return (xs, ys);
    }
}
