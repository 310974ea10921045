using NotebookKit.Display;

namespace NotebookKit.Diagrams;

/// <summary>
/// A drawn diagram: an inline SVG with a caption. End a cell with it to show it; it needs no
/// script and no network, so it reads the same in VS Code, Jupyter, the book and a saved file.
/// </summary>
[TypeFormatterSource(typeof(HtmlFormatterSource))]
public sealed class DiagramView : IHtmlView
{
    public DiagramView(string title, string caption, string svg)
    {
        Title = title;
        Caption = caption;
        Svg = svg;
    }

    /// <summary>What the diagram shows (also the SVG's accessible title).</summary>
    public string Title { get; }

    /// <summary>One or two sentences under the picture: how to read it.</summary>
    public string Caption { get; }

    /// <summary>The SVG element alone, e.g. to save as a file.</summary>
    public string Svg { get; }

    public string ToHtml()
        => $"<figure class=\"notebookkit-diagram\" style=\"margin:0.5em 0;font-family:{SvgCanvas.FontStack}\">{Svg}"
         + $"<figcaption style=\"font-size:13px;color:#444;max-width:900px;margin-top:4px\"><b>{SvgCanvas.Escape(Title)}.</b> {SvgCanvas.Escape(Caption)}</figcaption></figure>";

    /// <summary>Writes the SVG to a file (UTF-8), for slides or the course website.</summary>
    public void Save(string path) => File.WriteAllText(path, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + Svg + "\n");

    public override string ToString() => $"{Title} (diagram; shown as SVG in a notebook)";
}
