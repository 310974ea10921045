using System.Net;
using System.Runtime.InteropServices;
using NotebookKit.Torch;

namespace NotebookKit.Display;

/// <summary>What <see cref="Kit.Setup"/> found: versions, threads, quick mode. Shown as a small table.</summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed class EnvironmentReport : IHtmlView
{
    private string? plotlyScript;

    public required string KitVersion { get; init; }
    public required string DotNetVersion { get; init; }
    public required string OperatingSystem { get; init; }
    public required string TorchSharpVersion { get; init; }
    public required int TorchThreads { get; init; }
    public required bool QuickMode { get; init; }
    public required string PlotlyJsVersion { get; init; }

    internal static EnvironmentReport Collect() => new()
    {
        KitVersion = Kit.Version,
        DotNetVersion = RuntimeInformation.FrameworkDescription,
        OperatingSystem = RuntimeInformation.OSDescription,
        TorchSharpVersion = TorchRuntime.TorchSharpVersion,
        TorchThreads = TorchRuntime.Threads,
        QuickMode = Kit.Quick,
        PlotlyJsVersion = PlotlyJs.Version,
    };

    public IEnumerable<(string Name, string Value)> Rows()
    {
        yield return ("NotebookKit", KitVersion);
        yield return (".NET", DotNetVersion);
        yield return ("OS", OperatingSystem);
        yield return ("TorchSharp", $"{TorchSharpVersion} (CPU, {TorchThreads} {(TorchThreads == 1 ? "thread" : "threads")})");
        yield return ("Quick mode", QuickMode ? $"on ({Kit.QuickModeVariable} is set)" : "off");
        yield return ("Charts", $"plotly.js {PlotlyJsVersion}, offline");
    }

    public string ToHtml()
    {
        // The setup cell's output always carries plotly.js (re-running the cell must not lose it):
        // it is the one copy the notebook's charts use, live and when the saved notebook reopens.
        plotlyScript ??= PlotlyJs.ScriptBlock();
        var rows = string.Concat(Rows().Select(r =>
            $"<tr><th style=\"text-align:left;padding-right:1em\">{WebUtility.HtmlEncode(r.Name)}</th><td>{WebUtility.HtmlEncode(r.Value)}</td></tr>"));
        return $"<div class=\"notebookkit-setup\"><table>{rows}</table></div>{plotlyScript}";
    }

    public override string ToString() => string.Join(Environment.NewLine, Rows().Select(r => $"{r.Name}: {r.Value}"));
}
