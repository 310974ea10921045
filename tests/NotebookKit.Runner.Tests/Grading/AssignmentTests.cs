using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NotebookKit.Runner.Grading;
using NotebookKit.Runner.Notebooks;
using NotebookKit.Runner.Tests.Notebooks;
using NotebookKit.Runner.Tests.Support;

namespace NotebookKit.Runner.Tests.Grading;

/// <summary>The student versions of every chapter: nothing of the answers leaks, every cell carries nbgrader's metadata, points add up.</summary>
public sealed class AssignmentTests
{
    public static TheoryData<string> NotebookNames() => NotebookChainTests.NotebookNames();

    private static Assignment Chapter(string name) => Assignment.FromNotebook(NotebookDocument.Load(Path.Combine(RepoRoot.Path, "notebooks", name)));

    /// <summary>Lines between two marker lines (markers excluded), or with <paramref name="outside"/> the lines not between them.</summary>
    private static IEnumerable<string> Regions(string source, string begin, string end, bool outside = false)
    {
        var inside = false;
        foreach (var line in source.Split('\n'))
        {
            if (Regex.IsMatch(line, $@"^\s*{begin}")) { inside = true; continue; }
            if (Regex.IsMatch(line, $@"^\s*{end}\s*$")) { inside = false; continue; }
            if (inside != outside) yield return line;
        }
    }

    [Theory]
    [MemberData(nameof(NotebookNames))]
    public void StudentVersion_HoldsNoSolutionAndNoHiddenTest(string name)
    {
        var assignment = Chapter(name);
        var student = assignment.StudentVersion();
        var studentText = string.Concat(student.Cells().Select(c => Outputs.Text(c!["source"]) + "\n"));
        var sources = assignment.Source.AllCells.Select(c => c.Source).ToList();
        // Every answer or hidden-test line long enough to be telling, and not also written outside those regions.
        var secret = sources.SelectMany(s => Regions(s, "// BEGIN SOLUTION", "// END SOLUTION").Concat(Regions(s, "// BEGIN HIDDEN TESTS", "// END HIDDEN TESTS")))
            .Select(l => l.Trim()).Where(l => l.Length >= 25).ToHashSet();
        var open = sources.Select(s => string.Join('\n', Regions(string.Join('\n', Regions(s, "// BEGIN SOLUTION", "// END SOLUTION", outside: true)), "// BEGIN HIDDEN TESTS", "// END HIDDEN TESTS", outside: true))).ToList();
        secret.RemoveWhere(line => open.Any(o => o.Contains(line, StringComparison.Ordinal)));
        if (assignment.Checks.Count > 0) Assert.NotEmpty(secret);
        foreach (var line in secret)
            Assert.False(studentText.Contains(line, StringComparison.Ordinal), $"{name}: the student version leaks \"{line}\"");
        foreach (var cell in student.Cells().Where(c => c!["cell_type"]!.GetValue<string>() == "code"))
        {
            var source = Outputs.Text(cell!["source"]);
            Assert.DoesNotMatch(@"//\s*(BEGIN|END) (SOLUTION|HIDDEN TESTS)", source);
            Assert.Empty((JsonArray)cell["outputs"]!);
            Assert.Null(cell["execution_count"]);
        }
        Assert.Null(student["metadata"]?["notebookkit"]?["execution"]);
    }

    [Theory]
    [MemberData(nameof(NotebookNames))]
    public void StudentVersion_MarksEveryCellForNbgrader_WithUniqueIds_AndPointsThatAddUp(string name)
    {
        var assignment = Chapter(name);
        var student = assignment.StudentVersion();
        var cells = student.Cells().OfType<JsonObject>().ToList();
        Assert.Equal(cells.Count, cells.Select(c => c["id"]!.GetValue<string>()).Distinct().Count());
        double graded = 0;
        foreach (var cell in cells.Where(c => c["id"]!.GetValue<string>() != Assignment.SummaryCellId))
        {
            var nbgrader = cell["metadata"]?["nbgrader"] as JsonObject;
            Assert.True(nbgrader is not null, $"{name}: cell {cell["id"]} has no nbgrader metadata");
            Assert.Equal(cell["id"]!.GetValue<string>(), nbgrader!["grade_id"]!.GetValue<string>());
            Assert.Equal(3, nbgrader["schema_version"]!.GetValue<int>());
            var isGraded = nbgrader["grade"]!.GetValue<bool>();
            var isSolution = nbgrader["solution"]!.GetValue<bool>();
            Assert.False(isGraded && isSolution, $"{name}: cell {cell["id"]} is both an answer and graded");
            if (isGraded)
            {
                graded += nbgrader["points"]!.GetValue<double>();
                Assert.True(nbgrader["locked"]!.GetValue<bool>());
            }
            if (isSolution) Assert.Contains("// YOUR CODE HERE", Outputs.Text(cell["source"]));
            if (cell["cell_type"]!.GetValue<string>() == "code" && !isSolution) Assert.True(nbgrader["locked"]!.GetValue<bool>(), $"{name}: code cell {cell["id"]} is not locked");
        }
        Assert.Equal(assignment.TotalPoints, graded);
        Assert.Equal(assignment.TotalPoints, student["metadata"]!["notebookkit"]!["assignment"]!["totalPoints"]!.GetValue<double>());
        if (name.StartsWith("18", StringComparison.Ordinal)) return;   // the glossary has no exercise
        Assert.True(assignment.Checks.Any(c => c.Hidden && c.Points > 0), $"{name} has no hidden tests worth points");
        Assert.True(assignment.Checks.All(c => c.Points > 0), $"{name}: a check worth 0 points");
        var summary = cells.Single(c => c["id"]!.GetValue<string>() == Assignment.SummaryCellId);
        Assert.Contains($"Assignment: {ExerciseMarkup.Format(assignment.TotalPoints)} points", Outputs.Text(summary["source"]));
    }

