using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NotebookKit.Runner.Engine;
using NotebookKit.Runner.Notebooks;

namespace NotebookKit.Runner.Grading;

/// <summary>How one check went.</summary>
public enum CheckOutcome { Passed, Failed, Stopped, NotRun, Deleted }

/// <summary>One check's result: the points it earned, why, and what its cell printed.</summary>
public sealed record CheckResult(GradedCheck Check, CheckOutcome Outcome, double Awarded, string Message, string Output);

/// <summary>A submission's grade: per check, with the grader's notes; or why the file could not be graded.</summary>
public sealed class SubmissionGrade
{
    public required string Student { get; init; }
    public required string File { get; init; }
    public required Assignment Assignment { get; init; }
    public IReadOnlyList<CheckResult> Checks { get; init; } = [];
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Why the file could not be graded (not JSON, not a notebook, another chapter); null when it was.</summary>
    public string? Invalid { get; init; }
    public bool Sandboxed { get; init; }
    public double Seconds { get; init; }

    public double Score => Checks.Sum(c => c.Awarded);
    public double MaxScore => Assignment.TotalPoints;

    /// <summary>Grades one submission file: never throws for anything the file holds.</summary>
    public static SubmissionGrade Grade(string student, string file, Assignment assignment, string workFolder, GradingLimits limits)
    {
        JsonObject submission;
        try
        {
            var root = JsonNode.Parse(System.IO.File.ReadAllText(file)) as JsonObject ?? throw new SubmissionException("not a notebook: the JSON is not an object with a \"cells\" array");
            if (root["cells"] is not JsonArray cells || cells.Any(c => c is not JsonObject))
                throw new SubmissionException("not a notebook: expected a JSON object with a \"cells\" array of cells");
            submission = root;
        }
        catch (JsonException e)
        {
            return Rejected($"not a notebook: the file is not valid JSON ({e.Message.Split('\n')[0]})");
        }
        catch (SubmissionException e)
        {
            return Rejected(e.Message);
        }
        catch (IOException e)
        {
            return Rejected($"could not be read: {e.Message}");
        }

        GradingNotebook plan;
        try
        {
            plan = GradingNotebook.Build(assignment, submission);
        }
        catch (SubmissionException e)
        {
            return Rejected(e.Message);
        }
        var run = SubmissionRun.Execute(plan.Root, workFolder, limits);
        var executed = ((JsonArray)run.Executed["cells"]!).OfType<JsonObject>()
            .Where(c => c["id"] is not null).GroupBy(c => c["id"]!.GetValue<string>()).ToDictionary(g => g.Key, g => g.First());
        var results = assignment.Checks.Select(check => Judge(check, plan, executed, run))
            .Select(r => r with { Message = plan.Relabel(r.Message) }).ToList();
        // An answer that does not compile or throws is why its checks fail: say so first.
        var answerErrors = assignment.Cells.Where(c => c.Role == CellRole.Solution && c.CellType == "code")
            .Select(c => (Cell: c, Error: executed.TryGetValue(c.Id, out var cell) ? FirstError(cell) : null))
            .Where(a => a.Error is not null)
            .Select(a => plan.Relabel($"Your answer to '{a.Cell.Exercise}' failed: {ErrorMessage(a.Error!)}"));
        var notes = answerErrors.Concat(plan.Notes).Concat(run.EngineProblem is { } problem ? [$"The grader could not run this submission: {problem}"] : Array.Empty<string>())
            .Concat(run.Stopped.Where(s => !assignment.Checks.Any(c => c.Id == s.Key)).Select(s => $"{plan.Label(s.Key)}: {s.Value}.")).ToList();
        return new SubmissionGrade
        {
            Student = student, File = file, Assignment = assignment, Checks = results, Notes = notes,
            Sandboxed = run.Sandboxed, Seconds = run.Seconds,
        };

        SubmissionGrade Rejected(string why) => new() { Student = student, File = file, Assignment = assignment, Invalid = why };
    }

    private static CheckResult Judge(GradedCheck check, GradingNotebook plan, IReadOnlyDictionary<string, JsonObject> executed, SubmissionRun run)
    {
        if (plan.DeletedChecks.Contains(check.Id))
            return new CheckResult(check, CheckOutcome.Deleted, 0, "The cell with these checks was deleted from the submission.", "");
        if (!executed.TryGetValue(check.Id, out var cell))
            return new CheckResult(check, CheckOutcome.NotRun, 0, "This cell was not run.", "");
        var output = StreamText(cell);
        if (run.Stopped.TryGetValue(check.Id, out var reason))
            return new CheckResult(check, CheckOutcome.Stopped, 0, reason + ".", output);
        var error = FirstError(cell);
        if (error is not null)
            return new CheckResult(check, CheckOutcome.Failed, 0, ErrorMessage(error), output);
        if (cell["execution_count"] is null || GradingMode.WasSkipped(cell))
            return new CheckResult(check, CheckOutcome.NotRun, 0, "This cell was not run (the submission stopped before it).", output);
        return new CheckResult(check, CheckOutcome.Passed, check.Points, "", output);
    }

    private static JsonObject? FirstError(JsonObject cell) =>
        (cell["outputs"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(o => o["output_type"]?.GetValue<string>() == "error");

    private static string ErrorMessage(JsonObject error)
    {
        var value = error["evalue"]?.GetValue<string>() ?? "";
        var traceback = (error["traceback"] as JsonArray)?.Select(t => t?.GetValue<string>() ?? "").Skip(1).Take(6).Where(t => t.StartsWith("Cell ", StringComparison.Ordinal)).ToList() ?? [];
        var name = error["ename"]?.GetValue<string>() ?? "Error";
        var text = name == "CompilationError" ? string.Join("\n", traceback.Prepend(value).Distinct()) : value;
        return $"{ShortName(name)}: {text}";
    }

    private static string ShortName(string name) => name.Split('.')[^1];

    /// <summary>The console text of a cell (stdout and stderr, in order).</summary>
    private static string StreamText(JsonObject cell)
    {
        var text = new StringBuilder();
        foreach (var output in (cell["outputs"] as JsonArray)?.OfType<JsonObject>() ?? [])
            if (output["output_type"]?.GetValue<string>() == "stream")
                text.Append(NotebookDocument.JoinText(output["text"]));
        const int limit = 4000;
        return text.Length <= limit ? text.ToString() : text.ToString(0, limit) + $"\n[… {text.Length - limit:N0} more characters]";
    }
}
