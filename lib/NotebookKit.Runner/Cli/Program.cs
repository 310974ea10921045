namespace NotebookKit.Runner.Cli;

/// <summary>The engine's command line: run, book, assign, grade, data, exec.</summary>
public static class Program
{
    public const string Usage = """
        NotebookKit engine: runs C# Polyglot notebooks headlessly and builds the offline book.

        usage:
          run <notebook.ipynb|folder>... [--out DIR] [--quick] [--timeout SECONDS] [--budget-factor F]
              Execute each notebook in a fresh session; write the executed copies to DIR
              (default: executed); print a table; exit 1 if any notebook failed.
          book [--out DIR] [--quick] [--timeout SECONDS] [--budget-factor F] [--notebooks DIR]
              Run every notebook in notebooks/ in order and write a static HTML book to DIR
              (default: book). Open DIR/index.html; no network is needed.

          assign <notebook.ipynb|folder>... --out DIR
              Write the student version of each chapter to DIR: solutions replaced by stubs, hidden
              tests removed, outputs cleared, nbgrader cell metadata, the points listed at the top.
          grade <submission.ipynb|folder>... --source CHAPTER --out DIR [--quick] [--jobs N]
                [--cell-timeout S] [--submission-timeout S] [--memory-mb MB] [--no-sandbox]
              Grade submissions against the full notebook (a path, or a chapter such as 01 or
              01-perceptron): each in its own sandboxed process (bubblewrap) with the hidden tests
              and locked cells restored. Writes DIR/feedback/STUDENT.md and .html, gradebook.csv,
              gradebook.json and junit.xml. Defaults: 120 s per cell, 900 s per submission,
              4096 MB, as many submissions at once as there are cores.

          kernel install [--user | --prefix DIR]
              Register the kit's Jupyter kernel (kernelspecs notebookkit-csharp and
              notebookkit-csharp-quick) for JupyterLab, Jupyter Notebook, VS Code and nbclient.
          kernel uninstall [--user | --prefix DIR]    kernel list
              Remove the kernelspecs; list the ones Jupyter would find.

          export --to cs <notebook.ipynb|folder>... [--out DIR]
              Write each chapter as a C# file-based app (DIR/NAME.cs, default DIR: apps): run it
              with dotnet run NAME.cs; its charts are written beside it as HTML pages.

          doctor [FOLDER]
              Check this machine for what the chapters need (.NET SDK, the kit built, TorchSharp's
              natives, plotly.js offline, the Jupyter kernel, Polyglot) and print each fix.

          data [--out DIR]
              Regenerate the shipped datasets in data/ from their generators (with SHA256SUMS).

        --quick sets NOTEBOOKKIT_QUICK=1: the same code on smaller data and fewer steps.
        --check-student-versions (run, book) also checks each chapter's student version on the way:
        it runs up to its first exercise and stops there with the stub's message (recorded in
        metadata.notebookkit.studentVersion; no extra time: the cells before are shared).
        --timeout is each notebook's time limit (default 900 s); --budget-factor F makes it F times
        the CPU budget the chapter states at its top ("**Time budget:** under 2 minutes ...").
        """;

    public static int Main(string[] args)
    {
        try
        {
            if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
            {
                Console.WriteLine(Usage);
                return args.Length == 0 ? 2 : 0;
            }
            var options = Options.Parse(args.Skip(1).ToArray());
            return args[0] switch
            {
                "run" => RunCommand.Execute(options),
                "book" => BookCommand.Execute(options),
                "exec" => ExecCommand.Execute(options),
                "data" => DataCommand.Execute(options),
                "assign" => AssignCommand.Execute(options),
                "grade" => GradeCommand.Execute(options),
                "kernel" => KernelCommand.Execute(options),
                "export" => ExportCommand.Execute(options),
                "doctor" => DoctorCommand.Execute(options),
                _ => throw new UsageException($"Unknown command '{args[0]}'. Expected run, book, assign, grade, kernel, export, doctor or data (exec is used by the engine itself)."),
            };
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine();
            Console.Error.WriteLine(Usage);
            return 2;
        }
    }
}
