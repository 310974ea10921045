using System.Text.RegularExpressions;
using NotebookKit.Runner.Tests.Support;

namespace NotebookKit.Runner.Tests.Book;

/// <summary>The book: offline pages, plotly.js once per page, charts really drawn, failures shown.</summary>
public sealed class BookTests : IClassFixture<BookTests.SmallBook>
{
    /// <summary>A book of two small notebooks, one with maths and a chart, one that fails.</summary>
    public sealed class SmallBook : IDisposable
    {
        public TempFolder TempFolder { get; } = new();
        public EngineResult Result { get; }
        public string BookDir { get; }

        public SmallBook()
        {
            var notebooks = TempFolder.Sub("notebooks");
            new TestNotebook()
                .Markdown("# Charts and maths\n\nInline $a^2 + b^2 = c^2$ and display:\n\n$$\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}$$")
                .Setup()
                .Code("Kit.Setup()")
                .Code("Plot.Lines(\"a chart\", \"step\", \"loss\", (\"train\", new[] { 3.0, 2.0, 1.5, 1.2 }))")
                .WriteTo(notebooks, "00-good.ipynb");
            new TestNotebook()
                .Markdown("# Broken chapter\n\nBack to [the good one](00-good.ipynb#cell-2), or to [a chapter not in this book](07-missing.ipynb).")
                .Code("Console.WriteLine(\"partial output\");")
                .Code("throw new InvalidOperationException(\"chapter is broken\");")
                .WriteTo(notebooks, "01-bad.ipynb");
            BookDir = Path.Combine(TempFolder.Path, "book");
            Result = Support.Engine.Invoke(BookDir, ["book", "--notebooks", notebooks, "--out", BookDir]);
        }

        public void Dispose() => TempFolder.Dispose();
    }

    private readonly SmallBook book;

    public BookTests(SmallBook book) => this.book = book;

    private string Page(string name) => File.ReadAllText(Path.Combine(book.BookDir, name));

    [Fact]
    public void LinksBetweenChapters_GoToTheBooksPages()
    {
        var page = Page("01-bad.html");
        Assert.Contains("href=\"00-good.html#cell-2\"", page);
        Assert.Contains("href=\"07-missing.ipynb\"", page);                        // no such page: the link is left as written
    }

    [Fact]
    public void Book_WithAFailingNotebook_ExitsNonZero_ButWritesEveryPage()
    {
        Assert.Equal(1, book.Result.ExitCode);
        foreach (var page in new[] { "index.html", "00-good.html", "01-bad.html", "notebooks/00-good.ipynb", "notebooks/01-bad.ipynb" })
            Assert.True(File.Exists(Path.Combine(book.BookDir, page)), page + "\n" + book.Result.All);
    }

    [Fact]
    public void Index_ListsTheChain_AndMarksTheFailure()
    {
        var index = Page("index.html");
        Assert.Contains("1 of 2 notebooks failed", index);
        Assert.Matches(@"Charts and maths</a></td><td><span class=""badge ok"">ok", index);
        Assert.Matches(@"Broken chapter</a></td><td><span class=""badge failed"">failed", index);
    }

    [Fact]
    public void FailedPage_ShowsTheErrorWhereItHappened_AndKeepsEarlierOutput()
    {
        var page = Page("01-bad.html");
        Assert.Contains("This notebook did not finish (failed)", page);
        Assert.Contains("href=\"#cell-3\"", page);
        Assert.Contains("partial output", page);
        Assert.Contains("Cell 3, line 1: InvalidOperationException: chapter is broken", page);
    }

    [Fact]
    public void Pages_LoadNothingFromTheNetwork_AndPlotlyOncePerPage()
    {
        foreach (var name in new[] { "index.html", "00-good.html", "01-bad.html" })
        {
            var page = Page(name);
            Assert.DoesNotMatch(@"(src|href)\s*=\s*[""']?(https?:)?//", page);
            Assert.Single(Regex.Matches(page, @"<script src=""assets/plotly\.min\.js""></script>"));
            Assert.DoesNotContain(NotebookKit.Display.PlotlyJs.BeginMarker, page);
        }
        foreach (var asset in new[] { "assets/plotly.min.js", "assets/katex/katex.min.js", "assets/katex/katex.min.css", "assets/katex/auto-render.min.js", "assets/book.css" })
            Assert.True(File.Exists(Path.Combine(book.BookDir, asset)), asset);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(book.BookDir, "assets", "katex", "fonts"), "*.woff2"));
    }

    [Fact]
    public void HeadlessBrowser_WithNoNetwork_DrawsTheChartAndTheMaths()
    {
        var dom = Tools.RenderedDom(Path.Combine(book.BookDir, "00-good.html"), book.TempFolder.Sub("chromium-profile"));
        // Plotly replaces the empty chart div with its SVG layers once plotly.js has run.
        Assert.Matches(@"class=""notebookkit-chart[^""]*js-plotly-plot""", dom);
        Assert.Contains("class=\"main-svg\"", dom);
        Assert.Contains("class=\"scatterlayer", dom);
        // KaTeX turned both formulas into rendered maths.
        Assert.True(Regex.Matches(dom, @"class=""katex""").Count >= 1, "inline maths was not rendered");
        Assert.Contains("class=\"katex-display\"", dom);
    }
}
