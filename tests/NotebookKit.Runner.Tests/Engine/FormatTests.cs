using System.Text.Json.Nodes;
using NotebookKit.Runner.Tests.Support;

namespace NotebookKit.Runner.Tests.Engine;

/// <summary>Executed notebooks are valid nbformat 4.5 and keep their Polyglot metadata.</summary>
public sealed class FormatTests : EngineTest
{
    [Fact]
    public void ExecutedNotebook_WithEveryOutputKind_ValidatesAgainstTheNbformatSchema()
    {
        var path = new TestNotebook()
            .Markdown("# Title")
            .Setup()
            .Code("Console.WriteLine(\"out\");\nConsole.Error.WriteLine(\"err\");\nvar h = display(Plot.Lines(\"t\", \"x\", \"y\", (\"a\", new[] { 1.0 })));\nh.Update(\"text now\");")
            .Code("Kit.Setup()")
            .Code("throw new Exception(\"stop\");")
            .Code("var never = 1;")
            .WriteTo(Scratch.Sub("in"), "kinds.ipynb");
        var result = Support.Engine.Run(Scratch.Sub("out"), path);
        Assert.Equal(1, result.ExitCode);
        var executed = Path.Combine(result.OutDir, "kinds.ipynb");
        var (valid, output) = Tools.ValidateNotebook(executed);
        Assert.True(valid, output);
        Assert.Contains("valid 4 5", output);
    }

    [Fact]
    public void ExecutedNotebook_KeepsPolyglotMetadataAndCellIds()
    {
        var path = new TestNotebook().Code("1").WriteTo(Scratch.Sub("in"), "meta.ipynb");
        var source = (JsonObject)JsonNode.Parse(File.ReadAllText(path))!;
        var result = Support.Engine.Run(Scratch.Sub("out"), path);
        Assert.True(result.ExitCode == 0, result.All);
        var executed = result.Executed("meta.ipynb");
        foreach (var key in new[] { "kernelspec", "language_info", "polyglot_notebook" })
            Assert.True(JsonNode.DeepEquals(source["metadata"]![key], executed["metadata"]![key]), key);
        Assert.Equal("test-1", executed.Cells()[0]!["id"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(source.Cells()[0]!["metadata"], executed.Cells()[0]!["metadata"]));
    }

    [Fact]
    public void OlderNotebookWithoutCellIds_IsWrittenAs45WithIds()
    {
        var folder = Scratch.Sub("in");
        var path = Path.Combine(folder, "old.ipynb");
        File.WriteAllText(path, """
            {"cells":[{"cell_type":"code","metadata":{},"source":["1 + 2"],"outputs":[],"execution_count":null}],
             "metadata":{"kernelspec":{"display_name":".NET (C#)","language":"C#","name":".net-csharp"}},"nbformat":4,"nbformat_minor":2}
            """);
        var result = Support.Engine.Run(Scratch.Sub("out"), path);
        Assert.True(result.ExitCode == 0, result.All);
        var (valid, output) = Tools.ValidateNotebook(Path.Combine(result.OutDir, "old.ipynb"));
        Assert.True(valid, output);
        Assert.Contains("valid 4 5", output);
    }
}
