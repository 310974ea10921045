using System.Text.Json.Nodes;
using NotebookKit.Runner.Tests.Support;

namespace NotebookKit.Runner.Tests.Kernel;

/// <summary>kernel install / list / uninstall / start as a user types them.</summary>
public sealed class KernelCommandTests
{
    [Fact]
    public void Install_WritesKernelspecs_ThatListFindsAndUninstallRemoves()
    {
        using var temp = new TempFolder();
        var prefix = temp.Sub("prefix");
        var environment = new Dictionary<string, string?> { ["JUPYTER_PATH"] = Path.Combine(prefix, "share", "jupyter"), ["JUPYTER_DATA_DIR"] = temp.Sub("data") };

        var install = Support.Engine.Invoke(temp.Path, ["kernel", "install", "--prefix", prefix], environment);
        Assert.True(install.ExitCode == 0, install.All);
        var specFile = Path.Combine(prefix, "share", "jupyter", "kernels", "notebookkit-csharp", "kernel.json");
        var spec = JsonNode.Parse(File.ReadAllText(specFile))!.AsObject();
        Assert.Equal("csharp", spec["language"]!.GetValue<string>());
        Assert.Equal("message", spec["interrupt_mode"]!.GetValue<string>());
        Assert.Equal(".cs", spec["metadata"]!["language_info"]!["file_extension"]!.GetValue<string>());
        Assert.Equal("text/x-csharp", spec["metadata"]!["language_info"]!["codemirror_mode"]!.GetValue<string>());
        var argv = spec["argv"]!.AsArray().Select(a => a!.GetValue<string>()).ToArray();
        Assert.True(File.Exists(argv[0]), $"the dotnet host {argv[0]} does not exist");
        Assert.Equal(Support.Engine.RunnerDll, argv[1]);
        Assert.Equal(["kernel", "start", "--connection-file", "{connection_file}"], argv[2..]);
        var quick = JsonNode.Parse(File.ReadAllText(specFile.Replace("notebookkit-csharp", "notebookkit-csharp-quick")))!.AsObject();
        Assert.Equal("1", quick["env"]![NotebookKit.Kit.QuickModeVariable]!.GetValue<string>());

        var list = Support.Engine.Invoke(temp.Path, ["kernel", "list"], environment);
        Assert.True(list.ExitCode == 0, list.All);
        Assert.Contains(Path.GetDirectoryName(specFile)!, list.Stdout);
        Assert.Contains("notebookkit-csharp-quick", list.Stdout);

        var uninstall = Support.Engine.Invoke(temp.Path, ["kernel", "uninstall", "--prefix", prefix], environment);
        Assert.True(uninstall.ExitCode == 0, uninstall.All);
        Assert.False(File.Exists(specFile));
        var after = Support.Engine.Invoke(temp.Path, ["kernel", "list"], environment);
        Assert.Equal(1, after.ExitCode);
        Assert.Contains("No NotebookKit kernel is installed", after.Stdout);
    }

    [Fact]
    public void List_NamesAKernelspecWhoseEngineIsGone()
    {
        using var temp = new TempFolder();
        var kernels = Directory.CreateDirectory(Path.Combine(temp.Path, "share", "jupyter", "kernels", "notebookkit-csharp")).FullName;
        File.WriteAllText(Path.Combine(kernels, "kernel.json"),
            """{"argv": ["/usr/bin/dotnet", "/nowhere/NotebookKit.Runner.dll", "kernel", "start", "--connection-file", "{connection_file}"], "display_name": "C# (NotebookKit)", "language": "csharp"}""");
        var list = Support.Engine.Invoke(temp.Path, ["kernel", "list"],
            new Dictionary<string, string?> { ["JUPYTER_PATH"] = Path.Combine(temp.Path, "share", "jupyter"), ["JUPYTER_DATA_DIR"] = temp.Sub("data") });
        Assert.Equal(1, list.ExitCode);
        Assert.Contains("its engine is missing: run kernel install again", list.Stdout);
    }

    [Theory]
    [InlineData("{}", "has no valid \"shell_port\"")]
    [InlineData("not json", "is not valid JSON")]
    [InlineData("""{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5, "key": "k", "signature_scheme": "hmac-md5"}""", "signs with hmac-sha256")]
    public void Start_WithABadConnectionFile_SaysWhatIsWrong(string content, string expected)
    {
        using var temp = new TempFolder();
        var file = Path.Combine(temp.Path, "connection.json");
        File.WriteAllText(file, content);
        var start = Support.Engine.Invoke(temp.Path, ["kernel", "start", "--connection-file", file]);
        Assert.Equal(NotebookKit.Runner.Engine.ExitCodes.BadInput, start.ExitCode);
        Assert.Contains(expected, start.Stderr);
    }

    [Fact]
    public void Kernel_WithoutAnAction_PrintsUsage()
    {
        using var temp = new TempFolder();
        var result = Support.Engine.Invoke(temp.Path, ["kernel"]);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("kernel expects install, uninstall, list or start", result.Stderr);
    }
}
