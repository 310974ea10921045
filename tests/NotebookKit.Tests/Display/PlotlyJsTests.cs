using NotebookKit.Display;

namespace NotebookKit.Tests.Display;

public sealed class PlotlyJsTests
{
    [Fact]
    public void EmbeddedLibrary_IsPlotly2_AndNeedsNoNetwork()
    {
        Assert.StartsWith("2.", PlotlyJs.Version);
        Assert.True(PlotlyJs.Source.Length > 1_000_000, $"plotly.js is only {PlotlyJs.Source.Length} characters");
        Assert.Contains("newPlot", PlotlyJs.Source);
        Assert.DoesNotContain("</script", PlotlyJs.Source, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void StripInlineCopies_RemovesEveryMarkedCopy_AndKeepsTheRest()
    {
        var block = PlotlyJs.ScriptBlock();
        var html = "<p>a</p>" + block + "<div>chart</div>" + block + "<p>b</p>";
        Assert.Equal("<p>a</p><div>chart</div><p>b</p>", PlotlyJs.StripInlineCopies(html));
    }

    [Fact]
    public void StripInlineCopies_UnterminatedMarker_LeavesHtmlAlone()
    {
        var html = "<p>" + PlotlyJs.BeginMarker + "x";
        Assert.Equal(html, PlotlyJs.StripInlineCopies(html));
    }
}
