using System.Reflection;
using NotebookKit.Display;

namespace NotebookKit.Runner.Book;

/// <summary>
/// Writes the book's static assets: plotly.js (once, from the copy embedded in Plotly.NET),
/// KaTeX with its fonts and auto-render (embedded in the engine at build time) and the stylesheet.
/// </summary>
public static class BookAssets
{
    private const string Prefix = "book-assets/";

    public const string PlotlyFile = "assets/plotly.min.js";

    public static void Write(string bookDir)
    {
        var assembly = typeof(BookAssets).Assembly;
        var names = assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)).ToArray();
        if (!names.Any(n => n.EndsWith("katex.min.js", StringComparison.Ordinal)))
            throw new BookException(
                "KaTeX (the book's offline maths renderer) was not embedded when the engine was built. " +
                "Install it with: bash lib/scripts/setup.sh (it needs npm once), then rebuild the engine.");
        foreach (var name in names)
        {
            var target = Path.Combine(bookDir, "assets", name[Prefix.Length..]);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            using var input = assembly.GetManifestResourceStream(name)!;
            using var output = File.Create(target);
            input.CopyTo(output);
        }
        File.WriteAllText(Path.Combine(bookDir, PlotlyFile), PlotlyJs.Source);
    }
}

public sealed class BookException(string message) : Exception(message);
