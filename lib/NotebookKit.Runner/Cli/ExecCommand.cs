using NotebookKit.Runner.Engine;
using NotebookKit.Runner.Notebooks;

namespace NotebookKit.Runner.Cli;

/// <summary>
/// <c>exec NOTEBOOK --out-file FILE [--timeout S]</c>: runs one notebook in this process. The
/// <c>run</c> and <c>book</c> commands start one such process per notebook, so every notebook gets
/// a fresh session and a runaway cell can be stopped. With <c>--cell-timeout S</c> it runs in grading
/// mode (<see cref="GradingMode"/>): every cell, each within S seconds, skipping <c>--skip ID,…</c>.
/// </summary>
public static class ExecCommand
{
    public static int Execute(Options options)
    {
        if (options.Inputs.Count != 1 || options.OutFile is null)
            throw new UsageException("exec expects one notebook and --out-file FILE.");
        NotebookDocument source;
        try
        {
            source = NotebookDocument.Load(options.Inputs[0]);
            if (options.DeleteInput) File.Delete(options.Inputs[0]);
        }
        catch (NotebookFormatException e)
        {
            Console.Error.WriteLine(e.Message);
            return ExitCodes.BadInput;
        }
        var stdout = Console.Out;
        var stderr = Console.Error;
        var grading = options.CellTimeoutSeconds is { } cellLimit ? new GradingMode(cellLimit, options.SkipCells.ToHashSet()) : null;
        var executor = new NotebookExecutor(source, options.OutFile, options.TimeoutSeconds ?? RunCommand.DefaultTimeoutSeconds, grading);
        if (options.CheckStudentVersions)
        {
            try { executor.CheckStudentVersion(NotebookKit.Runner.Grading.StudentVersionCheck.For(source)); }
            catch (NotebookKit.Runner.Grading.AssignmentException e) { Console.Error.WriteLine($"error: {e.Message}"); return ExitCodes.BadInput; }
        }
        var record = executor.Execute(exitOnTimeout: stopped =>
        {
            stdout.Flush();
            stderr.Flush();
            Environment.Exit(stopped.Status == RunRecord.Crashed ? ExitCodes.Crashed : ExitCodes.Timeout);
        });
        return record.Succeeded ? ExitCodes.Ok : ExitCodes.CellFailed;
    }
}
