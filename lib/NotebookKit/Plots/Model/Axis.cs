using System.Text.Json.Serialization;

namespace NotebookKit.Plots;

/// <summary>One axis of a figure (plotly.js "layout.xaxis", "layout.yaxis2", ...).</summary>
public sealed class Axis
{
    [JsonPropertyName("title")] public Title? Title { get; set; }

    /// <summary>"linear" (default), "log" or "category".</summary>
    [JsonPropertyName("type")] public string? Type { get; set; }

    /// <summary>How tick labels write large and small numbers: "power" gives 10⁻³ instead of SI prefixes (m, µ).</summary>
    [JsonPropertyName("exponentformat")] public string? ExponentFormat { get; set; }

    [JsonPropertyName("range")] public double[]? Range { get; set; }

    /// <summary>true, false or "reversed" (row 0 of a heatmap at the top).</summary>
    [JsonPropertyName("autorange")] public object? AutoRange { get; set; }

    [JsonPropertyName("tickfont")] public Font? TickFont { get; set; }
    [JsonPropertyName("tickvals")] public double[]? TickValues { get; set; }
    [JsonPropertyName("ticktext")] public string[]? TickText { get; set; }
    [JsonPropertyName("showticklabels")] public bool? ShowTickLabels { get; set; }

    /// <summary>"" hides the tick marks, "outside" draws them.</summary>
    [JsonPropertyName("ticks")] public string? Ticks { get; set; }

    /// <summary>"top", "bottom", "left" or "right".</summary>
    [JsonPropertyName("side")] public string? Side { get; set; }

    /// <summary>Keeps one unit on this axis as long as one unit on the named axis ("x"): square pictures.</summary>
    [JsonPropertyName("scaleanchor")] public string? ScaleAnchor { get; set; }

    /// <summary>Draws this axis over another ("y"), for a second scale on the same plot area.</summary>
    [JsonPropertyName("overlaying")] public string? Overlaying { get; set; }

    /// <summary>The fraction of the figure this axis spans, e.g. [0, 0.45].</summary>
    [JsonPropertyName("domain")] public double[]? Domain { get; set; }

    /// <summary>The axis this one is attached to ("x", "y2", "free").</summary>
    [JsonPropertyName("anchor")] public string? Anchor { get; set; }

    [JsonPropertyName("zeroline")] public bool? ZeroLine { get; set; }
}
