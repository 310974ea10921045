using System.Diagnostics;
using NotebookKit.Runner.Tests.Support;

namespace NotebookKit.Runner.Tests.Export;

/// <summary>
/// <c>export --to cs</c>: chapters become C# file-based apps that <c>dotnet run</c> builds and runs
/// (quick mode), printing what the engine's run prints and writing their charts as HTML pages.
/// </summary>
public sealed class FileAppTests
{
    [Theory]
    [InlineData("01-perceptron.ipynb")]
    [InlineData("04-mlp-with-torchsharp.ipynb")]
    public void ExportedChapter_RunsWithDotnetRun_AndWritesItsCharts(string chapter)
    {
        using var temp = new TempFolder();
        var notebook = Path.Combine(RepoRoot.Path, "notebooks", chapter);
        var apps = temp.Sub("apps");
        var export = Support.Engine.Invoke(temp.Path, ["export", "--to", "cs", notebook, "--out", apps]);
        Assert.True(export.ExitCode == 0, export.All);
        var app = Path.Combine(apps, Path.ChangeExtension(chapter, ".cs"));
        var source = File.ReadAllText(app);
        Assert.StartsWith("#!/usr/bin/env dotnet", source);
        Assert.Contains("#:project ", source);

        var engineOut = temp.Sub("engine");
        var engine = Support.Engine.Invoke(engineOut, ["run", notebook, "--quick", "--out", engineOut]);
        Assert.True(engine.ExitCode == 0, engine.All);
        var expected = engine.Executed(chapter).Cells().OfType<System.Text.Json.Nodes.JsonObject>()
            .SelectMany(c => c["outputs"] is System.Text.Json.Nodes.JsonArray outputs ? outputs.OfType<System.Text.Json.Nodes.JsonObject>() : [])
            .Where(o => o["output_type"]!.GetValue<string>() == "stream" && o["name"]!.GetValue<string>() == "stdout")
            .SelectMany(o => Outputs.Text(o["text"]).Split('\n')).Where(l => l.Trim().Length > 0).Select(Kernel.OutputComparison.MaskMeasured).ToArray();

        var (code, output) = DotnetRun(app);
        Assert.True(code == 0, $"dotnet run {Path.GetFileName(app)} failed ({code}):\n{Tail(output)}");
        // Everything the engine's run printed, in the same order (the app prints a line per written page as well).
        var lines = output.Split('\n').Select(l => Kernel.OutputComparison.MaskMeasured(l.TrimEnd('\r'))).ToArray();
        var at = 0;
        foreach (var line in expected)
        {
            while (at < lines.Length && lines[at] != line) at++;
            Assert.True(at < lines.Length, $"the app did not print, in order: {line}\n{Tail(output)}");
        }
        var pages = Directory.GetFiles(apps, Path.GetFileNameWithoutExtension(chapter) + "-output-*.html");
        var charts = pages.Count(p => File.ReadAllText(p).Contains("notebookkit-chart", StringComparison.Ordinal));
        Assert.True(charts >= 2, $"{charts} chart pages written: {string.Join(", ", pages.Select(Path.GetFileName))}");
        Assert.All(pages, p => Assert.Contains("notebookkit:plotly.js", File.ReadAllText(p)));
    }

    [Fact]
    public void Export_WithoutTo_SaysWhatItExpects()
    {
        using var temp = new TempFolder();
        var result = Support.Engine.Invoke(temp.Path, ["export", Path.Combine(RepoRoot.Path, "notebooks", "00-welcome.ipynb")]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("export expects --to cs", result.Stderr);
    }

    private static (int, string) DotnetRun(string app)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!.EndsWith("dotnet", StringComparison.Ordinal) ? Environment.ProcessPath! : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepoRoot.Path, // the shipped data are found above the current folder
        };
        foreach (var arg in new[] { "run", app }) start.ArgumentList.Add(arg);
        start.Environment[NotebookKit.Kit.QuickModeVariable] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "did not finish in 10 minutes\n" + stdout.Result + stderr.Result);
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string Tail(string text) => text.Length > 4000 ? text[^4000..] : text;
}
