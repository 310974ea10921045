using System.Text;
using System.Text.Json.Nodes;
using NotebookKit.Runner.Engine;
using NotebookKit.Runner.Notebooks;
using NotebookKit.Runner.Tests.Support;

namespace NotebookKit.Runner.Tests.Engine;

/// <summary>The executed notebook is saved at the cost of what changed, and is byte for byte the full serialisation.</summary>
public sealed class ExecutedNotebookWriterTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    private static JsonObject Stream(string text) => new() { ["name"] = "stdout", ["output_type"] = "stream", ["text"] = text };

    [Fact]
    public void EverySave_EqualsTheFullSerialisation_AndSerialisesOnlyTheCellsStillChanging()
    {
        var document = NotebookDocument.Load(Path.Combine(RepoRoot.Path, "notebooks", "15-gpt-from-scratch.ipynb")).CloneForExecution();
        var writer = new ExecutedNotebookWriter(document.Root);
        var path = Path.Combine(folder.Path, "executed.ipynb");
        var codeCells = document.AllCells.Where(c => c.CellType == "code").ToList();
        var setup = codeCells[0];
        var big = new string('p', 4_000_000) + "\"\\\n中文 \u0001";                     // a plotly.js-sized output, with characters JSON must escape
        setup.Outputs.Add(new JsonObject { ["output_type"] = "display_data", ["data"] = new JsonObject { ["text/html"] = big }, ["metadata"] = new JsonObject() });
        writer.Save(path);
        Assert.Equal(NotebookDocument.Serialize(document.Root), File.ReadAllText(path, Encoding.UTF8));
        var whole = writer.LastSerialisedBytes;
        Assert.True(whole > 4_000_000, $"the first save serialises the unsettled setup cell ({whole} bytes)");

        writer.Settle(setup.Number - 1);
        for (var i = 1; i < 4; i++)
        {
            codeCells[i].Json["execution_count"] = i + 1;
            codeCells[i].Outputs.Add(Stream($"cell {i} printed this\n"));
            writer.Save(path);
            Assert.Equal(NotebookDocument.Serialize(document.Root), File.ReadAllText(path, Encoding.UTF8));
            Assert.True(writer.LastSerialisedBytes < 200_000, $"save {i} serialised {writer.LastSerialisedBytes:N0} bytes of a {new FileInfo(path).Length:N0}-byte notebook");
            writer.Settle(codeCells[i].Number - 1);
        }
        document.Root["metadata"]!["notebookkit"] = new JsonObject { ["status"] = "ok" };            // the run record changes at every save
        writer.Save(path);
        Assert.Equal(NotebookDocument.Serialize(document.Root), File.ReadAllText(path, Encoding.UTF8));
        Assert.Empty(Directory.GetFiles(folder.Path, ".*.tmp"));                                      // replaced atomically, no temporary left behind
    }

    [Fact]
    public void ANotebookWithoutCells_IsWrittenWhole()
    {
        var root = new JsonObject { ["cells"] = new JsonArray(), ["metadata"] = new JsonObject(), ["nbformat"] = 4, ["nbformat_minor"] = 5 };
        var path = Path.Combine(folder.Path, "empty.ipynb");
        new ExecutedNotebookWriter(root).Save(path);
        Assert.Equal(NotebookDocument.Serialize(root), File.ReadAllText(path, Encoding.UTF8));
    }
}
