using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using NotebookKit.Runner.Grading;
using NotebookKit.Runner.Tests.Support;

namespace NotebookKit.Runner.Tests.Grading;

/// <summary>
/// One class of chapter 01 submissions, graded by the engine's grade command as an instructor runs
/// it: full marks, partial marks, every way a submission can go wrong, and files that are not
/// submissions at all. Each is graded as the course would expect, and the gradebook lists them all.
/// </summary>
public sealed class GradeTests : IClassFixture<GradeTests.ClassGraded>
{
    public const string Chapter = "01-perceptron.ipynb";

    public sealed class ClassGraded : IDisposable
    {
        public TempFolder Folder { get; } = new();
        public Submissions Maker { get; } = new(Chapter);
        public string Out { get; }
        public string SubmissionsFolder { get; }
        public EngineResult Result { get; }
        public JsonObject Book { get; }

        public ClassGraded()
        {
            SubmissionsFolder = Folder.Sub("submitted");
            Out = Path.Combine(Folder.Path, "graded");
            var step = Maker.AnswerIds[0];      // PerceptronStep
            var loop = Maker.AnswerIds[1];      // TrainPerceptron
            const string signature = "(double[] Weights, double Bias, int Epochs) TrainPerceptron(Dataset2D data, int maxEpochs, double learningRate)";
            string Loop(string body) => $"{signature}\n{{\n{body}\n}}\n";
            void Save(string student, JsonObject notebook) => Submissions.Save(notebook, SubmissionsFolder, student + ".ipynb");

            Save("full", Maker.Answered());
            var ignoresRate = Maker.ModelAnswer(loop).Replace("data.Labels[i], learningRate)", "data.Labels[i], 1.0)", StringComparison.Ordinal);
            Assert.NotEqual(Maker.ModelAnswer(loop), ignoresRate);
            Save("partial", Maker.Answered(id => id == loop ? ignoresRate : null));
            Save("compile-error", Maker.Answered(id => id == loop ? Loop("    return (new double[2], 0.0, maxEpochs) +;") : null));
            Save("throws", Maker.Answered(id => id == loop ? Loop("    throw new InvalidOperationException(\"I gave up on the loop\");") : null));
            Save("loops-forever", Maker.Answered(id => id == loop ? Loop("    while (true) { }") : null));
            Save("memory-hog", Maker.Answered(id => id == loop ? Loop("    var hoard = new List<byte[]>();\n    while (true) hoard.Add(new byte[1 << 24]);") : null));
            var probe = $$"""
                string Probe(Func<string> read) { try { return "GOT " + read()[..Math.Min(300, read().Length)]; } catch (Exception e) { return "nothing (" + e.GetType().Name + ")"; } }
                var probed = false;
                """;
            Save("thief", Maker.Answered(id => id == step
                ? probe + "\n" + Maker.ModelAnswer(step).Replace("\n{\n", $$"""

                    {
                        if (!probed)
                        {
                            probed = true;
                            Console.WriteLine("answer key: " + Probe(() => System.IO.File.ReadAllText(@"{{Maker.Source}}")));
                            Console.WriteLine("classmates: " + Probe(() => string.Join(", ", System.IO.Directory.GetFiles(@"{{SubmissionsFolder}}"))));
                            for (var i = 0; i < 300_000; i++) Console.WriteLine($"chatter {i}");      // and a flood of output
                        }

                    """)
                : null));
            var locked = Maker.Assignment.Cells.First(c => c.Role == CellRole.Locked && c.StudentSource.Contains("Synthetic2D.Blobs", StringComparison.Ordinal));
            var edited = Maker.Answered();
            Submissions.Edit(edited, locked.Id, _ => "var blobs = (Dataset2D)null!; // I changed the data");
            Submissions.Edit(edited, Maker.Assignment.Checks[0].CellId, _ => "// Points: 1\nConsole.WriteLine(\"trust me, it works\");");
            Save("edited-locked", edited);
            Save("deleted-checks", Submissions.Delete(Maker.Answered(), Maker.Assignment.Checks[2].CellId));
            var helper = Maker.Answered(id => id == step ? Maker.ModelAnswer(step).Replace("weights[0] * x1 + weights[1] * x2 + bias > 0 ? 1 : 0", "Predict(weights, bias, x1, x2)") : null);
            Assert.Contains("Predict(weights", Outputs.Text(helper.Cells().OfType<JsonObject>().Single(c => c["id"]!.GetValue<string>() == step)["source"]));
            var cells = Maker.Assignment.Cells.ToList();
            var beforeStep = cells.Take(cells.FindIndex(c => c.Id == step)).Last(c => c.CellType == "markdown").Id;
            Submissions.AddAfter(helper, beforeStep,
                "int Predict(double[] w, double b, double x1, double x2) => w[0] * x1 + w[1] * x2 + b > 0 ? 1 : 0;");
            Save("reordered-with-helper", Submissions.MoveToEnd(helper, loop));
            Save("unanswered", Maker.Unanswered());
            File.WriteAllText(Path.Combine(SubmissionsFolder, "not-json.ipynb"), "I could not get the notebook to open, so here is my answer in words.");
            File.WriteAllText(Path.Combine(SubmissionsFolder, "not-a-notebook.ipynb"), "{\"answer\": 42}");
            Save("wrong-chapter", new Submissions("02-activations-and-mlp.ipynb").Answered());

            Result = Support.Engine.Invoke(Out, ["grade", SubmissionsFolder, "--source", "01", "--out", Out, "--quick", "--cell-timeout", "15", "--memory-mb", "1500", "--jobs", "2"],
                limit: TimeSpan.FromMinutes(15));
            Book = File.Exists(Path.Combine(Out, "gradebook.json")) ? (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(Out, "gradebook.json")))! : new JsonObject();
        }

