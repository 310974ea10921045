using NotebookKit.Training;
using System.Text.Json;
using NotebookKit.Plots;

namespace NotebookKit.Tests.Plots;

/// <summary>The kit's own figure model: what learners build charts with, written as plotly.js JSON.</summary>
public sealed class FigureModelTests
{
    private static JsonElement Json(Figure figure) => JsonDocument.Parse(figure.ToJson()).RootElement;

    [Fact]
    public void CustomFigure_WritesTracesInOrder_WithTypeAndName()
    {
        var xs = new[] { 0.0, 1.0, 2.0 };
        var figure = new Figure("waves", "x", "y")
            .Add(Traces.Line("sin", xs, xs.Select(Math.Sin)))
            .Add(Traces.Markers("points", xs, xs, color: "#d62728"))
            .Add(Traces.Bars("counts", ["a", "b"], [3.0, 4.0]));
        var json = Json(figure);
        var data = json.GetProperty("data");
        Assert.Equal(["scatter", "scatter", "bar"], data.EnumerateArray().Select(t => t.GetProperty("type").GetString()!));
        Assert.Equal("sin", data[0].GetProperty("name").GetString());
        Assert.Equal(Math.Sin(2.0), data[0].GetProperty("y")[2].GetDouble());
        Assert.Equal("markers", data[1].GetProperty("mode").GetString());
        Assert.Equal("#d62728", data[1].GetProperty("marker").GetProperty("color").GetString());
        Assert.Equal("b", data[2].GetProperty("x")[1].GetString());
        Assert.Equal("x", json.GetProperty("layout").GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal(3, figure.TraceCount);
    }

    [Fact]
    public void UnsetProperties_AreLeftOut_SoPlotlyUsesItsDefaults()
    {
        var trace = Json(new Figure().Add(Traces.Bars("b", ["a"], [1.0]))).GetProperty("data")[0];
        Assert.False(trace.TryGetProperty("marker", out _));
        Assert.False(trace.TryGetProperty("error_y", out _));
        Assert.False(trace.TryGetProperty("xaxis", out _));
        Assert.False(Json(new Figure()).GetProperty("layout").TryGetProperty("title", out _));
    }

    [Fact]
    public void NonFiniteValues_BecomeGaps()
    {
        var y = Json(new Figure().Add(Traces.Line("loss", [1.0, double.NaN, double.PositiveInfinity]))).GetProperty("data")[0].GetProperty("y");
        Assert.Equal(1.0, y[0].GetDouble());
        Assert.Equal(JsonValueKind.Null, y[1].ValueKind);
        Assert.Equal(JsonValueKind.Null, y[2].ValueKind);
    }

    [Fact]
    public void Set_WritesAnyUntypedAttribute_AndRefusesTypedOnes()
    {
        var trace = Traces.Line("a", [1.0, 2.0]).Set("opacity", 0.5).Set("fill", "tozeroy");
        var json = Json(new Figure().Add(trace)).GetProperty("data")[0];
        Assert.Equal(0.5, json.GetProperty("opacity").GetDouble());
        Assert.Equal("tozeroy", json.GetProperty("fill").GetString());
        var error = Assert.Throws<ArgumentException>(() => trace.Set("mode", "markers"));
        Assert.Contains("set Mode instead", error.Message);
        Assert.Contains("set Title instead", Assert.Throws<ArgumentException>(() => new Layout().Set("title", "t")).Message);
    }

    [Fact]
    public void ExtraAxes_AreCreatedByName_AndBadNamesRefused()
    {
        var figure = new Figure("t", "step", "loss");
        figure.Layout.Axis("yaxis2").Title = "accuracy";
        figure.Layout.Axis("yaxis2").Overlaying = "y";
        figure.Layout.Axis("yaxis2").Side = "right";
        var trace = Traces.Line("accuracy", [0.5, 0.9]);
        trace.YAxis = "y2";
        var json = Json(figure.Add(trace));
        Assert.Equal("accuracy", json.GetProperty("layout").GetProperty("yaxis2").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("y2", json.GetProperty("data")[0].GetProperty("yaxis").GetString());
        Assert.Same(figure.Layout.YAxis, figure.Layout.Axis("yaxis"));
        Assert.Contains("xaxis2", Assert.Throws<ArgumentException>(() => figure.Layout.Axis("zaxis")).Message);
    }

    [Fact]
    public void Bars_WithErrorBars_AndMismatchedLengths()
    {
        var json = Json(new Figure().Add(Traces.Bars("acc", ["short", "long"], [0.9, 0.7], errors: [0.01, 0.2]))).GetProperty("data")[0];
        Assert.Equal("data", json.GetProperty("error_y").GetProperty("type").GetString());
        Assert.Equal(0.2, json.GetProperty("error_y").GetProperty("array")[1].GetDouble());
        var error = Assert.Throws<ArgumentException>(() => Traces.Bars("acc", ["a", "b"], [1.0]));
        Assert.Contains("2 categories and 1 values", error.Message);
        Assert.Contains("1 errors for 2 bars", Assert.Throws<ArgumentException>(() => Traces.Bars("acc", ["a", "b"], [1.0, 2.0], errors: [0.1])).Message);
    }

    [Fact]
    public void BadShapes_AreClearErrors()
    {
        Assert.Contains("3 and 2", Assert.Throws<ArgumentException>(() => Traces.Line("a", [1.0, 2.0, 3.0], [1.0, 2.0])).Message);
        Assert.Contains("expected 2 rows of z", Assert.Throws<ArgumentException>(() => Traces.Heatmap("h", [0.0], [0.0, 1.0], [[1.0]], "Blues")).Message);
        Assert.Contains("got 2 in row 0", Assert.Throws<ArgumentException>(() => Traces.Heatmap("h", [0.0], [0.0], [[1.0, 2.0]], "Blues")).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Figure(height: 10));
    }

    [Fact]
    public void LogAxis_WritesPowersOfTen_NotSiPrefixes()
    {
        var axis = Json(new Figure().Add(Traces.Line("a", [1.0, 1e-4])).WithLogY()).GetProperty("layout").GetProperty("yaxis");
        Assert.Equal("log", axis.GetProperty("type").GetString());
        Assert.Equal("power", axis.GetProperty("exponentformat").GetString());
    }

    [Fact]
    public void LabelledHeatmap_PutsEachLabelOnItsRowAndColumn_RowZeroOnTop()
    {
        var json = Json(Plot.LabelledHeatmap("gates", [[0.1, 0.9], [0.5, 0.5], [1.0, 0.0]], ["a", "b"], ["x", "y", "z"], "input", "gate"));
        var layout = json.GetProperty("layout");
        Assert.Equal(["a", "b"], layout.GetProperty("xaxis").GetProperty("ticktext").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal(["x", "y", "z"], layout.GetProperty("yaxis").GetProperty("ticktext").EnumerateArray().Select(e => e.GetString()!));
        Assert.Equal("reversed", layout.GetProperty("yaxis").GetProperty("autorange").GetString());
        Assert.Equal(0.9, json.GetProperty("data")[0].GetProperty("z")[0][1].GetDouble());
        Assert.Contains("expected 3 rows", Assert.Throws<ArgumentException>(() => Plot.LabelledHeatmap("t", [[1.0]], ["a"], ["x", "y", "z"])).Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Attention_RowsAreOutputs_ColumnsAreInputs_OnAFixedZeroToOneScale()
    {
        var trace = Json(Plot.Attention([[0.2, 0.8]], ["I", "ran"], ["我"], "alignment")).GetProperty("data")[0];
        Assert.Equal(0.0, trace.GetProperty("zmin").GetDouble());
        Assert.Equal(1.0, trace.GetProperty("zmax").GetDouble());
        Assert.Equal(0.8, trace.GetProperty("z")[0][1].GetDouble());
    }

    [Fact]
    public void Activations_DrawEachFunctionSolid_AndItsDerivativeDashed_InOneColour_OnePanelEach()
    {
        var data = Json(Plot.Activations(-2, 2, ActivationKind.Tanh, ActivationKind.Relu)).GetProperty("data");
        Assert.Equal(["Tanh", "Tanh′ (derivative)", "Relu", "Relu′ (derivative)"], data.EnumerateArray().Select(t => t.GetProperty("name").GetString()!));
        Assert.Equal(["x", "x", "x2", "x2"], data.EnumerateArray().Select(t => t.GetProperty("xaxis").GetString()!));
        Assert.Equal("dash", data[1].GetProperty("line").GetProperty("dash").GetString());
        Assert.Equal(data[0].GetProperty("line").GetProperty("color").GetString(), data[1].GetProperty("line").GetProperty("color").GetString());
        Assert.Equal(Math.Tanh(-2), data[0].GetProperty("y")[0].GetDouble(), 12);
    }

    [Fact]
    public void ProgressBoard_DrawsItsPicture_WithEveryRedraw()
    {
        var board = new ProgressBoard("t", 3) { Picture = b => new Figure($"picture at step {b.Step}") };
        board.Report(2, ("loss", 1.0));
        Assert.Contains("picture at step 2", board.ToHtml());
        Assert.Contains("picture at step 3", board.Report(3, ("loss", 0.5)) ? board.Complete().ToHtml() : "");
    }

    [Fact]
    public void ProgressBoard_ShowsItsNotes_Escaped_WithEveryRedraw()
    {
        var samples = "床前<明>月光";
        var board = new ProgressBoard("t", 3) { Notes = b => $"step {b.Step}: {samples}" };
        board.Report(1, ("loss", 1.0));
        Assert.Contains("step 1: 床前&lt;明&gt;月光", board.ToHtml());
        samples = "疑是地上霜";
        board.Report(2, ("loss", 0.8));
        Assert.Contains("step 2: 疑是地上霜", board.ToHtml());
    }

    [Fact]
    public void ProgressBoard_TitlesItsAxisByTheMetric_NeverByAGenericWord()
    {
        var board = new ProgressBoard("t", 3, stepName: "epoch");
        board.Report(1, ("mistakes", 12));
        var layout = Json(board.Chart()).GetProperty("layout");
        Assert.Equal("mistakes", layout.GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("epoch", layout.GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void ProgressBoard_PutsAccuracyOnItsOwnAxis_AndTitlesTheLossAxis()
    {
        var board = new ProgressBoard("t", 4, stepName: "epoch");
        board.Report(ProgressReport.Of(1, 4, ("train loss", 0.9), ("validation accuracy", 0.6)));
        var json = Json(board.Chart());
        var data = json.GetProperty("data");
        Assert.Equal("train loss", data[0].GetProperty("name").GetString());
        Assert.False(data[0].TryGetProperty("yaxis", out _));
        Assert.Equal("y2", data[1].GetProperty("yaxis").GetString());
        Assert.Equal("loss", json.GetProperty("layout").GetProperty("yaxis").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("accuracy", json.GetProperty("layout").GetProperty("yaxis2").GetProperty("title").GetProperty("text").GetString());
        Assert.Equal("epoch", json.GetProperty("layout").GetProperty("xaxis").GetProperty("title").GetProperty("text").GetString());
    }
}
