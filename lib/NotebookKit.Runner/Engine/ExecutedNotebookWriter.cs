using System.Text;
using System.Text.Json.Nodes;
using NotebookKit.Runner.Notebooks;

namespace NotebookKit.Runner.Engine;

/// <summary>
/// Writes the executed notebook after every change at a cost proportional to what changed: a cell
/// whose outputs are final (it ran, or it is not code) is serialised once and kept as UTF-8 bytes;
/// each save serialises only the other cells (the running one, and the ones still to run, which
/// have no outputs yet) and the notebook's metadata, and writes the kept bytes as they are. The
/// setup cell's output (plotly.js, about 4 MB, so that an executed notebook draws its charts
/// offline in any viewer) is therefore serialised once per run instead of before and after every
/// cell. The file is byte for byte what <see cref="NotebookDocument.Serialize"/> writes, and it is
/// still replaced atomically (temporary file, then rename): a crash or a time limit never leaves
/// half a notebook.
/// </summary>
public sealed class ExecutedNotebookWriter
{
    private const string Marker = "@@notebookkit-cells-go-here@@";
    private static readonly UTF8Encoding Utf8 = new(false);
    private readonly JsonObject root;
    private readonly JsonArray cells;
    private readonly byte[]?[] settled;

    public ExecutedNotebookWriter(JsonObject root)
    {
        this.root = root;
        cells = (JsonArray)root["cells"]!;
        settled = new byte[cells.Count][];
        for (var i = 0; i < cells.Count; i++)
            if (cells[i]!["cell_type"]?.GetValue<string>() != "code") Settle(i);      // markdown and raw cells never change
    }

    /// <summary>Bytes serialised by the last <see cref="Save"/> (to measure that a save costs what changed).</summary>
    public long LastSerialisedBytes { get; private set; }

    /// <summary>Cell <paramref name="index"/> (0-based) will not change again: serialise it once and keep it.</summary>
    public void Settle(int index) => settled[index] ??= Utf8.GetBytes(CellText(cells[index]!));

    public void Save(string path)
    {
        if (cells.Count == 0)
        {
            NotebookDocument.WriteAtomically(path, [Utf8.GetBytes(NotebookDocument.Serialize(root))]);
            return;
        }
        // The notebook without its cells, with a marker where they go; then the cells, kept or fresh.
        var placeholder = new JsonArray(Marker);
        root["cells"] = placeholder;
        string skeleton;
        try { skeleton = NotebookDocument.Serialize(root); }
        finally { root["cells"] = cells; }
        var quoted = skeleton.IndexOf($"\"{Marker}\"", StringComparison.Ordinal);
        if (quoted < 0) throw new InvalidOperationException("The notebook's cell list could not be placed (the serialiser's layout changed).");
        var at = skeleton.LastIndexOf('\n', quoted) + 1;                                      // the marker's line, with its indentation
        var end = quoted + Marker.Length + 2;
        var pieces = new List<byte[]> { Utf8.GetBytes(skeleton[..at]) };
        long fresh = pieces[0].Length;
        for (var i = 0; i < cells.Count; i++)
        {
            var bytes = settled[i] ?? Utf8.GetBytes(CellText(cells[i]!));
            if (settled[i] is null) fresh += bytes.Length;
            if (i > 0) pieces.Add(Separator);
            pieces.Add(bytes);
        }
        var tail = Utf8.GetBytes(skeleton[end..]);
        pieces.Add(tail);
        LastSerialisedBytes = fresh + tail.Length;
        NotebookDocument.WriteAtomically(path, pieces);
    }

    private static readonly byte[] Separator = Utf8.GetBytes(",\n");

    /// <summary>How deep the serialiser indents an element of the "cells" array.</summary>
    private static readonly string Indent = ProbeIndent();

    private static string ProbeIndent()
    {
        var text = NotebookDocument.Serialize(new JsonObject { ["cells"] = new JsonArray("x") });
        var quoted = text.IndexOf("\"x\"", StringComparison.Ordinal);
        return text[(text.LastIndexOf('\n', quoted) + 1)..quoted];
    }

    /// <summary>A cell as it appears inside the notebook's "cells" array, indented to its depth.</summary>
    private static string CellText(JsonNode cell)
    {
        var text = cell.ToJsonString(NotebookDocument.WriteOptions);
        return Indent + text.Replace("\n", "\n" + Indent);    // JSON strings escape their newlines: only the layout's line breaks are here
    }
}
