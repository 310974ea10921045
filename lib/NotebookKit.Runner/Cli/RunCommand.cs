using NotebookKit.Runner.Notebooks;
using NotebookKit.Runner.Engine;
using System.Globalization;

namespace NotebookKit.Runner.Cli;

/// <summary>
/// <c>run NOTEBOOK|FOLDER... [--out DIR] [--quick] [--timeout S]</c>: executes each notebook in its
/// own engine process, writes the executed notebooks under DIR and prints a table. Exit code 1 if
/// any notebook failed.
/// </summary>
public static class RunCommand
{
    public const double DefaultTimeoutSeconds = 900;
    public const string DefaultOutDir = "executed";

    public static int Execute(Options options)
    {
        var notebooks = ExpandInputs(options.Inputs);
        var runs = RunAll(notebooks, options.OutDir ?? DefaultOutDir, options);
        PrintTable(runs, Console.Out);
        return runs.All(r => r.Record.Succeeded) ? 0 : 1;
    }

    public static IReadOnlyList<NotebookRun> RunAll(IReadOnlyList<string> notebooks, string outDir, Options options)
    {
        Directory.CreateDirectory(outDir);
        var duplicate = notebooks.GroupBy(Path.GetFileName).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new UsageException($"Two notebooks share the file name {duplicate.Key}; their executed copies would overwrite each other in {outDir}.");
        var runs = new List<NotebookRun>();
        foreach (var notebook in notebooks)
        {
            Console.Error.WriteLine($"running {notebook} ...");
            var output = Path.Combine(outDir, Path.GetFileName(notebook));
            runs.Add(NotebookProcess.Run(notebook, output, TimeLimit(notebook, options), options.Quick, options.CheckStudentVersions));
        }
        return runs;
    }

    /// <summary>
    /// A notebook's time limit: <c>--budget-factor</c> times the budget the chapter states (when it
    /// states one), otherwise <c>--timeout</c>, otherwise 900 s.
    /// </summary>
    public static double TimeLimit(string notebook, Options options) =>
        options.BudgetFactor is { } factor && NotebookBudget.SecondsOf(notebook) is { } budget
            ? factor * budget
            : options.TimeoutSeconds ?? DefaultTimeoutSeconds;

    /// <summary>Files are taken as given; folders contribute their *.ipynb files in name order.</summary>
    public static IReadOnlyList<string> ExpandInputs(IReadOnlyList<string> inputs)
    {
        if (inputs.Count == 0) throw new UsageException("run expects at least one notebook (.ipynb) or folder.");
        var result = new List<string>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                var found = Directory.GetFiles(input, "*.ipynb").Order(StringComparer.Ordinal).ToArray();
                if (found.Length == 0) throw new UsageException($"The folder {input} holds no .ipynb notebooks.");
                result.AddRange(found);
            }
            else if (File.Exists(input))
            {
                if (!input.EndsWith(".ipynb", StringComparison.OrdinalIgnoreCase))
                    throw new UsageException($"Expected a .ipynb notebook or a folder, got {input}.");
                result.Add(input);
            }
            else
            {
                throw new UsageException($"No such notebook or folder: {input}.");
            }
        }
        return result;
    }

    public static void PrintTable(IReadOnlyList<NotebookRun> runs, TextWriter writer)
    {
        var rows = runs.Select(r => (
            Name: Path.GetFileName(r.Source),
            Cells: $"{r.Record.CellsRun}/{r.Record.CodeCells}",
            Seconds: r.Record.Seconds.ToString("0.0", CultureInfo.InvariantCulture),
            Status: r.Record.Succeeded ? "ok" : $"{r.Record.Status.ToUpperInvariant()}: {r.Record.Error}")).ToList();
        var nameWidth = Math.Max("notebook".Length, rows.Select(r => r.Name.Length).DefaultIfEmpty(0).Max());
        writer.WriteLine($"{"notebook".PadRight(nameWidth)}  {"cells run",9}  {"seconds",8}  status");
        writer.WriteLine($"{new string('-', nameWidth)}  {new string('-', 9)}  {new string('-', 8)}  ------");
        foreach (var row in rows)
            writer.WriteLine($"{row.Name.PadRight(nameWidth)}  {row.Cells,9}  {row.Seconds,8}  {FirstLine(row.Status)}");
        var total = TimeSpan.FromSeconds(runs.Sum(r => r.Record.Seconds));
        var mode = runs.Count > 0 && runs.All(r => r.Record.Quick) ? "quick" : runs.Any(r => r.Record.Quick) ? "mixed" : "full";
        writer.WriteLine($"{"total".PadRight(nameWidth)}  {"",9}  {total.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture),8}  {mode} mode, {(int)total.TotalMinutes} min {total.Seconds:00} s");
        var failed = runs.Count(r => !r.Record.Succeeded);
        writer.WriteLine($"{runs.Count - failed} notebooks succeeded, {failed} failed");
    }

    private static string FirstLine(string text) => text.Split('\n')[0];
}
