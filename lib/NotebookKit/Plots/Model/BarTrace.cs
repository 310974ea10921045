using System.Text.Json.Serialization;

namespace NotebookKit.Plots;

/// <summary>Bars, one per category (plotly.js "bar"), with optional error bars.</summary>
public sealed class BarTrace(string name, string[] categories, double[] values) : Trace("bar", name)
{
    [JsonPropertyName("x")] public string[] Categories { get; set; } = categories;
    [JsonPropertyName("y")] public double[] Values { get; set; } = values;
    [JsonPropertyName("marker")] public MarkerStyle? Marker { get; set; }

    /// <summary>Text written on each bar (e.g. the count behind it).</summary>
    [JsonPropertyName("text")] public string[]? Text { get; set; }

    [JsonPropertyName("error_y")] public ErrorBars? Errors { get; set; }
}

/// <summary>Symmetric error bars of the given half-widths.</summary>
public sealed class ErrorBars(double[] halfWidths)
{
    [JsonPropertyName("type")] public string Type => "data";
    [JsonPropertyName("array")] public double[] HalfWidths { get; set; } = halfWidths;
    [JsonPropertyName("visible")] public bool Visible => true;
}
