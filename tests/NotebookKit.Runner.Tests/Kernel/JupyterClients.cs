using System.Diagnostics;
using NotebookKit.Runner.Tests.Support;

namespace NotebookKit.Runner.Tests.Kernel;

/// <summary>
/// The kit's kernel installed (by the engine's own <c>kernel install --prefix</c>) into a scratch
/// Jupyter folder, and Debian's Jupyter clients (jupyter_client, nbclient) run against it with that
/// folder on JUPYTER_PATH, so nothing of the user's Jupyter set-up is read or changed.
/// </summary>
public sealed class JupyterClients : IDisposable
{
    private readonly TempFolder folder = new();

    public string Prefix { get; }

    public JupyterClients()
    {
        Prefix = folder.Sub("prefix");
        var install = Support.Engine.Invoke(folder.Path, ["kernel", "install", "--prefix", Prefix]);
        if (install.ExitCode != 0) throw new InvalidOperationException($"kernel install failed:\n{install.All}");
    }

    public string JupyterPath => Path.Combine(Prefix, "share", "jupyter");

    public static string Script(string name) => Path.Combine(RepoRoot.Path, "tests", "NotebookKit.Runner.Tests", "Kernel", name);

    /// <summary>Runs a Python script with Debian's Python and the scratch Jupyter folders.</summary>
    public (int ExitCode, string Output) Python(IEnumerable<string> args, TimeSpan limit, bool quick = false,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        const string python = "/usr/bin/python3";
        if (!File.Exists(python)) throw new InvalidOperationException($"{python} is missing: run bash lib/scripts/setup.sh.");
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoRoot.Path };
        start.ArgumentList.Add("-u");
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["JUPYTER_PATH"] = JupyterPath;
        start.Environment["JUPYTER_DATA_DIR"] = folder.Sub("data");
        start.Environment["JUPYTER_RUNTIME_DIR"] = folder.Sub("runtime");
        start.Environment["JUPYTER_CONFIG_DIR"] = folder.Sub("config");
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        if (quick) start.Environment[NotebookKit.Kit.QuickModeVariable] = "1";
        else start.Environment.Remove(NotebookKit.Kit.QuickModeVariable);
        if (environment is not null)
            foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (-1, $"stopped after {limit.TotalMinutes:0.#} minutes\n{stdout.Result}{stderr.Result}");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    public void Dispose() => folder.Dispose();
}
