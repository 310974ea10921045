using System.Text.Json.Serialization;

namespace NotebookKit.Plots;

/// <summary>Points joined by lines, or markers, or both (plotly.js "scatter").</summary>
public sealed class ScatterTrace(string name, double[] x, double[] y) : Trace("scatter", name)
{
    [JsonPropertyName("x")] public double[] X { get; set; } = x;
    [JsonPropertyName("y")] public double[] Y { get; set; } = y;

    /// <summary>"lines", "markers" or "lines+markers".</summary>
    [JsonPropertyName("mode")] public string Mode { get; set; } = "lines";

    [JsonPropertyName("line")] public LineStyle? Line { get; set; }
    [JsonPropertyName("marker")] public MarkerStyle? Marker { get; set; }
}

/// <summary>How a line is drawn.</summary>
public sealed class LineStyle
{
    [JsonPropertyName("color")] public string? Color { get; set; }

    /// <summary>"solid", "dash", "dot", "dashdot".</summary>
    [JsonPropertyName("dash")] public string? Dash { get; set; }

    [JsonPropertyName("width")] public double? Width { get; set; }
}

/// <summary>How markers (points, bars) are drawn.</summary>
public sealed class MarkerStyle
{
    [JsonPropertyName("color")] public string? Color { get; set; }

    /// <summary>"circle", "square", "diamond", "triangle-up", "x", ...</summary>
    [JsonPropertyName("symbol")] public string? Symbol { get; set; }

    [JsonPropertyName("size")] public double? Size { get; set; }
    [JsonPropertyName("line")] public LineStyle? Line { get; set; }
}
