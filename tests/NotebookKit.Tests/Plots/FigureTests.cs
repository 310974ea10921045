using System.Text.Json;
using NotebookKit.Data;
using NotebookKit.Display;
using NotebookKit.Plots;

namespace NotebookKit.Tests.Plots;

public sealed class FigureTests
{
    [Fact]
    public void ToHtml_DrawsWithPlotlyReact_AndLoadsNothingFromTheNetwork()
    {
        // The first chart of a session may carry plotly.js inline (which names a CDN in an unused default).
        var html = NotebookKit.Display.PlotlyJs.StripInlineCopies(Plot.Lines("loss", "step", "loss", ("train", new[] { 3.0, 2.0, 1.0 })).ToHtml());
        Assert.Contains("Plotly.react", html);
        Assert.DoesNotContain("cdn.", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("src=\"http", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ToJson_HoldsTheSeriesAndTitles()
    {
        var figure = Plot.Lines("loss curve", "step", "loss", ("train", new[] { 3.0, 2.0 }), ("validation", new[] { 4.0, 3.5 }));
        using var json = JsonDocument.Parse(figure.ToJson());
        var data = json.RootElement.GetProperty("data");
        Assert.Equal(2, data.GetArrayLength());
        Assert.Equal("validation", data[1].GetProperty("name").GetString());
        Assert.Equal(3.5, data[1].GetProperty("y")[1].GetDouble());
        Assert.Equal("loss curve", json.RootElement.GetProperty("layout").GetProperty("title").GetProperty("text").GetString());
    }

    [Fact]
    public void DecisionBoundary_GridFollowsThePredictor()
    {
        var data = Synthetic2D.Blobs(40, seed: 3);
        var figure = Plot.DecisionBoundary(data, (x, _) => x > 0 ? 1 : 0, "x > 0", resolution: 11);
        using var json = JsonDocument.Parse(figure.ToJson());
        var heatmap = json.RootElement.GetProperty("data")[0];
        Assert.Equal("heatmap", heatmap.GetProperty("type").GetString());
        var xs = heatmap.GetProperty("x").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var row = heatmap.GetProperty("z")[5].EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(11, row.Length);
        for (var i = 0; i < xs.Length; i++) Assert.Equal(xs[i] > 0 ? 1.0 : 0.0, row[i]);
        Assert.Equal(3, figure.TraceCount); // regions + two classes
    }

    [Fact]
    public void DecisionBoundary_TooSmallGrid_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Plot.DecisionBoundary(Synthetic2D.Xor(8), (_, _) => 0, "t", resolution: 1));
        Assert.Contains("at least 2", error.Message);
    }

    [Fact]
    public void Heatmaps_OneTracePerMap_EachOnItsOwnAxes_RowZeroOnTop()
    {
        var maps = Enumerable.Range(0, 5).Select(k => ($"map {k}", new[] { new[] { (double)k, 0.0 }, new[] { 0.0, -1.0 } })).ToList();
        using var json = JsonDocument.Parse(Plot.Heatmaps("maps", maps, columns: 3).ToJson());
        var data = json.RootElement.GetProperty("data");
        Assert.Equal(5, data.GetArrayLength());
        Assert.Equal("x5", data[4].GetProperty("xaxis").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("layout").GetProperty("grid").GetProperty("rows").GetInt32());
        Assert.Equal(-1.0, data[0].GetProperty("z")[0][1].GetDouble()); // the last row is drawn first (bottom)
        Assert.Equal(-4.0, data[0].GetProperty("zmin").GetDouble());     // symmetric scale around zero
    }

    [Fact]
    public void Overlays_DrawEachMapOverItsImage_StretchedToThePixels()
    {
        double[][] image = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]];
        double[][] patchMap = [[0.9, 0.1], [0.2, 0.3]];                                       // one weight per 2×2 patch
        using var json = JsonDocument.Parse(Plot.Overlays("over", [("a", image, patchMap), ("b", image, image)], columns: 2).ToJson());
        var data = json.RootElement.GetProperty("data");
        Assert.Equal(4, data.GetArrayLength());                                                 // image and map, per panel
        var map = data[1];
        Assert.Equal("x", map.GetProperty("xaxis").GetString());
        Assert.Equal("x2", data[2].GetProperty("xaxis").GetString());
        Assert.True(map.GetProperty("opacity").GetDouble() is > 0 and < 1, "the map lets the image show through");
        Assert.True(map.GetProperty("reversescale").GetBoolean(), "high weights drawn in the strong colour");
        Assert.Equal(0.0, map.GetProperty("zmin").GetDouble());
        Assert.Equal(1.0, map.GetProperty("zmax").GetDouble());
        // Row 0 at the top: z's last row is image row 0, whose left patch has weight 0.9 over pixels 0 and 1.
        Assert.Equal(0.9, map.GetProperty("z")[3][1].GetDouble());
        Assert.Equal(0.1, map.GetProperty("z")[3][2].GetDouble());
        Assert.Equal(0.3, map.GetProperty("z")[0][3].GetDouble());
        Assert.Throws<ArgumentException>(() => Plot.Overlays("bad", [("c", image, [[1.0, 0.0, 0.0]])]));
    }

    [Fact]
    public void Heatmaps_MoreThanNineMaps_GetAxesTenAndUp()
    {
        var maps = Enumerable.Range(0, 16).Select(k => ($"map {k}", new[] { new[] { (double)k } })).ToList();
        using var json = JsonDocument.Parse(Plot.Heatmaps("sixteen", maps, columns: 8).ToJson());
        Assert.Equal("x16", json.RootElement.GetProperty("data")[15].GetProperty("xaxis").GetString());
        Assert.True(json.RootElement.GetProperty("layout").TryGetProperty("xaxis10", out _));
        Assert.Throws<ArgumentException>(() => new Figure("t").Layout.Axis("xaxis1"));
        Assert.Throws<ArgumentException>(() => new Figure("t").Layout.Axis("xaxis02"));
    }

    [Fact]
    public void AttentionGrid_OnePanelPerLayerAndHead_WithTokensOnBothAxes()
    {
        double[][] Map(double v) => [[v, 1 - v], [0.5, 0.5]];
        var weights = new[] { new[] { Map(1), Map(0.2), Map(0.3) }, new[] { Map(0.4), Map(0.5), Map(0.6) } };
        using var json = JsonDocument.Parse(Plot.AttentionGrid("grid", weights, ["我", "吃"], ["eat", "<eos>"]).ToJson());
        var data = json.RootElement.GetProperty("data");
        var layout = json.RootElement.GetProperty("layout");
        Assert.Equal(6, data.GetArrayLength());
        Assert.Equal("layer 2, head 1", data[3].GetProperty("name").GetString());
        Assert.Equal("y4", data[3].GetProperty("yaxis").GetString());
        Assert.Equal(0.4, data[3].GetProperty("z")[0][0].GetDouble());
        Assert.Equal(3, layout.GetProperty("grid").GetProperty("columns").GetInt32());
        Assert.Equal("吃", layout.GetProperty("xaxis5").GetProperty("ticktext")[1].GetString());
        Assert.Equal("<eos>", layout.GetProperty("yaxis4").GetProperty("ticktext")[1].GetString());   // first column names the queries
        Assert.Equal("", layout.GetProperty("yaxis5").GetProperty("ticktext")[1].GetString());
        Assert.Throws<ArgumentException>(() => Plot.AttentionGrid("bad", [new[] { Map(1) }, new[] { Map(1), Map(1) }], ["a", "b"], ["a", "b"]));
    }

    [Fact]
    public void WithLogY_SetsALogAxis()
    {
        using var json = JsonDocument.Parse(Plot.Lines("t", "x", "y", ("a", new[] { 1.0, 10.0 })).WithLogY().ToJson());
        Assert.Equal("log", json.RootElement.GetProperty("layout").GetProperty("yaxis").GetProperty("type").GetString());
    }

    [Fact]
    public void DecisionBoundary_ThreeClasses_MapsEachClassToItsOwnColourBand()
    {
        var data = Synthetic2D.Spirals(30, classes: 3);
        using var json = JsonDocument.Parse(Plot.DecisionBoundary(data, (x, y) => x > 0 ? 2 : y > 0 ? 1 : 0, "t", resolution: 5).ToJson());
        var heatmap = json.RootElement.GetProperty("data")[0];
        Assert.Equal(6, heatmap.GetProperty("colorscale").GetArrayLength());
        Assert.Equal(2.5, heatmap.GetProperty("zmax").GetDouble());
        Assert.Equal(4, json.RootElement.GetProperty("data").GetArrayLength()); // regions + 3 classes
    }

    [Fact]
    public void Lines_NoSeries_Throws()
    {
        Assert.Throws<ArgumentException>(() => Plot.Lines("t", "x", "y"));
    }
}
