namespace NotebookKit.Tests;

/// <summary>
/// The folder layout is the architecture: from-scratch code knows nothing of TorchSharp, the
/// TorchSharp modules nothing of MathNet, the training loop neither; only Torch/ converts between
/// the two worlds. In the engine, commands use the engine, never the other way round.
/// </summary>
public sealed class ArchitectureTests
{
    private static readonly string Library = Path.Combine(RepoRoot.Path, "lib", "NotebookKit");
    private static readonly string Engine = Path.Combine(RepoRoot.Path, "lib", "NotebookKit.Runner");

    /// <summary>The neutral part of Training/: the loop and its plain types.</summary>
    private static readonly string[] NeutralTraining =
        ["TrainingLoop.cs", "IBatchSource.cs", "IBatchStepper.cs", "BatchLoss.cs", "LearningRateSchedule.cs", "TrainingHistory.cs",
         "ProgressReport.cs", "TrainingDivergedException.cs", "TrainerOptions.cs"];

    public static TheoryData<string, string, string> Rules() => new()
    {
        { Path.Combine(Library, "Scratch"), "*.cs", "TorchSharp" },
        { Path.Combine(Library, "Modules"), "*.cs", "MathNet" },
        { Path.Combine(Library, "Modules"), "*.cs", "NotebookKit.Scratch" },
        { Path.Combine(Engine, "Engine"), "*.cs", "NotebookKit.Runner.Cli" },
        { Path.Combine(Engine, "Engine"), "*.cs", "NotebookKit.Runner.Book" },
        { Path.Combine(Engine, "Book"), "*.cs", "NotebookKit.Runner.Cli" },
        { Path.Combine(Engine, "Notebooks"), "*.cs", "NotebookKit.Runner.Engine" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Folder_DoesNotDependOn(string folder, string pattern, string forbidden)
    {
        var files = Directory.GetFiles(folder, pattern, SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")).ToArray();
        Assert.NotEmpty(files);
        var offenders = files.Where(f => Uses(File.ReadAllText(f), forbidden)).Select(Path.GetFileName).ToArray();
        Assert.True(offenders.Length == 0, $"{Path.GetFileName(folder)}/ must not use {forbidden}, but {string.Join(", ", offenders)} do");
    }

    [Fact]
    public void TrainingLoop_IsNeutral_SoTheScratchCodeCanUseIt()
    {
        foreach (var file in NeutralTraining)
        {
            var text = File.ReadAllText(Path.Combine(Library, "Training", file));
            Assert.False(Uses(text, "TorchSharp"), $"Training/{file} uses TorchSharp, but the from-scratch training depends on it");
            Assert.False(Uses(text, "MathNet"), $"Training/{file} uses MathNet");
        }
    }

    /// <summary>Code that imports or names a namespace (prose in comments may mention it).</summary>
    private static bool Uses(string code, string @namespace) =>
        code.Contains($"using {@namespace}", StringComparison.Ordinal) || code.Contains($"using static {@namespace}", StringComparison.Ordinal)
        || code.Contains($"{@namespace}.", StringComparison.Ordinal) || code.Contains($"{@namespace};", StringComparison.Ordinal);
}
