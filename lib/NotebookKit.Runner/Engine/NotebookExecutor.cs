using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using NotebookKit.Runner.Grading;
using NotebookKit.Runner.Notebooks;

namespace NotebookKit.Runner.Engine;

/// <summary>Exit codes of an engine process.</summary>
public static class ExitCodes
{
    public const int Ok = 0, CellFailed = 1, Timeout = 2, BadInput = 3, Crashed = 4;
}

/// <summary>
/// Executes one notebook in this process, in order, in one script session, writing the executed
/// notebook after every cell: whatever happens (compile error, exception, time limit) the file on
/// disk holds every output produced so far, and the failing cell carries the error.
/// </summary>
public sealed class NotebookExecutor
{
    private readonly object saveGate = new();
    private readonly NotebookDocument document;
    private readonly ExecutedNotebookWriter writer;
    private readonly string outputPath;
    private readonly RunRecord record = new();
    private readonly Stopwatch clock = new();
    private readonly GradingMode? grading;
    private readonly Dictionary<string, string> hiddenSources = [];
    private CellOutputs? current;
    private int currentCellNumber;
    private bool finished;
    private Timer? cellWatchdog;
    private StudentVersionCheck? studentCheck;

    /// <summary>Also check the chapter's student version on the way (see <see cref="StudentVersionCheck"/>).</summary>
    public void CheckStudentVersion(StudentVersionCheck? check) => studentCheck = check;

    /// <param name="grading">When given: run every cell even after errors, with a time limit per cell (see <see cref="GradingMode"/>).</param>
    public NotebookExecutor(NotebookDocument source, string outputPath, double timeLimitSeconds, GradingMode? grading = null)
    {
        document = source.CloneForExecution();
        writer = new ExecutedNotebookWriter(document.Root);
        this.outputPath = outputPath;
        this.grading = grading;
        record.Quick = NotebookKit.Kit.Quick;
        record.TimeLimitSeconds = timeLimitSeconds;
        record.CodeCells = document.AllCells.Count(c => c.CellType == "code");
        if (grading is null) return;
        // Hidden tests run from memory; the notebook written to disk never holds their code.
        foreach (var cell in document.AllCells.Where(GradingMode.IsHidden))
        {
            hiddenSources[cell.Id] = cell.Source;
            cell.Json["source"] = "";
        }
    }

    /// <summary>Runs every cell; returns the record (also saved in the notebook's metadata).</summary>
    /// <param name="exitOnTimeout">Called from the watchdog thread after the timed-out notebook is saved.</param>
    public RunRecord Execute(Action<RunRecord> exitOnTimeout)
    {
        CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        ConsoleRouter.Install(() => Volatile.Read(ref current));
        clock.Start();
        Save();
        using var watchdog = new Timer(_ => OnTimeout(exitOnTimeout), null, TimeSpan.FromSeconds(record.TimeLimitSeconds), Timeout.InfiniteTimeSpan);
        var session = new ScriptSession(new KernelGlobals(() => Volatile.Read(ref current) ?? throw new InvalidOperationException("display() was called when no cell was running.")));
        var executionCount = 0;
        if (grading is not null)
            cellWatchdog = new Timer(_ => OnTimeout(exitOnTimeout, grading.CellTimeLimitSeconds, perCell: true), null, Timeout.Infinite, Timeout.Infinite);
        foreach (var cell in document.AllCells)
        {
            if (cell.CellType != "code") continue;
            if (grading is not null && grading.SkipCellIds.Contains(cell.Id))
            {
                GradingMode.MarkSkipped(cell);
                continue;
            }
            if (cell.KernelName is not ("csharp" or "C#" or "c#"))
            {
                Fail(cell, new CellOutputs(cell.Outputs), ErrorReport.FromDirective(new DirectiveException(
                    $"This cell is written for the '{cell.KernelName}' kernel; the NotebookKit engine runs C# cells only.") { Line = 1 }, cell.Number));
                if (grading is null) break;
                continue;
            }
            if (studentCheck is not null && cell.Id == studentCheck.FirstAnswerId) RunStudentVersion(session, studentCheck);
            var succeeded = RunCell(cell, session, ++executionCount, exitOnTimeout);
            if (!succeeded && grading is null) break;
        }
        cellWatchdog?.Dispose();
        lock (saveGate)
        {
            if (record.Status == RunRecord.Running) record.Status = RunRecord.Ok;
            finished = true;
            record.RunningCell = null;
            SaveLocked();
        }
        return record;
    }

