using System.Diagnostics;
using Microsoft.CodeAnalysis.Scripting;

namespace NotebookKit.Runner.Engine;

/// <summary>
/// One cell's code run in a session the same way by the engine's <c>run</c> and by the kernel: its
/// directives applied, <c>#!time</c>'s wall time printed, the trailing expression's value shown as
/// the cell's result; and what to report when it throws.
/// </summary>
internal static class CellRun
{
    /// <param name="cellNumber">the number that names the cell in compiler messages and stack traces</param>
    /// <param name="executionCount">the result's execution count</param>
    /// <param name="outputs">where the wall time and the result go; null when nobody will see them (they are not computed)</param>
    public static void Execute(ScriptSession session, string source, int cellNumber, int executionCount, CellOutputs? outputs)
    {
        var prepared = CellDirectives.Prepare(source);
        if (prepared.IsMarkdown) return;
        var started = Stopwatch.StartNew();
        var result = session.Run(prepared.Code, cellNumber, prepared.References);
        if (outputs is null) return;
        if (prepared.Timed) outputs.Write("stdout", $"Wall time: {started.Elapsed.TotalMilliseconds:0.####}ms\n");
        if (result.HasValue) outputs.Result(executionCount, MimeFormatter.Format(result.Value));
    }

    /// <summary>The error a failed cell shows: a directive's, the compiler's or the exception's.</summary>
    public static ErrorReport Report(Exception e, int cellNumber) => e switch
    {
        DirectiveException d => ErrorReport.FromDirective(d, cellNumber),
        CompilationErrorException c => ErrorReport.FromCompilation(c, cellNumber),
        _ => ErrorReport.FromException(e, cellNumber),
    };
}
