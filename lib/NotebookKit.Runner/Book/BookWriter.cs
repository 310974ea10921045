using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Markdig;
using NotebookKit.Display;
using NotebookKit.Runner.Engine;
using NotebookKit.Runner.Notebooks;

namespace NotebookKit.Runner.Book;

/// <summary>Renders executed notebooks as the book's pages and writes the index.</summary>
public static class BookWriter
{
    private static readonly MarkdownPipeline Markdown = new MarkdownPipelineBuilder().UseAdvancedExtensions().UseMathematics().Build();

    public static int Write(string bookDir, IReadOnlyList<NotebookRun> runs, bool quick)
    {
        var pages = runs.Select(r => (Run: r, Page: Path.ChangeExtension(Path.GetFileName(r.Source), ".html"),
            Document: File.Exists(r.Output) ? NotebookDocument.Load(r.Output) : NotebookDocument.Load(r.Source))).ToList();
        var titles = pages.Select(p => TitleOf(p.Document)).ToList();
        var bookPages = pages.Select(p => p.Page).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < pages.Count; i++)
        {
            var nav = Nav(i > 0 ? (pages[i - 1].Page, titles[i - 1]) : null, i < pages.Count - 1 ? (pages[i + 1].Page, titles[i + 1]) : null);
            var body = new StringBuilder(nav).Append("<main>");
            body.Append(StatusBanner(pages[i].Run));
            foreach (var cell in pages[i].Document.AllCells) body.Append(RenderCell(cell, bookPages));
            body.Append($"<p class=\"download\"><a href=\"notebooks/{WebUtility.HtmlEncode(Path.GetFileName(pages[i].Run.Output))}\">Download the executed notebook</a></p>");
            body.Append("</main>");
            File.WriteAllText(Path.Combine(bookDir, pages[i].Page), Page(titles[i], body.ToString()), new UTF8Encoding(false));
        }
        File.WriteAllText(Path.Combine(bookDir, "index.html"), Page("NotebookKit", Index(pages.Select((p, i) => (p.Run, p.Page, titles[i])).ToList(), quick)), new UTF8Encoding(false));
        return pages.Count + 1;
    }

    public static string TitleOf(NotebookDocument document)
    {
        foreach (var cell in document.AllCells.Where(c => c.CellType == "markdown"))
        {
            var heading = cell.Source.Split('\n').FirstOrDefault(l => l.StartsWith("# ", StringComparison.Ordinal));
            if (heading is not null) return heading[2..].Trim();
        }
        return Path.GetFileNameWithoutExtension(document.Path);
    }

    private static string Index(IReadOnlyList<(NotebookRun Run, string Page, string Title)> chain, bool quick)
    {
        var failed = chain.Count(c => !c.Run.Record.Succeeded);
        var html = new StringBuilder("<main><h1>NotebookKit</h1>");
        html.Append("<p>Neural networks in C#, from the perceptron to GPT: each chapter is a notebook executed by the NotebookKit engine when this book was built.</p>");
        html.Append(failed == 0
            ? $"<div class=\"status ok\">All {chain.Count} notebooks ran without error{(quick ? " (quick mode: smaller data, fewer steps)" : "")}.</div>"
            : $"<div class=\"status failed\">{failed} of {chain.Count} notebooks failed: their pages show the error where it happened.</div>");
        html.Append("<table class=\"chain\"><tr><th>Chapter</th><th>Status</th><th>Cells run</th><th>Seconds</th></tr>");
        foreach (var (run, page, title) in chain)
        {
            var ok = run.Record.Succeeded;
            html.Append($"<tr><td><a href=\"{WebUtility.HtmlEncode(page)}\">{WebUtility.HtmlEncode(title)}</a></td>")
                .Append($"<td><span class=\"badge {(ok ? "ok" : "failed")}\">{(ok ? "ok" : WebUtility.HtmlEncode(run.Record.Status))}</span></td>")
                .Append($"<td>{run.Record.CellsRun}/{run.Record.CodeCells}</td><td>{run.Record.Seconds:0.0}</td></tr>");
        }
        return html.Append("</table></main>").ToString();
    }

    private static string StatusBanner(NotebookRun run) => run.Record.Succeeded
        ? ""
        : $"<div class=\"status failed\"><strong>This notebook did not finish ({WebUtility.HtmlEncode(run.Record.Status)}).</strong> {WebUtility.HtmlEncode(run.Record.Error ?? "")}" +
          (run.Record.FailedCell is { } cell ? $" <a href=\"#cell-{cell}\">Go to cell {cell}</a>." : "") + "</div>";

    private static string Nav((string Page, string Title)? previous, (string Page, string Title)? next) =>
        "<header class=\"book-nav\"><a href=\"index.html\">NotebookKit</a><span class=\"spacer\"></span>" +
        (previous is { } p ? $"<a href=\"{p.Page}\">← {WebUtility.HtmlEncode(p.Title)}</a>" : "") +
        (next is { } n ? $"<a href=\"{n.Page}\">{WebUtility.HtmlEncode(n.Title)} →</a>" : "") + "</header>";

    private static string RenderCell(NotebookCell cell, IReadOnlySet<string> bookPages)
    {
        switch (cell.CellType)
        {
            case "markdown":
                return $"<section class=\"cell cell-markdown\" id=\"cell-{cell.Number}\">{LinksToPages(Markdig.Markdown.ToHtml(DisplayMathAsBlocks(cell.Source), Markdown), bookPages)}</section>";
            case "code":
                var count = cell.Json["execution_count"]?.GetValue<int?>();
                var html = new StringBuilder($"<section class=\"cell cell-code\" id=\"cell-{cell.Number}\">");
                html.Append($"<div class=\"prompt\">cell {cell.Number}{(count is { } c ? $" · [{c}]" : " · not run")}</div>");
                html.Append($"<pre class=\"source\"><code class=\"language-csharp\">{WebUtility.HtmlEncode(cell.Source)}</code></pre>");
                foreach (var output in cell.Outputs.OfType<JsonObject>()) html.Append(RenderOutput(output));
                return html.Append("</section>").ToString();
            default:
                return $"<section class=\"cell cell-raw\" id=\"cell-{cell.Number}\"><pre>{WebUtility.HtmlEncode(cell.Source)}</pre></section>";
        }
    }

    /// <summary>
    /// A notebook links to another chapter as <c>NN-name.ipynb</c> (what works in an editor); in the
    /// book that link goes to the chapter's page, <c>NN-name.html</c>, when the book has one.
    /// </summary>
    public static string LinksToPages(string html, IReadOnlySet<string> bookPages) =>
        System.Text.RegularExpressions.Regex.Replace(html, @"href=""(?<name>[^""/:#?]+)\.ipynb(?<fragment>#[^""]*)?""", m =>
        {
            var page = m.Groups["name"].Value + ".html";
            return bookPages.Contains(page) ? $"href=\"{page}{m.Groups["fragment"].Value}\"" : m.Value;
        });

    /// <summary>
    /// Jupyter shows a line <c>$$ … $$</c> as display maths; Markdig only does so for fenced
    /// blocks, so such a line becomes a block with the fences on their own lines.
    /// </summary>
    public static string DisplayMathAsBlocks(string markdown) =>
        System.Text.RegularExpressions.Regex.Replace(markdown, @"^[ \t]*\$\$(?<tex>[^\n]+?)\$\$[ \t]*$", "$$$$\n${tex}\n$$$$",
            System.Text.RegularExpressions.RegexOptions.Multiline);

    private static string RenderOutput(JsonObject output)
    {
        switch (output["output_type"]?.GetValue<string>())
        {
            case "stream":
                var name = output["name"]?.GetValue<string>() == "stderr" ? "stderr" : "stdout";
                return $"<div class=\"output\"><pre class=\"{name}\">{WebUtility.HtmlEncode(NotebookDocument.JoinText(output["text"]))}</pre></div>";
            case "display_data" or "execute_result":
                var data = output["data"] as JsonObject ?? new JsonObject();
                if (data["text/html"] is { } html)
                    return $"<div class=\"output\">{PlotlyJs.StripInlineCopies(NotebookDocument.JoinText(html))}</div>";
                if (data["image/png"] is { } png)
                    return $"<div class=\"output\"><img alt=\"output\" src=\"data:image/png;base64,{NotebookDocument.JoinText(png).Trim()}\"></div>";
                if (data["text/plain"] is { } text)
                    return $"<div class=\"output\"><pre>{WebUtility.HtmlEncode(NotebookDocument.JoinText(text))}</pre></div>";
                return "";
            case "error":
                var traceback = output["traceback"] is JsonArray lines ? string.Join("\n", lines.Select(l => l?.GetValue<string>())) : output["evalue"]?.GetValue<string>();
                return $"<div class=\"output error\"><pre>{WebUtility.HtmlEncode(output["ename"]?.GetValue<string>() + "\n" + traceback)}</pre></div>";
            default:
                return "";
        }
    }

    private static string Page(string title, string body) => $$"""
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{WebUtility.HtmlEncode(title)}}</title>
<link rel="stylesheet" href="assets/book.css">
<link rel="stylesheet" href="assets/katex/katex.min.css">
<script src="{{BookAssets.PlotlyFile}}"></script>
<script defer src="assets/katex/katex.min.js"></script>
<script defer src="assets/katex/auto-render.min.js"></script>
<script>
document.addEventListener('DOMContentLoaded', function () {
  renderMathInElement(document.body, {
    delimiters: [ { left: '\\[', right: '\\]', display: true }, { left: '\\(', right: '\\)', display: false } ],
    ignoredClasses: ['source', 'output'], throwOnError: false
  });
});
</script>
</head>
<body>
{{body}}
</body>
</html>
""";
}
