using System.Text.Json.Nodes;
using NotebookKit.Runner.Notebooks;

namespace NotebookKit.Runner.Engine;

/// <summary>
/// How the engine runs a notebook that is being graded: every cell runs even after another
/// failed (each graded cell earns its points on its own), each cell has its own time limit, some
/// cells may be skipped (they stopped an earlier process), and cells marked hidden
/// (<c>metadata.notebookkit.hidden</c>) run from memory: the notebook on disk never holds their code.
/// </summary>
public sealed record GradingMode(double CellTimeLimitSeconds, IReadOnlySet<string> SkipCellIds)
{
    public static bool IsHidden(NotebookCell cell) => cell.Json["metadata"]?["notebookkit"]?["hidden"]?.GetValue<bool>() == true;

    public static bool WasSkipped(JsonObject cell) => cell["metadata"]?["notebookkit"]?["skipped"]?.GetValue<bool>() == true;

    public static void MarkSkipped(NotebookCell cell)
    {
        var metadata = cell.Json["metadata"] as JsonObject ?? (JsonObject)(cell.Json["metadata"] = new JsonObject());
        var kit = metadata["notebookkit"] as JsonObject ?? (JsonObject)(metadata["notebookkit"] = new JsonObject());
        kit["skipped"] = true;
    }
}
