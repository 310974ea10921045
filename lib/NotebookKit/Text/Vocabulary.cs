namespace NotebookKit.Text;

/// <summary>What <see cref="Vocabulary.Encode"/> does with a token it has never seen.</summary>
public enum UnknownTokens
{
    /// <summary>Map it to &lt;unk&gt; (the default: a translation model should still say something).</summary>
    MapToUnknown,
    /// <summary>Throw an exception naming the token.</summary>
    Throw,
}

/// <summary>
/// A token ↔ id table with the four special tokens every sequence model needs, at fixed ids:
/// &lt;pad&gt; = 0 (filler after the end of short sequences), &lt;bos&gt; = 1 (begin of sequence,
/// the decoder's first input), &lt;eos&gt; = 2 (end of sequence), &lt;unk&gt; = 3 (unknown token).
/// </summary>
public sealed class Vocabulary
{
    public const int Pad = 0, Bos = 1, Eos = 2, Unk = 3;
    public static readonly string[] Specials = ["<pad>", "<bos>", "<eos>", "<unk>"];

    private readonly List<string> tokens = [.. Specials];
    private readonly Dictionary<string, int> ids = new(StringComparer.Ordinal);

    private Vocabulary(IEnumerable<string> words)
    {
        for (var i = 0; i < tokens.Count; i++) ids[tokens[i]] = i;
        foreach (var word in words)
        {
            if (ids.ContainsKey(word)) continue;
            ids[word] = tokens.Count;
            tokens.Add(word);
        }
    }

    /// <summary>Every distinct token of the sentences, most frequent first (ties in ordinal order): deterministic ids.</summary>
    public static Vocabulary Build(IEnumerable<IReadOnlyList<string>> sentences)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var sentence in sentences)
            foreach (var token in sentence)
            {
                if (Specials.Contains(token)) throw new ArgumentException($"The token {token} is reserved; it cannot appear in the data.", nameof(sentences));
                counts[token] = counts.GetValueOrDefault(token) + 1;
            }
        return new Vocabulary(counts.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key));
    }

    public int Count => tokens.Count;

    public IReadOnlyList<string> Tokens => tokens;

    public bool Contains(string token) => ids.ContainsKey(token);

    public string this[int id] => id >= 0 && id < tokens.Count ? tokens[id] : throw new ArgumentOutOfRangeException(nameof(id), id, $"Expected an id in [0, {tokens.Count}).");

    /// <summary>Token ids, optionally framed by &lt;bos&gt; and &lt;eos&gt;.</summary>
    public int[] Encode(IReadOnlyList<string> sentence, bool addBos = false, bool addEos = true, UnknownTokens unknown = UnknownTokens.MapToUnknown)
    {
        var result = new List<int>(sentence.Count + 2);
        if (addBos) result.Add(Bos);
        for (var i = 0; i < sentence.Count; i++)
        {
            if (ids.TryGetValue(sentence[i], out var id)) result.Add(id);
            else if (unknown == UnknownTokens.MapToUnknown) result.Add(Unk);
            else throw new KeyNotFoundException($"The token '{sentence[i]}' (position {i}) is not in the vocabulary of {Count} tokens.");
        }
        if (addEos) result.Add(Eos);
        return result.ToArray();
    }

    /// <summary>Tokens of the ids up to the first &lt;eos&gt;, without &lt;pad&gt; and &lt;bos&gt;.</summary>
    public string[] Decode(IEnumerable<int> sequence) =>
        sequence.TakeWhile(id => id != Eos).Where(id => id is not (Pad or Bos)).Select(id => this[id]).ToArray();
}
