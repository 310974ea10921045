using NotebookKit.Runner.Engine;
using NotebookKit.Tests.Shared;
using NotebookKit.Runner.Tests.Support;

namespace NotebookKit.Runner.Tests.Engine;

/// <summary>The engine runs cells the way the C# Polyglot kernel does.</summary>
public sealed class SemanticsTests : EngineTest
{
    [Fact]
    public void StateCarriesAcrossCells_VariablesTypesAndUsings()
    {
        var result = RunOne(new TestNotebook()
            .Code("using System.Globalization;\nvar counter = 40;\nrecord Point(int X, int Y);")
            .Code("counter += 2;\nvar p = new Point(counter, 1);\nConsole.WriteLine(p.X.ToString(CultureInfo.InvariantCulture));"));
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Equal("42\n", result.Executed("test.ipynb").StreamText(2));
    }

    [Fact]
    public void DefaultUsings_AreTheKernels()
    {
        var result = RunOne(new TestNotebook().Code(
            "var list = new List<int> { 3, 1, 2 };\nvar text = new StringBuilder().Append(string.Join(\",\", list.OrderBy(x => x)));\nTask.CompletedTask.Wait();\nIEnumerable e = list;\nConsole.WriteLine(text);"));
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Equal("1,2,3\n", result.Executed("test.ipynb").StreamText(1));
    }

    [Fact]
    public void TrailingExpression_IsShownAsExecuteResult_StatementsAndVoidAreNot()
    {
        var result = RunOne(new TestNotebook()
            .Code("6 * 7")
            .Code("var x = 1;")
            .Code("Console.Write(\"\")")
            .Code("string s = null;\ns"));
        Assert.True(result.ExitCode == 0, result.All);
        var notebook = result.Executed("test.ipynb");
        var first = Assert.Single(notebook.OutputsOf(1))!.AsObject();
        Assert.Equal("execute_result", first["output_type"]!.GetValue<string>());
        Assert.Equal("42", Outputs.Text(first["data"]!["text/plain"]));
        Assert.Equal(1, first["execution_count"]!.GetValue<int>());
        Assert.Empty(notebook.OutputsOf(2));
        Assert.Empty(notebook.OutputsOf(3));
        Assert.Equal("<null>", Outputs.Text(Assert.Single(notebook.OutputsOf(4))!["data"]!["text/plain"]));
    }

    [Fact]
    public void ConsoleOutput_BecomesStdoutAndStderrStreams_InOrder()
    {
        var result = RunOne(new TestNotebook().Code("Console.WriteLine(\"one\");\nConsole.Write(\"two\");\nConsole.Error.WriteLine(\"oops\");\nConsole.WriteLine(\"three\");"));
        Assert.True(result.ExitCode == 0, result.All);
        var outputs = result.Executed("test.ipynb").OutputsOf(1);
        Assert.Equal(3, outputs.Count);
        Assert.Equal("one\ntwo", Outputs.Text(outputs[0]!["text"]));
        Assert.Equal("stderr", outputs[1]!["name"]!.GetValue<string>());
        Assert.Equal("three\n", Outputs.Text(outputs[2]!["text"]));
    }

    [Fact]
    public void ConsoleOutput_WrittenInPieces_KeepsNotebookLines()
    {
        var result = RunOne(new TestNotebook().Code("Console.Write(\"a\");\nConsole.Write(\"b\\nc\");\nConsole.Write('d');\nConsole.WriteLine(\"\\ne\");"));
        Assert.True(result.ExitCode == 0, result.All);
        var stream = Assert.Single(result.Executed("test.ipynb").OutputsOf(1))!;
        Assert.Equal(["ab\n", "cd\n", "e\n"], stream["text"]!.AsArray().Select(l => l!.GetValue<string>()));
    }

