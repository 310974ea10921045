namespace NotebookKit.Display;

/// <summary>
/// Anything the kit shows in a notebook: a chart, a progress board, a report. Implementations
/// carry <c>[TypeFormatterSource(typeof(HtmlFormatterSource))]</c> so hosts render them as HTML.
/// </summary>
public interface IHtmlView
{
    /// <summary>A self-contained HTML fragment (no external URLs).</summary>
    string ToHtml();
}
