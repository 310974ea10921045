using NotebookKit.Runner.Export;
using NotebookKit.Runner.Notebooks;

namespace NotebookKit.Runner.Cli;

/// <summary><c>export --to cs NOTEBOOK|FOLDER... [--out DIR]</c>: each chapter as a C# file-based app.</summary>
public static class ExportCommand
{
    public static int Execute(Options options)
    {
        if (options.To != "cs") throw new UsageException($"export expects --to cs (a C# file-based app){(options.To is null ? "" : $", got --to {options.To}")}.");
        if (options.Inputs.Count == 0) throw new UsageException("export expects one or more notebooks or folders.");
        var notebooks = options.Inputs.SelectMany(i => Directory.Exists(i) ? Directory.GetFiles(i, "*.ipynb").Order(StringComparer.Ordinal).ToArray() : new[] { i }).ToArray();
        var outDir = Path.GetFullPath(options.OutDir ?? "apps");
        var kitProject = FindKitProject();
        Directory.CreateDirectory(outDir);
        var failed = 0;
        foreach (var notebook in notebooks)
        {
            var app = Path.Combine(outDir, Path.GetFileNameWithoutExtension(notebook) + ".cs");
            try
            {
                var source = FileAppExporter.Export(NotebookDocument.Load(notebook), notebook, app, kitProject);
                File.WriteAllText(app, source);
                Console.WriteLine($"wrote {app}");
            }
            catch (Exception e) when (e is ExportException or NotebookFormatException or IOException)
            {
                failed++;
                Console.Error.WriteLine($"error: {e.Message}");
            }
        }
        if (notebooks.Length > failed)
            Console.WriteLine($"Run one with: cd {(Path.GetRelativePath(Directory.GetCurrentDirectory(), outDir) is var relative && !relative.StartsWith("..", StringComparison.Ordinal) ? relative : outDir)} && dotnet run {Path.GetFileNameWithoutExtension(notebooks[0])}.cs");
        return failed == 0 ? 0 : 1;
    }

    /// <summary>The kit's project file, found above the engine (the repository the engine was built in).</summary>
    private static string FindKitProject()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var project = Path.Combine(dir.FullName, "lib", "NotebookKit", "NotebookKit.csproj");
                if (File.Exists(project)) return project;
            }
        throw new UsageException("export needs the kit's source (lib/NotebookKit/NotebookKit.csproj) above the current folder: run it inside the NotebookKit folder.");
    }
}
