using System.Text;
using System.Text.Json.Nodes;
using NotebookKit.Runner.Notebooks;

namespace NotebookKit.Runner.Grading;

/// <summary>What a cell is in an assignment.</summary>
public enum CellRole
{
    /// <summary>Markdown the student may edit freely.</summary>
    Free,
    /// <summary>Code the grader restores from the source: the chapter's own code.</summary>
    Locked,
    /// <summary>The student's answer (code or a written answer).</summary>
    Solution,
    /// <summary>Checks worth points: visible ones, and hidden tests added back when grading.</summary>
    Tests,
}

/// <summary>One cell of the source notebook as the assignment sees it.</summary>
/// <param name="StudentSource">What the student version holds.</param>
/// <param name="HiddenSource">For a tests cell: the hidden tests, run after the visible checks when grading.</param>
public sealed record AssignedCell(string Id, string CellType, CellRole Role, string StudentSource, string? HiddenSource,
    double VisiblePoints, double HiddenPoints, string Exercise)
{
    public double Points => VisiblePoints + HiddenPoints;
}

/// <summary>Something worth points: the visible checks or the hidden tests of one tests cell.</summary>
/// <param name="Id">The cell id, with "-hidden" for the hidden tests: also the id of the cell that runs it when grading.</param>
public sealed record GradedCheck(string Id, string CellId, string Exercise, bool Hidden, double Points)
{
    public string Title => Hidden ? $"{Exercise}: hidden tests" : $"{Exercise}: visible checks";
}

/// <summary>
/// A chapter turned into an assignment: which cells are solutions, checks and locked code, how many
/// points each check is worth, and the student version. Built from the full notebook (the one with
/// solutions and hidden tests); the same source always gives the same assignment, so the grader
/// rebuilds it instead of storing a second copy.
/// </summary>
public sealed class Assignment
{
    public const string HiddenSuffix = "-hidden";
    public const string SummaryCellId = "assignment-points";

    private Assignment(NotebookDocument source, string chapter, IReadOnlyList<AssignedCell> cells)
    {
        Source = source;
        Chapter = chapter;
        Cells = cells;
        Checks = cells.Where(c => c.Role == CellRole.Tests)
            .SelectMany(c => c.HiddenSource is null
                ? new[] { new GradedCheck(c.Id, c.Id, c.Exercise, false, c.VisiblePoints) }
                : [new GradedCheck(c.Id, c.Id, c.Exercise, false, c.VisiblePoints), new GradedCheck(c.Id + HiddenSuffix, c.Id, c.Exercise, true, c.HiddenPoints)])
            .ToList();
    }

    public NotebookDocument Source { get; }

    /// <summary>The chapter's name: the source's file name without .ipynb, e.g. 01-perceptron.</summary>
    public string Chapter { get; }

    public IReadOnlyList<AssignedCell> Cells { get; }

    public IReadOnlyList<GradedCheck> Checks { get; }

    public double TotalPoints => Checks.Sum(c => c.Points);

    public string Title => Source.AllCells.FirstOrDefault(c => c.CellType == "markdown")?.Source.Split('\n')[0].TrimStart('#', ' ').Trim() ?? Chapter;

