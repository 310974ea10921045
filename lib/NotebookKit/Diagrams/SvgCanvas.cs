using System.Globalization;
using System.Text;

namespace NotebookKit.Diagrams;

/// <summary>A point on the canvas (x to the right, y down, in pixels).</summary>
public readonly record struct Point(double X, double Y)
{
    public Point Offset(double dx, double dy) => new(X + dx, Y + dy);
}

/// <summary>
/// A drawn node that arrows can attach to: a box or a circle. <see cref="Edge"/> gives the point of
/// its outline in the direction of another point, so arrows start and end on outlines.
/// </summary>
public sealed record Shape(Point Centre, double HalfWidth, double HalfHeight, bool Round)
{
    public Point Top => Centre.Offset(0, -HalfHeight);
    public Point Bottom => Centre.Offset(0, HalfHeight);
    public Point Left => Centre.Offset(-HalfWidth, 0);
    public Point Right => Centre.Offset(HalfWidth, 0);

    /// <summary>Where the straight line from the centre towards <paramref name="towards"/> leaves the outline.</summary>
    public Point Edge(Point towards)
    {
        double dx = towards.X - Centre.X, dy = towards.Y - Centre.Y;
        if (dx == 0 && dy == 0) return Centre;
        double scale;
        if (Round) scale = HalfWidth / Math.Sqrt(dx * dx + dy * dy);
        else scale = Math.Min(dx == 0 ? double.MaxValue : HalfWidth / Math.Abs(dx), dy == 0 ? double.MaxValue : HalfHeight / Math.Abs(dy));
        return new Point(Centre.X + dx * scale, Centre.Y + dy * scale);
    }
}

/// <summary>
/// A small SVG builder for the kit's diagrams: boxes, circles, arrows and text on a white
/// background (readable in light and dark editor themes), no external resources. Text is escaped;
/// coordinates are written with an invariant culture.
/// </summary>
public sealed class SvgCanvas
{
    /// <summary>Fonts with Chinese glyphs first where the reader has them, then the system sans-serif.</summary>
    public const string FontStack = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans', 'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif";

    public const string Ink = "#222222";
    public const string Muted = "#777777";
    public const string Forward = "#1f77b4";
    public const string Backward = "#d62728";
    public const string Highlight = "#ff7f0e";
    public const string Green = "#2ca02c";
    public const string Purple = "#9467bd";

    private readonly StringBuilder body = new();
    private readonly HashSet<string> markerColours = [];
    private readonly string id;

    public SvgCanvas(double width, double height, string id)
    {
        if (!(width > 0 && height > 0)) throw new ArgumentOutOfRangeException(nameof(width), $"Expected a positive canvas size, got {width} × {height}.");
        if (string.IsNullOrWhiteSpace(id) || !id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')) throw new ArgumentException($"Expected an id of letters, digits and '-', got '{id}'.", nameof(id));
        Width = width;
        Height = height;
        this.id = id;
    }

    public double Width { get; }
    public double Height { get; }

    public static string Number(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>Escapes only what XML needs, so Unicode text (×, σ, 中文) stays readable in the file.</summary>
    internal static string Escape(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&quot;");

    /// <summary>A rectangle with rounded corners and a centred label (lines split at '\n').</summary>
    public Shape Box(Point centre, double width, double height, string label, string fill = "#f4f7fb", string stroke = Ink, double fontSize = 14, bool dashed = false, string? textColour = null)
    {
        body.Append($"<rect x=\"{Number(centre.X - width / 2)}\" y=\"{Number(centre.Y - height / 2)}\" width=\"{Number(width)}\" height=\"{Number(height)}\" rx=\"6\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.4\"{(dashed ? " stroke-dasharray=\"5 4\"" : "")}/>");
        Label(centre, label, fontSize, textColour ?? Ink);
        return new Shape(centre, width / 2, height / 2, Round: false);
    }

    /// <summary>A circle with a centred label.</summary>
    public Shape Circle(Point centre, double radius, string label, string fill = "#ffffff", string stroke = Ink, double fontSize = 14)
    {
        body.Append($"<circle cx=\"{Number(centre.X)}\" cy=\"{Number(centre.Y)}\" r=\"{Number(radius)}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"1.4\"/>");
        Label(centre, label, fontSize, Ink);
        return new Shape(centre, radius, radius, Round: true);
    }

    /// <summary>A rectangle without a label (grid cells, highlights).</summary>
    public void Rectangle(double x, double y, double width, double height, string fill, string stroke = Ink, double strokeWidth = 1, double opacity = 1)
        => body.Append($"<rect x=\"{Number(x)}\" y=\"{Number(y)}\" width=\"{Number(width)}\" height=\"{Number(height)}\" fill=\"{fill}\" stroke=\"{stroke}\" stroke-width=\"{Number(strokeWidth)}\"{(opacity < 1 ? $" fill-opacity=\"{Number(opacity)}\"" : "")}/>");

    /// <summary>Text at a point; anchor is "start", "middle" or "end".</summary>
    public void Text(Point at, string text, double fontSize = 13, string anchor = "middle", string colour = Ink, bool italic = false, bool bold = false)
        => body.Append($"<text x=\"{Number(at.X)}\" y=\"{Number(at.Y)}\" font-size=\"{Number(fontSize)}\" text-anchor=\"{anchor}\" dominant-baseline=\"middle\" fill=\"{colour}\"{(italic ? " font-style=\"italic\"" : "")}{(bold ? " font-weight=\"bold\"" : "")}>{Escape(text)}</text>");

