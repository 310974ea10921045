using System.Text.Json.Serialization;

namespace NotebookKit.Plots;

/// <summary>A figure's layout: title, axes, margins, legend (plotly.js "layout").</summary>
public sealed class Layout
{
    [JsonPropertyName("title")] public Title? Title { get; set; }
    [JsonPropertyName("xaxis")] public Axis XAxis { get; set; } = new();
    [JsonPropertyName("yaxis")] public Axis YAxis { get; set; } = new();
    [JsonPropertyName("margin")] public Margin Margin { get; set; } = new(60, 20, 50, 50);
    [JsonPropertyName("plot_bgcolor")] public string? PlotBackground { get; set; } = "#fbfbfb";
    [JsonPropertyName("showlegend")] public bool? ShowLegend { get; set; }

    /// <summary>Subplots: a rows × columns grid in which trace k uses axes x{k+1}/y{k+1}.</summary>
    [JsonPropertyName("grid")] public Grid? Grid { get; set; }

    [JsonPropertyName("annotations")] public List<Annotation>? Annotations { get; set; }

    /// <summary>Other layout attributes, and axes beyond the first (xaxis2, yaxis2, ...).</summary>
    [JsonExtensionData]
    public Dictionary<string, object?> Attributes { get; } = new();

    /// <summary>
    /// The axis with a plotly.js name: "xaxis" and "yaxis" are <see cref="XAxis"/> and
    /// <see cref="YAxis"/>; "xaxis2", "yaxis3", ... are created on first use.
    /// </summary>
    public Axis Axis(string name)
    {
        switch (name)
        {
            case "xaxis": return XAxis;
            case "yaxis": return YAxis;
        }
        if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^[xy]axis([2-9]|[1-9][0-9]+)$"))
            throw new ArgumentException($"Expected an axis name such as xaxis, yaxis, xaxis2 or yaxis3, got '{name}'.", nameof(name));
        if (Attributes.TryGetValue(name, out var existing) && existing is Axis axis) return axis;
        var created = new Axis();
        Attributes[name] = created;
        return created;
    }

    /// <summary>Sets a plotly.js layout attribute that has no typed property.</summary>
    public Layout Set(string attribute, object? value)
    {
        FigureJson.CheckUntyped(typeof(Layout), attribute);
        Attributes[attribute] = value;
        return this;
    }
}

/// <summary>A title; a string converts to one.</summary>
public sealed record Title([property: JsonPropertyName("text")] string Text)
{
    public static implicit operator Title(string text) => new(text);
}

/// <summary>Space around the plot area, in pixels.</summary>
public sealed record Margin(
    [property: JsonPropertyName("l")] int Left,
    [property: JsonPropertyName("r")] int Right,
    [property: JsonPropertyName("t")] int Top,
    [property: JsonPropertyName("b")] int Bottom);

/// <summary>A grid of independent subplots.</summary>
public sealed record Grid(
    [property: JsonPropertyName("rows")] int Rows,
    [property: JsonPropertyName("columns")] int Columns)
{
    [JsonPropertyName("pattern")] public string Pattern => "independent";
}

/// <summary>A piece of text placed on the figure.</summary>
public sealed class Annotation(string text)
{
    [JsonPropertyName("text")] public string Text { get; set; } = text;
    [JsonPropertyName("showarrow")] public bool ShowArrow { get; set; }

    /// <summary>What <see cref="X"/> refers to: "paper", "x", "x2 domain", ...</summary>
    [JsonPropertyName("xref")] public string XRef { get; set; } = "paper";
    [JsonPropertyName("yref")] public string YRef { get; set; } = "paper";
    [JsonPropertyName("x")] public double X { get; set; }
    [JsonPropertyName("y")] public double Y { get; set; }
    [JsonPropertyName("xanchor")] public string? XAnchor { get; set; }
    [JsonPropertyName("yanchor")] public string? YAnchor { get; set; }
    [JsonPropertyName("font")] public Font? Font { get; set; }
}

/// <summary>Text style.</summary>
public sealed record Font([property: JsonPropertyName("size")] double Size);
