using System.Diagnostics;
using System.Text.Json.Nodes;

namespace NotebookKit.Runner.Tests.Support;

/// <summary>What one run of the engine's command line produced.</summary>
public sealed record EngineResult(int ExitCode, string Stdout, string Stderr, string OutDir)
{
    public string All => Stdout + Stderr;

    public JsonObject Executed(string name) =>
        (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(OutDir, name)))!;
}

/// <summary>Runs the engine (NotebookKit.Runner.dll from the test output) as a user would.</summary>
public static class Engine
{
    public static string RunnerDll => Path.Combine(AppContext.BaseDirectory, "NotebookKit.Runner.dll");

    public static EngineResult Run(string outDir, params string[] args) => Invoke(outDir, ["run", .. args, "--out", outDir]);

    /// <summary>How long an engine run of small test notebooks may take, on a busy machine too.</summary>
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromMinutes(10);

    public static EngineResult Invoke(string outDir, IEnumerable<string> args, IDictionary<string, string?>? environment = null, string? workingDirectory = null,
        TimeSpan? limit = null)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!.EndsWith("dotnet", StringComparison.Ordinal) ? Environment.ProcessPath! : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? RepoRoot.Path,
        };
        start.ArgumentList.Add(RunnerDll);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment.Remove(NotebookKit.Kit.QuickModeVariable);
        if (environment is not null)
            foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit ?? DefaultLimit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The engine did not finish within {(limit ?? DefaultLimit).TotalMinutes:0.#} minutes; it printed:\n{stderr.Result}");
        }
        return new EngineResult(process.ExitCode, stdout.Result, stderr.Result, outDir);
    }
}

/// <summary>The repository root (holds NotebookKit.sln); test notebooks are written below it so
/// the kit DLL's relative path resolves as it does for the real notebooks.</summary>
public static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "NotebookKit.sln"))) return dir.FullName;
        throw new InvalidOperationException($"NotebookKit.sln not found above {AppContext.BaseDirectory}.");
    }
}

/// <summary>A scratch folder for one test, deleted afterwards.</summary>
public sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("nk-engine-").FullName;

    public string Sub(string name) => Directory.CreateDirectory(System.IO.Path.Combine(Path, name)).FullName;

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}

/// <summary>Helpers to read executed notebooks.</summary>
public static class Outputs
{
    public static JsonArray Cells(this JsonObject notebook) => (JsonArray)notebook["cells"]!;

    public static JsonArray OutputsOf(this JsonObject notebook, int cellNumber) =>
        (JsonArray)notebook.Cells()[cellNumber - 1]!["outputs"]!;

    public static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonArray lines => string.Concat(lines.Select(l => l!.GetValue<string>())),
        _ => node.GetValue<string>(),
    };

    public static string StreamText(this JsonObject notebook, int cellNumber, string stream = "stdout") =>
        string.Concat(notebook.OutputsOf(cellNumber).OfType<JsonObject>()
            .Where(o => o["output_type"]!.GetValue<string>() == "stream" && o["name"]!.GetValue<string>() == stream)
            .Select(o => Text(o["text"])));

    public static JsonObject? ErrorOf(this JsonObject notebook, int cellNumber) =>
        notebook.OutputsOf(cellNumber).OfType<JsonObject>().SingleOrDefault(o => o["output_type"]!.GetValue<string>() == "error");

    public static JsonObject Execution(this JsonObject notebook) => (JsonObject)notebook["metadata"]!["notebookkit"]!["execution"]!;
}
