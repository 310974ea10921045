using System.Text.Json.Nodes;
using NotebookKit.Runner.Notebooks;

namespace NotebookKit.Runner.Engine;

/// <summary>
/// Collects one cell's outputs in nbformat shape, in the order they happen: stream text
/// (consecutive writes to the same stream merge), display_data, execute_result, error.
/// Safe to use from several threads (a training loop may print from a worker). A sink, when
/// given, hears of each output as it happens (the Jupyter kernel publishes them live).
/// </summary>
public sealed class CellOutputs(JsonArray outputs, ICellOutputSink? sink = null)
{
    private readonly object gate = new();
    private readonly Dictionary<JsonObject, string> displayIds = new(ReferenceEqualityComparer.Instance);

    public JsonArray Json => outputs;

    public object Gate => gate;

    /// <summary>
    /// The most lines of console output (stdout and stderr together) a cell keeps; past it the
    /// text is counted, not kept, and one line at the end says how much was left out, as notebook
    /// front ends do with a flood of output. Keeps executed notebooks (and the book) readable.
    /// </summary>
    public const int MaxStreamLines = 5000;

    /// <summary>The most characters of console output a cell keeps (a flood without line breaks).</summary>
    public const int MaxStreamChars = 2_000_000;

    private int keptLines;
    private long keptChars;
    private long droppedLines;
    private JsonObject? truncationNote;

    /// <summary>
    /// Appends console text to the cell's last stream output of that name (or a new one). Costs
    /// time in proportion to the text written, not to what the cell printed before.
    /// </summary>
    public void Write(string stream, string text)
    {
        if (text.Length == 0) return;
        lock (gate)
        {
            if (keptLines >= MaxStreamLines || keptChars >= MaxStreamChars)
            {
                Drop(text);
                return;
            }
            string? overflow = null;
            if (keptChars + text.Length > MaxStreamChars)
            {
                var room = (int)(MaxStreamChars - keptChars);
                overflow = text[room..];
                text = text[..room];
            }
            keptChars += text.Length;
            JsonArray lines;
            if (outputs.Count > 0 && outputs[^1] is JsonObject last && last["output_type"]?.GetValue<string>() == "stream"
                && last["name"]?.GetValue<string>() == stream && last["text"] is JsonArray existing)
            {
                lines = existing;
            }
            else
            {
                lines = new JsonArray();
                outputs.Add(new JsonObject { ["name"] = stream, ["output_type"] = "stream", ["text"] = lines });
            }
            var kept = Append(lines, text);
            if (kept > 0) sink?.Stream(stream, kept == text.Length ? text : text[..kept]);
            if (kept < text.Length) Drop(text[kept..]);
            if (overflow is not null) Drop(overflow);
        }
    }

    /// <summary>
    /// Adds text to nbformat's list of lines (each keeps its newline), continuing an unfinished last
    /// line; returns how many characters were kept (the rest is past the line limit, for the caller to drop).
    /// </summary>
    private int Append(JsonArray lines, string text)
    {
        var start = 0;
        if (lines.Count > 0 && lines[^1]!.GetValue<string>() is var tail && !tail.EndsWith('\n'))
        {
            var end = text.IndexOf('\n');
            var piece = end < 0 ? text : text[..(end + 1)];
            lines.RemoveAt(lines.Count - 1);
            lines.Add(tail + piece);
            start = piece.Length;
            if (end >= 0) keptLines++;
        }
        while (start < text.Length)
        {
            if (keptLines >= MaxStreamLines) return start;
            var end = text.IndexOf('\n', start);
            if (end < 0) end = text.Length - 1;
            lines.Add(text.Substring(start, end - start + 1));
            if (text[end] == '\n') keptLines++;
            start = end + 1;
        }
        return text.Length;
    }

    private void Drop(string text)
    {
        var newLines = text.AsSpan().Count('\n');
        droppedLines += Math.Max(newLines, droppedLines == 0 ? 1 : 0);
        var note = $"[{droppedLines:N0} more line{(droppedLines == 1 ? "" : "s")} of output not kept: a cell keeps its first {MaxStreamLines:N0} lines and {MaxStreamChars:N0} characters]\n";
        if (truncationNote is null)
        {
            truncationNote = new JsonObject { ["name"] = "stderr", ["output_type"] = "stream", ["text"] = new JsonArray(note) };
            outputs.Add(truncationNote);
            sink?.Stream("stderr", note);
        }
        else truncationNote["text"] = new JsonArray(note);
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
            var id = Guid.NewGuid().ToString("N");
            displayIds[output] = id;
            sink?.Display(id, bundle);
            return output;
        }
    }

    /// <summary>Replaces what an earlier display shows: only the last value is kept, as the kernel does.</summary>
    public void Replace(JsonObject display, IReadOnlyDictionary<string, string> bundle)
    {
        lock (gate)
        {
            display["data"] = Bundle(bundle);
            if (displayIds.TryGetValue(display, out var id)) sink?.UpdateDisplay(id, bundle);
        }
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
            sink?.Result(executionCount, bundle);
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
            sink?.Error(name, value, traceback.ToArray());
        }
    }

    private static JsonObject Bundle(IReadOnlyDictionary<string, string> bundle)
    {
        var data = new JsonObject();
        foreach (var (mime, text) in bundle) data[mime] = NotebookDocument.SplitLines(text);
        return data;
    }
}

/// <summary>Hears of a cell's outputs as they happen (called under the outputs' lock, in order).</summary>
public interface ICellOutputSink
{
    void Stream(string name, string text);
    void Display(string displayId, IReadOnlyDictionary<string, string> bundle);
    void UpdateDisplay(string displayId, IReadOnlyDictionary<string, string> bundle);
    void Result(int executionCount, IReadOnlyDictionary<string, string> bundle);
    void Error(string name, string value, IReadOnlyList<string> traceback);
}
