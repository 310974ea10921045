using System.Text;

namespace NotebookKit.Data;

/// <summary>
/// One Tang quatrain (绝句): four lines of 5 or 7 characters, written as in the source,
/// <c>line，line。line，line。</c>.
/// </summary>
public sealed record Poem(string Author, string Title, string Text)
{
    /// <summary>The four lines without punctuation.</summary>
    public IReadOnlyList<string> Lines => TangPoems.SplitLines(Text);

    /// <summary>Characters per line: 5 (五言) or 7 (七言).</summary>
    public int LineWidth => Lines[0].Length;
}

/// <summary>
/// The shipped corpus of Tang quatrains (<c>data/tang-poems</c>, prepared from the MIT-licensed
/// <c>chinese-poetry</c> 2.0.1; provenance, selection rules and counts in its README).
/// </summary>
public static class TangPoems
{
    public const string Header = "author\ttitle\tpoem";

    /// <summary>The shipped folder: data/tang-poems above the current folder or the kit's assembly.</summary>
    public static string FindShippedFolder() => ShippedData.Find("tang-poems", "poems.tsv");

    /// <summary>All 13,830 shipped poems, in the source's order.</summary>
    public static IReadOnlyList<Poem> LoadShipped(string? folder = null) => ReadTsv(Path.Combine(folder ?? FindShippedFolder(), "poems.tsv"));

    /// <summary>Reads a poems file (UTF-8, the header line, then author, title, poem); every poem must be a quatrain.</summary>
    public static IReadOnlyList<Poem> ReadTsv(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Poems file not found: {path}", path);
        var poems = new List<Poem>();
        var number = 0;
        foreach (var line in File.ReadLines(path, Encoding.UTF8))
        {
            number++;
            if (number == 1)
            {
                if (line != Header) throw new InvalidDataException($"{path}, line 1: expected the header '{Header.Replace("\t", "<TAB>")}', got '{line}'.");
                continue;
            }
            if (line.Length == 0) continue;
            var parts = line.Split('\t');
            if (parts.Length != 3) throw new InvalidDataException($"{path}, line {number}: expected 'author<TAB>title<TAB>poem', got {parts.Length} fields.");
            if (!IsQuatrain(parts[2])) throw new InvalidDataException($"{path}, line {number}: expected a quatrain (four lines of 5 or 7 characters, as 'line，line。line，line。'), got '{parts[2]}'.");
            poems.Add(new Poem(parts[0], parts[1], parts[2]));
        }
        return poems;
    }

    /// <summary>
    /// True when <paramref name="text"/> is exactly four lines of the same width, 5 or 7 Chinese
    /// characters, punctuated <c>，。，。</c>. Chapter 15 measures its samples with it.
    /// </summary>
    public static bool IsQuatrain(string text)
    {
        if (string.IsNullOrEmpty(text)) return false;
        var lines = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text)
        {
            if (c is '，' or '。')
            {
                if ((c == '，') != (lines.Count % 2 == 0)) return false;          // ， after lines 1 and 3, 。 after 2 and 4
                lines.Add(current.ToString());
                current.Clear();
            }
            else if (c is >= '\u4e00' and <= '\u9fff') current.Append(c);
            else return false;
        }
        return current.Length == 0 && lines.Count == 4 && lines[0].Length is 5 or 7 && lines.All(l => l.Length == lines[0].Length);
    }

    /// <summary>The lines of a poem without punctuation.</summary>
    public static IReadOnlyList<string> SplitLines(string text) => text.Split(['，', '。'], StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A seeded split into training and validation poems (disjoint, the same for a seed in every process).</summary>
    public static (IReadOnlyList<Poem> Train, IReadOnlyList<Poem> Validation) Split(IReadOnlyList<Poem> poems, double validationFraction, int seed)
    {
        if (validationFraction is <= 0 or >= 1 || double.IsNaN(validationFraction)) throw new ArgumentOutOfRangeException(nameof(validationFraction), validationFraction, "Expected a validation fraction strictly between 0 and 1.");
        var order = Enumerable.Range(0, poems.Count).ToArray();
        new Random(seed).Shuffle(order);
        var validation = (int)Math.Round(poems.Count * validationFraction);
        if (validation == 0 || validation == poems.Count) throw new ArgumentException($"A fraction of {validationFraction} of {poems.Count} poems leaves one side empty.", nameof(validationFraction));
        return (order.Skip(validation).Select(i => poems[i]).ToArray(), order.Take(validation).Select(i => poems[i]).ToArray());
    }
}
