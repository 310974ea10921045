using NotebookKit.Data;
using Plotly.NET;

namespace NotebookKit.Plots;

/// <summary>The kit's chart builders. Each returns a <see cref="Figure"/> that renders offline.</summary>
public static class Plot
{
    /// <summary>Colours used for classes 0, 1, 2, ... everywhere, so pictures read the same across notebooks.</summary>
    public static readonly string[] ClassColors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];

    private static readonly string[] RegionColors = ["#c6dbef", "#f4c7c3", "#c7e9c0", "#dadaeb", "#fdd0a2", "#e7d4cf"];
    private static readonly string[] Symbols = ["circle", "diamond", "square", "triangle-up", "x", "star"];

    /// <summary>Line chart of one or more named series against their index (or a shared x).</summary>
    public static Figure Lines(string title, string xTitle, string yTitle, params (string Name, IReadOnlyList<double> Values)[] series)
    {
        if (series.Length == 0) throw new ArgumentException("Expected at least one series to draw.", nameof(series));
        var traces = series.Select(s => Traces.Line(s.Name, Enumerable.Range(0, s.Values.Count).Select(i => (double)i), s.Values));
        return Compose(traces, Layouts.Titled(title, xTitle, yTitle));
    }

    /// <summary>Line chart of named series, each with its own x values (e.g. accuracy against length).</summary>
    public static Figure Series(string title, string xTitle, string yTitle, params (string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y)[] series)
    {
        if (series.Length == 0) throw new ArgumentException("Expected at least one series to draw.", nameof(series));
        foreach (var (name, x, y) in series)
            if (x.Count != y.Count) throw new ArgumentException($"Series '{name}': expected as many x as y values, got {x.Count} and {y.Count}.", nameof(series));
        var traces = series.Select(s =>
        {
            var trace = Traces.Line(s.Name, s.X, s.Y);
            trace.SetProperty("mode", "lines+markers");
            return trace;
        });
        return Compose(traces, Layouts.Titled(title, xTitle, yTitle));
    }

    /// <summary>
    /// One heatmap with a label per column and per row (tokens, gates, units). Row 0 is drawn at the
    /// top. Labels may repeat (a word twice in a sentence): positions, not names, place the cells.
    /// </summary>
    public static Figure LabelledHeatmap(string title, double[][] values, IReadOnlyList<string> columnLabels, IReadOnlyList<string> rowLabels,
        string xTitle = "", string yTitle = "", string colorscale = "Blues", double? zmin = null, double? zmax = null, bool highIsDark = true)
    {
        if (values.Length != rowLabels.Count) throw new ArgumentException($"Expected {rowLabels.Count} rows of values (one per row label), got {values.Length}.", nameof(values));
        var bad = Array.FindIndex(values, r => r.Length != columnLabels.Count);
        if (bad >= 0) throw new ArgumentException($"Expected {columnLabels.Count} values per row (one per column label), got {values[bad].Length} in row {bad}.", nameof(values));
        var xs = Enumerable.Range(0, columnLabels.Count).Select(i => (double)i).ToArray();
        var ys = Enumerable.Range(0, rowLabels.Count).Select(i => (double)i).ToArray();
        var trace = Traces.Heatmap(title, xs, ys, values, colorscale);
        trace.SetProperty("hoverinfo", "z");
        // plotly.js's sequential scales (Blues, Greys, ...) run dark to light; reversed, large values stand out dark.
        trace.SetProperty("reversescale", highIsDark && colorscale is "Blues" or "Greys" or "Reds" or "Greens");
        if (zmin is { } low) trace.SetProperty("zmin", low);
        if (zmax is { } high) trace.SetProperty("zmax", high);
        var layout = Layouts.Titled(title, xTitle, yTitle);
        layout.SetProperty("xaxis", new Dictionary<string, object>
        {
            ["title"] = new Dictionary<string, object> { ["text"] = xTitle }, ["tickvals"] = xs, ["ticktext"] = columnLabels.ToArray(), ["side"] = "top",
        });
        layout.SetProperty("yaxis", new Dictionary<string, object>
        {
            ["title"] = new Dictionary<string, object> { ["text"] = yTitle }, ["tickvals"] = ys, ["ticktext"] = rowLabels.ToArray(), ["autorange"] = "reversed",
        });
        layout.SetProperty("margin", new Dictionary<string, object> { ["l"] = 90, ["r"] = 20, ["t"] = 90, ["b"] = 30 });
        return Compose([trace], layout, height: Math.Max(260, 60 + 28 * rowLabels.Count + 60));
    }

    /// <summary>Attention weights: one row per output token, one column per input token, each row summing to 1.</summary>
    public static Figure Attention(double[][] weights, IReadOnlyList<string> sourceTokens, IReadOnlyList<string> targetTokens, string title) =>
        LabelledHeatmap(title, weights, sourceTokens, targetTokens, "", "output (target)", "Blues", 0, 1);

    /// <summary>Line chart of y = f(x) for one or more functions on [from, to].</summary>
    public static Figure Functions(string title, double from, double to, params (string Name, Func<double, double> F)[] functions)
    {
        if (!(to > from)) throw new ArgumentException($"Expected from < to, got from = {from}, to = {to}.");
        const int points = 201;
        var xs = Enumerable.Range(0, points).Select(i => from + (to - from) * i / (points - 1)).ToArray();
        var traces = functions.Select(f => Traces.Line(f.Name, xs, xs.Select(f.F)));
        return Compose(traces, Layouts.Titled(title, "x", "y"));
    }

    /// <summary>Each activation function (solid) with its derivative (dashed, same colour) on [from, to].</summary>
    public static Figure Activations(double from, double to, params Scratch.ActivationKind[] kinds)
    {
        if (kinds.Length == 0) throw new ArgumentException("Expected at least one activation to draw.", nameof(kinds));
        if (!(to > from)) throw new ArgumentException($"Expected from < to, got from = {from}, to = {to}.");
        const int points = 241;
        var xs = Enumerable.Range(0, points).Select(i => from + (to - from) * i / (points - 1)).ToArray();
        var traces = kinds.SelectMany((kind, k) =>
        {
            var f = Scratch.Activations.Function(kind);
            var d = Scratch.Activations.Derivative(kind);
            var color = ClassColors[k % ClassColors.Length];
            return new[] { Traces.Line(kind.ToString(), xs, xs.Select(f), color), Traces.Line($"{kind}′", xs, xs.Select(d), color, dashed: true) };
        });
        return Compose(traces, Layouts.Titled("Activation functions (solid) and their derivatives (dashed)", "x", "f(x), f′(x)"));
    }

    /// <summary>
    /// A grid of heatmaps (filters, feature maps, images), each [row][column], with a shared
    /// diverging colour scale centred on zero when <paramref name="diverging"/>.
    /// </summary>
    public static Figure Heatmaps(string title, IReadOnlyList<(string Title, double[][] Values)> maps, int columns = 4, bool diverging = true, int cellHeight = 150)
    {
        if (maps.Count == 0) throw new ArgumentException("Expected at least one map to draw.", nameof(maps));
        if (columns <= 0) throw new ArgumentOutOfRangeException(nameof(columns), columns, "Expected a positive number of columns.");
        columns = Math.Min(columns, maps.Count);
        var rows = (maps.Count + columns - 1) / columns;
        var limit = maps.SelectMany(m => m.Values.SelectMany(r => r)).Select(Math.Abs).DefaultIfEmpty(1).Max();
        var traces = maps.Select((map, k) =>
        {
            var height = map.Values.Length;
            var width = map.Values.Length == 0 ? 0 : map.Values[0].Length;
            // Row 0 at the top, as images are read.
            var z = map.Values.Reverse().ToArray();
            var trace = Traces.Heatmap(map.Title, Enumerable.Range(0, width).Select(i => (double)i).ToArray(), Enumerable.Range(0, height).Select(i => (double)i).ToArray(), z,
                diverging ? "RdBu" : "Greys", showScale: k == 0);
            trace.SetProperty("xaxis", k == 0 ? "x" : $"x{k + 1}");
            trace.SetProperty("yaxis", k == 0 ? "y" : $"y{k + 1}");
            trace.SetProperty("zmin", diverging ? -limit : 0);
            trace.SetProperty("zmax", limit);
            // plotly.js's RdBu runs blue (low) to red (high); its Greys runs black to white, so reverse it to draw high values dark.
            trace.SetProperty("reversescale", !diverging);
            return trace;
        }).ToList();
        var layout = Layouts.Titled(title, "", "");
        layout.SetProperty("grid", new Dictionary<string, object> { ["rows"] = rows, ["columns"] = columns, ["pattern"] = "independent" });
        var annotations = new List<object>();
        for (var k = 0; k < maps.Count; k++)
        {
            var axis = new Dictionary<string, object> { ["showticklabels"] = false, ["ticks"] = "" };
            layout.SetProperty(k == 0 ? "xaxis" : $"xaxis{k + 1}", axis);
            layout.SetProperty(k == 0 ? "yaxis" : $"yaxis{k + 1}", new Dictionary<string, object> { ["showticklabels"] = false, ["ticks"] = "", ["scaleanchor"] = k == 0 ? "x" : $"x{k + 1}" });
            annotations.Add(new Dictionary<string, object>
            {
                ["text"] = maps[k].Title, ["showarrow"] = false, ["xref"] = (k == 0 ? "x" : $"x{k + 1}") + " domain", ["yref"] = (k == 0 ? "y" : $"y{k + 1}") + " domain",
                ["x"] = 0.5, ["y"] = 1.0, ["yanchor"] = "bottom", ["font"] = new Dictionary<string, object> { ["size"] = 11 },
            });
        }
        layout.SetProperty("annotations", annotations);
        return Compose(traces, layout, height: Math.Max(200, rows * cellHeight + 80));
    }

    /// <summary>Scatter of a 2-D labelled dataset, one colour per class.</summary>
    public static Figure Scatter(Dataset2D data, string title)
    {
        return Compose(ClassTraces(data), Layouts.Titled(title, "x₁", "x₂", squareAxes: true));
    }

    /// <summary>
    /// The regions a 2-D classifier assigns to each class, with the data on top.
    /// <paramref name="predict"/> maps a point (x₁, x₂) to a class in [0, K).
    /// </summary>
    public static Figure DecisionBoundary(Dataset2D data, Func<double, double, int> predict, string title, int resolution = 80)
    {
        ArgumentNullException.ThrowIfNull(predict);
        if (resolution < 2) throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "Expected a grid resolution of at least 2.");
        var (minX, maxX, minY, maxY) = data.Bounds(margin: 0.15);
        var xs = Enumerable.Range(0, resolution).Select(i => minX + (maxX - minX) * i / (resolution - 1)).ToArray();
        var ys = Enumerable.Range(0, resolution).Select(i => minY + (maxY - minY) * i / (resolution - 1)).ToArray();
        var z = ys.Select(y => xs.Select(x => (double)predict(x, y)).ToArray()).ToArray();
        var classes = data.ClassCount;
        if (classes > RegionColors.Length) throw new ArgumentException($"Expected at most {RegionColors.Length} classes to draw, got {classes}.", nameof(data));
        // A stepped colour scale: class k fills [k/K, (k+1)/K] with its own colour.
        var colorscale = Enumerable.Range(0, classes).SelectMany(k => new object[]
        {
            new object[] { (double)k / classes, RegionColors[k] }, new object[] { (double)(k + 1) / classes, RegionColors[k] },
        }).ToArray();
        var regions = Traces.Heatmap("predicted class", xs, ys, z, colorscale, showScale: false);
        regions.SetProperty("zmin", -0.5);
        regions.SetProperty("zmax", classes - 0.5);
        return Compose(ClassTraces(data).Prepend(regions), Layouts.Titled(title, "x₁", "x₂", squareAxes: true));
    }

    internal static Figure Compose(IEnumerable<Trace> traces, Layout layout, int height = 420)
    {
        var chart = GenericChart.ofTraceObjects(true, traces.ToArray());
        return new Figure(GenericChart.setLayout(layout, chart), height);
    }

    private static IEnumerable<Trace> ClassTraces(Dataset2D data)
    {
        for (var label = 0; label < data.ClassCount; label++)
        {
            var indices = Enumerable.Range(0, data.Count).Where(i => data.Labels[i] == label).ToArray();
            yield return Traces.Markers($"class {label}", indices.Select(i => data.Features[i, 0]), indices.Select(i => data.Features[i, 1]),
                ClassColors[label % ClassColors.Length], Symbols[label % Symbols.Length]);
        }
    }
}
