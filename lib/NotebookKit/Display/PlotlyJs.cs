using System.Reflection;

namespace NotebookKit.Display;

/// <summary>
/// plotly.js for the charts, embedded in the kit at build time (see PlotlyJs.targets): no CDN, no network.
/// In a notebook session the library is emitted once (by the setup cell, or else by the first
/// chart); later charts wait for it. The emitted script sits between
/// <see cref="BeginMarker"/> and <see cref="EndMarker"/> so a page that loads plotly.js itself
/// (the book) can drop the inline copy.
/// </summary>
public static class PlotlyJs
{
    public const string BeginMarker = "<!-- notebookkit:plotly.js -->";
    public const string EndMarker = "<!-- /notebookkit:plotly.js -->";

    private static readonly Lazy<(string Version, string Source)> Library = new(LoadEmbedded);
    private static int emitted;

    /// <summary>The version of the embedded plotly.js, e.g. 2.28.0.</summary>
    public static string Version => Library.Value.Version;

    /// <summary>The minified plotly.js source.</summary>
    public static string Source => Library.Value.Source;

    /// <summary>
    /// The library's script block the first time it is asked for in this process, otherwise null.
    /// </summary>
    public static string? ClaimScriptBlock() =>
        Interlocked.Exchange(ref emitted, 1) == 0 ? ScriptBlock() : null;

    /// <summary>The library's script block, with markers; marks the library as emitted.</summary>
    public static string ScriptBlock()
    {
        Volatile.Write(ref emitted, 1);
        // Run as a function whose define/module/exports are undefined: on a page with an AMD loader
        // (Jupyter Notebook loads require.js) plotly.js would otherwise register itself as a module
        // and never become window.Plotly, which the charts wait for.
        return $"{BeginMarker}<script type=\"text/javascript\">(function (define, module, exports) {{\n{Source}\n}})();</script>{EndMarker}";
    }

    /// <summary>Removes every marked inline copy of the library from an HTML fragment.</summary>
    public static string StripInlineCopies(string html)
    {
        var start = html.IndexOf(BeginMarker, StringComparison.Ordinal);
        while (start >= 0)
        {
            var end = html.IndexOf(EndMarker, start, StringComparison.Ordinal);
            if (end < 0) break;
            html = html.Remove(start, end + EndMarker.Length - start);
            start = html.IndexOf(BeginMarker, start, StringComparison.Ordinal);
        }
        return html;
    }

    private const string ResourcePrefix = "notebookkit/plotly-";

    private static (string, string) LoadEmbedded()
    {
        var assembly = typeof(PlotlyJs).Assembly;
        var name = assembly.GetManifestResourceNames()
            .FirstOrDefault(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".min.js", StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"The kit was built without plotly.js (no resource {ResourcePrefix}*.min.js): rebuild it with dotnet build.");
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        var version = name[ResourcePrefix.Length..^".min.js".Length];
        // A literal "</script>" inside the library would end the inline block early.
        var source = reader.ReadToEnd().Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
        return (version, source);
    }
}
