using System.Text.Json.Nodes;
using NotebookKit.Runner.Notebooks;

namespace NotebookKit.Runner.Grading;

/// <summary>
/// The notebook the grader runs for one submission: the source's cells in the source's order, with
/// the student's answers in the solution cells, the chapter's own code and checks restored from
/// the source, each tests cell followed by its hidden tests, and cells the student added placed
/// after the cell they followed. Says what it restored, what was missing and what was added.
/// </summary>
public sealed class GradingNotebook
{
    private readonly IReadOnlyDictionary<string, string> labels;

    private GradingNotebook(JsonObject root, IReadOnlyList<string> notes, IReadOnlySet<string> deletedChecks, IReadOnlyDictionary<string, string> labels)
    {
        Root = root;
        Notes = notes;
        DeletedChecks = deletedChecks;
        this.labels = labels;
    }

    /// <summary>How the feedback names a cell of this notebook, e.g. "your answer to 'one update'".</summary>
    public string Label(string cellId) => labels.TryGetValue(cellId, out var label) ? label : $"cell {cellId}";

    /// <summary>
    /// Rewrites the engine's "Cell 12, line 4" (numbers of this notebook, which holds hidden cells the
    /// student never saw) as the cell's role: "The checks of 'one update', line 4".
    /// </summary>
    public string Relabel(string message)
    {
        var ids = ((JsonArray)Root["cells"]!).Select(c => c?["id"]?.GetValue<string>() ?? "").ToList();
        return System.Text.RegularExpressions.Regex.Replace(message, @"\b([Cc])ell (\d+)\b", m =>
        {
            var number = int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (number < 1 || number > ids.Count) return m.Value;
            var label = Label(ids[number - 1]);
            return m.Groups[1].Value == "C" ? char.ToUpperInvariant(label[0]) + label[1..] : label;
        });
    }

    public JsonObject Root { get; }

    /// <summary>What the grader changed or found, one sentence each (shown in the feedback).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>Checks whose cell the student deleted: worth nothing.</summary>
    public IReadOnlySet<string> DeletedChecks { get; }

    /// <summary>The cell id a submission's cell is matched by: nbgrader's grade_id, else the cell id.</summary>
    public static string? MatchId(JsonObject cell) =>
        cell["metadata"]?["nbgrader"]?["grade_id"]?.GetValue<string>() ?? cell["id"]?.GetValue<string>();

