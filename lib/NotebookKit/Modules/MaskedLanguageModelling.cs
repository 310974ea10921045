using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Modules;

/// <summary>
/// The ids a masked language model adds to a character vocabulary of <paramref name="Characters"/>
/// entries (<see cref="Text.CharVocabulary"/>: 0 = unknown, 1 = separator, then characters):
/// [MASK] = V and [PAD] = V + 1, so the model's vocabulary has V + 2 entries.
/// </summary>
public sealed record MlmVocabulary(int Characters)
{
    /// <summary>The first id a random replacement may take: 0 (unknown) and 1 (separator) are not characters of a poem.</summary>
    public const int FirstCharacter = 2;

    public int Mask => Characters;
    public int Pad => Characters + 1;

    /// <summary>The model's vocabulary size: the characters, [MASK] and [PAD].</summary>
    public int Size => Characters + 2;

    public MlmVocabulary Validated()
    {
        if (Characters <= FirstCharacter) throw new ArgumentOutOfRangeException(nameof(Characters), Characters, $"Expected a character vocabulary of more than {FirstCharacter} entries (unknown and separator come first).");
        return this;
    }
}

/// <summary>
/// BERT's training objective, masked language modelling (掩码语言模型): choose 15% of the real
/// positions; of those, replace 80% by [MASK], 10% by a random character and leave 10% unchanged;
/// the model must predict the original character at every chosen position, and only there. The
/// random and unchanged 10% keep the model from learning that only [MASK] positions matter: at
/// fine-tuning time there is no [MASK] in the input.
/// </summary>
public static class MaskedLanguageModelling
{
    /// <summary>The target at positions that are not predicted; cross-entropy skips them.</summary>
    public const long Ignore = -100;

    /// <summary>
    /// Corrupts a batch of token ids as BERT does. Padding is never chosen. If no position of the
    /// batch happens to be chosen, the first real one is, so the loss is always defined.
    /// Deterministic for a given <paramref name="random"/> state.
    /// </summary>
    /// <param name="ids">(B, T) int64 ids in [0, vocabulary.Size), padded with vocabulary.Pad</param>
    /// <returns>inputs (B, T) with the replacements; targets (B, T): the original id at chosen positions, <see cref="Ignore"/> elsewhere</returns>
    public static (Tensor Inputs, Tensor Targets) Corrupt(Tensor ids, MlmVocabulary vocabulary, Random random, double rate = 0.15)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(random);
        vocabulary = (vocabulary ?? throw new ArgumentNullException(nameof(vocabulary))).Validated();
        if (ids.dim() != 2 || ids.dtype != ScalarType.Int64)
            throw new ArgumentException($"Expected int64 token ids of shape (B, T), got {ids.dtype} ({string.Join(", ", ids.shape)}).", nameof(ids));
        if (!(rate > 0 && rate < 1)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "Expected a masking rate in (0, 1), BERT's is 0.15.");
        var source = ids.cpu().data<long>().ToArray();
        var inputs = (long[])source.Clone();
        var targets = new long[source.Length];
        Array.Fill(targets, Ignore);
        var chosen = 0;
        for (var i = 0; i < source.Length; i++)
        {
            if (source[i] < 0 || source[i] >= vocabulary.Size)
                throw new ArgumentException($"Expected ids in [0, {vocabulary.Size}), got {source[i]}.", nameof(ids));
            if (source[i] == vocabulary.Pad || random.NextDouble() >= rate) continue;
            Choose(i);
        }
        if (chosen == 0)
        {
            var first = Array.FindIndex(source, id => id != vocabulary.Pad);
            if (first < 0) throw new ArgumentException("Expected at least one position that is not padding.", nameof(ids));
            Choose(first);
        }
        return (torch.tensor(inputs, ids.shape).to(ids.device), torch.tensor(targets, ids.shape).to(ids.device));

        void Choose(int i)
        {
            chosen++;
            targets[i] = source[i];
            var r = random.NextDouble();
            if (r < 0.8) inputs[i] = vocabulary.Mask;                                               // 80%: [MASK]
            else if (r < 0.9) inputs[i] = random.Next(MlmVocabulary.FirstCharacter, vocabulary.Characters);   // 10%: a random character
            // 10%: unchanged
        }
    }
}