    [Fact]
    public void AFloodOfOutput_KeepsTheFirstLines_AndSaysHowManyWereLeftOut()
    {
        var result = RunOne(new TestNotebook()
            .Code("for (var i = 0; i < 100_000; i++) Console.WriteLine($\"line {i}\");")
            .Code("Console.WriteLine(\"next cell\");"));
        Assert.True(result.ExitCode == 0, result.All);
        var notebook = result.Executed("test.ipynb");
        var lines = notebook.OutputsOf(1)[0]!["text"]!.AsArray().Select(l => l!.GetValue<string>()).ToList();
        Assert.Equal(CellOutputs.MaxStreamLines, lines.Count);
        Assert.Equal("line 0\n", lines[0]);
        Assert.Equal($"line {CellOutputs.MaxStreamLines - 1}\n", lines[^1]);
        var note = notebook.StreamText(1, "stderr");
        Assert.Contains($"{100_000 - CellOutputs.MaxStreamLines:N0} more lines of output not kept", note);
        Assert.Equal("next cell\n", notebook.StreamText(2));                      // the cap is per cell
    }

    [Fact]
    public void Display_ReturnsAHandle_UpdateKeepsOnlyTheLastValue()
    {
        var result = RunOne(new TestNotebook().Code(
            "var handle = display(\"first\");\nfor (var i = 1; i <= 5; i++) handle.Update($\"update {i}\");\ndisplay(HTML(\"<b>bold</b>\"));"));
        Assert.True(result.ExitCode == 0, result.All);
        var outputs = result.Executed("test.ipynb").OutputsOf(1);
        Assert.Equal(2, outputs.Count);
        Assert.Equal("display_data", outputs[0]!["output_type"]!.GetValue<string>());
        Assert.Equal("update 5", Outputs.Text(outputs[0]!["data"]!["text/plain"]));
        Assert.Equal("<b>bold</b>", Outputs.Text(outputs[1]!["data"]!["text/html"]));
    }

    [Fact]
    public void KitObjects_RenderAsHtml_ThroughTheFormatterConvention_WithPlotlyOncePerNotebook()
    {
        var result = RunOne(new TestNotebook()
            .Setup()
            .Code("Kit.Setup()")
            .Code("var board = new ProgressBoard(\"t\", 3);\nvar view = display(board);\nfor (var i = 1; i <= 3; i++) { board.Report(i, (\"loss\", 1.0 / i)); view.Update(board); }")
            .Code("Plot.Lines(\"loss\", \"step\", \"loss\", (\"a\", new[] { 1.0, 0.5 }))"));
        Assert.True(result.ExitCode == 0, result.All);
        var notebook = result.Executed("test.ipynb");
        var html = string.Concat(Enumerable.Range(2, 3).SelectMany(c => notebook.OutputsOf(c))
            .Select(o => Outputs.Text(o!["data"]?["text/html"])));
        Assert.Contains("notebookkit-setup", html);
        Assert.Contains("loss 0.3333", html);
        Assert.Contains("Plotly.react", html);
        Assert.Equal(1, html.Split(NotebookKit.Display.PlotlyJs.BeginMarker).Length - 1);
        // Outside the inline plotly.js itself (which names a CDN in an unused default), nothing points to the network.
        var withoutLibrary = NotebookKit.Display.PlotlyJs.StripInlineCopies(html);
        Assert.DoesNotContain("cdn.", withoutLibrary);
        Assert.DoesNotContain("src=\"http", withoutLibrary);
        Assert.Single(notebook.OutputsOf(3)); // the updated board is one output
    }

    [Fact]
    public void NugetReferences_MapToLoadedAssemblies()
    {
        var result = RunOne(new TestNotebook()
            .Code($"#r \"nuget: TorchSharp-cpu, {PinnedVersions.Of("TorchSharp")}\"\n#r \"nuget: MathNet.Numerics, {PinnedVersions.Of("MathNet.Numerics")}\"")
            .Code("var t = TorchSharp.torch.ones(2, 2).sum().item<float>();\nvar m = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseIdentity(3).Trace();\nConsole.WriteLine($\"{t} {m}\");"));
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Equal("4 3\n", result.Executed("test.ipynb").StreamText(2));
    }

