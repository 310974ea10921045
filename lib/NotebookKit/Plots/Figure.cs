using NotebookKit.Display;

namespace NotebookKit.Plots;

/// <summary>
/// An interactive chart: traces (series) and a layout, drawn by plotly.js offline in notebooks
/// and in the book. Use the ready-made charts of <see cref="Plot"/>, or build your own:
/// <code>
/// var xs = Enumerable.Range(0, 100).Select(i => i / 10.0).ToArray();
/// new Figure("Two waves", "x", "y")
///     .Add(Traces.Line("sin", xs, xs.Select(Math.Sin)))
///     .Add(Traces.Line("cos", xs, xs.Select(Math.Cos), dashed: true))
/// </code>
/// End a cell with the figure to draw it, or show it with <c>display(figure)</c> and redraw it in
/// place with <c>Update(figure)</c>.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed class Figure : IHtmlView
{
    private string? plotlyScript;
    private int height;

    public Figure(string title = "", string xTitle = "", string yTitle = "", int height = 420)
    {
        Height = height;
        Layout = new Layout();
        if (title.Length > 0) Layout.Title = title;
        if (xTitle.Length > 0) Layout.XAxis.Title = xTitle;
        if (yTitle.Length > 0) Layout.YAxis.Title = yTitle;
    }

    /// <summary>The traces, drawn in order (later ones on top).</summary>
    public List<Trace> Data { get; } = [];

    /// <summary>Title, axes, margins, legend.</summary>
    public Layout Layout { get; }

    /// <summary>Height in pixels; the width follows the page.</summary>
    public int Height
    {
        get => height;
        set => height = value >= 50 ? value : throw new ArgumentOutOfRangeException(nameof(Height), value, "Expected a chart height of at least 50 pixels.");
    }

    /// <summary>Number of traces (series) in the chart.</summary>
    public int TraceCount => Data.Count;

    /// <summary>Adds traces and returns the figure, so calls chain.</summary>
    public Figure Add(params Trace[] traces)
    {
        foreach (var trace in traces) Data.Add(trace ?? throw new ArgumentNullException(nameof(traces), "Expected a trace, got null."));
        return this;
    }

    /// <summary>Adds traces and returns the figure, so calls chain.</summary>
    public Figure Add(IEnumerable<Trace> traces) => Add(traces.ToArray());

    /// <summary>
    /// Switches the y axis to a logarithmic scale (for losses spanning orders of magnitude), with
    /// ticks written as powers of ten.
    /// </summary>
    public Figure WithLogY()
    {
        Layout.YAxis.Type = "log";
        Layout.YAxis.ExponentFormat = "power";
        return this;
    }

    /// <summary>The figure as plotly.js JSON: <c>{"data": [...], "layout": {...}}</c>.</summary>
    public string ToJson() => FigureJson.Write(Data, Layout);

    public string ToHtml()
    {
        // If no setup cell has emitted plotly.js in this session, this chart carries it, and keeps
        // carrying it when redrawn, because a redraw replaces this very output.
        plotlyScript ??= PlotlyJs.ClaimScriptBlock() ?? "";
        return plotlyScript + ChartHtml.Render(ToJson(), Height);
    }

    public override string ToString() => $"Figure ({TraceCount} traces)";
}
