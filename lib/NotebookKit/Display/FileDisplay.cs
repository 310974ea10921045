using System.Net;
using System.Runtime.CompilerServices;

namespace NotebookKit.Display;

/// <summary>
/// <c>display(...)</c> and <c>HTML(...)</c> for a chapter exported as a C# file-based app
/// (<c>dotnet run chapter.cs</c>): text goes to the console; charts, boards and other kit views
/// are written as standalone HTML pages (plotly.js inline, no network) beside the app, and
/// <see cref="Shown.Update"/> rewrites the same page. Begin with <see cref="Start"/>.
/// </summary>
public static class FileDisplay
{
    private static string folder = Directory.GetCurrentDirectory();
    private static string stem = "output";
    private static int count;

    /// <summary>Outputs go beside the calling source file, named after it (chapter-output-01.html, ...).</summary>
    public static void Start([CallerFilePath] string sourceFile = "")
    {
        if (sourceFile.Length == 0) return;
        folder = Path.GetDirectoryName(Path.GetFullPath(sourceFile)) ?? folder;
        stem = Path.GetFileNameWithoutExtension(sourceFile) + "-output";
        count = 0;
    }

    /// <summary>Shows a value: text on the console, a kit view as an HTML page. Returns a handle to update it.</summary>
    public static Shown display(object? value) => new Shown(value);

    /// <summary>HTML to write as a page, like the notebook's <c>HTML("...")</c>.</summary>
    public static HtmlText HTML(string content) => new(content);

    /// <summary>A shown value; <see cref="Update"/> shows a new value in its place (its page is rewritten).</summary>
    public sealed class Shown
    {
        private string? page;

        internal Shown(object? value) => Show(value);

        public void Update(object? value) => Show(value);

        private void Show(object? value)
        {
            var html = value switch
            {
                IHtmlView view => view.ToHtml(),
                HtmlText text => text.Html,
                _ => null,
            };
            if (html is null)
            {
                Console.WriteLine(PlainText.Of(value));
                return;
            }
            var first = page is null;
            page ??= Path.Combine(folder, $"{stem}-{Interlocked.Increment(ref count):00}.html");
            var title = WebUtility.HtmlEncode(Path.GetFileNameWithoutExtension(page));
            // Each page stands alone: its own copy of plotly.js, removed from the view and put first.
            File.WriteAllText(page, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body>\n"
                + PlotlyJs.ScriptBlock() + PlotlyJs.StripInlineCopies(html) + "\n</body></html>\n");
            if (first) Console.WriteLine($"[{(value is IHtmlView ? value.GetType().Name : "HTML")} written to {page}]");
        }
    }

    /// <summary>A string to be shown as HTML.</summary>
    public sealed record HtmlText(string Html)
    {
        public override string ToString() => Html;
    }
}
