using System.Text.Json.Nodes;
using NotebookKit.Runner.Tests.Notebooks;
using NotebookKit.Runner.Tests.Support;

namespace NotebookKit.Runner.Tests.Grading;

/// <summary>
/// The assign command as an instructor runs it, and the student-version check the chain runs with
/// (NotebookChainTests checks every chapter with it): it passes on a good exercise and fails when
/// the student version would not stop at its exercise.
/// </summary>
public sealed class StudentVersionTests : EngineTest
{
    [Fact]
    public void Assign_WritesEveryChapter_AndPrintsItsPoints()
    {
        var release = Scratch.Sub("release");
        var result = Support.Engine.Invoke(release, ["assign", Path.Combine(RepoRoot.Path, "notebooks"), "--out", release]);
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("01-perceptron.ipynb: 2 exercises, 6 points (4 in hidden tests)", result.Stdout);
        Assert.Contains("18-glossary-and-cheat-sheet.ipynb: no exercises", result.Stdout);
        Assert.Equal(NotebookChainTests.NotebookNames().Count, Directory.GetFiles(release, "*.ipynb").Length);
        var refused = Support.Engine.Invoke(release, ["assign", Path.Combine(RepoRoot.Path, "notebooks"), "--out", Path.Combine(RepoRoot.Path, "notebooks")]);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("would overwrite them", refused.Stderr);
    }

    private static TestNotebook Exercise(string checks) => new TestNotebook()
        .Markdown("# 07 · Sample\n\n### Exercise: double it")
        .Setup()
        .Code("int Twice(int x)\n{\n    // BEGIN SOLUTION\n    return 2 * x;\n    // END SOLUTION\n}")
        .Code(checks)
        .Code("Console.WriteLine(Twice(21));");

    [Fact]
    public void TheCheck_Passes_WhenTheStudentVersionStopsAtItsExercise_AndTheFullChapterStillRuns()
    {
        var notebook = Exercise("// Points: 1\nCheck.Equal(4, Twice(2), \"twice 2\");");
        var result = RunOne(notebook, "--check-student-versions");
        Assert.True(result.ExitCode == 0, result.All);
        var executed = result.Executed("test.ipynb");
        var outcome = executed["metadata"]!["notebookkit"]!["studentVersion"]!;
        Assert.True(outcome["ok"]!.GetValue<bool>(), outcome.ToJsonString());
        Assert.Equal("test-4", outcome["stoppedAt"]!.GetValue<string>());
        Assert.Equal("42\n", Outputs.Text(executed.OutputsOf(5)[0]!["text"]));   // the real answer replaced the stub
    }

    [Fact]
    public void TheCheck_Fails_WhenTheChecksDoNotCallTheExercise()
    {
        var result = RunOne(Exercise("// Points: 1\nCheck.That(true, \"nothing to do with Twice\");"), "--check-student-versions");
        var outcome = result.Executed("test.ipynb")["metadata"]!["notebookkit"]!["studentVersion"]!;
        Assert.False(outcome["ok"]!.GetValue<bool>());
        Assert.Contains("ran through its check cell test-4 without stopping", outcome["detail"]!.GetValue<string>());
    }
}
