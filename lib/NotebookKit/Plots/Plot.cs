using NotebookKit.Data;
using Plotly.NET;

namespace NotebookKit.Plots;

/// <summary>The kit's chart builders. Each returns a <see cref="Figure"/> that renders offline.</summary>
public static class Plot
{
    /// <summary>Colours used for classes 0 and 1 everywhere, so pictures read the same across notebooks.</summary>
    public static readonly string[] ClassColors = ["#1f77b4", "#d62728"];

    /// <summary>Line chart of one or more named series against their index (or a shared x).</summary>
    public static Figure Lines(string title, string xTitle, string yTitle, params (string Name, IReadOnlyList<double> Values)[] series)
    {
        if (series.Length == 0) throw new ArgumentException("Expected at least one series to draw.", nameof(series));
        var traces = series.Select(s => Traces.Line(s.Name, Enumerable.Range(0, s.Values.Count).Select(i => (double)i), s.Values));
        return Compose(traces, Layouts.Titled(title, xTitle, yTitle));
    }

    /// <summary>Line chart of y = f(x) for one or more functions on [from, to].</summary>
    public static Figure Functions(string title, double from, double to, params (string Name, Func<double, double> F)[] functions)
    {
        if (!(to > from)) throw new ArgumentException($"Expected from < to, got from = {from}, to = {to}.");
        const int points = 201;
        var xs = Enumerable.Range(0, points).Select(i => from + (to - from) * i / (points - 1)).ToArray();
        var traces = functions.Select(f => Traces.Line(f.Name, xs, xs.Select(f.F)));
        return Compose(traces, Layouts.Titled(title, "x", "y"));
    }

    /// <summary>Scatter of a 2-D labelled dataset, one colour per class.</summary>
    public static Figure Scatter(Dataset2D data, string title)
    {
        return Compose(ClassTraces(data), Layouts.Titled(title, "x₁", "x₂", squareAxes: true));
    }

    /// <summary>
    /// The regions a 2-D classifier assigns to each class, with the data on top.
    /// <paramref name="predict"/> maps a point (x₁, x₂) to class 0 or 1.
    /// </summary>
    public static Figure DecisionBoundary(Dataset2D data, Func<double, double, int> predict, string title, int resolution = 80)
    {
        ArgumentNullException.ThrowIfNull(predict);
        if (resolution < 2) throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "Expected a grid resolution of at least 2.");
        var (minX, maxX, minY, maxY) = data.Bounds(margin: 0.15);
        var xs = Enumerable.Range(0, resolution).Select(i => minX + (maxX - minX) * i / (resolution - 1)).ToArray();
        var ys = Enumerable.Range(0, resolution).Select(i => minY + (maxY - minY) * i / (resolution - 1)).ToArray();
        var z = ys.Select(y => xs.Select(x => (double)predict(x, y)).ToArray()).ToArray();
        var colorscale = new object[] { new object[] { 0.0, "#c6dbef" }, new object[] { 0.5, "#c6dbef" }, new object[] { 0.5, "#f4c7c3" }, new object[] { 1.0, "#f4c7c3" } };
        var regions = Traces.Heatmap("predicted class", xs, ys, z, colorscale, showScale: false);
        regions.SetProperty("zmin", 0);
        regions.SetProperty("zmax", 1);
        return Compose(ClassTraces(data).Prepend(regions), Layouts.Titled(title, "x₁", "x₂", squareAxes: true));
    }

    internal static Figure Compose(IEnumerable<Trace> traces, Layout layout, int height = 420)
    {
        var chart = GenericChart.ofTraceObjects(true, traces.ToArray());
        return new Figure(GenericChart.setLayout(layout, chart), height);
    }

    private static IEnumerable<Trace> ClassTraces(Dataset2D data)
    {
        for (var label = 0; label <= 1; label++)
        {
            var indices = Enumerable.Range(0, data.Count).Where(i => data.Labels[i] == label).ToArray();
            yield return Traces.Markers($"class {label}", indices.Select(i => data.Features[i, 0]), indices.Select(i => data.Features[i, 1]),
                ClassColors[label], label == 0 ? "circle" : "diamond");
        }
    }
}
