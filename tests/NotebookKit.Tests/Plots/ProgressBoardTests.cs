using NotebookKit.Plots;
using NotebookKit.Training;

namespace NotebookKit.Tests.Plots;

public sealed class ProgressBoardTests
{
    [Fact]
    public void Report_RedrawsFirstAndLast_AndThrottlesInBetween()
    {
        var board = new ProgressBoard("t", totalSteps: 1000, redrawInterval: TimeSpan.FromHours(1));
        Assert.True(board.Report(1, ("loss", 1.0)));
        var redraws = Enumerable.Range(2, 998).Count(step => board.Report(step, ("loss", 1.0 / step)));
        Assert.Equal(0, redraws);
        Assert.True(board.Report(1000, ("loss", 0.001)));
        Assert.Equal(1000, board.Values("loss").Count);
        Assert.Equal(0.001, board.Latest["loss"]);
    }

    [Fact]
    public void ToHtml_ShowsProgressAndMetrics()
    {
        var board = new ProgressBoard("Training", totalSteps: 4, stepName: "epoch");
        board.Report(ProgressReport.Of(1, 4, ("loss", 0.5), ("accuracy", 0.75)));
        var html = board.ToHtml();
        Assert.Contains("width:25%", html);
        Assert.Contains("epoch 1/4", html);
        Assert.Contains("accuracy 0.75", html);
        Assert.Contains("Plotly.react", html);
        Assert.Contains("done", board.Complete().ToHtml());
    }

    [Fact]
    public void Report_StepGoingBackwards_Throws()
    {
        var board = new ProgressBoard("t", 10);
        board.Report(5, ("loss", 1));
        var error = Assert.Throws<ArgumentException>(() => board.Report(4, ("loss", 1)));
        Assert.Contains("step 4 after step 5", error.Message);
    }

    [Fact]
    public void Values_UnknownMetric_NamesTheKnownOnes()
    {
        var board = new ProgressBoard("t", 10);
        board.Report(1, ("loss", 1));
        var error = Assert.Throws<KeyNotFoundException>(() => board.Values("accuracy"));
        Assert.Contains("loss", error.Message);
    }

    [Fact]
    public void Constructor_NonPositiveSteps_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProgressBoard("t", 0));
    }
}
