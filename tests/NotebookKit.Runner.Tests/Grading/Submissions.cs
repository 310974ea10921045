using System.Text.Json.Nodes;
using NotebookKit.Runner.Grading;
using NotebookKit.Runner.Notebooks;
using NotebookKit.Runner.Tests.Support;

namespace NotebookKit.Runner.Tests.Grading;

/// <summary>Makes submissions as students would: the student version of a chapter with answers typed in, cells edited, added, moved or deleted.</summary>
public sealed class Submissions
{
    private readonly JsonObject student;

    public Submissions(string chapter)
    {
        Source = Path.Combine(RepoRoot.Path, "notebooks", chapter);
        Assignment = Assignment.FromNotebook(NotebookDocument.Load(Source));
        student = Assignment.StudentVersion();
    }

    public string Source { get; }
    public Assignment Assignment { get; }

    /// <summary>The ids of the answer cells, in order.</summary>
    public IReadOnlyList<string> AnswerIds => Assignment.Cells.Where(c => c.Role == CellRole.Solution && c.CellType == "code").Select(c => c.Id).ToList();

    /// <summary>The model answer of an answer cell (the source's cell with its markers removed).</summary>
    public string ModelAnswer(string id) => string.Join('\n', Assignment.Source.AllCells.Single(c => Assignment.CellId(c) == id).Source.Split('\n')
        .Where(l => !l.Contains("// BEGIN SOLUTION", StringComparison.Ordinal) && !l.Contains("// END SOLUTION", StringComparison.Ordinal)));

    /// <summary>The student version with every answer cell filled in by <paramref name="answer"/> (id → code; null: the model answer).</summary>
    public JsonObject Answered(Func<string, string?>? answer = null)
    {
        var copy = (JsonObject)student.DeepClone();
        foreach (var cell in copy.Cells().OfType<JsonObject>())
        {
            var id = cell["id"]!.GetValue<string>();
            if (!AnswerIds.Contains(id)) continue;
            cell["source"] = NotebookDocument.SplitLines(answer?.Invoke(id) ?? ModelAnswer(id));
        }
        return copy;
    }

    public JsonObject Unanswered() => (JsonObject)student.DeepClone();

    public static JsonObject Edit(JsonObject notebook, string id, Func<string, string> change)
    {
        var cell = notebook.Cells().OfType<JsonObject>().Single(c => c["id"]!.GetValue<string>() == id);
        cell["source"] = NotebookDocument.SplitLines(change(Outputs.Text(cell["source"])));
        return notebook;
    }

    public static JsonObject Delete(JsonObject notebook, string id)
    {
        var cells = notebook.Cells();
        cells.Remove(cells.OfType<JsonObject>().Single(c => c["id"]!.GetValue<string>() == id));
        return notebook;
    }

    /// <summary>Inserts a new code cell (a fresh id, no nbgrader metadata, as an editor adds it) after the cell <paramref name="afterId"/>.</summary>
    public static JsonObject AddAfter(JsonObject notebook, string afterId, string code)
    {
        var cells = notebook.Cells();
        var index = cells.IndexOf(cells.OfType<JsonObject>().Single(c => c["id"]!.GetValue<string>() == afterId));
        cells.Insert(index + 1, new JsonObject
        {
            ["cell_type"] = "code", ["id"] = $"mine-{Guid.NewGuid():N}"[..12], ["execution_count"] = null, ["outputs"] = new JsonArray(),
            ["metadata"] = new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" } },
            ["source"] = NotebookDocument.SplitLines(code),
        });
        return notebook;
    }

    /// <summary>Moves the cell <paramref name="id"/> to the end of the notebook.</summary>
    public static JsonObject MoveToEnd(JsonObject notebook, string id)
    {
        var cells = notebook.Cells();
        var cell = cells.OfType<JsonObject>().Single(c => c["id"]!.GetValue<string>() == id);
        cells.Remove(cell);
        cells.Add(cell);
        return notebook;
    }

    public static string Save(JsonObject notebook, string folder, string name)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, NotebookDocument.Serialize(notebook));
        return path;
    }
}
