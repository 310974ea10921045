namespace NotebookKit.Modules;

/// <summary>
/// The shape of a <see cref="Gpt"/>: immutable, validated, every default with its reason.
/// </summary>
public sealed record GptConfig(int VocabularySize)
{
    /// <summary>T: the most tokens the model reads at once (its learned position table has this many rows).</summary>
    public int ContextLength { get; init; } = 64;

    /// <summary>C: the width of every token's vector.</summary>
    public int Width { get; init; } = 128;

    /// <summary>H: attention heads per layer (Width must divide by it).</summary>
    public int Heads { get; init; } = 4;

    /// <summary>N: stacked blocks.</summary>
    public int Layers { get; init; } = 4;

    /// <summary>F: the feed-forward width; null means 4C, as in GPT-2.</summary>
    public int? FeedForwardSize { get; init; }

    /// <summary>0 by default: the small models here overfit little in a few minutes, and dropout slows learning.</summary>
    public double Dropout { get; init; }

    /// <summary>
    /// True (the default, as GPT-2): the output layer reuses the token embedding matrix, so a
    /// token's input vector and its output scores share one learned vector. With a few thousand
    /// characters that saves V·C weights, more than the blocks of a small model hold. Implemented
    /// by multiplying with the embedding directly, so the matrix is one parameter, listed once.
    /// </summary>
    public bool TiedHead { get; init; } = true;

    /// <summary>
    /// True: position t sees positions ≤ t only, the GPT way. False removes the causal mask, only
    /// to measure what it prevents (chapter 15): every position then reads later ones, which a
    /// model never has when it writes. A key/value cache refuses a model without the mask.
    /// </summary>
    public bool Causal { get; init; } = true;

    /// <summary>nanoGPT's CPU configuration: 4 layers, 4 heads, width 128, context 64 (trained with batches of 12).</summary>
    public static GptConfig NanoGptCpu(int vocabularySize) => new(vocabularySize);

    /// <summary>For tests and quick experiments: 2 layers, 2 heads, width 32, context 32.</summary>
    public static GptConfig Tiny(int vocabularySize) => new(vocabularySize) { ContextLength = 32, Width = 32, Heads = 2, Layers = 2 };

    /// <summary>The block settings (pre-norm, GELU, learned positions) for the kit's Transformer blocks.</summary>
    public TransformerConfig Blocks => new()
    {
        Width = Width, Heads = Heads, Layers = Layers, FeedForwardSize = FeedForwardSize, Dropout = Dropout,
        Norm = NormPlacement.PreNorm, Positions = PositionKind.Learned, MaxLength = ContextLength, Activation = ActivationKind.Gelu,
    };

    /// <summary>Weights of a model of this shape, from the formula (see <see cref="Gpt"/>).</summary>
    public long ParameterCount
    {
        get
        {
            long v = VocabularySize, t = ContextLength, c = Width, f = FeedForwardSize ?? 4 * Width;
            var block = 4 * (c * c + c)                     // query, key, value, output projections
                      + (c * f + f) + (f * c + c)           // feed-forward
                      + 2 * 2 * c;                          // two LayerNorms
            return v * c + t * c + Layers * block + 2 * c + (TiedHead ? 0 : v * c + v);
        }
    }

    public GptConfig Validated()
    {
        if (VocabularySize < 2) throw new ArgumentOutOfRangeException(nameof(VocabularySize), VocabularySize, "Expected a vocabulary of at least 2 tokens.");
        if (ContextLength < 1) throw new ArgumentOutOfRangeException(nameof(ContextLength), ContextLength, "Expected a context of at least 1 token.");
        if (Layers < 1) throw new ArgumentOutOfRangeException(nameof(Layers), Layers, "Expected at least one block.");
        Blocks.Validated();                                                        // width, heads, dropout, feed-forward
        return this;
    }
}
