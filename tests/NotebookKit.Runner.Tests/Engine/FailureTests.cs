using NotebookKit.Tests.Shared;
using NotebookKit.Runner.Tests.Support;

namespace NotebookKit.Runner.Tests.Engine;

/// <summary>
/// A failing cell stops its notebook, is written as an error output naming cell and line, the
/// executed notebook is still written with everything before it, and the exit code is non-zero.
/// </summary>
public sealed class FailureTests : EngineTest
{
    [Fact]
    public void ExceptionInThirdCell_StopsTheNotebook_NamesCellAndLine_KeepsEarlierOutputs()
    {
        var result = RunOne(new TestNotebook()
            .Code("Console.WriteLine(\"cell one ran\");")
            .Code("var data = new int[3];")
            .Code("var ok = 1;\nvar index = 5;\nConsole.WriteLine(data[index]);")
            .Code("Console.WriteLine(\"must not run\");"));
        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"test\.ipynb\s+3/4\s+[\d.]+\s+FAILED: Cell 3, line 3: Index was outside the bounds of the array", result.Stdout);
        var notebook = result.Executed("test.ipynb");
        Assert.Equal("cell one ran\n", notebook.StreamText(1));
        var error = notebook.ErrorOf(3)!;
        Assert.Equal("System.IndexOutOfRangeException", error["ename"]!.GetValue<string>());
        Assert.StartsWith("Cell 3, line 3:", error["evalue"]!.GetValue<string>());
        Assert.Contains("cell 3:line 3", Outputs.Text(error["traceback"]));
        Assert.Empty(notebook.OutputsOf(4));
        Assert.Null(notebook.Cells()[3]!["execution_count"]);
        var execution = notebook.Execution();
        Assert.Equal("failed", execution["status"]!.GetValue<string>());
        Assert.Equal(3, execution["failedCell"]!.GetValue<int>());
    }

    [Fact]
    public void ExceptionRaisedInAFunctionFromAnEarlierCell_NamesBothCells()
    {
        var result = RunOne(new TestNotebook()
            .Code("int Explode(int x)\n{\n    throw new InvalidOperationException($\"bad {x}\");\n}")
            .Code("Explode(7);"));
        Assert.Equal(1, result.ExitCode);
        var evalue = result.Executed("test.ipynb").ErrorOf(2)!["evalue"]!.GetValue<string>();
        Assert.Equal("Cell 2, line 1: bad 7", evalue);
    }

    [Fact]
    public void CompileError_IsAnErrorOutput_WithCellLineAndCompilerMessage()
    {
        var result = RunOne(new TestNotebook().Code("var fine = 1;").Code("var a = 1;\nint b = \"text\";"));
        Assert.Equal(1, result.ExitCode);
        var error = result.Executed("test.ipynb").ErrorOf(2)!;
        Assert.Equal("CompilationError", error["ename"]!.GetValue<string>());
        Assert.StartsWith("Cell 2, line 2, column 9: error CS0029: Cannot implicitly convert type 'string' to 'int'", error["evalue"]!.GetValue<string>());
    }

    [Fact]
    public void UnknownPackage_IsAClearErrorListingTheAllowedOnes()
    {
        var result = RunOne(new TestNotebook().Code("#r \"nuget: Newtonsoft.Json, 13.0.1\"\nvar x = 1;"));
        Assert.Equal(1, result.ExitCode);
        var evalue = result.Executed("test.ipynb").ErrorOf(1)!["evalue"]!.GetValue<string>();
        Assert.StartsWith("Cell 1, line 1: The package 'Newtonsoft.Json' is not available", evalue);
        Assert.Contains($"TorchSharp-cpu {PinnedVersions.Of("TorchSharp")}", evalue);
        Assert.Contains($"MathNet.Numerics {PinnedVersions.Of("MathNet.Numerics")}", evalue);
        Assert.DoesNotContain("Plotly", evalue);
    }

    [Fact]
    public void PlotlyNetReference_SaysTheKitDrawsWithoutIt()
    {
        var result = RunOne(new TestNotebook().Code("#r \"nuget: Plotly.NET, 6.0.0\""));
        Assert.Equal(1, result.ExitCode);
        var evalue = result.Executed("test.ipynb").ErrorOf(1)!["evalue"]!.GetValue<string>();
        Assert.Contains("FSharp.Core", evalue);
        Assert.Contains("NotebookKit.Plots", evalue);
    }

    [Fact]
    public void PathReference_OutsideTheKitsBuildOutput_IsAClearError()
    {
        var result = RunOne(new TestNotebook().Code("var before = 1;").Code("#r \"../packages/Newtonsoft.Json.dll\""));
        Assert.Equal(1, result.ExitCode);
        var evalue = result.Executed("test.ipynb").ErrorOf(2)!["evalue"]!.GetValue<string>();
        Assert.StartsWith("Cell 2, line 1: The NotebookKit engine cannot load '../packages/Newtonsoft.Json.dll'", evalue);
        Assert.Contains("NotebookKit.dll", evalue);
        Assert.Contains("TorchSharp.dll", evalue);
    }

    [Fact]
    public void PinnedPackageAtAnotherVersion_SaysWhichVersionTheKitUses()
    {
        var result = RunOne(new TestNotebook().Code("#r \"nuget: MathNet.Numerics, 4.15.0\""));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"change the #r line to \"nuget: MathNet.Numerics, {PinnedVersions.Of("MathNet.Numerics")}\"", result.Executed("test.ipynb").ErrorOf(1)!["evalue"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("#!fsharp\nlet x = 1", "'#!fsharp'")]
    [InlineData("var x = 1;\n#!pwsh", "'#!pwsh'")]
    public void UnsupportedMagic_IsAClearError(string source, string named)
    {
        var result = RunOne(new TestNotebook().Code(source));
        Assert.Equal(1, result.ExitCode);
        var evalue = result.Executed("test.ipynb").ErrorOf(1)!["evalue"]!.GetValue<string>();
        Assert.Contains(named, evalue);
        Assert.Contains("Supported: #!csharp", evalue);
    }

    [Fact]
    public void CellForAnotherKernel_IsAClearError()
    {
        var result = RunOne(new TestNotebook().Code("let x = 1", kernel: "fsharp"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("'fsharp' kernel", result.Executed("test.ipynb").ErrorOf(1)!["evalue"]!.GetValue<string>());
    }

    [Fact]
    public void Timeout_StopsTheNotebook_KeepsOutputSoFar_AndNamesTheCell()
    {
        var spinning = new TestNotebook()
            .Code("Console.WriteLine(\"before\");")
            .Code("Console.WriteLine(\"spinning\");\nwhile (true) { }");
        // The limit counts from the engine's start, and compiling the first cell took over 12 s on a
        // machine with both cores busy: then the limit doubles until the run reaches the spinning cell.
        var limit = 6;
        EngineResult result;
        do
        {
            limit *= 2;
            result = RunOne(spinning, "--timeout", limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        } while (result.Stdout.Contains("TIMEOUT: Cell 1") && limit < 96);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("TIMEOUT: Cell 2", result.Stdout);
        var notebook = result.Executed("test.ipynb");
        Assert.Equal("before\n", notebook.StreamText(1));
        Assert.Equal("spinning\n", notebook.StreamText(2));
        var error = notebook.ErrorOf(2)!;
        Assert.Equal("TimeoutError", error["ename"]!.GetValue<string>());
        Assert.Contains($"time limit of {limit} s", error["evalue"]!.GetValue<string>());
        Assert.Equal("timeout", notebook.Execution()["status"]!.GetValue<string>());
    }

    [Fact]
    public void BudgetFactor_LimitsEachNotebookToAMultipleOfItsStatedBudget_AndNamesIt()
    {
        var result = RunOne(new TestNotebook()
            .Markdown("# A chapter\n\n**Time budget:** under 3 seconds on a 2-core laptop CPU.")
            .Code("Console.WriteLine(\"spinning\");\nwhile (true) { }"), "--budget-factor", "4");
        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"test\.ipynb.*TIMEOUT: Cell 2", result.Stdout);
        Assert.Contains("time limit of 12 s", result.Executed("test.ipynb").ErrorOf(2)!["evalue"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("**Time budget:** under 2 minutes on a 2-core laptop CPU", 120.0)]
    [InlineData("**Time budget:** under 30 seconds on a 2-core laptop CPU (a few seconds in quick mode).", 30.0)]
    [InlineData("**Time budget:** about 1.5 min", 90.0)]
    [InlineData("No budget stated here.", null)]
    public void NotebookBudget_ReadsTheChaptersStatement(string markdown, double? seconds)
    {
        var notebook = new System.Text.Json.Nodes.JsonObject
        {
            ["cells"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject { ["cell_type"] = "markdown", ["source"] = markdown }),
        };
        Assert.Equal(seconds, NotebookKit.Runner.Notebooks.NotebookBudget.SecondsOf(notebook));
    }

    [Fact]
    public void OneFailingNotebook_DoesNotStopTheOthers_TableListsEach()
    {
        var input = Scratch.Sub("many");
        new TestNotebook().Code("1 + 1").WriteTo(input, "a-good.ipynb");
        new TestNotebook().Code("throw new Exception(\"bad\");").WriteTo(input, "b-bad.ipynb");
        new TestNotebook().Code("2 + 2").WriteTo(input, "c-good.ipynb");
        var result = Support.Engine.Run(Scratch.Sub("out"), input);
        Assert.Equal(1, result.ExitCode);
        Assert.Matches(@"a-good\.ipynb\s+1/1\s+[\d.]+\s+ok", result.Stdout);
        Assert.Matches(@"b-bad\.ipynb\s+1/1\s+[\d.]+\s+FAILED: Cell 1, line 1: bad", result.Stdout);
        Assert.Matches(@"c-good\.ipynb\s+1/1\s+[\d.]+\s+ok", result.Stdout);
        Assert.Contains("2 notebooks succeeded, 1 failed", result.Stdout);
        var seconds = System.Text.RegularExpressions.Regex.Matches(result.Stdout, @"\.ipynb\s+1/1\s+([\d.]+)").Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).Sum();
        var total = System.Text.RegularExpressions.Regex.Match(result.Stdout, @"total\s+([\d.]+)\s+full mode");
        Assert.True(total.Success, result.Stdout);
        Assert.True(Math.Abs(seconds - double.Parse(total.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)) <= 0.25, result.Stdout);   // the chain's time: the sum of the rows (each printed to 0.1 s)
        Assert.True(File.Exists(Path.Combine(result.OutDir, "c-good.ipynb")));
    }

    [Fact]
    public void NotANotebook_IsAClearError()
    {
        var folder = Scratch.Sub("bad");
        var path = Path.Combine(folder, "broken.ipynb");
        File.WriteAllText(path, "{ not json");
        var result = Support.Engine.Run(Scratch.Sub("out"), path);
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("is not valid JSON (expected a Jupyter .ipynb notebook)", result.Stdout);
    }

    [Theory]
    [InlineData(new[] { "run" }, "at least one notebook")]
    [InlineData(new[] { "run", "missing.ipynb" }, "No such notebook or folder")]
    [InlineData(new[] { "run", "README.md" }, "Expected a .ipynb notebook or a folder")]
    [InlineData(new[] { "run", "x.ipynb", "--timeout", "soon" }, "--timeout expects a positive number of seconds")]
    [InlineData(new[] { "frobnicate" }, "Unknown command 'frobnicate'")]
    public void BadCommandLine_ExitsTwo_WithUsage(string[] args, string message)
    {
        var result = Support.Engine.Invoke(Scratch.Sub("out"), args);
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr);
        Assert.Contains("usage:", result.Stderr);
    }
}
