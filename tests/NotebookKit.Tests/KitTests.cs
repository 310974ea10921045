using NotebookKit.Tests.Shared;
namespace NotebookKit.Tests;

[CollectionDefinition("environment", DisableParallelization = true)]
public sealed class EnvironmentCollection;

[Collection("environment")]
public sealed class KitTests
{
    [Theory]
    [InlineData("1", true)]
    [InlineData("true", true)]
    [InlineData("0", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void Quick_ReadsTheEnvironmentVariable(string? value, bool expected)
    {
        var before = Environment.GetEnvironmentVariable(Kit.QuickModeVariable);
        try
        {
            Environment.SetEnvironmentVariable(Kit.QuickModeVariable, value);
            Assert.Equal(expected, Kit.Quick);
            Assert.Equal(expected ? 5 : 500, Kit.Pick(full: 500, quick: 5));
        }
        finally
        {
            Environment.SetEnvironmentVariable(Kit.QuickModeVariable, before);
        }
    }

    [Fact]
    public void Setup_ReportsVersionsAndCarriesPlotlyOnce()
    {
        var report = Kit.Setup();
        Assert.Equal(PinnedVersions.Of("TorchSharp"), report.TorchSharpVersion);
        Assert.True(report.TorchThreads >= 1);
        var html = report.ToHtml();
        Assert.Contains("TorchSharp", html);
        Assert.Equal(1, CountOf(html, NotebookKit.Display.PlotlyJs.BeginMarker));
        Assert.Equal(html, report.ToHtml()); // a redraw keeps the library
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "").Length) / part.Length;
}
