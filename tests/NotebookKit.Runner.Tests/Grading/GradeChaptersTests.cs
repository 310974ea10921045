using System.Text.Json.Nodes;
using NotebookKit.Runner.Tests.Support;

namespace NotebookKit.Runner.Tests.Grading;

/// <summary>
/// The grader on two more chapters (backpropagation on MathNet, the RNN): full marks and the first
/// exercise only get their points; one grade command per chapter.
/// </summary>
public sealed class GradeChaptersTests : IClassFixture<GradeChaptersTests.Graded>
{
    public static readonly string[] Chapters = ["03-backpropagation.ipynb", "06-rnn.ipynb"];

    public sealed class Graded : IDisposable
    {
        public TempFolder Folder { get; } = new();
        public Dictionary<string, (EngineResult Result, JsonObject Book, double Max, double First)> ByChapter { get; } = [];

        public Graded()
        {
            foreach (var chapter in Chapters)
            {
                var maker = new Submissions(chapter);
                var submitted = Folder.Sub(chapter + "-submitted");
                var first = maker.AnswerIds[0];
                Submissions.Save(maker.Answered(), submitted, "full.ipynb");
                var stubs = maker.Unanswered().Cells().OfType<JsonObject>().ToDictionary(c => c["id"]!.GetValue<string>(), c => Outputs.Text(c["source"]));
                var firstOnly = maker.Answered(id => id == first ? null : stubs[id]);
                Submissions.Save(firstOnly, submitted, "first-only.ipynb");
                var outDir = Path.Combine(Folder.Path, chapter + "-graded");
                var result = Support.Engine.Invoke(outDir, ["grade", submitted, "--source", Path.Combine(RepoRoot.Path, "notebooks", chapter), "--out", outDir, "--quick", "--cell-timeout", "60", "--jobs", "2"]);
                var book = File.Exists(Path.Combine(outDir, "gradebook.json")) ? (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "gradebook.json")))! : new JsonObject();
                var firstPoints = maker.Assignment.Checks.Where(c => c.Exercise == maker.Assignment.Cells.Single(x => x.Id == first).Exercise).Sum(c => c.Points);
                ByChapter[chapter] = (result, book, maker.Assignment.TotalPoints, firstPoints);
            }
        }

        public void Dispose() => Folder.Dispose();
    }

    private readonly Graded graded;

    public GradeChaptersTests(Graded graded) => this.graded = graded;

    public static TheoryData<string> ChapterNames() => new(Chapters);

    [Theory]
    [MemberData(nameof(ChapterNames))]
    public void FullMarksAndTheFirstExerciseOnly_GetTheirPoints(string chapter)
    {
        var (result, book, max, first) = graded.ByChapter[chapter];
        Assert.True(result.ExitCode == 0, result.All);
        double Score(string student) => ((JsonArray)book["submissions"]!).OfType<JsonObject>().Single(s => s["student"]!.GetValue<string>() == student)["score"]!.GetValue<double>();
        Assert.Equal(6, max);
        Assert.Equal(max, Score("full"));
        Assert.Equal(first, Score("first-only"));
        Assert.Equal(3, first);
    }
}
