using System.Text.Json.Nodes;
using NotebookKit.Runner.Tests.Support;

namespace NotebookKit.Runner.Tests.Notebooks;

/// <summary>The quick book is built once and shared by the classes that read it (the chain, the kernel comparison).</summary>
[CollectionDefinition(Name)]
public sealed class QuickChain : ICollectionFixture<NotebookChainTests.QuickBook>
{
    public const string Name = "quick chain";
}

/// <summary>
/// Every notebook in notebooks/ runs in quick mode through the real book command; a failure
/// names the notebook, the cell and the error.
/// </summary>
[Collection(QuickChain.Name)]
public sealed class NotebookChainTests
{
    /// <summary>
    /// The quick chain, run twice side by side: by the engine's book command and, through the kit's
    /// Jupyter kernel, by nbclient (read by <see cref="Kernel.KernelChainTests"/>). Both processes get
    /// one libtorch thread (<c>OMP_NUM_THREADS=1</c>), so on two cores each has its own core and both
    /// compute the same numbers; with libtorch's default (a thread per core) two training processes
    /// side by side wait on each other's threads and take far more than twice as long.
    /// </summary>
    public sealed class QuickBook : IDisposable
    {
        public TempFolder TempFolder { get; } = new();
        public string BookDir { get; }
        public EngineResult Result { get; }
        /// <summary>The kernel's run of the chain; null when it could not run (<see cref="KernelRunFailure"/> says why).</summary>
        public Kernel.KernelChainTests.NbclientRun? KernelRun { get; }
        public Exception? KernelRunFailure { get; }

        /// <summary>
        /// Each chapter may take this many times its stated (full-mode) CPU budget in quick mode
        /// before the engine stops it and names it: generous on a loaded machine (two spinning processes on 2 cores made chapters up to 8 times slower), and it grows with
        /// the chain instead of one wall clock for all of it.
        /// </summary>
        public const double BudgetFactor = 10;

        /// <summary>What both runs of the chain get in their environment (see the class summary).</summary>
        public static readonly IReadOnlyDictionary<string, string> OneThread = new Dictionary<string, string> { ["OMP_NUM_THREADS"] = "1" };

        public QuickBook()
        {
            BookDir = Path.Combine(TempFolder.Path, "book");
            var kernelRun = Task.Run(() => new Kernel.KernelChainTests.NbclientRun(OneThread));
            var budgets = Directory.GetFiles(Path.Combine(RepoRoot.Path, "notebooks"), "*.ipynb")
                .Select(f => NotebookKit.Runner.Notebooks.NotebookBudget.SecondsOf(f) ?? throw new InvalidOperationException($"{f} states no time budget"));
            var limit = TimeSpan.FromSeconds(budgets.Sum(b => BudgetFactor * b) + 180);   // + building the book
            try
            {
                Result = Support.Engine.Invoke(BookDir, ["book", "--quick", "--check-student-versions", "--budget-factor", BudgetFactor.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", BookDir],
                    environment: OneThread.ToDictionary(p => p.Key, p => (string?)p.Value), limit: limit);
            }
            finally
            {
                // The kernel's run has its own limit; its failure is reported by its own tests, not the engine's.
                try { KernelRun = kernelRun.GetAwaiter().GetResult(); }
                catch (Exception e) { KernelRunFailure = e; }
            }
        }

        public void Dispose()
        {
            KernelRun?.Dispose();
            TempFolder.Dispose();
        }
    }

    private readonly QuickBook book;

    public NotebookChainTests(QuickBook book) => this.book = book;

    public static TheoryData<string> NotebookNames()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(RepoRoot.Path, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(path));
        return data;
    }

    [Theory]
    [MemberData(nameof(NotebookNames))]
    public void Notebook_RunsInQuickMode_WithoutError(string name)
    {
        var executedPath = Path.Combine(book.BookDir, "notebooks", name);
        Assert.True(File.Exists(executedPath), $"{name} was not executed:\n{book.Result.All}");
        var executed = (JsonObject)JsonNode.Parse(File.ReadAllText(executedPath))!;
        var execution = executed.Execution();
        if (execution["status"]!.GetValue<string>() != "ok")
            Assert.Fail($"{name} failed at cell {execution["failedCell"]}: {execution["error"]}");
        Assert.True(execution["quick"]!.GetValue<bool>());
        Assert.Equal(execution["codeCells"]!.GetValue<int>(), execution["cellsRun"]!.GetValue<int>());
        var (valid, output) = Tools.ValidateNotebook(executedPath);
        Assert.True(valid, $"{name}: {output}");
    }

    /// <summary>
    /// Each chapter's student version (as <c>assign</c> writes it) runs in the engine up to its first
    /// exercise and stops there with the stub's message; checked during the chain's run, where the
    /// cells before the first answer are shared (see StudentVersionCheck).
    /// </summary>
    [Theory]
    [MemberData(nameof(NotebookNames))]
    public void StudentVersion_RunsUpToItsFirstExercise_AndStopsWithTheStubsMessage(string name)
    {
        var executedPath = Path.Combine(book.BookDir, "notebooks", name);
        Assert.True(File.Exists(executedPath), $"{name} was not executed:\n{book.Result.All}");
        var executed = (JsonObject)JsonNode.Parse(File.ReadAllText(executedPath))!;
        var assignment = NotebookKit.Runner.Grading.Assignment.FromNotebook(NotebookKit.Runner.Notebooks.NotebookDocument.Load(Path.Combine(RepoRoot.Path, "notebooks", name)));
        var outcome = executed["metadata"]!["notebookkit"]!["studentVersion"];
        if (assignment.Checks.Count == 0)
        {
            Assert.Null(outcome);
            return;
        }
        Assert.True(outcome is not null, $"{name}: the student version was not checked");
        Assert.True(outcome!["ok"]!.GetValue<bool>(), $"{name}: {outcome["detail"]}");
        Assert.Equal(assignment.Checks[0].CellId, outcome["stoppedAt"]!.GetValue<string>());
        Assert.Contains($"Exercise '{assignment.Checks[0].Exercise}' ({assignment.Chapter}): not written yet", outcome["detail"]!.GetValue<string>());
    }

    [Fact]
    public void Book_OfTheWholeChain_Succeeds()
    {
        Assert.True(book.Result.ExitCode == 0, book.Result.All);
        Assert.Contains("notebooks succeeded, 0 failed", book.Result.Stdout);
    }

    [Fact]
    public void PerceptronPage_InAHeadlessBrowser_DrawsTheDecisionBoundary()
    {
        var dom = Tools.RenderedDom(Path.Combine(book.BookDir, "01-perceptron.html"), book.TempFolder.Sub("chromium-profile"));
        // The decision-boundary figures are heatmaps of the predicted class under the points.
        Assert.Contains("class=\"main-svg\"", dom);
        Assert.Contains("heatmaplayer", dom);
        Assert.Matches(@"<image [^>]*href=""data:image/png;base64,", dom); // Plotly paints heatmaps as an image
        Assert.Contains("class=\"katex\"", dom);
    }
}
