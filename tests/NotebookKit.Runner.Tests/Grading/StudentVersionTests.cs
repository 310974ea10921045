using System.Text.Json.Nodes;
using NotebookKit.Runner.Grading;
using NotebookKit.Runner.Notebooks;
using NotebookKit.Runner.Tests.Notebooks;
using NotebookKit.Runner.Tests.Support;

namespace NotebookKit.Runner.Tests.Grading;

/// <summary>
/// The engine's assign command writes every chapter's student version, and each runs in the engine
/// (quick mode) up to its first exercise and stops there with the stub's message: a student who
/// opens it sees the chapter work until the point where their own code is wanted.
/// </summary>
public sealed class StudentVersionTests : IClassFixture<StudentVersionTests.Assigned>
{
    public sealed class Assigned : IDisposable
    {
        public TempFolder Folder { get; } = new();
        public string Release { get; }
        public string Executed { get; }
        public EngineResult AssignResult { get; }
        public EngineResult RunResult { get; }

        public Assigned()
        {
            Release = Path.Combine(Folder.Path, "release");
            Executed = Path.Combine(Folder.Path, "executed");
            AssignResult = Support.Engine.Invoke(Release, ["assign", Path.Combine(RepoRoot.Path, "notebooks"), "--out", Release]);
            // Each chapter may take 10 times its full-mode budget before the engine stops it (see NotebookChainTests).
            RunResult = Support.Engine.Invoke(Executed, ["run", Release, "--quick", "--budget-factor", "10", "--out", Executed], limit: TimeSpan.FromMinutes(60));
        }

        public void Dispose() => Folder.Dispose();
    }

    private readonly Assigned assigned;

    public StudentVersionTests(Assigned assigned) => this.assigned = assigned;

    public static TheoryData<string> NotebookNames() => NotebookChainTests.NotebookNames();

    [Fact]
    public void Assign_WritesEveryChapter_AndPrintsItsPoints()
    {
        Assert.True(assigned.AssignResult.ExitCode == 0, assigned.AssignResult.All);
        Assert.Contains("01-perceptron.ipynb: 2 exercises, 6 points (4 in hidden tests)", assigned.AssignResult.Stdout);
        Assert.Equal(NotebookNames().Count, Directory.GetFiles(assigned.Release, "*.ipynb").Length);
    }

    [Theory]
    [MemberData(nameof(NotebookNames))]
    public void StudentVersion_RunsUpToItsFirstExercise_AndStopsWithTheStubsMessage(string name)
    {
        var assignment = Assignment.FromNotebook(NotebookDocument.Load(Path.Combine(RepoRoot.Path, "notebooks", name)));
        var executedPath = Path.Combine(assigned.Executed, name);
        Assert.True(File.Exists(executedPath), $"{name} was not run:\n{assigned.RunResult.All}");
        var executed = (JsonObject)JsonNode.Parse(File.ReadAllText(executedPath))!;
        var execution = executed.Execution();
        if (assignment.Checks.Count == 0)
        {
            Assert.Equal("ok", execution["status"]!.GetValue<string>());
            return;
        }
        Assert.True(execution["status"]!.GetValue<string>() == "failed", $"{name}: {execution}");
        var failed = executed.Cells()[execution["failedCell"]!.GetValue<int>() - 1]!;
        var firstChecks = assignment.Checks[0];
        Assert.Equal(firstChecks.CellId, failed["id"]!.GetValue<string>());
        Assert.Contains($"Exercise '{firstChecks.Exercise}' ({assignment.Chapter}): not written yet", execution["error"]!.GetValue<string>());
        // Every cell before it ran without error.
        foreach (var cell in executed.Cells().Take(execution["failedCell"]!.GetValue<int>() - 1).OfType<JsonObject>().Where(c => c["cell_type"]!.GetValue<string>() == "code"))
            Assert.DoesNotContain(((JsonArray)cell["outputs"]!).OfType<JsonObject>(), o => o["output_type"]!.GetValue<string>() == "error");
    }
}