    [Fact]
    public void KitBuildOutputReferences_MapToTheLoadedCopies_OneEach()
    {
        var result = RunOne(new TestNotebook()
            .Code("#r \"../lib/NotebookKit/bin/Debug/net10.0/TorchSharp.dll\"\n#r \"../lib/NotebookKit/bin/Debug/net10.0/MathNet.Numerics.dll\"\n#r \"../lib/NotebookKit/bin/Debug/net10.0/NotebookKit.dll\"")
            .Code("var t = TorchSharp.torch.ones(2, 2).sum().item<float>();\nvar m = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseIdentity(3).Trace();\n" +
                  "Console.WriteLine($\"{t} {m} {AppDomain.CurrentDomain.GetAssemblies().Count(a => a.GetName().Name is \"TorchSharp\" or \"MathNet.Numerics\" or \"NotebookKit\")}\");"));
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Equal("4 3 3\n", result.Executed("test.ipynb").StreamText(2));
    }

    [Fact]
    public void Engine_HasTheKernelsFSharpCoreLoaded()
    {
        // The .NET Interactive kernel always has FSharp.Core 10.0.0.0 loaded; so does the engine, so clashes show in CI.
        var result = RunOne(new TestNotebook()
            .Code("Console.WriteLine(string.Join(\",\", AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == \"FSharp.Core\").Select(a => a.GetName().Version)));"));
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Equal("10.0.0.0\n", result.Executed("test.ipynb").StreamText(1));
    }

    [Fact]
    public void KitDllReference_AnyPath_MapsToTheLoadedKit()
    {
        var result = RunOne(new TestNotebook()
            .Code("#r \"../somewhere/else/bin/Release/net10.0/NotebookKit.dll\"\nusing NotebookKit;\nConsole.WriteLine(typeof(Kit).Assembly.Location == typeof(Kit).Assembly.Location);")
            .Code("Console.WriteLine(AppDomain.CurrentDomain.GetAssemblies().Count(a => a.GetName().Name == \"NotebookKit\"));"));
        Assert.True(result.ExitCode == 0, result.All);
        Assert.Equal("1\n", result.Executed("test.ipynb").StreamText(2));
    }

    [Fact]
    public void WithoutReferences_KitIsNotVisible_AsInTheKernel()
    {
        var result = RunOne(new TestNotebook().Code("NotebookKit.Kit.Setup();"));
        Assert.Equal(1, result.ExitCode);
        Assert.Matches("error CS0(103|234|246)", result.Executed("test.ipynb").ErrorOf(1)!["evalue"]!.GetValue<string>());
    }

    [Fact]
    public void CsharpMagic_IsAccepted_TimeMagic_PrintsWallTime_MarkdownMagic_IsNotRun()
    {
        var result = RunOne(new TestNotebook()
            .Code("#!csharp\nConsole.WriteLine(\"c#\");")
            .Code("#!time\nvar sum = Enumerable.Range(0, 1000).Sum();")
            .Code("#!markdown\n# not code at all {{"));
        Assert.True(result.ExitCode == 0, result.All);
        var notebook = result.Executed("test.ipynb");
        Assert.Equal("c#\n", notebook.StreamText(1));
        Assert.Matches(@"^Wall time: [\d.]+ms\n$", notebook.StreamText(2));
        Assert.Empty(notebook.OutputsOf(3));
    }

    [Fact]
    public void QuickFlag_SetsTheVariableTheLibraryReads()
    {
        var notebook = new TestNotebook().Setup().Code("Console.WriteLine($\"{Kit.Quick} {Kit.Pick(100, 5)}\");");
        var quick = RunOne(notebook, "--quick");
        Assert.True(quick.ExitCode == 0, quick.All);
        Assert.Equal("True 5\n", quick.Executed("test.ipynb").StreamText(2));
        Assert.True(quick.Executed("test.ipynb").Execution()["quick"]!.GetValue<bool>());
        var full = RunOne(notebook);
        Assert.Equal("False 100\n", full.Executed("test.ipynb").StreamText(2));
    }

    [Fact]
    public void ExecutionCounts_AreSequential_AndMarkdownIsKept()
    {
        var result = RunOne(new TestNotebook().Markdown("# Title\n$x^2$").Code("1").Markdown("text").Code("2"));
        Assert.True(result.ExitCode == 0, result.All);
        var cells = result.Executed("test.ipynb").Cells();
        Assert.Equal("# Title\n$x^2$", Outputs.Text(cells[0]!["source"]));
        Assert.Equal(1, cells[1]!["execution_count"]!.GetValue<int>());
        Assert.Equal(2, cells[3]!["execution_count"]!.GetValue<int>());
    }
}
