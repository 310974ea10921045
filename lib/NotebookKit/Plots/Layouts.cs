using Plotly.NET;

namespace NotebookKit.Plots;

/// <summary>The kit's chart layout: a title, axis titles, compact margins.</summary>
public static class Layouts
{
    public static Layout Titled(string title, string xTitle, string yTitle, bool squareAxes = false)
    {
        var layout = new Layout();
        layout.SetProperty("title", new Dictionary<string, object> { ["text"] = title });
        var xAxis = new Dictionary<string, object> { ["title"] = new Dictionary<string, object> { ["text"] = xTitle } };
        var yAxis = new Dictionary<string, object> { ["title"] = new Dictionary<string, object> { ["text"] = yTitle } };
        if (squareAxes) yAxis["scaleanchor"] = "x";
        layout.SetProperty("xaxis", xAxis);
        layout.SetProperty("yaxis", yAxis);
        layout.SetProperty("margin", new Dictionary<string, object> { ["l"] = 60, ["r"] = 20, ["t"] = 50, ["b"] = 50 });
        layout.SetProperty("plot_bgcolor", "#fbfbfb");
        return layout;
    }
}