    private static Assignment FromCells(params (string Type, string Source)[] cells)
    {
        var notebook = new TestNotebook();
        foreach (var (type, source) in cells) _ = type == "code" ? notebook.Code(source) : notebook.Markdown(source);
        var folder = Directory.CreateTempSubdirectory("nk-assign-").FullName;
        try { return Assignment.FromNotebook(NotebookDocument.Load(notebook.WriteTo(folder, "07-sample.ipynb"))); }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public void PointsSyntax_IsRead_AndStubsNameTheExercise()
    {
        var assignment = FromCells(
            ("markdown", "### Exercise: double it\nWrite it."),
            ("code", "int Twice(int x)\n{\n    // BEGIN SOLUTION\n    return 2 * x;\n    // END SOLUTION\n}"),
            ("code", "// Points: 1.5\nCheck.Equal(4, Twice(2), \"twice 2\");\n// BEGIN HIDDEN TESTS (2.5 points)\nCheck.Equal(-6, Twice(-3), \"twice -3\");\n// END HIDDEN TESTS\n"),
            ("markdown", "<!-- BEGIN SOLUTION -->\nBecause.\n<!-- END SOLUTION -->"));
        Assert.Equal(4, assignment.TotalPoints);
        Assert.Equal([("test-3", 1.5, false), ("test-3-hidden", 2.5, true)], assignment.Checks.Select(c => (c.Id, c.Points, c.Hidden)));
        Assert.All(assignment.Checks, c => Assert.Equal("double it", c.Exercise));
        var stub = assignment.Cells[1].StudentSource;
        Assert.Contains("    throw new NotImplementedException(\"Exercise 'double it' (07-sample): not written yet.", stub);
        Assert.DoesNotContain("return 2 * x", stub);
        Assert.Equal("Check.Equal(-6, Twice(-3), \"twice -3\");\n", assignment.Cells[2].HiddenSource);
        Assert.Equal(CellRole.Solution, assignment.Cells[3].Role);
        Assert.Equal("_Write your answer here._", assignment.Cells[3].StudentSource);
    }

    [Theory]
    [InlineData("// Points: 1\nCheck.That(true, \"x\");\n// BEGIN HIDDEN TESTS\nCheck.That(true, \"y\");\n// END HIDDEN TESTS", "should say what the hidden tests are worth")]
    [InlineData("Check.That(true, \"x\");\n// BEGIN HIDDEN TESTS (2 points)\nCheck.That(true, \"y\");\n// END HIDDEN TESTS", "need a '// Points: N' line")]
    [InlineData("// Points: 1\n// BEGIN HIDDEN TESTS (2 points)\nCheck.That(true, \"y\");\n// END HIDDEN TESTS\nConsole.WriteLine(1);", "hidden tests must end the cell")]
    [InlineData("// Points: 1\n// BEGIN HIDDEN TESTS (2 points)\nCheck.That(true, \"y\");", "never closed")]
    [InlineData("// Points: two\nCheck.That(true, \"x\");", "should be '// Points: N'")]
    [InlineData("int F()\n{\n    // BEGIN SOLUTION\n    return 1;\n}", "never closed by END SOLUTION")]
    [InlineData("// Points: 1\nint F()\n{\n    // BEGIN SOLUTION\n    return 1;\n    // END SOLUTION\n}", "both a solution and checks")]
    public void MisplacedMarkers_AreErrorsNamingTheCellAndTheFix(string source, string expected)
    {
        var error = Assert.Throws<AssignmentException>(() => FromCells(("code", source)));
        Assert.Contains("07-sample.ipynb, cell 1 (id test-1)", error.Message);
        Assert.Contains(expected, error.Message);
    }
}
