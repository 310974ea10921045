using System.Diagnostics;

namespace NotebookKit.Runner.Tests.Support;

/// <summary>External programs the tests use; each is installed by lib/scripts/setup.sh.</summary>
public static class Tools
{
    public static (int ExitCode, string Output) Run(string file, IEnumerable<string> args, TimeSpan? limit = null)
    {
        if (!File.Exists(file))
            throw new InvalidOperationException($"{file} is missing: run bash lib/scripts/setup.sh to install what the tests need.");
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit ?? TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} did not finish in time.");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Validates a notebook with the reference nbformat validator (Debian's python3-nbformat).</summary>
    public static (bool Valid, string Output) ValidateNotebook(string path)
    {
        var script = "import sys, nbformat\nnb = nbformat.read(sys.argv[1], as_version=nbformat.NO_CONVERT)\n" +
                     "nbformat.validate(nb)\nprint('valid', nb.nbformat, nb.nbformat_minor)";
        var (code, output) = Run("/usr/bin/python3", ["-c", script, path]);
        return (code == 0, output);
    }

    /// <summary>Loads a local page in headless Chromium with no network and returns the DOM after scripts ran.</summary>
    public static string RenderedDom(string htmlFile, string profileDir)
    {
        var (code, output) = Run("/usr/bin/chromium",
        [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            $"--user-data-dir={profileDir}", "--virtual-time-budget=10000", "--dump-dom",
            "--allow-file-access-from-files", new Uri(htmlFile).AbsoluteUri,
        ]);
        if (code != 0) throw new InvalidOperationException($"chromium failed ({code}): {output}");
        return output;
    }
}
