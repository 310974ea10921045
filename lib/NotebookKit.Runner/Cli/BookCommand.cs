using NotebookKit.Runner.Book;

namespace NotebookKit.Runner.Cli;

/// <summary>
/// <c>book [--out DIR] [--quick] [--timeout S] [--notebooks DIR]</c>: runs every notebook of the
/// chain in order and writes the offline HTML book. Failed notebooks are still rendered (with
/// their error) and marked on the index; the exit code is 1 if any failed.
/// </summary>
public static class BookCommand
{
    public static int Execute(Options options)
    {
        var notebooksDir = options.NotebooksDir ?? FindNotebooksDir();
        var bookDir = Path.GetFullPath(options.OutDir ?? "book");
        var notebooks = RunCommand.ExpandInputs([notebooksDir]);
        try
        {
            Directory.CreateDirectory(bookDir);
            BookAssets.Write(bookDir);
        }
        catch (BookException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
        var runs = RunCommand.RunAll(notebooks, Path.Combine(bookDir, "notebooks"), options);
        var pages = BookWriter.Write(bookDir, runs, options.Quick);
        RunCommand.PrintTable(runs, Console.Out);
        Console.WriteLine($"book written to {Path.Combine(bookDir, "index.html")} ({pages} pages)");
        return runs.All(r => r.Record.Succeeded) ? 0 : 1;
    }

    /// <summary>notebooks/ beside NotebookKit.sln, searching upwards from the current folder.</summary>
    private static string FindNotebooksDir()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NotebookKit.sln")))
                return Path.Combine(dir.FullName, "notebooks");
        }
        throw new UsageException("Cannot find the notebooks: run from inside the NotebookKit folder, or pass --notebooks DIR.");
    }
}
