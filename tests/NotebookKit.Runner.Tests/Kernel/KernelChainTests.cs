using System.Text.Json.Nodes;
using NotebookKit.Runner.Tests.Notebooks;
using NotebookKit.Runner.Tests.Support;

namespace NotebookKit.Runner.Tests.Kernel;

/// <summary>
/// Every chapter executed through the kit's Jupyter kernel by nbclient (the library behind
/// <c>jupyter nbconvert --execute</c>), in quick mode, and compared with the engine's own run of the
/// quick book: no error, and the same outputs cell by cell (see <see cref="OutputComparison"/>).
/// Both runs are made by the quick book fixture, side by side.
/// </summary>
[Collection(QuickChain.Name)]
public sealed class KernelChainTests(NotebookChainTests.QuickBook book)
{
    private NbclientRun kernelRun => book.KernelRun ?? throw new InvalidOperationException($"The chain did not run through the kernel: {book.KernelRunFailure}");

    /// <summary>Every chapter through the kernel by nbclient, in quick mode, with the given environment.</summary>
    public sealed class NbclientRun : IDisposable
    {
        private readonly JupyterClients clients = new();

        public string OutDir { get; }
        public int ExitCode { get; }
        public string Log { get; }

        public NbclientRun(IReadOnlyDictionary<string, string> environment)
        {
            OutDir = Path.Combine(clients.Prefix, "..", "executed");
            var notebooks = Directory.GetFiles(Path.Combine(RepoRoot.Path, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal).ToArray();
            // Each chapter may take 10 times its stated budget, as in the engine's chain: that is also
            // nbclient's limit for any one of its cells (a fixed 900 s failed chapter 13 on a loaded machine).
            double Budget(string notebook) => NotebookKit.Runner.Notebooks.NotebookBudget.SecondsOf(notebook) ?? 60;
            var budget = notebooks.Sum(Budget);
            var arguments = notebooks.Select(n => $"{n}::{Math.Ceiling(NotebookChainTests.QuickBook.BudgetFactor * Budget(n)).ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            (ExitCode, Log) = clients.Python([JupyterClients.Script("run_with_nbclient.py"), "notebookkit-csharp", OutDir, .. arguments],
                TimeSpan.FromSeconds(NotebookChainTests.QuickBook.BudgetFactor * budget + 120), quick: true, environment: environment);
        }

        public void Dispose() => clients.Dispose();
    }

    [Theory]
    [MemberData(nameof(NotebookChainTests.NotebookNames), MemberType = typeof(NotebookChainTests))]
    public void Chapter_RunThroughTheKernelByNbclient_ShowsWhatTheEngineShows(string name)
    {
        var line = kernelRun.Log.Split('\n').FirstOrDefault(l => l.StartsWith(name + " ", StringComparison.Ordinal));
        Assert.True(line is not null, $"{name} was not run through the kernel:\n{Tail(kernelRun.Log)}");
        Assert.True(line!.Split(' ')[1] == "ok", $"{name} failed in the kernel: {line}");
        var kernel = (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(kernelRun.OutDir, name)))!;
        var enginePath = Path.Combine(book.BookDir, "notebooks", name);
        Assert.True(File.Exists(enginePath), $"{name} was not executed by the engine:\n{book.Result.All}");
        var engine = (JsonObject)JsonNode.Parse(File.ReadAllText(enginePath))!;
        var difference = OutputComparison.FirstDifference(OutputComparison.Describe(engine, name), OutputComparison.Describe(kernel, name));
        Assert.True(difference is null, $"{name}: the kernel's outputs differ from the engine's at {difference}");
    }

    private static string Tail(string text) => text.Length > 3000 ? text[^3000..] : text;
}
