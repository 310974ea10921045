using NotebookKit.Runner.Tests.Kernel;
using NotebookKit.Runner.Tests.Support;

namespace NotebookKit.Runner.Tests.Doctor;

/// <summary><c>doctor</c> on this (set-up) machine, and on a clone where the kit was never built.</summary>
public sealed class DoctorTests(JupyterClients clients) : IClassFixture<JupyterClients>
{
    [Fact]
    public void Doctor_OnAGoodSetup_FindsNoProblem()
    {
        using var temp = new TempFolder();
        var result = Support.Engine.Invoke(temp.Path, ["doctor"], Jupyter(clients.JupyterPath, temp.Sub("data")));
        Assert.True(result.ExitCode == 0, result.All);
        foreach (var check in new[] { ".NET SDK", "kit built", "libstdc++ fix", "TorchSharp natives", "MKL fast kernels", "plotly.js offline", "Jupyter kernel" })
            Assert.Matches($@"(?m)^ok\s+{System.Text.RegularExpressions.Regex.Escape(check)}\s", result.Stdout);
        Assert.Contains("notebookkit-csharp", result.Stdout);
        Assert.Contains("Polyglot Notebooks", result.Stdout);
        Assert.Contains("Everything the chapters need is in place.", result.Stdout);
    }

    [Fact]
    public void Doctor_OnACloneThatWasNeverBuilt_SaysSoAndHowToFixIt()
    {
        using var temp = new TempFolder();
        var clone = temp.Sub("NotebookKit");
        File.WriteAllText(Path.Combine(clone, "NotebookKit.sln"), "");
        Directory.CreateDirectory(Path.Combine(clone, "lib", "NotebookKit"));
        var emptyJupyter = temp.Sub("jupyter");
        var result = Support.Engine.Invoke(temp.Path, ["doctor", clone], Jupyter(emptyJupyter, temp.Sub("data")));
        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"(?m)^PROBLEM\s+kit built\s+lib/NotebookKit/bin/Debug/net10.0/NotebookKit.dll is missing", result.Stdout);
        Assert.Contains($"fix: cd {clone} && dotnet build NotebookKit.sln", result.Stdout);
        Assert.Matches(@"(?m)^PROBLEM\s+Jupyter kernel\s+no NotebookKit kernelspec is registered", result.Stdout);
        Assert.Contains("fix: dotnet run --project lib/NotebookKit.Runner -- kernel install", result.Stdout);
        Assert.Matches(@"\d+ problems? found: run the fixes above in order", result.Stdout);
    }

    [Fact]
    public void Doctor_OutsideTheKitsFolder_SaysWhereToRunIt()
    {
        using var temp = new TempFolder();
        var result = Support.Engine.Invoke(temp.Path, ["doctor", temp.Path], Jupyter(temp.Sub("jupyter"), temp.Sub("data")), workingDirectory: temp.Path);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("not found above the current folder (no NotebookKit.sln)", result.Stdout);
    }

    private static Dictionary<string, string?> Jupyter(string path, string data) => new() { ["JUPYTER_PATH"] = path, ["JUPYTER_DATA_DIR"] = data };
}