        public JsonObject Student(string name) =>
            ((JsonArray)Book["submissions"]!).OfType<JsonObject>().Single(s => s["student"]!.GetValue<string>() == name);

        public string Feedback(string name) => File.ReadAllText(Path.Combine(Out, "feedback", name + ".md"));

        public void Dispose() => Folder.Dispose();
    }

    private readonly ClassGraded graded;

    public GradeTests(ClassGraded graded) => this.graded = graded;

    private double Score(string student) => graded.Student(student)["score"]!.GetValue<double>();

    private string Outcome(string student, int check) =>
        ((JsonArray)graded.Student(student)["checks"]!)[check]!["outcome"]!.GetValue<string>();

    [Fact]
    public void TheGrader_Finishes_AndListsEverySubmission()
    {
        Assert.True(graded.Result.ExitCode == 0, graded.Result.All);
        Assert.Equal(14, ((JsonArray)graded.Book["submissions"]!).Count);
        Assert.Contains("graded 14 submissions of 01-perceptron", graded.Result.Stdout);
        Assert.Equal(6, graded.Book["maxScore"]!.GetValue<double>());
    }

    [Theory]
    [InlineData("full", 6)]
    [InlineData("partial", 4)]               // the loop passes the hand-worked checks at η = 1 but not the hidden ones at η = 0.3
    [InlineData("compile-error", 3)]
    [InlineData("throws", 3)]
    [InlineData("loops-forever", 3)]
    [InlineData("memory-hog", 3)]
    [InlineData("thief", 6)]
    [InlineData("edited-locked", 6)]
    [InlineData("deleted-checks", 3)]
    [InlineData("reordered-with-helper", 6)]
    [InlineData("unanswered", 0)]
    public void EachSubmission_EarnsThePointsOfWhatItGotRight(string student, double expected)
    {
        Assert.True(expected == Score(student), $"{student}: {graded.Feedback(student)}");
        Assert.Equal("graded", graded.Student(student)["status"]!.GetValue<string>());
    }

    [Fact]
    public void Failures_AreReportedWithTheirCause()
    {
        Assert.Equal("failed", Outcome("partial", 3));
        Assert.Contains("on hidden data", graded.Feedback("partial"));
        Assert.Contains("error CS1525", graded.Feedback("compile-error"));
        Assert.Contains("I gave up on the loop", graded.Feedback("throws"));
        Assert.Equal("stopped", Outcome("loops-forever", 2));
        Assert.Contains("Still running after the limit of 15 s per cell", graded.Feedback("loops-forever"));
        Assert.Equal("stopped", Outcome("memory-hog", 2));
        Assert.Contains("memory", graded.Feedback("memory-hog"));
        Assert.Contains("not written yet", graded.Feedback("unanswered"));
        // Messages name cells by their role, not by the grader's cell numbers.
        Assert.Contains("The checks of 'the whole training loop'", graded.Feedback("throws"));
    }

    [Fact]
    public void EnormousOutput_IsCut_AndCostsNothing()
    {
        var feedback = graded.Feedback("thief");
        Assert.Contains("chatter 0", feedback);
        Assert.DoesNotContain("chatter 299999", feedback);
        Assert.Contains("more characters", feedback);
        Assert.True(feedback.Length < 60_000, $"feedback of {feedback.Length} characters");
    }

    [Fact]
    public void ChangedLockedCells_AreRestoredAndReported_DeletedChecksCostTheirPoints()
    {
        var edited = graded.Feedback("edited-locked");
        Assert.Contains("(the chapter's own code) was changed; the original was restored", edited);
        Assert.Contains("The checks of 'one update' were changed; the original checks were restored", edited);
        Assert.DoesNotContain("trust me", edited);
        Assert.Equal("deleted", Outcome("deleted-checks", 2));
        Assert.Equal("deleted", Outcome("deleted-checks", 3));
        Assert.Contains("The checks of 'the whole training loop' were deleted: their 3 points are lost.", graded.Feedback("deleted-checks"));
        Assert.Contains("A code cell you added after", graded.Feedback("reordered-with-helper"));
    }

    [Fact]
    public void FilesThatAreNotSubmissions_GetAClearLine()
    {
        Assert.Contains("not valid JSON", graded.Student("not-json")["invalid"]!.GetValue<string>());
        Assert.Contains("not a notebook", graded.Student("not-a-notebook")["invalid"]!.GetValue<string>());
        Assert.Contains("wrong chapter: this is a submission of 02-activations-and-mlp", graded.Student("wrong-chapter")["invalid"]!.GetValue<string>());
        foreach (var name in new[] { "not-json", "not-a-notebook", "wrong-chapter" })
        {
            Assert.Equal("invalid", graded.Student(name)["status"]!.GetValue<string>());
            Assert.Equal(0, Score(name));
            Assert.Contains("Not graded", graded.Feedback(name));
        }
    }

    [Fact]
    public void ASubmission_CannotReadTheAnswerKey_OrItsClassmates()
    {
        Assert.True(graded.Book["sandboxed"]!.GetValue<bool>(), "grading ran without the bubblewrap sandbox: " + graded.Result.Stderr);
        var feedback = graded.Feedback("thief");
        Assert.Contains("answer key: nothing (", feedback);
        Assert.Contains("classmates: nothing (", feedback);
        Assert.DoesNotContain("GOT", feedback);
        Assert.DoesNotContain("BEGIN SOLUTION", feedback);
    }

    [Fact]
    public void HiddenTests_NeverReachTheFeedbackOrTheDisk()
    {
        var hidden = graded.Maker.Assignment.Cells.Where(c => c.HiddenSource is not null).SelectMany(c => c.HiddenSource!.Split('\n')).Select(l => l.Trim()).Where(l => l.Length > 30).ToList();
        Assert.NotEmpty(hidden);
        foreach (var file in Directory.GetFiles(graded.Out, "*", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            foreach (var line in hidden) Assert.False(text.Contains(line, StringComparison.Ordinal), $"{file} shows a line of the hidden tests: {line}");
        }
    }

    [Fact]
    public void Gradebooks_InCsvAndJUnit_AgreeWithTheJson()
    {
        var csv = File.ReadAllLines(Path.Combine(graded.Out, "gradebook.csv"));
        Assert.Equal("student,file,status,score,max_score,12-cs,12-cs-hidden,23-cs,23-cs-hidden,notes", csv[0]);
        Assert.Equal(15, csv.Length);
        Assert.StartsWith("partial,partial.ipynb,graded,4,6,1,2,1,0,", csv.Single(l => l.StartsWith("partial,", StringComparison.Ordinal)));
        var junit = XDocument.Load(Path.Combine(graded.Out, "junit.xml")).Root!;
        var suites = junit.Elements("testsuite").ToList();
        Assert.Equal(14, suites.Count);
        var partial = suites.Single(s => s.Attribute("name")!.Value == "01-perceptron.partial");
        Assert.Equal("1", partial.Attribute("failures")!.Value);
        Assert.Equal("4", partial.Descendants("property").Single(p => p.Attribute("name")!.Value == "score").Attribute("value")!.Value);
        var total = ((JsonArray)graded.Book["submissions"]!).Sum(s => s!["score"]!.GetValue<double>());
        Assert.Equal(total, suites.Sum(s => double.Parse(s.Descendants("property").Single(p => p.Attribute("name")!.Value == "score").Attribute("value")!.Value, CultureInfo.InvariantCulture)));
        foreach (var student in ((JsonArray)graded.Book["submissions"]!).Select(s => s!["student"]!.GetValue<string>()))
        {
            Assert.True(File.Exists(Path.Combine(graded.Out, "feedback", student + ".md")), student);
            Assert.Contains("<table>", File.ReadAllText(Path.Combine(graded.Out, "feedback", student + ".html")) + (graded.Student(student)["invalid"] is null ? "" : "<table>"));
        }
    }
}