    private bool RunCell(NotebookCell cell, ScriptSession session, int executionCount, Action<RunRecord> exit)
    {
        var outputs = new CellOutputs(cell.Outputs);
        cell.Json["execution_count"] = executionCount;
        lock (saveGate)
        {
            record.RunningCell = cell.Number;
            currentCellNumber = cell.Number;
            Volatile.Write(ref current, outputs);
            SaveLocked();
        }
        try
        {
            cellWatchdog?.Change(TimeSpan.FromSeconds(grading!.CellTimeLimitSeconds), Timeout.InfiniteTimeSpan);
            try { CellRun.Execute(session, hiddenSources.GetValueOrDefault(cell.Id) ?? cell.Source, cell.Number, executionCount, outputs); }
            finally { cellWatchdog?.Change(Timeout.Infinite, Timeout.Infinite); }
            return Completed();
        }
        catch (Exception e) when (grading is not null && IsOutOfMemory(e))
        {
            // The heap may stay full (a script variable can hold the garbage): this process is done.
            Fail(cell, outputs, CellRun.Report(e, cell.Number));
            lock (saveGate) { finished = true; record.Status = RunRecord.Crashed; SaveLocked(); }
            exit(record);
            return false;
        }
        catch (Exception e) { return Fail(cell, outputs, CellRun.Report(e, cell.Number)); }

        bool Completed()
        {
            lock (saveGate)
            {
                record.CellsRun++;
                Volatile.Write(ref current, null);
                writer.Settle(cell.Number - 1);
                SaveLocked();
            }
            return true;
        }
    }

    /// <summary>Runs the student version's cells from the stub to the first check cell; their outputs are not kept.</summary>
    private void RunStudentVersion(ScriptSession session, StudentVersionCheck check)
    {
        JsonObject outcome;
        if (check.Mismatch is not null) outcome = StudentVersionCheck.Outcome(false, null, check.Mismatch);
        else
        {
            outcome = StudentVersionCheck.Outcome(false, null, $"the student version ran through its check cell {check.CheckCellId} without stopping");
            foreach (var (number, id, code) in check.Cells)
            {
                var scratch = new CellOutputs(new JsonArray());
                lock (saveGate) Volatile.Write(ref current, scratch);
                try { CellRun.Execute(session, code, number, number, outputs: null); }   // its result is not kept, so it is not formatted
                catch (Exception e)
                {
                    var message = CellRun.Report(e, number).Value;
                    var ok = id == check.CheckCellId && message.Contains(check.ExpectedMessage, StringComparison.Ordinal);
                    outcome = StudentVersionCheck.Outcome(ok, id, $"student version cell {number}: {message}");
                    break;
                }
            }
        }
        lock (saveGate)
        {
            Volatile.Write(ref current, null);
            var metadata = (JsonObject)document.Root["metadata"]!;
            var kit = metadata["notebookkit"] as JsonObject ?? (JsonObject)(metadata["notebookkit"] = new JsonObject());
            kit["studentVersion"] = outcome;
            SaveLocked();
        }
    }

    private static bool IsOutOfMemory(Exception e) =>
        e is OutOfMemoryException || e.InnerException is { } inner && IsOutOfMemory(inner);

    private bool Fail(NotebookCell cell, CellOutputs outputs, ErrorReport error)
    {
        lock (saveGate)
        {
            if (finished) return false;
            outputs.Error(error.Name, error.Value, error.Traceback);
            record.CellsRun++;
            record.Status = RunRecord.Failed;
            record.FailedCell = cell.Number;
            record.FailedLine = error.Line;
            record.Error = error.Value;
            Volatile.Write(ref current, null);
            writer.Settle(cell.Number - 1);
            SaveLocked();
        }
        return false;
    }

    private void OnTimeout(Action<RunRecord> exit) => OnTimeout(exit, record.TimeLimitSeconds, perCell: false);

    private void OnTimeout(Action<RunRecord> exit, double limitSeconds, bool perCell)
    {
        lock (saveGate)
        {
            if (finished) return;
            finished = true;
            var error = perCell ? ErrorReport.CellTimeout(currentCellNumber, limitSeconds) : ErrorReport.Timeout(currentCellNumber, limitSeconds);
            (Volatile.Read(ref current) ?? new CellOutputs(new JsonArray())).Error(error.Name, error.Value, error.Traceback);
            record.Status = RunRecord.Timeout;
            record.FailedCell = currentCellNumber;
            record.Error = error.Value;
            SaveLocked();
        }
        exit(record);
    }

    private void Save()
    {
        lock (saveGate) SaveLocked();
    }

    private void SaveLocked()
    {
        record.Seconds = clock.Elapsed.TotalSeconds;
        record.WriteTo(document.Root);
        // The running cell's outputs may change on another thread while serialising.
        lock (current?.Gate ?? saveGate) writer.Save(outputPath);
    }
}
