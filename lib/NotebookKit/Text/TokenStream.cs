using NotebookKit.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Text;

/// <summary>
/// A long run of token ids (e.g. every poem, each followed by the separator) cut into training
/// windows for next-token prediction: a window of T + 1 ids starting anywhere gives the inputs
/// (its first T ids) and the targets (its last T ids, each the token after its input).
/// </summary>
public sealed class TokenStream
{
    private readonly long[] ids;

    public TokenStream(IReadOnlyList<int> ids, int contextLength)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (contextLength < 1) throw new ArgumentOutOfRangeException(nameof(contextLength), contextLength, "Expected a context of at least 1 token.");
        if (ids.Count < contextLength + 1)
            throw new ArgumentException($"Expected at least {contextLength + 1} ids (one window of the context length plus its next token), got {ids.Count}.", nameof(ids));
        this.ids = ids.Select(i => (long)i).ToArray();
        ContextLength = contextLength;
    }

    /// <summary>Texts joined as <c>text₁ \n text₂ \n …</c>, encoded (unknown characters as □, counted in <see cref="UnknownCount"/>).</summary>
    public static TokenStream FromTexts(IEnumerable<string> texts, CharVocabulary vocabulary, int contextLength)
    {
        var joined = string.Concat(texts.Select(t => t + CharVocabulary.SeparatorChar));
        var encoded = vocabulary.Encode(joined, UnknownTokens.MapToUnknown);
        return new TokenStream(encoded, contextLength) { UnknownCount = encoded.Count(i => i == CharVocabulary.Unknown) };
    }

    public int ContextLength { get; }
    public int Length => ids.Length;
    public IReadOnlyList<long> Ids => ids;

    /// <summary>Positions mapped to □ because the vocabulary did not know the character.</summary>
    public int UnknownCount { get; private init; }

    /// <summary>The inputs (T) and targets (T) of the window starting at <paramref name="start"/>.</summary>
    public (long[] Inputs, long[] Targets) Window(int start)
    {
        if (start < 0 || start > ids.Length - ContextLength - 1)
            throw new ArgumentOutOfRangeException(nameof(start), start, $"Expected a start in [0, {ids.Length - ContextLength - 1}].");
        return (ids[start..(start + ContextLength)], ids[(start + 1)..(start + ContextLength + 1)]);
    }

    /// <summary><paramref name="batchSize"/> windows from random starts: inputs (B, T) and targets (B, T), int64.</summary>
    public (Tensor Inputs, Tensor Targets) RandomBatch(int batchSize, Random random)
    {
        if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Expected a batch of at least 1 window.");
        ArgumentNullException.ThrowIfNull(random);
        TorchRuntime.EnsureLoaded();
        var (x, y) = (new long[batchSize * ContextLength], new long[batchSize * ContextLength]);
        for (var b = 0; b < batchSize; b++)
        {
            var start = random.Next(ids.Length - ContextLength);
            Array.Copy(ids, start, x, b * ContextLength, ContextLength);
            Array.Copy(ids, start + 1, y, b * ContextLength, ContextLength);
        }
        long[] shape = [batchSize, ContextLength];
        return (torch.tensor(x, shape), torch.tensor(y, shape));
    }
}
