using Plotly.NET;

namespace NotebookKit.Plots;

/// <summary>Small builders for the Plotly traces the kit draws (set as plain plotly.js properties).</summary>
public static class Traces
{
    public static Trace Line(string name, IEnumerable<double> x, IEnumerable<double> y, string? color = null, bool dashed = false)
    {
        var trace = Create("scatter", name);
        trace.SetProperty("x", x.ToArray());
        trace.SetProperty("y", y.ToArray());
        trace.SetProperty("mode", "lines");
        trace.SetProperty("line", new Dictionary<string, object?> { ["color"] = color, ["dash"] = dashed ? "dash" : "solid", ["width"] = 2 });
        return trace;
    }

    public static Trace Markers(string name, IEnumerable<double> x, IEnumerable<double> y, string color, string symbol = "circle", int size = 7)
    {
        var trace = Create("scatter", name);
        trace.SetProperty("x", x.ToArray());
        trace.SetProperty("y", y.ToArray());
        trace.SetProperty("mode", "markers");
        trace.SetProperty("marker", new Dictionary<string, object> { ["color"] = color, ["symbol"] = symbol, ["size"] = size, ["line"] = new Dictionary<string, object> { ["color"] = "white", ["width"] = 0.5 } });
        return trace;
    }

    /// <summary>A heatmap over a regular grid; <paramref name="z"/> is indexed [row = y][column = x].</summary>
    public static Trace Heatmap(string name, double[] x, double[] y, double[][] z, object colorscale, bool showScale = true, double opacity = 1.0)
    {
        var trace = Create("heatmap", name);
        trace.SetProperty("x", x);
        trace.SetProperty("y", y);
        trace.SetProperty("z", z);
        trace.SetProperty("colorscale", colorscale);
        trace.SetProperty("showscale", showScale);
        trace.SetProperty("opacity", opacity);
        trace.SetProperty("hoverinfo", "skip");
        return trace;
    }

    private static Trace Create(string type, string name)
    {
        var trace = new Trace2D(type);
        trace.SetProperty("name", name);
        return trace;
    }
}
