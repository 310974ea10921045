using NotebookKit.Text;

namespace NotebookKit.Modules;

/// <summary>How the decoder of a <see cref="Seq2Seq"/> gets its context at each step.</summary>
public enum AttentionKind
{
    /// <summary>No attention: the context is the encoder's final state, the same at every step (a fixed-length bottleneck).</summary>
    None,
    /// <summary><see cref="AdditiveAttention"/> (Bahdanau): vᵀ tanh(W_q q + W_k k).</summary>
    Additive,
    /// <summary><see cref="DotProductAttention"/>: q·k / √d.</summary>
    DotProduct,
}

/// <summary>The shape of an encoder–decoder; each default is sized for the toy corpus on a CPU.</summary>
public sealed record Seq2SeqConfig(int SourceVocabulary, int TargetVocabulary)
{
    /// <summary>Width of the token embeddings; 32 is plenty for ~60 words.</summary>
    public int EmbeddingSize { get; init; } = 32;

    /// <summary>Width R of the encoder and decoder GRU states.</summary>
    public int HiddenSize { get; init; } = 64;

    public AttentionKind Attention { get; init; } = AttentionKind.None;

    /// <summary>Longest source (with &lt;eos&gt;) the model accepts.</summary>
    public int MaxSourceLength { get; init; } = 24;

    /// <summary>Longest output greedy decoding produces.</summary>
    public int MaxTargetLength { get; init; } = 24;

    public Seq2SeqConfig Validated()
    {
        if (SourceVocabulary <= Vocabulary.Specials.Length || TargetVocabulary <= Vocabulary.Specials.Length)
            throw new ArgumentOutOfRangeException(nameof(SourceVocabulary), $"Expected vocabularies larger than the {Vocabulary.Specials.Length} special tokens, got {SourceVocabulary} and {TargetVocabulary}.");
        if (EmbeddingSize <= 0 || HiddenSize <= 0) throw new ArgumentOutOfRangeException(nameof(HiddenSize), "Expected positive embedding and hidden sizes.");
        if (MaxSourceLength <= 0 || MaxTargetLength <= 0) throw new ArgumentOutOfRangeException(nameof(MaxSourceLength), "Expected positive maximum lengths.");
        return this;
    }
}

