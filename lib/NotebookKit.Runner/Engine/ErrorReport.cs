using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis.Scripting;

namespace NotebookKit.Runner.Engine;

/// <summary>An error output: its name, the one-line value (naming cell and line) and the traceback.</summary>
public sealed record ErrorReport(string Name, string Value, IReadOnlyList<string> Traceback, int? Line)
{
    private static readonly Regex CellFrame = new(@"notebookkit-cell-(?<cell>\d+)\.csx:line (?<line>\d+)", RegexOptions.Compiled);

    private static readonly string[] HiddenFramePrefixes =
    [
        "   at Microsoft.CodeAnalysis.Scripting", "   at System.Runtime.CompilerServices", "   at System.Threading.Tasks",
        "   at NotebookKit.Runner.", "--- End of stack trace", "   at System.Runtime.ExceptionServices",
    ];

    public static ErrorReport FromCompilation(CompilationErrorException error, int cell)
    {
        var errors = ScriptSession.Errors(error);
        if (errors.Count == 0) return new ErrorReport("CompilationError", $"Cell {cell}: {error.Message}", [error.Message], null);
        var lines = errors.Select(d =>
        {
            var span = d.Location.GetLineSpan();
            return (Line: span.StartLinePosition.Line + 1, Text: $"Cell {cell}, line {span.StartLinePosition.Line + 1}, column {span.StartLinePosition.Character + 1}: error {d.Id}: {d.GetMessage()}");
        }).ToArray();
        return new ErrorReport("CompilationError", lines[0].Text, lines.Select(l => l.Text).ToArray(), lines[0].Line);
    }

    public static ErrorReport FromDirective(DirectiveException error, int cell) =>
        new("DirectiveError", $"Cell {cell}, line {error.Line}: {error.Message}", [$"Cell {cell}, line {error.Line}: {error.Message}"], error.Line);

    public static ErrorReport FromException(Exception exception, int cell)
    {
        exception = Unwrap(exception);
        var trace = exception.ToString();
        int? line = null;
        string where = $"Cell {cell}";
        var frames = CellFrame.Matches(trace);
        var own = frames.FirstOrDefault(m => int.Parse(m.Groups["cell"].Value) == cell);
        if (own is not null)
        {
            line = int.Parse(own.Groups["line"].Value);
            where = $"Cell {cell}, line {line}";
        }
        else if (frames.Count > 0)
        {
            where = $"Cell {cell} (raised in code from cell {frames[0].Groups["cell"].Value}, line {frames[0].Groups["line"].Value})";
        }
        var traceback = trace.Split('\n')
            .Select(l => l.TrimEnd('\r'))
            .Where(l => !HiddenFramePrefixes.Any(p => l.StartsWith(p, StringComparison.Ordinal)))
            .Select(l => CellFrame.Replace(l, m => $"cell {m.Groups["cell"].Value}:line {m.Groups["line"].Value}"))
            .Prepend($"{where}: {exception.GetType().Name}: {exception.Message}")
            .ToArray();
        return new ErrorReport(exception.GetType().FullName ?? exception.GetType().Name, $"{where}: {exception.Message}", traceback, line);
    }

    public static ErrorReport Timeout(int cell, double limitSeconds) =>
        new("TimeoutError",
            $"Cell {cell}: the notebook ran past its time limit of {limitSeconds:0.#} s while running this cell and was stopped.",
            [$"Cell {cell}: the notebook ran past its time limit of {limitSeconds:0.#} s while running this cell and was stopped.",
             "Raise the limit with --timeout SECONDS, or run in quick mode (--quick)."], null);

    public static ErrorReport CellTimeout(int cell, double limitSeconds) =>
        new("TimeoutError",
            $"Cell {cell}: still running after the time limit of {limitSeconds:0.#} s per cell, and stopped.",
            [$"Cell {cell}: still running after the time limit of {limitSeconds:0.#} s per cell, and stopped (a loop that never ends?)."], null);

    private static Exception Unwrap(Exception exception)
    {
        while (true)
        {
            switch (exception)
            {
                case TargetInvocationException { InnerException: { } inner }:
                    exception = inner; continue;
                case AggregateException { InnerExceptions.Count: 1 } aggregate:
                    exception = aggregate.InnerExceptions[0]; continue;
                default:
                    return exception;
            }
        }
    }
}
