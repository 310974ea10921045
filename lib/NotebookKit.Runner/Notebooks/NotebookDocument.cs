using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookKit.Runner.Notebooks;

/// <summary>
/// A Jupyter notebook (nbformat 4) held as JSON, so that everything the engine does not touch
/// (Polyglot metadata, cell ids, attachments) is written back unchanged.
/// </summary>
public sealed class NotebookDocument
{
    internal static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private NotebookDocument(JsonObject root, string path)
    {
        Root = root;
        Path = path;
    }

    public JsonObject Root { get; }

    /// <summary>The file the notebook was read from.</summary>
    public string Path { get; }

    public string FileName => System.IO.Path.GetFileName(Path);

    public JsonArray Cells => (JsonArray)Root["cells"]!;

    public IEnumerable<NotebookCell> AllCells => Cells.Select((c, i) => new NotebookCell((JsonObject)c!, i + 1));

    /// <summary>Reads and checks a notebook; a file that is not nbformat 4 gets a clear error.</summary>
    public static NotebookDocument Load(string path)
    {
        if (!File.Exists(path)) throw new NotebookFormatException($"Notebook not found: {path}");
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(File.ReadAllText(path, Encoding.UTF8));
        }
        catch (JsonException e)
        {
            throw new NotebookFormatException($"{path} is not valid JSON (expected a Jupyter .ipynb notebook): {e.Message}");
        }
        if (node is not JsonObject root || root["cells"] is not JsonArray cells)
            throw new NotebookFormatException($"{path} is not a Jupyter notebook: expected a JSON object with a \"cells\" array.");
        var major = root["nbformat"]?.GetValue<int>() ?? 0;
        if (major != 4)
            throw new NotebookFormatException($"{path}: expected nbformat 4, got nbformat {major}.");
        for (var i = 0; i < cells.Count; i++)
        {
            if (cells[i] is not JsonObject cell || cell["cell_type"]?.GetValue<string>() is not ("code" or "markdown" or "raw"))
                throw new NotebookFormatException($"{path}: cell {i + 1} has no valid cell_type (expected code, markdown or raw).");
        }
        return new NotebookDocument(root, System.IO.Path.GetFullPath(path));
    }

    /// <summary>A deep copy to fill with outputs; cell ids are added where missing (nbformat 4.5 needs them).</summary>
    public NotebookDocument CloneForExecution()
    {
        var copy = (JsonObject)Root.DeepClone();
        copy["nbformat"] = 4;
        copy["nbformat_minor"] = Math.Max(5, Root["nbformat_minor"]?.GetValue<int>() ?? 5);
        var index = 0;
        foreach (var cell in ((JsonArray)copy["cells"]!).Cast<JsonObject>())
        {
            index++;
            if (cell["id"] is null) cell["id"] = $"cell-{index}";
            if (cell["metadata"] is null) cell["metadata"] = new JsonObject();
            if (cell["cell_type"]!.GetValue<string>() == "code")
            {
                cell["outputs"] = new JsonArray();
                cell["execution_count"] = null;
            }
        }
        return new NotebookDocument(copy, Path);
    }

    public string ToJson() => Serialize(Root);

    /// <summary>A notebook's JSON as the engine writes it: indented, UTF-8 text unescaped, final newline.</summary>
    public static string Serialize(JsonObject root) => root.ToJsonString(WriteOptions) + "\n";

    /// <summary>Checks a notebook already in memory as <see cref="Load"/> checks a file.</summary>
    public static NotebookDocument FromJson(JsonObject root, string path)
    {
        if (root["cells"] is not JsonArray cells) throw new NotebookFormatException($"{path} is not a Jupyter notebook: expected a JSON object with a \"cells\" array.");
        return new NotebookDocument(root, System.IO.Path.GetFullPath(path));
    }

    /// <summary>Writes atomically (temp file then rename), so a reader never sees half a notebook.</summary>
    public void Save(string path) => WriteAtomically(path, [new UTF8Encoding(false).GetBytes(ToJson())]);

    /// <summary>Writes <paramref name="pieces"/> one after another to a temporary file beside <paramref name="path"/>, then renames it over the path.</summary>
    internal static void WriteAtomically(string path, IEnumerable<byte[]> pieces)
    {
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temp = System.IO.Path.Combine(directory, $".{System.IO.Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            foreach (var piece in pieces) stream.Write(piece);
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Joins nbformat's "source" (a string or a list of lines) into one string.</summary>
    public static string JoinText(JsonNode? source) => source switch
    {
        null => "",
        JsonArray lines => string.Concat(lines.Select(l => l?.GetValue<string>() ?? "")),
        _ => source.GetValue<string>(),
    };

    /// <summary>Splits text into nbformat's list of lines (each keeps its newline).</summary>
    public static JsonArray SplitLines(string text)
    {
        var array = new JsonArray();
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0) end = text.Length - 1;
            array.Add(text.Substring(start, end - start + 1));
            start = end + 1;
        }
        return array;
    }
}

/// <summary>One cell and its 1-based position in the notebook.</summary>
public sealed record NotebookCell(JsonObject Json, int Number)
{
    public string CellType => Json["cell_type"]!.GetValue<string>();
    public string Source => NotebookDocument.JoinText(Json["source"]);

    /// <summary>The nbformat 4.5 cell id ("" when the cell has none).</summary>
    public string Id => Json["id"]?.GetValue<string>() ?? "";

    /// <summary>The Polyglot kernel name of a code cell (csharp when not stated).</summary>
    public string KernelName =>
        Json["metadata"]?["polyglot_notebook"]?["kernelName"]?.GetValue<string>()
        ?? Json["metadata"]?["dotnet_interactive"]?["language"]?.GetValue<string>()
        ?? "csharp";

    public JsonArray Outputs => Json["outputs"] as JsonArray ?? (JsonArray)(Json["outputs"] = new JsonArray());
}

public sealed class NotebookFormatException(string message) : Exception(message);