    /// <summary>Reads the markers of every cell; a misplaced or unclosed marker is an error naming the cell.</summary>
    public static Assignment FromNotebook(NotebookDocument source)
    {
        var chapter = Path.GetFileNameWithoutExtension(source.Path);
        var cells = new List<AssignedCell>();
        var exercise = "";
        foreach (var cell in source.AllCells)
        {
            var id = CellId(cell);
            Exception Error(string problem) => new AssignmentException($"{source.FileName}, cell {cell.Number} (id {id}): {problem}.");
            var text = cell.Source;
            if (cell.CellType == "markdown")
            {
                var heading = ExerciseMarkup.ExerciseHeading().Matches(text).LastOrDefault();
                if (heading is not null) exercise = heading.Groups["title"].Value;
            }
            if (cell.CellType != "code")
            {
                var written = ReplaceRegions(text, ExerciseMarkup.BeginWrittenSolution(), ExerciseMarkup.EndWrittenSolution(), _ => "_Write your answer here._", Error);
                cells.Add(new AssignedCell(id, cell.CellType, written == text ? CellRole.Free : CellRole.Solution, written, null, 0, 0, ExerciseName(exercise, cell)));
                continue;
            }
            var name = ExerciseName(exercise, cell);
            var stubbed = ReplaceRegions(text, ExerciseMarkup.BeginSolution(), ExerciseMarkup.EndSolution(), indent =>
                $"{indent}// YOUR CODE HERE\n{indent}throw new NotImplementedException(\"Exercise '{name.Replace("\"", "'")}' ({chapter}): not written yet. Replace this line with your code.\");", Error);
            var (visible, hidden, hiddenPoints) = SplitHidden(stubbed, Error);
            double? visiblePoints = null;
            foreach (var line in ExerciseMarkup.Lines(visible))
                if (ExerciseMarkup.VisiblePoints(line, Error) is { } points)
                {
                    if (visiblePoints is not null) throw Error("more than one '// Points:' line; a cell's visible checks have one value");
                    visiblePoints = points;
                }
            var isSolution = stubbed != text;
            if (isSolution && (visiblePoints is not null || hidden is not null))
                throw Error("a cell holds both a solution and checks worth points; put the checks in the next cell, so a student's mistake cannot delete them");
            if (hidden is not null && visiblePoints is null)
                throw Error("hidden tests need a '// Points: N' line for the cell's visible checks too (N may be 0)");
            var role = isSolution ? CellRole.Solution : visiblePoints is not null ? CellRole.Tests : CellRole.Locked;
            cells.Add(new AssignedCell(id, "code", role, visible, hidden, visiblePoints ?? 0, hiddenPoints, name));
        }
        var duplicate = cells.GroupBy(c => c.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new AssignmentException($"{source.FileName}: two cells share the id '{duplicate.Key}'; every cell needs its own id so a submission can be matched back.");
        return new Assignment(source, chapter, cells);
    }

    /// <summary>A cell's id as the assignment knows it (nbformat 4.5 id; cell-N for an old notebook without ids).</summary>
    public static string CellId(NotebookCell cell) => cell.Id is { Length: > 0 } id ? id : $"cell-{cell.Number}";

    private static string ExerciseName(string heading, NotebookCell cell) => heading.Length > 0 ? heading : $"cell {cell.Number}";

    /// <summary>Replaces each BEGIN…END region (marker lines included) with <paramref name="replacement"/>(indentation of BEGIN).</summary>
    private static string ReplaceRegions(string text, System.Text.RegularExpressions.Regex begin, System.Text.RegularExpressions.Regex end,
        Func<string, string> replacement, Func<string, Exception> error)
    {
        var lines = ExerciseMarkup.Lines(text);
        var output = new List<string>();
        string? openIndent = null;
        foreach (var line in lines)
        {
            if (begin.IsMatch(line))
            {
                if (openIndent is not null) throw error("a BEGIN SOLUTION inside another solution region");
                openIndent = line[..(line.Length - line.TrimStart().Length)];
                output.Add(replacement(openIndent));
            }
            else if (end.IsMatch(line))
            {
                if (openIndent is null) throw error("END SOLUTION without a BEGIN SOLUTION before it");
                openIndent = null;
            }
            else if (openIndent is null) output.Add(line);
        }
        if (openIndent is not null) throw error("BEGIN SOLUTION is never closed by END SOLUTION");
        return string.Join('\n', output);
    }

    /// <summary>Splits a cell at its hidden-test region, which must end the cell.</summary>
    private static (string Visible, string? Hidden, double Points) SplitHidden(string text, Func<string, Exception> error)
    {
        var lines = ExerciseMarkup.Lines(text);
        var start = Array.FindIndex(lines, l => ExerciseMarkup.BeginHidden().IsMatch(l));
        if (start < 0)
        {
            if (lines.Any(l => ExerciseMarkup.EndHidden().IsMatch(l))) throw error("END HIDDEN TESTS without a BEGIN HIDDEN TESTS before it");
            return (text, null, 0);
        }
        var points = ExerciseMarkup.HiddenTestPoints(lines[start], error)!.Value;
        var finish = Array.FindIndex(lines, start + 1, l => ExerciseMarkup.EndHidden().IsMatch(l));
        if (finish < 0) throw error("BEGIN HIDDEN TESTS is never closed by END HIDDEN TESTS");
        if (lines.Skip(finish + 1).Any(l => l.Trim().Length > 0))
            throw error("hidden tests must end the cell (move the code after END HIDDEN TESTS above BEGIN HIDDEN TESTS)");
        if (lines.Skip(start + 1).Any(l => ExerciseMarkup.BeginHidden().IsMatch(l))) throw error("a cell has one hidden-test region at most");
        var visible = string.Join('\n', lines[..start]).TrimEnd() + "\n";
        var hidden = string.Join('\n', lines[(start + 1)..finish]) + "\n";
        return (visible, hidden, points);
    }

