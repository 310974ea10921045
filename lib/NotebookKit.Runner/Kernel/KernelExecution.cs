using System.Globalization;
using System.Text.Json.Nodes;
using NotebookKit.Runner.Engine;

namespace NotebookKit.Runner.Kernel;

/// <summary>How one execute request ended: ok, or the error that ended it.</summary>
internal sealed record ExecutionOutcome(int ExecutionCount, ErrorReport? Error);

/// <summary>
/// The kernel's C# session: the same script session, directives, formatters and error reports as
/// the engine's <c>run</c>, one cell per execute request, outputs published as they happen, and
/// interruptible (see <see cref="CellInterruption"/>).
/// </summary>
internal sealed class KernelExecution
{
    private readonly ScriptSession session;
    private CellOutputs? current;
    private CancellationTokenSource? interruption;

    public KernelExecution()
    {
        session = new ScriptSession(new KernelGlobals(() => Volatile.Read(ref current)
            ?? throw new InvalidOperationException("display() was called when no cell was running."))) { Interruptible = true };
        ConsoleRouter.Install(() => Volatile.Read(ref current));
    }

    public int ExecutionCount { get; private set; }

    public ScriptSession Session => session;

    public ExecutionOutcome Execute(string code, bool storeHistory, ICellOutputSink sink)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        if (storeHistory) ExecutionCount++;
        var count = Math.Max(ExecutionCount, 1);
        var outputs = new CellOutputs(new JsonArray(), sink);
        using var stop = new CancellationTokenSource();
        Volatile.Write(ref interruption, stop);
        NotebookKit.Kit.Interruption = stop.Token;
        Volatile.Write(ref current, outputs);
        ErrorReport? error = null;
        try { CellRun.Execute(session, code, count, count, outputs); }
        catch (Exception e) when (stop.IsCancellationRequested && IsCancellation(e)) { error = Interrupted(e, count); }
        catch (Exception e) { error = CellRun.Report(e, count); }
        finally
        {
            NotebookKit.Kit.Interruption = default;
            Volatile.Write(ref interruption, null);
        }
        if (error is not null) outputs.Error(error.Name, error.Value, error.Traceback);
        Volatile.Write(ref current, null);
        return new ExecutionOutcome(count, error);
    }

    /// <summary>Asks the running cell to stop; false when no cell is running.</summary>
    public bool Interrupt()
    {
        var stop = Volatile.Read(ref interruption);
        if (stop is null) return false;
        try { stop.Cancel(); }
        catch (ObjectDisposedException) { return false; } // the cell ended meanwhile
        return true;
    }

    private static bool IsCancellation(Exception e) =>
        e is OperationCanceledException || e.InnerException is { } inner && IsCancellation(inner);

    private static ErrorReport Interrupted(Exception e, int cell)
    {
        var where = ErrorReport.FromException(e, cell).Line is { } line ? $"Cell {cell}, line {line}" : $"Cell {cell}";
        var message = $"{where}: interrupted. As after any error, what this cell declared is gone; variables of earlier cells keep the values it gave them.";
        return new ErrorReport("Interrupted", message, [message], null);
    }
}
