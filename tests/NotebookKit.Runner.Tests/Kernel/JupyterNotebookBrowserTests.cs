using System.Text.Json.Nodes;
using NotebookKit.Runner.Tests.Support;

namespace NotebookKit.Runner.Tests.Kernel;

/// <summary>
/// A learner's view: Jupyter Notebook (Debian's jupyter-notebook, classic, with require.js on its
/// page) serves chapter 01 on 127.0.0.1, headless Chromium runs all its cells through the kit's
/// kernel (browser_check.py drives it over the DevTools protocol), every chart is drawn by the
/// offline plotly.js, and a screenshot of the first chart is taken.
/// </summary>
public sealed class JupyterNotebookBrowserTests(JupyterClients clients) : IClassFixture<JupyterClients>
{
    [Fact]
    public void Chapter01_RunInJupyterNotebookInChromium_DrawsEveryChart()
    {
        using var temp = new TempFolder();
        var screenshot = Path.Combine(temp.Path, "first-chart.png");
        var (code, output) = clients.Python(
            [JupyterClients.Script("browser_check.py"), Path.Combine(RepoRoot.Path, "notebooks", "01-perceptron.ipynb"), temp.Path, screenshot],
            TimeSpan.FromMinutes(8), quick: true);
        Assert.True(code == 0, $"browser check failed ({code}):\n{output}");
        var seen = JsonNode.Parse(output.Split('\n').Last(l => l.StartsWith('{')))!.AsObject();
        Assert.Empty(seen["errors"]!.AsArray());
        Assert.Equal("object", seen["plotly"]!.GetValue<string>());
        var charts = seen["charts"]!.GetValue<int>();
        Assert.True(charts >= 4, $"only {charts} charts on the page: {seen}");
        Assert.Equal(charts, seen["drawn"]!.GetValue<int>());
        // A PNG of the drawn chart (an empty or failed capture is a few hundred bytes).
        var png = File.ReadAllBytes(screenshot);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.True(png.Length > 10_000, $"the screenshot has only {png.Length} bytes");
    }
}
