using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NotebookKit.Runner.Tests.Support;

namespace NotebookKit.Runner.Tests.Kernel;

/// <summary>
/// What two executions of one notebook showed, cell by cell, in a form where two hosts must agree:
/// console text per stream (consecutive writes joined: front ends split them differently), each
/// value's text, each chart or other HTML view (ids made per render and plotly.js copies removed),
/// and errors. What is measured differs run to run and is masked: durations ("Wall time", "ms per
/// step", seconds), ratios of measured times ("1.4× the time per step", "grows ×9.7": the chapters
/// use × for timings only), process ids in scratch file names, and residuals at rounding level
/// (≤ 1e-12, e.g. "outputs 1.11e-016" of a scratch layer against TorchSharp).
/// Cells whose outputs are built from measured times (a chart of milliseconds per step, a speed-up
/// ratio) are listed in <see cref="MeasuredCells"/> and compared by the kinds of their outputs only.
/// </summary>
public static partial class OutputComparison
{
    /// <summary>Notebook name → ids of cells whose outputs are made of measured times.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> MeasuredCells = new Dictionary<string, string[]>
    {
        ["14-the-full-transformer.ipynb"] = ["13-cs", "17-cs"],   // charts of milliseconds per step
    };

    [GeneratedRegex(@"\d+(\.\d+)?×|×\d+(\.\d+)?")]
    private static partial Regex Ratios();

    /// <summary>Residuals at float64 rounding level (1e-12 and below): libtorch's threaded sums may add in another order each run.</summary>
    [GeneratedRegex(@"\d(\.\d+)?[eE]-0*(1[2-9]|[2-9]\d|\d{3})\b")]
    private static partial Regex RoundingResiduals();

    [GeneratedRegex(@"(notebookkit-\d+)-\d+\.")]
    private static partial Regex ProcessIds();

    [GeneratedRegex(@"\s*\d+(\.\d+)?\s*(ms|µs|s\b|seconds|min)")]
    private static partial Regex Durations();

    [GeneratedRegex(@"nk-chart-[0-9a-f]+-\d+-[0-9a-f]{8}")]
    private static partial Regex ChartIds();

    public static IReadOnlyList<IReadOnlyList<string>> Describe(JsonObject notebook, string name)
    {
        var measured = MeasuredCells.GetValueOrDefault(name) ?? [];
        return notebook.Cells().OfType<JsonObject>().Where(c => c["cell_type"]!.GetValue<string>() == "code")
            .Select(c =>
            {
                var items = DescribeOutputs((JsonArray)c["outputs"]!);
                if (measured.Contains(c["id"]?.GetValue<string>())) items = items.Select(Kind).ToList();
                return (IReadOnlyList<string>)items;
            }).ToArray();
    }

    private static string Kind(string description) =>
        description[..description.IndexOf(':')] + (description.Contains("notebookkit-chart", StringComparison.Ordinal) ? " (a chart)" : "");

    private static List<string> DescribeOutputs(JsonArray outputs)
    {
        var items = new List<string>();
        string? lastStream = null;
        foreach (var output in outputs.OfType<JsonObject>())
        {
            var type = output["output_type"]!.GetValue<string>();
            if (type == "stream")
            {
                var name = output["name"]!.GetValue<string>();
                var text = Outputs.Text(output["text"]);
                if (lastStream == name) items[^1] += text;
                else items.Add($"{name}: " + text);
                lastStream = name;
                continue;
            }
            lastStream = null;
            switch (type)
            {
                case "display_data" or "execute_result":
                    var data = (JsonObject)output["data"]!;
                    items.Add(data["text/html"] is { } html
                        ? $"{type} html: " + ChartIds().Replace(NotebookKit.Display.PlotlyJs.StripInlineCopies(Outputs.Text(html)), "nk-chart")
                        : $"{type} text: " + Outputs.Text(data["text/plain"]));
                    break;
                case "error":
                    items.Add($"error: {output["ename"]}: {output["evalue"]}");
                    break;
                default:
                    items.Add(type);
                    break;
            }
        }
        return items.Select(MaskMeasured).ToList();
    }

    /// <summary>The text with measured durations, ratios of them and process ids masked.</summary>
    public static string MaskMeasured(string text) =>
        RoundingResiduals().Replace(ProcessIds().Replace(Ratios().Replace(Durations().Replace(text, "<time>"), "<ratio>"), "$1-<pid>."), "<rounding>");

    /// <summary>The first difference between two descriptions, or null when they agree.</summary>
    public static string? FirstDifference(IReadOnlyList<IReadOnlyList<string>> expected, IReadOnlyList<IReadOnlyList<string>> actual)
    {
        if (expected.Count != actual.Count) return $"{expected.Count} code cells vs {actual.Count}";
        for (var cell = 0; cell < expected.Count; cell++)
        {
            var (a, b) = (expected[cell], actual[cell]);
            for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
            {
                var x = i < a.Count ? a[i] : "(nothing)";
                var y = i < b.Count ? b[i] : "(nothing)";
                if (x != y) return $"code cell {cell + 1}, output {i + 1}:\n  engine: {Short(x)}\n  kernel: {Short(y)}";
            }
        }
        return null;
    }

    private static string Short(string text) => text.Length > 600 ? text[..600] + "…" : text;
}
