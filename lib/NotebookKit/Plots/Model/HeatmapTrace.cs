using System.Text.Json.Serialization;

namespace NotebookKit.Plots;

/// <summary>Values on a regular grid drawn as colours (plotly.js "heatmap"). <see cref="Z"/> is [row = y][column = x].</summary>
public sealed class HeatmapTrace(string name, double[] x, double[] y, double[][] z) : Trace("heatmap", name)
{
    [JsonPropertyName("x")] public double[] X { get; set; } = x;
    [JsonPropertyName("y")] public double[] Y { get; set; } = y;
    [JsonPropertyName("z")] public double[][] Z { get; set; } = z;

    /// <summary>A plotly.js scale name ("Blues", "RdBu", ...) or a list of [fraction, colour] pairs.</summary>
    [JsonPropertyName("colorscale")] public object? ColorScale { get; set; }

    [JsonPropertyName("reversescale")] public bool? ReverseScale { get; set; }
    [JsonPropertyName("showscale")] public bool? ShowScale { get; set; }
    [JsonPropertyName("zmin")] public double? ZMin { get; set; }
    [JsonPropertyName("zmax")] public double? ZMax { get; set; }
    [JsonPropertyName("opacity")] public double? Opacity { get; set; }
}
