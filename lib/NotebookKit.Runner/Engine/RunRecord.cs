using System.Text.Json.Nodes;

namespace NotebookKit.Runner.Engine;

/// <summary>How a notebook's execution went. Saved in the executed notebook's metadata
/// (<c>metadata.notebookkit.execution</c>) so the run table and the book can read it back.</summary>
public sealed class RunRecord
{
    public const string Ok = "ok", Failed = "failed", Timeout = "timeout", Crashed = "crashed", Running = "running";

    public string Status { get; set; } = Running;
    public int CodeCells { get; set; }
    public int CellsRun { get; set; }
    public double Seconds { get; set; }
    public bool Quick { get; set; }
    public double TimeLimitSeconds { get; set; }
    public int? RunningCell { get; set; }
    public int? FailedCell { get; set; }
    public int? FailedLine { get; set; }
    public string? Error { get; set; }

    public bool Succeeded => Status == Ok;

    public JsonObject ToJson()
    {
        var json = new JsonObject
        {
            ["status"] = Status,
            ["codeCells"] = CodeCells,
            ["cellsRun"] = CellsRun,
            ["seconds"] = Math.Round(Seconds, 2),
            ["quick"] = Quick,
            ["timeLimitSeconds"] = TimeLimitSeconds,
        };
        if (RunningCell is { } running) json["runningCell"] = running;
        if (FailedCell is { } cell) json["failedCell"] = cell;
        if (FailedLine is { } line) json["failedLine"] = line;
        if (Error is { } error) json["error"] = error;
        return json;
    }

    public static RunRecord? FromNotebook(JsonObject notebook)
    {
        if (notebook["metadata"]?["notebookkit"]?["execution"] is not JsonObject json) return null;
        return new RunRecord
        {
            Status = json["status"]?.GetValue<string>() ?? Crashed,
            CodeCells = json["codeCells"]?.GetValue<int>() ?? 0,
            CellsRun = json["cellsRun"]?.GetValue<int>() ?? 0,
            Seconds = json["seconds"]?.GetValue<double>() ?? 0,
            Quick = json["quick"]?.GetValue<bool>() ?? false,
            TimeLimitSeconds = json["timeLimitSeconds"]?.GetValue<double>() ?? 0,
            RunningCell = json["runningCell"]?.GetValue<int>(),
            FailedCell = json["failedCell"]?.GetValue<int>(),
            FailedLine = json["failedLine"]?.GetValue<int>(),
            Error = json["error"]?.GetValue<string>(),
        };
    }

    public void WriteTo(JsonObject notebook)
    {
        var metadata = notebook["metadata"] as JsonObject ?? (JsonObject)(notebook["metadata"] = new JsonObject());
        var kit = metadata["notebookkit"] as JsonObject ?? (JsonObject)(metadata["notebookkit"] = new JsonObject());
        kit["execution"] = ToJson();
    }
}

/// <summary>The outcome of running one notebook in its own engine process.</summary>
public sealed record NotebookRun(string Source, string Output, RunRecord Record);
