using System.Text.Json.Nodes;

namespace NotebookKit.Runner.Tests.Support;

/// <summary>Writes small Polyglot notebooks for the engine tests.</summary>
public sealed class TestNotebook
{
    private readonly JsonArray cells = new();

    public TestNotebook Markdown(string source) => Add("markdown", source);

    public TestNotebook Code(string source, string kernel = "csharp") => Add("code", source, kernel);

    /// <summary>The setup lines every kit notebook starts with.</summary>
    public TestNotebook Setup(string extra = "") => Code($"""
        #r "../lib/NotebookKit/bin/Debug/net10.0/TorchSharp.dll"
        #r "../lib/NotebookKit/bin/Debug/net10.0/MathNet.Numerics.dll"
        #r "../lib/NotebookKit/bin/Debug/net10.0/NotebookKit.dll"
        using NotebookKit;
        using NotebookKit.Plots;
        {extra}
        """);

    private TestNotebook Add(string type, string source, string kernel = "csharp")
    {
        var cell = new JsonObject
        {
            ["cell_type"] = type,
            ["id"] = $"test-{cells.Count + 1}",
            ["metadata"] = type == "code" ? new JsonObject { ["polyglot_notebook"] = new JsonObject { ["kernelName"] = kernel } } : new JsonObject(),
            ["source"] = source,
        };
        if (type == "code")
        {
            cell["execution_count"] = null;
            cell["outputs"] = new JsonArray();
        }
        cells.Add(cell);
        return this;
    }

    public string WriteTo(string folder, string name)
    {
        Directory.CreateDirectory(folder);
        var notebook = new JsonObject
        {
            ["cells"] = cells.DeepClone(),
            ["metadata"] = new JsonObject
            {
                ["kernelspec"] = new JsonObject { ["display_name"] = ".NET (C#)", ["language"] = "C#", ["name"] = ".net-csharp" },
                ["language_info"] = new JsonObject { ["name"] = "polyglot-notebook" },
                ["polyglot_notebook"] = new JsonObject
                {
                    ["kernelInfo"] = new JsonObject
                    {
                        ["defaultKernelName"] = "csharp",
                        ["items"] = new JsonArray(new JsonObject { ["name"] = "csharp", ["aliases"] = new JsonArray() }),
                    },
                },
            },
            ["nbformat"] = 4,
            ["nbformat_minor"] = 5,
        };
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, notebook.ToJsonString());
        return path;
    }
}
