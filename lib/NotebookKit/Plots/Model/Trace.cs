using System.Text.Json.Serialization;

namespace NotebookKit.Plots;

/// <summary>
/// One series of a <see cref="Figure"/>, serialised as a plotly.js trace. The common attributes
/// are typed properties; any other plotly.js attribute can be set with
/// <see cref="TraceExtensions.Set{TTrace}"/> (for example <c>.Set("opacity", 0.5)</c>).
/// </summary>
public abstract class Trace
{
    protected Trace(string type, string name)
    {
        Type = type;
        Name = name;
    }

    /// <summary>The plotly.js trace type: scatter, heatmap, bar.</summary>
    [JsonPropertyName("type"), JsonPropertyOrder(-2)]
    public string Type { get; }

    /// <summary>The name shown in the legend and on hover.</summary>
    [JsonPropertyName("name"), JsonPropertyOrder(-1)]
    public string Name { get; set; }

    /// <summary>The x axis this trace is drawn on: "x" (default), "x2", ...</summary>
    [JsonPropertyName("xaxis")]
    public string? XAxis { get; set; }

    /// <summary>The y axis this trace is drawn on: "y" (default), "y2", ...</summary>
    [JsonPropertyName("yaxis")]
    public string? YAxis { get; set; }

    /// <summary>Whether the trace appears in the legend.</summary>
    [JsonPropertyName("showlegend")]
    public bool? ShowLegend { get; set; }

    /// <summary>What hovering shows: "x+y", "z", "skip", ...</summary>
    [JsonPropertyName("hoverinfo")]
    public string? HoverInfo { get; set; }

    /// <summary>Other plotly.js attributes, written as they are.</summary>
    [JsonExtensionData]
    public Dictionary<string, object?> Attributes { get; } = new();
}

public static class TraceExtensions
{
    /// <summary>
    /// Sets a plotly.js attribute that has no typed property (see plotly.js's reference for the
    /// trace type). Attributes with a typed property must be set through it.
    /// </summary>
    public static TTrace Set<TTrace>(this TTrace trace, string attribute, object? value) where TTrace : Trace
    {
        ArgumentNullException.ThrowIfNull(trace);
        FigureJson.CheckUntyped(trace.GetType(), attribute);
        trace.Attributes[attribute] = value;
        return trace;
    }
}