    /// <summary>
    /// The student version: solutions replaced by stubs, hidden tests removed, outputs cleared, every
    /// cell marked with nbgrader's metadata (grade_id = the cell id), and a first cell listing the points.
    /// </summary>
    public JsonObject StudentVersion()
    {
        var root = (JsonObject)Source.Root.DeepClone();
        var metadata = root["metadata"] as JsonObject ?? (JsonObject)(root["metadata"] = new JsonObject());
        var kit = metadata["notebookkit"] as JsonObject ?? (JsonObject)(metadata["notebookkit"] = new JsonObject());
        kit.Remove("execution");
        kit["assignment"] = new JsonObject
        {
            ["chapter"] = Chapter,
            ["totalPoints"] = TotalPoints,
            ["checks"] = new JsonArray(Checks.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.Id, ["exercise"] = c.Exercise, ["hidden"] = c.Hidden, ["points"] = c.Points,
            }).ToArray()),
        };
        root["nbformat_minor"] = Math.Max(5, root["nbformat_minor"]?.GetValue<int>() ?? 5);
        var cells = (JsonArray)root["cells"]!;
        for (var i = 0; i < cells.Count; i++)
        {
            var json = (JsonObject)cells[i]!;
            var planned = Cells[i];
            json["id"] = planned.Id;
            json["source"] = NotebookDocument.SplitLines(planned.StudentSource);
            if (planned.CellType == "code")
            {
                json["outputs"] = new JsonArray();
                json["execution_count"] = null;
            }
            var cellMetadata = json["metadata"] as JsonObject ?? (JsonObject)(json["metadata"] = new JsonObject());
            cellMetadata["nbgrader"] = NbgraderMetadata(planned);
        }
        var summary = new JsonObject
        {
            ["cell_type"] = "markdown",
            ["id"] = SummaryCellId,
            ["metadata"] = new JsonObject(),
            ["source"] = NotebookDocument.SplitLines(SummaryText()),
        };
        if (Checks.Count > 0) cells.Insert(Math.Min(1, cells.Count), summary);
        return root;
    }

    /// <summary>nbgrader's cell metadata (schema 3): grade, grade_id, locked, points, solution, task.</summary>
    private static JsonObject NbgraderMetadata(AssignedCell cell)
    {
        var json = new JsonObject
        {
            ["grade"] = cell.Role == CellRole.Tests,
            ["grade_id"] = cell.Id,
            ["locked"] = cell.Role is CellRole.Locked or CellRole.Tests,
            ["schema_version"] = 3,
            ["solution"] = cell.Role == CellRole.Solution,
            ["task"] = false,
        };
        if (cell.Role == CellRole.Tests) json["points"] = cell.Points;
        return json;
    }

    private string SummaryText()
    {
        var text = new StringBuilder();
        text.Append($"> **Assignment: {ExerciseMarkup.Format(TotalPoints)} points.** Write your code where a cell says `// YOUR CODE HERE`; ");
        text.Append("the cells that check it (and hidden tests the grader adds) award the points. Cells other than your answers are restored from the original when your work is graded, so change them only to experiment.\n>\n");
        foreach (var exercise in Checks.GroupBy(c => c.Exercise))
        {
            var visible = exercise.Where(c => !c.Hidden).Sum(c => c.Points);
            var hidden = exercise.Where(c => c.Hidden).Sum(c => c.Points);
            text.Append($"> - {exercise.Key}: {ExerciseMarkup.Format(visible + hidden)} points ({ExerciseMarkup.Format(visible)} for the visible checks, {ExerciseMarkup.Format(hidden)} for hidden tests)\n");
        }
        return text.ToString().TrimEnd('\n') + "\n";
    }
}