    /// <summary>Builds the notebook to run; a submission of another chapter is a <see cref="SubmissionException"/>.</summary>
    public static GradingNotebook Build(Assignment assignment, JsonObject submission)
    {
        var chapter = submission["metadata"]?["notebookkit"]?["assignment"]?["chapter"]?.GetValue<string>();
        if (chapter is not null && chapter != assignment.Chapter)
            throw new SubmissionException($"wrong chapter: this is a submission of {chapter}, graded against {assignment.Chapter}");
        var theirs = ((JsonArray)submission["cells"]!).OfType<JsonObject>().ToList();
        var known = assignment.Cells.ToDictionary(c => c.Id);
        var byId = new Dictionary<string, JsonObject>();
        var added = new List<(string? After, JsonObject Cell)>();
        string? previousKnown = null;
        foreach (var cell in theirs)
        {
            var id = MatchId(cell);
            if (id == Assignment.SummaryCellId) continue;
            if (id is not null && known.ContainsKey(id) && byId.TryAdd(id, cell))
            {
                previousKnown = id;
                continue;
            }
            added.Add((previousKnown, cell));
        }
        if (!assignment.Cells.Any(c => c.Role is CellRole.Solution or CellRole.Tests && byId.ContainsKey(c.Id)))
            throw new SubmissionException($"not a submission of {assignment.Chapter}: none of its exercise cells is in this notebook (cells are matched by their nbgrader grade_id or cell id)");

        var notes = new List<string>();
        var deleted = new HashSet<string>();
        var labels = new Dictionary<string, string>();
        // The student version has the points summary as its second cell: source cell p is the student's cell p + 1 from there on.
        var offset = assignment.Checks.Count > 0 ? 1 : 0;
        foreach (var (planned, index) in assignment.Cells.Select((c, i) => (c, i + 1)))
        {
            labels[planned.Id] = planned.Role switch
            {
                CellRole.Solution => $"your answer to '{planned.Exercise}'",
                CellRole.Tests => $"the checks of '{planned.Exercise}'",
                _ => $"cell {(index >= 2 ? index + offset : index)} of the chapter",
            };
            labels[planned.Id + Assignment.HiddenSuffix] = $"the hidden tests of '{planned.Exercise}'";
        }
        var cells = new JsonArray();
        void AddAddedAfter(string? id)
        {
            foreach (var (_, cell) in added.Where(a => a.After == id))
            {
                if (cell["cell_type"]?.GetValue<string>() != "code") continue;
                var copy = (JsonObject)cell.DeepClone();
                copy["id"] = $"added-{cells.Count + 1}";
                labels[copy["id"]!.GetValue<string>()] = id is null ? "the cell you added at the top" : $"the cell you added after {labels[id]}";
                copy["outputs"] = new JsonArray();
                copy["execution_count"] = null;
                if (copy["metadata"] is JsonObject m) m.Remove("nbgrader");
                cells.Add(copy);
                notes.Add($"A code cell you added{(id is null ? " at the top" : $" after {labels[id]}")} was run in the place you put it.");
            }
        }
        AddAddedAfter(null);
        foreach (var planned in assignment.Cells)
        {
            byId.TryGetValue(planned.Id, out var student);
            var studentText = student is null ? null : NotebookDocument.JoinText(student["source"]);
            switch (planned.Role)
            {
                case CellRole.Free:
                    cells.Add(Cell(planned.CellType, planned.Id, planned.StudentSource));
                    break;
                case CellRole.Solution:
                    if (student is null) notes.Add($"Your answer to '{planned.Exercise}' is missing from the submission; the unanswered version was graded.");
                    cells.Add(Cell(planned.CellType, planned.Id, studentText ?? planned.StudentSource));
                    break;
                case CellRole.Locked:
                    if (student is null) notes.Add($"{Capital(labels[planned.Id])} (the chapter's own code) was deleted; it was restored.");
                    else if (!SameCode(studentText!, planned.StudentSource)) notes.Add($"{Capital(labels[planned.Id])} (the chapter's own code) was changed; the original was restored and run instead.");
                    cells.Add(Cell("code", planned.Id, planned.StudentSource));
                    break;
                case CellRole.Tests:
                    if (student is null)
                    {
                        notes.Add($"The checks of '{planned.Exercise}' were deleted: their {ExerciseMarkup.Format(planned.Points)} points are lost.");
                        deleted.Add(planned.Id);
                        if (planned.HiddenSource is not null) deleted.Add(planned.Id + Assignment.HiddenSuffix);
                        break;
                    }
                    if (!SameCode(studentText!, planned.StudentSource)) notes.Add($"The checks of '{planned.Exercise}' were changed; the original checks were restored and run instead.");
                    cells.Add(Cell("code", planned.Id, planned.StudentSource));
                    if (planned.HiddenSource is not null)
                    {
                        var hidden = Cell("code", planned.Id + Assignment.HiddenSuffix, planned.HiddenSource);
                        hidden["metadata"]!["notebookkit"] = new JsonObject { ["hidden"] = true };
                        cells.Add(hidden);
                    }
                    break;
            }
            AddAddedAfter(planned.Id);
        }
        var root = new JsonObject
        {
            ["cells"] = cells,
            ["metadata"] = assignment.Source.Root["metadata"]?.DeepClone() ?? new JsonObject(),
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        ((JsonObject)root["metadata"]!)["notebookkit"] = new JsonObject { ["grading"] = assignment.Chapter };
        return new GradingNotebook(root, notes, deleted, labels);
    }

    private static string Capital(string text) => char.ToUpperInvariant(text[0]) + text[1..];

    private static JsonObject Cell(string type, string id, string source)
    {
        var cell = new JsonObject
        {
            ["cell_type"] = type,
            ["id"] = id,
            ["metadata"] = new JsonObject(),
            ["source"] = NotebookDocument.SplitLines(source),
        };
        if (type == "code")
        {
            cell["execution_count"] = null;
            cell["outputs"] = new JsonArray();
            cell["metadata"]!["polyglot_notebook"] = new JsonObject { ["kernelName"] = "csharp" };
        }
        return cell;
    }

    /// <summary>Equal up to line endings and trailing white space (editors add and remove those).</summary>
    private static bool SameCode(string a, string b) => Normal(a) == Normal(b);

    private static string Normal(string text) =>
        string.Join('\n', text.Replace("\r\n", "\n").Split('\n').Select(l => l.TrimEnd())).Trim('\n');
}

/// <summary>A file that cannot be graded as a submission of this chapter; the message says why.</summary>
public sealed class SubmissionException(string message) : Exception(message);
