namespace NotebookKit.Display;

/// <summary>Creates the text/html formatter that notebook hosts use for <see cref="IHtmlView"/>s.</summary>
public sealed class HtmlFormatterSource
{
    /// <summary>Called by the host through the <see cref="TypeFormatterSourceAttribute"/> convention.</summary>
    public IEnumerable<object> CreateTypeFormatters() => [new HtmlFormatter()];
}

/// <summary>Writes an <see cref="IHtmlView"/> as HTML. Its shape is what hosts look for by convention.</summary>
public sealed class HtmlFormatter
{
    public const string HtmlMimeType = "text/html";

    /// <summary>The type this formatter handles.</summary>
    public Type Type => typeof(IHtmlView);

    /// <summary>The MIME type this formatter produces.</summary>
    public string MimeType => HtmlMimeType;

    /// <summary>Writes the HTML of <paramref name="instance"/>; false if it is not a kit view.</summary>
    public bool Format(object instance, TextWriter writer)
    {
        if (instance is not IHtmlView view) return false;
        writer.Write(view.ToHtml());
        return true;
    }
}
