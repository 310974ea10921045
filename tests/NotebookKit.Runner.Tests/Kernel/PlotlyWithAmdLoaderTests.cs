using NotebookKit.Display;
using NotebookKit.Runner.Tests.Support;

namespace NotebookKit.Runner.Tests.Kernel;

/// <summary>
/// Jupyter Notebook's page loads require.js, an AMD loader; plotly.js's bundle then registers itself
/// as an AMD module instead of setting window.Plotly, and the kit's charts would wait for it in
/// vain. The kit's inline copy must define window.Plotly on such a page too (checked in Chromium).
/// </summary>
public sealed class PlotlyWithAmdLoaderTests
{
    private const string AmdLoader = "<script>window.define = function (deps, factory) { window.registeredAsModule = true; }; window.define.amd = {};</script>";

    [Fact]
    public void KitsInlineCopy_DefinesWindowPlotly_OnAPageWithAnAmdLoader()
    {
        Assert.Equal("Plotly=object module=undefined", Render(PlotlyJs.ScriptBlock()));
    }

    [Fact]
    public void TheBareLibrary_OnThatPage_RegistersAsAModuleInstead()
    {
        // What the test above guards against: without the kit's wrapper, no window.Plotly.
        Assert.Equal("Plotly=undefined module=true", Render($"<script>{PlotlyJs.Source}</script>"));
    }

    private static string Render(string library)
    {
        using var temp = new TempFolder();
        var page = Path.Combine(temp.Path, "page.html");
        File.WriteAllText(page, "<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>" + AmdLoader + library +
            "<p id=\"result\"></p><script>document.getElementById('result').textContent = " +
            "'Plotly=' + typeof window.Plotly + ' module=' + window.registeredAsModule;</script></body></html>");
        var dom = Tools.RenderedDom(page, temp.Sub("profile"));
        var match = System.Text.RegularExpressions.Regex.Match(dom, "<p id=\"result\">([^<]*)</p>");
        Assert.True(match.Success, dom.Length > 2000 ? dom[..2000] : dom);
        return match.Groups[1].Value;
    }
}
