using System.Text.Json.Nodes;
using NotebookKit.Runner.Notebooks;

namespace NotebookKit.Runner.Engine;

/// <summary>
/// Collects one cell's outputs in nbformat shape, in the order they happen: stream text
/// (consecutive writes to the same stream merge), display_data, execute_result, error.
/// Safe to use from several threads (a training loop may print from a worker).
/// </summary>
public sealed class CellOutputs(JsonArray outputs)
{
    private readonly object gate = new();

    public JsonArray Json => outputs;

    public object Gate => gate;

    public void Write(string stream, string text)
    {
        if (text.Length == 0) return;
        lock (gate)
        {
            if (outputs.Count > 0 && outputs[^1] is JsonObject last && last["output_type"]?.GetValue<string>() == "stream"
                && last["name"]?.GetValue<string>() == stream)
            {
                var joined = NotebookDocument.JoinText(last["text"]) + text;
                last["text"] = NotebookDocument.SplitLines(joined);
                return;
            }
            outputs.Add(new JsonObject
            {
                ["name"] = stream,
                ["output_type"] = "stream",
                ["text"] = NotebookDocument.SplitLines(text),
            });
        }
    }

    /// <summary>Adds a display_data output and returns it so it can be updated in place.</summary>
    public JsonObject Display(IReadOnlyDictionary<string, string> bundle)
    {
        lock (gate)
        {
            var output = new JsonObject
            {
                ["data"] = Bundle(bundle),
                ["metadata"] = new JsonObject(),
                ["output_type"] = "display_data",
            };
            outputs.Add(output);
            return output;
        }
    }

    /// <summary>Replaces what an earlier display shows: only the last value is kept, as the kernel does.</summary>
    public void Replace(JsonObject display, IReadOnlyDictionary<string, string> bundle)
    {
        lock (gate) display["data"] = Bundle(bundle);
    }

    public void Result(int executionCount, IReadOnlyDictionary<string, string> bundle)
    {
        lock (gate)
        {
            outputs.Add(new JsonObject
            {
                ["data"] = Bundle(bundle),
                ["execution_count"] = executionCount,
                ["metadata"] = new JsonObject(),
                ["output_type"] = "execute_result",
            });
        }
    }

    public void Error(string name, string value, IEnumerable<string> traceback)
    {
        lock (gate)
        {
            outputs.Add(new JsonObject
            {
                ["ename"] = name,
                ["evalue"] = value,
                ["output_type"] = "error",
                ["traceback"] = new JsonArray(traceback.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
            });
        }
    }

    private static JsonObject Bundle(IReadOnlyDictionary<string, string> bundle)
    {
        var data = new JsonObject();
        foreach (var (mime, text) in bundle) data[mime] = NotebookDocument.SplitLines(text);
        return data;
    }
}