    private void Label(Point centre, string label, double fontSize, string colour)
    {
        var lines = label.Split('\n');
        for (var i = 0; i < lines.Length; i++)
            Text(centre.Offset(0, (i - (lines.Length - 1) / 2.0) * fontSize * 1.2), lines[i], fontSize, colour: colour);
    }

    /// <summary>A straight line without a head.</summary>
    public void Line(Point from, Point to, string colour = Muted, double width = 1, bool dashed = false)
        => body.Append($"<line x1=\"{Number(from.X)}\" y1=\"{Number(from.Y)}\" x2=\"{Number(to.X)}\" y2=\"{Number(to.Y)}\" stroke=\"{colour}\" stroke-width=\"{Number(width)}\"{(dashed ? " stroke-dasharray=\"5 4\"" : "")}/>");

    /// <summary>An arrow between two points, optionally labelled at its middle (offset to one side).</summary>
    public void Arrow(Point from, Point to, string colour = Ink, double width = 1.4, bool dashed = false, string? label = null, double labelOffset = -10, double fontSize = 12)
    {
        markerColours.Add(colour);
        body.Append($"<line x1=\"{Number(from.X)}\" y1=\"{Number(from.Y)}\" x2=\"{Number(to.X)}\" y2=\"{Number(to.Y)}\" stroke=\"{colour}\" stroke-width=\"{Number(width)}\"{(dashed ? " stroke-dasharray=\"5 4\"" : "")} marker-end=\"url(#{MarkerId(colour)})\"/>");
        if (label is not null)
        {
            var middle = new Point((from.X + to.X) / 2, (from.Y + to.Y) / 2);
            Text(middle.Offset(0, labelOffset), label, fontSize, colour: colour);
        }
    }

    /// <summary>An arrow from one shape's outline to another's.</summary>
    public void Arrow(Shape from, Shape to, string colour = Ink, double width = 1.4, bool dashed = false, string? label = null, double labelOffset = -10)
        => Arrow(from.Edge(to.Centre), to.Edge(from.Centre), colour, width, dashed, label, labelOffset);

    /// <summary>An arrow along a polyline (right angles around other shapes); the head is at the last point.</summary>
    public void Path(IReadOnlyList<Point> points, string colour = Ink, double width = 1.4, bool dashed = false, bool head = true)
    {
        if (points.Count < 2) throw new ArgumentException($"Expected at least two points, got {points.Count}.", nameof(points));
        if (head) markerColours.Add(colour);
        var d = string.Join(" ", points.Select((p, i) => $"{(i == 0 ? "M" : "L")}{Number(p.X)},{Number(p.Y)}"));
        body.Append($"<path d=\"{d}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{Number(width)}\"{(dashed ? " stroke-dasharray=\"5 4\"" : "")}{(head ? $" marker-end=\"url(#{MarkerId(colour)})\"" : "")}/>");
    }

    private string MarkerId(string colour) => $"{id}-arrow-{colour.TrimStart('#')}";

    /// <summary>The finished SVG element.</summary>
    public string ToSvg(string title)
    {
        var defs = new StringBuilder();
        foreach (var colour in markerColours)
            defs.Append($"<marker id=\"{MarkerId(colour)}\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerUnits=\"userSpaceOnUse\" markerWidth=\"10\" markerHeight=\"10\" orient=\"auto-start-reverse\"><path d=\"M0,0 L10,5 L0,10 z\" fill=\"{colour}\"/></marker>");
        return $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Number(Width)} {Number(Height)}\" width=\"{Number(Width)}\" style=\"max-width:100%;height:auto\" font-family=\"{FontStack}\" role=\"img\" aria-labelledby=\"{id}-title\">"
             + $"<title id=\"{id}-title\">{Escape(title)}</title><defs>{defs}</defs>"
             + $"<rect x=\"0\" y=\"0\" width=\"{Number(Width)}\" height=\"{Number(Height)}\" fill=\"#ffffff\"/>{body}</svg>";
    }
}
