using NotebookKit.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Modules;

/// <summary>
/// An encoder-only language model in BERT's manner, the same shape as a <see cref="Gpt"/> of the
/// same <see cref="GptConfig"/> (token + learned position embeddings, N pre-norm blocks, a final
/// LayerNorm, an output layer tied to the token embedding) with one difference in what a position
/// may see: no causal mask, every position reads the whole sequence (padding excepted). It is
/// trained to fill in masked characters (<see cref="MaskedLanguageModelling"/>), and its
/// <see cref="Encode"/> output is what a classifier is fine-tuned on (<see cref="EncoderClassifier"/>).
/// Parameters: <see cref="GptConfig.ParameterCount"/> with V = the characters + [MASK] + [PAD].
/// </summary>
public sealed class MaskedLanguageModel : nn.Module<Tensor, Tensor>
{
    private readonly Embedding tokens;
    private readonly Embedding positions;
    private readonly Dropout dropout;
    private readonly ModuleList<EncoderBlock> blocks;
    private readonly LayerNorm finalNorm;

    /// <param name="config">the shape; its VocabularySize must be <paramref name="vocabulary"/>.Size</param>
    public MaskedLanguageModel(GptConfig config, MlmVocabulary vocabulary, int? seed = null) : base(nameof(MaskedLanguageModel))
    {
        Config = (config ?? throw new ArgumentNullException(nameof(config))).Validated();
        Vocabulary = (vocabulary ?? throw new ArgumentNullException(nameof(vocabulary))).Validated();
        if (config.VocabularySize != vocabulary.Size)
            throw new ArgumentException($"Expected the config's VocabularySize to be {vocabulary.Size} ({vocabulary.Characters} characters + [MASK] + [PAD]), got {config.VocabularySize}.", nameof(config));
        if (!config.TiedHead) throw new ArgumentException("Expected a tied output layer (TiedHead = true): the masked language model scores characters with its token embedding.", nameof(config));
        TorchRuntime.EnsureLoaded();
        if (seed is { } s) torch.manual_seed(s);
        tokens = nn.Embedding(config.VocabularySize, config.Width);
        positions = nn.Embedding(config.ContextLength, config.Width);
        dropout = nn.Dropout(config.Dropout);
        blocks = nn.ModuleList(Enumerable.Range(0, config.Layers).Select(_ => new EncoderBlock(config.Blocks)).ToArray());
        finalNorm = nn.LayerNorm(config.Width);
        RegisterComponents();
        Gpt2Initialisation.Apply(this, config.Layers);
    }

    public GptConfig Config { get; }
    public MlmVocabulary Vocabulary { get; }
    public IReadOnlyList<EncoderBlock> Blocks => blocks.ToArray();

    /// <summary>Every attention keeps its last weights for drawing.</summary>
    public void RecordAttention(bool on)
    {
        foreach (var block in blocks) block.SelfAttention.RecordWeights = on;
    }

    /// <param name="ids">(B, T) int64, T ≤ the context length, padded at the end with [PAD]</param>
    /// <returns>(B, T, C): each position's vector, computed from every real position of its sequence</returns>
    public Tensor Encode(Tensor ids)
    {
        Validate(ids);
        var t = ids.shape[1];
        var x = dropout.forward(tokens.forward(ids) + positions.forward(torch.arange(t, device: ids.device)));   // (B, T, C)
        var mask = AttentionMasks.Combine(RealTokens(ids), causal: false, (int)t, (int)t);                      // (B, 1, 1, T): padding hidden
        foreach (var block in blocks) x = block.forward(x, mask);
        return finalNorm.forward(x);
    }

    /// <summary>(B, T) bool: true on real tokens, false on [PAD].</summary>
    public Tensor RealTokens(Tensor ids) => ids.ne(Vocabulary.Pad);

    /// <returns>(B, T, V) scores for the character at each position</returns>
    public override Tensor forward(Tensor ids) => Encode(ids).matmul(tokens.weight!.t());

    /// <summary>
    /// Mean cross-entropy over the positions whose target is not <see cref="MaskedLanguageModelling.Ignore"/>.
    /// Only those positions are scored against the vocabulary: with 15% chosen, that skips most of
    /// the (positions × V) output layer, the largest single cost of a step at V ≈ 5,000.
    /// </summary>
    public Tensor Loss(Tensor inputs, Tensor targets)
    {
        var (logits, answers) = ScoreBlanks(inputs, targets);
        return nn.functional.cross_entropy(logits, answers);
    }

    /// <summary>
    /// The scores of the chosen positions only (the blanks, where <paramref name="targets"/> is not
    /// <see cref="MaskedLanguageModelling.Ignore"/>), row by row in reading order, and their answers:
    /// what <see cref="Loss"/> is computed from, and what an evaluation needs (the loss, the top
    /// guess) without the (B, T, V) scores of every position.
    /// </summary>
    /// <returns>logits (M, V) and answers (M), M = the number of chosen positions</returns>
    public (Tensor Logits, Tensor Answers) ScoreBlanks(Tensor inputs, Tensor targets)
    {
        if (!inputs.shape.SequenceEqual(targets.shape))
            throw new ArgumentException($"Expected targets of the inputs' shape (B, T) = ({string.Join(", ", inputs.shape)}), got ({string.Join(", ", targets.shape)}).", nameof(targets));
        var flatTargets = targets.reshape(-1);                                                                  // (B·T)
        var chosen = flatTargets.ne(MaskedLanguageModelling.Ignore).nonzero().squeeze(1);                      // (M)
        if (chosen.shape[0] == 0) throw new ArgumentException("Expected at least one position with a target (MaskedLanguageModelling.Corrupt always chooses one).", nameof(targets));
        var vectors = Encode(inputs).reshape(-1, Config.Width).index_select(0, chosen);                        // (M, C)
        return (vectors.matmul(tokens.weight!.t()), flatTargets.index_select(0, chosen));                      // (M, V), (M)
    }

    private void Validate(Tensor ids) => Gpt.Validate(ids, Config);
}

/// <summary>
/// A sequence classifier on a <see cref="MaskedLanguageModel"/>'s encoder: the mean of the real
/// positions' vectors, then one linear layer to K class scores. (BERT reads a [CLS] position
/// instead, trained by its next-sentence task; with masked language modelling alone that position
/// would get no training signal, so the mean is the safer summary.) Fine-tuning trains the encoder
/// and the new layer together.
/// </summary>
public sealed class EncoderClassifier : nn.Module<Tensor, Tensor>
{
    private readonly MaskedLanguageModel encoder;
    private readonly Linear head;

    public EncoderClassifier(MaskedLanguageModel encoder, int classes, int? seed = null) : base(nameof(EncoderClassifier))
    {
        this.encoder = encoder ?? throw new ArgumentNullException(nameof(encoder));
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), classes, "Expected at least 2 classes.");
        if (seed is { } s) torch.manual_seed(s);
        head = nn.Linear(encoder.Config.Width, classes);
        RegisterComponents();
    }

    public MaskedLanguageModel Encoder => encoder;

    /// <param name="ids">(B, T) padded with [PAD]</param>
    /// <returns>(B, K) class scores</returns>
    public override Tensor forward(Tensor ids)
    {
        var x = encoder.Encode(ids);                                                          // (B, T, C)
        var real = encoder.RealTokens(ids).unsqueeze(-1).to_type(x.dtype);                    // (B, T, 1)
        var mean = (x * real).sum(1) / real.sum(1);                                           // (B, C)
        return head.forward(mean);
    }
}
