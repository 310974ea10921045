using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using NotebookKit.Runner.Engine;
using NotebookKit.Runner.Notebooks;

namespace NotebookKit.Runner.Grading;

/// <summary>Limits for running one submission.</summary>
public sealed record GradingLimits(double CellSeconds, double SubmissionSeconds, double MemoryMb, bool Quick, bool UseSandbox);

/// <summary>
/// Runs one grading notebook in its own engine process and working folder, in grading mode. When a
/// cell stops the process (a loop past the cell's time limit, memory past the limit, an engine
/// crash), that cell is charged and the notebook runs again in a fresh process without it, so the
/// student loses that cell's points and nothing else; the whole submission has its own time limit.
/// </summary>
public sealed class SubmissionRun
{
    private const string NotebookName = "submission.ipynb", ExecutedName = "executed.ipynb";

    /// <summary>The executed notebook (hidden tests' code left out) and why each stopped cell was stopped.</summary>
    public required JsonObject Executed { get; init; }
    public required IReadOnlyDictionary<string, string> Stopped { get; init; }
    public required bool Sandboxed { get; init; }
    public required double Seconds { get; init; }

    /// <summary>Set when the engine could not run the notebook at all (not the student's doing).</summary>
    public string? EngineProblem { get; init; }

    public static SubmissionRun Execute(JsonObject notebook, string workFolder, GradingLimits limits)
    {
        Directory.CreateDirectory(workFolder);
        var clock = Stopwatch.StartNew();
        var stopped = new Dictionary<string, string>();
        var sandboxed = limits.UseSandbox && Sandbox.WhyUnavailable is null;
        var codeCells = ((JsonArray)notebook["cells"]!).OfType<JsonObject>().Count(c => c["cell_type"]?.GetValue<string>() == "code");
        JsonObject? executed = null;
        string? engineProblem = null;
        for (var attempt = 0; attempt <= codeCells; attempt++)
        {
            var remaining = limits.SubmissionSeconds - clock.Elapsed.TotalSeconds;
            if (remaining <= 1) break;
            var input = Path.Combine(workFolder, NotebookName);
            var output = Path.Combine(workFolder, ExecutedName);
            File.WriteAllText(input, NotebookDocument.Serialize(notebook));
            if (File.Exists(output)) File.Delete(output);
            var (exitCode, killedFor) = RunOnce(workFolder, stopped.Keys, remaining, limits, sandboxed);
            executed = File.Exists(output) ? (JsonObject?)JsonNode.Parse(File.ReadAllText(output)) : null;
            if (File.Exists(input)) File.Delete(input);
            var record = executed is null ? null : RunRecord.FromNotebook(executed);
            if (executed is null)
            {
                engineProblem = killedFor;
                break;
            }
            if (exitCode is ExitCodes.Ok or ExitCodes.CellFailed && killedFor is null) break;
            // Which cell stopped the process, and why.
            var culprit = record?.FailedCell ?? record?.RunningCell;
            var culpritId = culprit is { } number ? CellIdAt(executed!, number) : null;
            if (culpritId is null || stopped.ContainsKey(culpritId)) break;
            var perCell = record?.Error?.Contains("per cell", StringComparison.Ordinal) == true;
            var outOfTime = killedFor is null && exitCode == ExitCodes.Timeout && !perCell || killedFor?.Contains("its time limit") == true;
            stopped[culpritId] = killedFor ?? exitCode switch
            {
                ExitCodes.Timeout when perCell => $"Still running after the limit of {limits.CellSeconds:0.#} s per cell, so it was stopped (a loop that never ends?)",
                ExitCodes.Timeout => $"The submission ran past its time limit of {limits.SubmissionSeconds:0} s while this cell ran; later cells were not run",
                ExitCodes.Crashed when HasError(executed!, culpritId, "OutOfMemoryException") => $"Ran out of memory (the limit is {limits.MemoryMb:0} MB), so it was stopped",
                _ => $"The engine process ended unexpectedly (exit code {exitCode}) while running this cell",
            };
            if (outOfTime) break;
        }
        executed ??= new JsonObject { ["cells"] = new JsonArray(), ["metadata"] = new JsonObject() };
        return new SubmissionRun { Executed = executed, Stopped = stopped, Sandboxed = sandboxed, Seconds = clock.Elapsed.TotalSeconds, EngineProblem = engineProblem };
    }

