using System.Globalization;
using System.Text;

namespace NotebookKit.Text;

/// <summary>
/// A character-level vocabulary for the poem models: id 0 is the unknown character, id 1 the
/// line break that separates texts (a model learns to end a poem by writing it), then every
/// character of the training texts, most frequent first (ties by code point), so the same texts
/// always give the same ids.
/// <para>Unknown characters (not in the training texts): <see cref="Encode"/> throws by default,
/// naming each one (a prompt with a character the model never saw cannot be continued
/// meaningfully); with <see cref="UnknownTokens.MapToUnknown"/> they become id 0, e.g. to score
/// validation text, and <see cref="Decode"/> writes them as □.</para>
/// </summary>
public sealed class CharVocabulary
{
    public const int Unknown = 0, Separator = 1;
    public const char SeparatorChar = '\n', UnknownChar = '□';

    private readonly string[] characters;
    private readonly Dictionary<string, int> ids;

    private CharVocabulary(string[] characters)
    {
        this.characters = characters;
        ids = characters.Select((c, i) => (c, i)).Skip(2).ToDictionary(p => p.c, p => p.i);
        ids[SeparatorChar.ToString()] = Separator;
    }

    /// <summary>The vocabulary of <paramref name="texts"/>: every character (text element) that occurs at least <paramref name="minCount"/> times.</summary>
    public static CharVocabulary Build(IEnumerable<string> texts, int minCount = 1)
    {
        if (minCount < 1) throw new ArgumentOutOfRangeException(nameof(minCount), minCount, "Expected a minimum count of at least 1.");
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in texts)
            foreach (var element in Elements(text))
                if (element != SeparatorChar.ToString() && element != UnknownChar.ToString())
                    counts[element] = counts.GetValueOrDefault(element) + 1;
        var kept = counts.Where(p => p.Value >= minCount).OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key);
        return new CharVocabulary([UnknownChar.ToString(), SeparatorChar.ToString(), .. kept]);
    }

    /// <summary>Every character by id, for saving (see <see cref="FromCharacters"/>).</summary>
    public IReadOnlyList<string> Characters => characters;

    /// <summary>The vocabulary with exactly these characters (as saved from <see cref="Characters"/>).</summary>
    public static CharVocabulary FromCharacters(IReadOnlyList<string> characters)
    {
        if (characters is null || characters.Count < 2 || characters[Unknown] != UnknownChar.ToString() || characters[Separator] != SeparatorChar.ToString())
            throw new ArgumentException("Expected the unknown character □ at id 0 and the line break at id 1.", nameof(characters));
        if (characters.Distinct(StringComparer.Ordinal).Count() != characters.Count)
            throw new ArgumentException("Expected every character once.", nameof(characters));
        return new CharVocabulary(characters.ToArray());
    }

    /// <summary>V: the unknown character, the separator and the known characters.</summary>
    public int Count => characters.Length;

    /// <summary>The character of an id (□ for the unknown id, "\n" for the separator).</summary>
    public string this[int id] => id >= 0 && id < characters.Length ? characters[id] : throw new ArgumentOutOfRangeException(nameof(id), id, $"Expected an id in [0, {characters.Length}).");

    public bool Contains(string character) => ids.ContainsKey(character);

    /// <summary>The characters of <paramref name="text"/> not in this vocabulary, each once, in order of appearance.</summary>
    public IReadOnlyList<string> UnknownIn(string text) => Elements(text).Where(e => !ids.ContainsKey(e)).Distinct().ToArray();

    public int[] Encode(string text, UnknownTokens unknown = UnknownTokens.Throw)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (unknown == UnknownTokens.Throw)
        {
            var missing = UnknownIn(text);
            if (missing.Count > 0)
                throw new ArgumentException($"Expected only characters seen in training; {missing.Count} are not: {string.Join(", ", missing.Take(10).Select(Describe))}{(missing.Count > 10 ? ", …" : "")}. Replace them, or encode with UnknownTokens.MapToUnknown.", nameof(text));
        }
        return Elements(text).Select(e => ids.TryGetValue(e, out var id) ? id : Unknown).ToArray();
    }

    public string Decode(IEnumerable<int> sequence) => string.Concat(sequence.Select(id => this[id]));

    private static string Describe(string element) => $"'{element}' (U+{char.ConvertToUtf32(element, 0):X4})";

    /// <summary>Text elements, so a character outside the Basic Multilingual Plane stays one token.</summary>
    private static IEnumerable<string> Elements(string text)
    {
        var e = StringInfo.GetTextElementEnumerator(text);
        while (e.MoveNext()) yield return (string)e.Current;
    }
}
