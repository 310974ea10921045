using System.Text.Json.Nodes;
using NotebookKit.Runner.Engine;

namespace NotebookKit.Runner.Kernel;

/// <summary>Publishes one cell's outputs on iopub as they happen, as children of its execute request.</summary>
internal sealed class IOPubOutputs(IOPubChannel iopub, JupyterMessage request) : ICellOutputSink
{
    public void Stream(string name, string text) =>
        iopub.Publish("stream", new JsonObject { ["name"] = name, ["text"] = text }, request);

    public void Display(string displayId, IReadOnlyDictionary<string, string> bundle) =>
        iopub.Publish("display_data", WithData(bundle, displayId), request);

    public void UpdateDisplay(string displayId, IReadOnlyDictionary<string, string> bundle) =>
        iopub.Publish("update_display_data", WithData(bundle, displayId), request);

    public void Result(int executionCount, IReadOnlyDictionary<string, string> bundle)
    {
        var content = WithData(bundle, null);
        content["execution_count"] = executionCount;
        iopub.Publish("execute_result", content, request);
    }

    public void Error(string name, string value, IReadOnlyList<string> traceback) =>
        iopub.Publish("error", ErrorContent(name, value, traceback), request);

    public static JsonObject ErrorContent(string name, string value, IReadOnlyList<string> traceback) => new()
    {
        ["ename"] = name,
        ["evalue"] = value,
        ["traceback"] = new JsonArray(traceback.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
    };

    private static JsonObject WithData(IReadOnlyDictionary<string, string> bundle, string? displayId)
    {
        var data = new JsonObject();
        foreach (var (mime, text) in bundle) data[mime] = text;
        var content = new JsonObject { ["data"] = data, ["metadata"] = new JsonObject() };
        if (displayId is not null) content["transient"] = new JsonObject { ["display_id"] = displayId };
        return content;
    }
}