    private static (int ExitCode, string? KilledFor) RunOnce(string workFolder, IEnumerable<string> skip, double remainingSeconds, GradingLimits limits, bool sandboxed)
    {
        var folder = sandboxed ? Sandbox.WorkFolder : Path.GetFullPath(workFolder);
        var arguments = new List<string>
        {
            "exec", Path.Combine(folder, NotebookName), "--out-file", Path.Combine(folder, ExecutedName), "--delete-input",
            "--timeout", remainingSeconds.ToString("0.#", CultureInfo.InvariantCulture),
            "--cell-timeout", limits.CellSeconds.ToString("0.#", CultureInfo.InvariantCulture),
        };
        var skipped = skip.ToList();
        if (skipped.Count > 0) arguments.AddRange(["--skip", string.Join(',', skipped)]);
        var environment = new Dictionary<string, string>
        {
            // The managed heap stops short of the limit with an OutOfMemoryException the engine reports;
            // the watchdog below catches native memory (libtorch) past the limit.
            ["DOTNET_GCHeapHardLimit"] = "0x" + ((long)(limits.MemoryMb * 0.75 * 1024 * 1024)).ToString("X", CultureInfo.InvariantCulture),
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        if (limits.Quick) environment[NotebookKit.Kit.QuickModeVariable] = "1";
        var start = sandboxed ? Sandbox.Wrap(workFolder, arguments, environment) : Sandbox.Plain(Path.GetFullPath(workFolder), arguments, environment);
        start.UseShellExecute = false;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = new Process { StartInfo = start };
        var log = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) if (log.Length < 20_000) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) if (log.Length < 20_000) log.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var limitBytes = limits.MemoryMb * 1024 * 1024;
        var deadline = Stopwatch.StartNew();
        string? killedFor = null;
        while (!process.WaitForExit(200))
        {
            if (ProcessTree.ResidentBytes(process.Id) > limitBytes)
                killedFor = $"Used more than the memory limit of {limits.MemoryMb:0} MB, so it was stopped";
            else if (deadline.Elapsed.TotalSeconds > remainingSeconds + 20)
                killedFor = $"The submission ran past its time limit of {limits.SubmissionSeconds:0} s while this cell ran";
            if (killedFor is null) continue;
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            break;
        }
        process.WaitForExit();
        if (!File.Exists(Path.Combine(workFolder, ExecutedName)) && killedFor is null)
            killedFor = $"The engine did not start (exit code {process.ExitCode}): {log.ToString().Trim()}";
        return (process.ExitCode, killedFor);
    }

    private static string? CellIdAt(JsonObject notebook, int number) =>
        notebook["cells"] is JsonArray cells && number >= 1 && number <= cells.Count ? cells[number - 1]?["id"]?.GetValue<string>() : null;

    private static bool HasError(JsonObject notebook, string cellId, string name) =>
        ((JsonArray)notebook["cells"]!).OfType<JsonObject>().FirstOrDefault(c => c["id"]?.GetValue<string>() == cellId)?["outputs"] is JsonArray outputs
        && outputs.OfType<JsonObject>().Any(o => o["output_type"]?.GetValue<string>() == "error" && (o["ename"]?.GetValue<string>() ?? "").Contains(name, StringComparison.Ordinal));
}

/// <summary>Memory of a process and all its descendants, from /proc.</summary>
internal static class ProcessTree
{
    public static double ResidentBytes(int root)
    {
        double total = 0;
        var pending = new Stack<int>([root]);
        var seen = new HashSet<int>();
        while (pending.Count > 0)
        {
            var pid = pending.Pop();
            if (!seen.Add(pid)) continue;
            try
            {
                foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                    if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                        total += double.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
                    foreach (var child in File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries))
                        pending.Push(int.Parse(child, CultureInfo.InvariantCulture));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { }
        }
        return total;
    }
}
