using System.Text.Json.Nodes;
using NotebookKit.Runner.Notebooks;

namespace NotebookKit.Runner.Grading;

/// <summary>
/// Checks a chapter's student version while the full chapter runs, at no extra cost: the student
/// version is the full chapter, cell for cell, up to the first answer, so the engine runs that shared
/// part once; then, before the full chapter's first answer, it runs the student version's cells from
/// the stub up to the first check cell, which must stop with the stub's message. The session then
/// goes on with the full chapter (a failed cell leaves the session as it was; the real answer
/// replaces the stub). The outcome is saved as <c>metadata.notebookkit.studentVersion</c>.
/// </summary>
public sealed class StudentVersionCheck
{
    private StudentVersionCheck(string firstAnswerId, string checkCellId, string exercise, string chapter,
        IReadOnlyList<(int Number, string Id, string Code)> cells, string? mismatch)
    {
        FirstAnswerId = firstAnswerId;
        CheckCellId = checkCellId;
        Exercise = exercise;
        Chapter = chapter;
        Cells = cells;
        Mismatch = mismatch;
    }

    /// <summary>The full chapter's cell before which the student version's cells run.</summary>
    public string FirstAnswerId { get; }

    /// <summary>The check cell where the student version must stop.</summary>
    public string CheckCellId { get; }
    public string Exercise { get; }
    public string Chapter { get; }

    /// <summary>The student version's code cells from the stub to the check cell, with their numbers in the student version.</summary>
    public IReadOnlyList<(int Number, string Id, string Code)> Cells { get; }

    /// <summary>Set when the student version does not share the full chapter's cells before the first answer.</summary>
    public string? Mismatch { get; }

    /// <summary>The check for a chapter, or null when it has no exercise.</summary>
    public static StudentVersionCheck? For(NotebookDocument full)
    {
        var assignment = Assignment.FromNotebook(full);
        if (assignment.Checks.Count == 0) return null;
        var first = assignment.Cells.First(c => c.Role == CellRole.Solution && c.CellType == "code");
        var checkId = assignment.Checks[0].CellId;
        var student = ((JsonArray)assignment.StudentVersion()["cells"]!).OfType<JsonObject>()
            .Select((c, i) => (Number: i + 1, Id: c["id"]!.GetValue<string>(), Type: c["cell_type"]!.GetValue<string>(), Code: NotebookDocument.JoinText(c["source"])))
            .Where(c => c.Id != Assignment.SummaryCellId).ToList();
        var start = student.FindIndex(c => c.Id == first.Id);
        var end = student.FindIndex(c => c.Id == checkId);
        string? mismatch = null;
        var fullCells = full.AllCells.ToList();
        for (var i = 0; i < start; i++)
            if (fullCells[i].Source != student[i].Code || Assignment.CellId(fullCells[i]) != student[i].Id)
                mismatch ??= $"the student version's cell {student[i].Number} differs from the full chapter's cell {i + 1}, before the first answer";
        var cells = student.Skip(start).Take(end - start + 1).Where(c => c.Type == "code").Select(c => (c.Number, c.Id, c.Code)).ToList();
        return new StudentVersionCheck(first.Id, checkId, assignment.Checks[0].Exercise, assignment.Chapter, cells, mismatch);
    }

    /// <summary>The message the stub throws (what the check cell must stop with).</summary>
    public string ExpectedMessage => $"Exercise '{Exercise}' ({Chapter}): not written yet";

    public static JsonObject Outcome(bool ok, string? stoppedAt, string detail) => new()
    {
        ["ok"] = ok,
        ["stoppedAt"] = stoppedAt,
        ["detail"] = detail,
    };
}
