using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NotebookKit.Runner.Tests.Support;

namespace NotebookKit.Runner.Tests.Notebooks;

/// <summary>The committed notebooks follow the kit's pattern (notebooks/README.md).</summary>
public sealed class NotebookSourceTests
{
    public static TheoryData<string> NotebookNames() => NotebookChainTests.NotebookNames();

    private static JsonObject Load(string name) =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "notebooks", name)))!;

    private static IEnumerable<(string Type, string Source)> Cells(JsonObject notebook) =>
        notebook.Cells().Select(c => (c!["cell_type"]!.GetValue<string>(), Outputs.Text(c["source"])));

    [Theory]
    [MemberData(nameof(NotebookNames))]
    public void Notebook_IsPolyglotCSharp_45_WithoutCommittedOutputs(string name)
    {
        var notebook = Load(name);
        Assert.Equal(4, notebook["nbformat"]!.GetValue<int>());
        Assert.Equal(5, notebook["nbformat_minor"]!.GetValue<int>());
        Assert.Equal(".net-csharp", notebook["metadata"]!["kernelspec"]!["name"]!.GetValue<string>());
        Assert.Equal("csharp", notebook["metadata"]!["polyglot_notebook"]!["kernelInfo"]!["defaultKernelName"]!.GetValue<string>());
        foreach (var cell in notebook.Cells().Where(c => c!["cell_type"]!.GetValue<string>() == "code"))
        {
            Assert.Empty(cell!["outputs"]!.AsArray());
            Assert.Equal("csharp", cell["metadata"]!["polyglot_notebook"]!["kernelName"]!.GetValue<string>());
        }
        var (valid, output) = Tools.ValidateNotebook(Path.Combine(RepoRoot.Path, "notebooks", name));
        Assert.True(valid, output);
    }

    [Theory]
    [MemberData(nameof(NotebookNames))]
    public void Notebook_StartsWithTitleAndBudget_ThenTheSetupCell(string name)
    {
        var cells = Cells(Load(name)).ToList();
        Assert.StartsWith("# ", cells[0].Source);
        Assert.Matches(@"\*\*Time budget:\*\* .*2-core", string.Join("\n", cells.Where(c => c.Type == "markdown").Take(3).Select(c => c.Source)));
        var setup = cells.First(c => c.Type == "code").Source;
        // Everything is loaded from the kit's build output (natives for this machine only, no download at lesson time).
        var references = Regex.Matches(setup, "^#r \"([^\"]+)\"", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(["TorchSharp.dll", "MathNet.Numerics.dll", "NotebookKit.dll"], references.Select(Path.GetFileName));
        foreach (var reference in references)
        {
            Assert.StartsWith("../lib/NotebookKit/bin/Debug/net10.0/", reference);
            var file = Path.GetFullPath(Path.Combine(RepoRoot.Path, "notebooks", reference));
            Assert.True(File.Exists(file), $"{name}: the setup cell references {reference}, which a build of the kit does not produce ({file})");
        }
        Assert.Contains("Kit.Setup()", setup);
    }

    [Theory]
    [MemberData(nameof(NotebookNames))]
    public void Notebook_PointsToTheLibraryFilesThatImplementIt(string name)
    {
        var line = Cells(Load(name)).Where(c => c.Type == "markdown").Select(c => c.Source)
            .SelectMany(s => s.Split('\n')).SingleOrDefault(l => l.StartsWith("**Read the code:**", StringComparison.Ordinal));
        Assert.True(line is not null, $"{name} has no '**Read the code:**' line naming the library files it teaches");
        var paths = Regex.Matches(line!, "`([^`]+)`").Select(m => m.Groups[1].Value).ToArray();
        Assert.NotEmpty(paths);
        foreach (var path in paths)
            Assert.True(File.Exists(Path.Combine(RepoRoot.Path, path)), $"{name}: 'read the code' names {path}, which does not exist");
    }

    [Theory]
    [MemberData(nameof(NotebookNames))]
    public void Notebook_RestoresNoPackage(string name)
    {
        // A #r "nuget: TorchSharp-cpu" would download libtorch for every operating system (~620 MB) on first open.
        var nuget = Cells(Load(name)).Where(c => c.Type == "code" && c.Source.Contains("#r \"nuget:", StringComparison.Ordinal)).ToList();
        Assert.True(nuget.Count == 0, $"{name} restores packages: {string.Join(" | ", nuget.Select(c => c.Source.Split('\n')[0]))}");
    }

    [Theory]
    [MemberData(nameof(NotebookNames))]
    public void SolutionAndHiddenTestMarkers_AreBalanced(string name)
    {
        foreach (var (_, source) in Cells(Load(name)))
        {
            foreach (var kind in new[] { "SOLUTION", "HIDDEN TESTS" })
            {
                var marks = Regex.Matches(source, $@"// (BEGIN|END) {kind}\b").Select(m => m.Groups[1].Value).ToList();
                for (var i = 0; i < marks.Count; i++) Assert.Equal(i % 2 == 0 ? "BEGIN" : "END", marks[i]);
                Assert.True(marks.Count % 2 == 0, $"{name}: an unclosed // BEGIN {kind}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(NotebookNames))]
    public void Notebook_StatesItsStudyTime_NextToItsBudget(string name)
    {
        var opening = string.Join("\n", Cells(Load(name)).Where(c => c.Type == "markdown").Take(3).Select(c => c.Source));
        Assert.Matches(@"\*\*Study time:\*\* about \S+ (minutes|hours?)", opening);
    }

    public static TheoryData<string> PartsZeroToTwo()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(RepoRoot.Path, "notebooks"), "*.ipynb").Order(StringComparer.Ordinal))
            if (string.CompareOrdinal(Path.GetFileName(path), "10") < 0) data.Add(Path.GetFileName(path));
        return data;
    }

    /// <summary>
    /// Chapters 00–09 ask the learner to do things: a drawn diagram, a question with an answer to
    /// reveal, a prediction to write before running, an exercise whose hidden tests use inputs the
    /// visible checks do not.
    /// </summary>
    [Theory]
    [MemberData(nameof(PartsZeroToTwo))]
    public void Chapter_HasADiagram_AQuestion_APrediction_AndAnExerciseWithHiddenTests(string name)
    {
        var cells = Cells(Load(name)).ToList();
        var code = cells.Where(c => c.Type == "code").Select(c => c.Source).ToList();
        var markdown = cells.Where(c => c.Type == "markdown").Select(c => c.Source).ToList();
        Assert.True(code.Any(c => c.TrimStart().StartsWith("Diagram.", StringComparison.Ordinal)), $"{name} draws no diagram (a cell ending in Diagram.…)");
        Assert.True(markdown.Any(m => m.Contains("<details><summary>", StringComparison.Ordinal) && m.Contains("</details>", StringComparison.Ordinal)), $"{name} has no question or break-it with an answer to reveal");
        Assert.True(code.Any(c => c.Contains("var prediction = \"write your prediction here\";", StringComparison.Ordinal)), $"{name} has no predict-then-run cell");
        Assert.True(code.Any(c => c.Contains("// BEGIN SOLUTION", StringComparison.Ordinal)), $"{name} has no exercise");
        Assert.True(code.Any(c => c.Contains("// BEGIN HIDDEN TESTS", StringComparison.Ordinal)), $"{name} has no hidden tests");
        // Hidden tests sit in the check cell right after the exercise, never inside the solution cell itself.
        Assert.DoesNotContain(code, c => c.Contains("// BEGIN SOLUTION", StringComparison.Ordinal) && c.Contains("// BEGIN HIDDEN TESTS", StringComparison.Ordinal));
    }

    [Fact]
    public void Perceptron_HasAnExerciseWithASolutionRegion()
    {
        Assert.Contains(Cells(Load("01-perceptron.ipynb")), c => c.Source.Contains("// BEGIN SOLUTION") && c.Source.Contains("// END SOLUTION"));
    }
}
