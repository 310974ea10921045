using System.Diagnostics;
using System.Globalization;
using System.Net;
using NotebookKit.Display;
using NotebookKit.Training;

namespace NotebookKit.Plots;

/// <summary>
/// A live training view: a progress bar, the latest metrics and a chart of every metric so far.
/// Show it once with <c>var view = display(board);</c>, report from the training loop, and call
/// <c>view.Update(board)</c> whenever <see cref="Report(ProgressReport)"/> returns true; redraws are
/// rate-limited so that a fast loop is not slowed down by drawing.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed class ProgressBoard : IHtmlView
{
    private readonly Dictionary<string, (List<double> Steps, List<double> Values)> series = new();
    private readonly Stopwatch clock = new();
    private readonly TimeSpan redrawInterval;
    private TimeSpan? lastRedraw;
    private string? plotlyScript;

    public ProgressBoard(string title, int totalSteps, string stepName = "step", TimeSpan? redrawInterval = null)
    {
        if (totalSteps <= 0) throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, "Expected a positive number of steps.");
        Title = title;
        TotalSteps = totalSteps;
        StepName = stepName;
        this.redrawInterval = redrawInterval ?? TimeSpan.FromMilliseconds(250);
    }

    public string Title { get; }
    public int TotalSteps { get; }
    public string StepName { get; }

    /// <summary>The last step reported (0 before any report).</summary>
    public int Step { get; private set; }

    /// <summary>
    /// A picture redrawn with the board, below its chart: e.g. the decision boundary of the model
    /// being trained, <c>Picture = b =&gt; Plot.DecisionBoundary(data, Predict, $"epoch {b.Step}")</c>.
    /// </summary>
    public Func<ProgressBoard, Figure>? Picture { get; init; }

    /// <summary>
    /// Text redrawn with the board, below the chart and the picture, in a fixed-width block: e.g.
    /// what a language model writes at this point of its training, <c>Notes = b =&gt; latestSamples</c>.
    /// </summary>
    public Func<ProgressBoard, string>? Notes { get; init; }

    /// <summary>True after <see cref="Complete"/>.</summary>
    public bool Completed { get; private set; }

    /// <summary>The last value reported for each metric.</summary>
    public IReadOnlyDictionary<string, double> Latest => series.ToDictionary(s => s.Key, s => s.Value.Values[^1]);

    /// <summary>All values reported for a metric, in order.</summary>
    public IReadOnlyList<double> Values(string metric) =>
        series.TryGetValue(metric, out var s) ? s.Values : throw new KeyNotFoundException($"No metric named '{metric}' was reported; reported: {string.Join(", ", series.Keys)}.");

    /// <summary>Records metrics at a step. Returns true when it is time to redraw.</summary>
    public bool Report(int step, params (string Name, double Value)[] metrics) =>
        Report(ProgressReport.Of(step, TotalSteps, metrics));

    /// <summary>Records a training loop's report. Returns true when it is time to redraw.</summary>
    public bool Report(ProgressReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Step < Step)
            throw new ArgumentException($"Expected steps in increasing order: got step {report.Step} after step {Step}.", nameof(report));
        if (!clock.IsRunning) clock.Start();
        Step = report.Step;
        foreach (var (name, value) in report.Metrics)
        {
            if (!series.TryGetValue(name, out var s)) series[name] = s = (new List<double>(), new List<double>());
            s.Steps.Add(report.Step);
            s.Values.Add(value);
        }
        var due = lastRedraw is not { } last || report.Step >= TotalSteps || clock.Elapsed - last >= redrawInterval;
        if (due) lastRedraw = clock.Elapsed;
        return due;
    }

    /// <summary>Marks training as finished (the bar turns green) and returns the board for a last redraw.</summary>
    public ProgressBoard Complete()
    {
        Completed = true;
        clock.Stop();
        return this;
    }

    public string ToHtml()
    {
        plotlyScript ??= PlotlyJs.ClaimScriptBlock() ?? "";
        var fraction = Math.Clamp((double)Step / TotalSteps, 0, 1);
        var percent = (fraction * 100).ToString("0.#", CultureInfo.InvariantCulture);
        var color = Completed ? "#2ca02c" : "#1f77b4";
        var status = $"{StepName} {Step}/{TotalSteps} · {clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s"
                     + string.Concat(Latest.Select(m => $" · {m.Key} {Format(m.Value)}"))
                     + (Completed ? " · done" : "");
        var bar = $"""
<div class="notebookkit-progress" style="font-family:sans-serif;font-size:13px;margin:4px 0">
  <div style="font-weight:bold">{WebUtility.HtmlEncode(Title)}</div>
  <div style="background:#e6e6e6;border-radius:3px;height:10px;width:100%;max-width:600px"><div style="background:{color};height:10px;border-radius:3px;width:{percent}%"></div></div>
  <div class="notebookkit-progress-status">{WebUtility.HtmlEncode(status)}</div>
</div>
""";
        var picture = Picture?.Invoke(this) is { } drawn ? ChartHtml.Render(drawn.ToJson(), drawn.Height) : "";
        var notes = Notes?.Invoke(this) is { Length: > 0 } text
            ? $"<pre class=\"notebookkit-progress-notes\" style=\"font-size:14px;line-height:1.5;white-space:pre-wrap;margin:6px 0\">{WebUtility.HtmlEncode(text)}</pre>"
            : "";
        if (series.Count == 0) return plotlyScript + bar + picture + notes;
        var figure = Chart();
        return plotlyScript + bar + ChartHtml.Render(figure.ToJson(), figure.Height) + picture + notes;
    }

    /// <summary>
    /// The metrics so far: accuracies (names containing "accuracy") on their own axis on the right,
    /// from 0 to 1, everything else (losses) on the left, each axis titled by what it holds.
    /// </summary>
    public Figure Chart()
    {
        static bool IsAccuracy(string name) => name.Contains("accuracy", StringComparison.OrdinalIgnoreCase);
        var left = series.Keys.Where(k => !IsAccuracy(k)).ToArray();
        var right = series.Keys.Where(IsAccuracy).ToArray();
        var leftTitle = left.Length == 0 ? "accuracy"
            : left.All(k => k.Contains("loss", StringComparison.OrdinalIgnoreCase)) ? "loss"
            : left.Length == 1 ? left[0]                                                   // e.g. "mistakes"
            : string.Join(", ", left);
        var figure = new Figure(xTitle: StepName, yTitle: leftTitle, height: 320);
        figure.Layout.ShowLegend = true; // name the metric even when there is only one
        foreach (var name in left.Length > 0 ? left : right)
            figure.Add(Traces.Line(name, series[name].Steps, series[name].Values));
        if (left.Length > 0 && right.Length > 0)
        {
            var axis = figure.Layout.Axis("yaxis2");
            axis.Title = "accuracy";
            axis.Overlaying = "y";
            axis.Side = "right";
            axis.Range = [0, 1.02];
            axis.ZeroLine = false;
            foreach (var name in right)
            {
                var trace = Traces.Line(name, series[name].Steps, series[name].Values, dashed: true);
                trace.YAxis = "y2";
                figure.Add(trace);
            }
            figure.Layout.Margin = new Margin(60, 60, 30, 50);
            figure.Layout.Set("legend", new Dictionary<string, object> { ["orientation"] = "h", ["y"] = -0.25 });
        }
        return figure;
    }

    public override string ToString() =>
        $"{Title}: {StepName} {Step}/{TotalSteps}" + string.Concat(Latest.Select(m => $", {m.Key} {Format(m.Value)}"));

    private static string Format(double value) => value.ToString(Math.Abs(value) >= 100 ? "0.#" : "0.####", CultureInfo.InvariantCulture);
}
