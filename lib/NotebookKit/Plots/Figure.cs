using NotebookKit.Display;
using Plotly.NET;

namespace NotebookKit.Plots;

/// <summary>
/// A Plotly.NET chart that renders itself in notebooks and in the book, offline.
/// Build one with <see cref="Plot"/>, or wrap any Plotly.NET <see cref="GenericChart"/>.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed class Figure : IHtmlView
{
    private string? plotlyScript;

    public Figure(GenericChart chart, int height = 420)
    {
        ArgumentNullException.ThrowIfNull(chart);
        if (height < 50) throw new ArgumentOutOfRangeException(nameof(height), height, "Expected a chart height of at least 50 pixels.");
        Chart = chart;
        Height = height;
    }

    /// <summary>The underlying Plotly.NET chart.</summary>
    public GenericChart Chart { get; }

    /// <summary>Height in pixels; the width follows the page.</summary>
    public int Height { get; }

    /// <summary>Number of traces (series) in the chart.</summary>
    public int TraceCount => GenericChart.countTrace(Chart);

    /// <summary>The figure as Plotly JSON: <c>{"data": [...], "layout": {...}}</c>.</summary>
    public string ToJson() => GenericChart.toFigureJson(Chart);

    /// <summary>Switches the y axis to a logarithmic scale (for losses spanning orders of magnitude).</summary>
    public Figure WithLogY()
    {
        var layout = GenericChart.getLayout(Chart);
        var axis = layout.TryGetPropertyValue("yaxis") is { } existing && Microsoft.FSharp.Core.FSharpOption<object>.get_IsSome(existing)
            && existing.Value is Dictionary<string, object> dictionary ? dictionary : new Dictionary<string, object>();
        axis["type"] = "log";
        layout.SetProperty("yaxis", axis);
        return this;
    }

    public string ToHtml()
    {
        // If no setup cell has emitted plotly.js in this session, this chart carries it, and keeps
        // carrying it when redrawn, because a redraw replaces this very output.
        plotlyScript ??= PlotlyJs.ClaimScriptBlock() ?? "";
        return plotlyScript + ChartHtml.Render(ToJson(), Height);
    }

    public override string ToString() => $"Figure ({TraceCount} traces)";
}
