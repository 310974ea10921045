namespace NotebookKit.Modules;

/// <summary>
/// The shape of a Transformer body, shared by every Transformer model in the kit. Immutable; each
/// default carries its reason. Check with <see cref="Validated"/> (the models do).
/// </summary>
public sealed record TransformerConfig
{
    /// <summary>C, the model width: 64 is enough for toy vocabularies and four heads of 16 on a laptop CPU.</summary>
    public int Width { get; init; } = 64;

    /// <summary>H, attention heads: 4 lets heads specialise while each keeps D = 16 features.</summary>
    public int Heads { get; init; } = 4;

    /// <summary>N, blocks in each stack: 2 is the fewest that can compose (a head can read what another layer gathered).</summary>
    public int Layers { get; init; } = 2;

    /// <summary>F, the feed-forward width; null means 4C, the paper's ratio.</summary>
    public int? FeedForwardSize { get; init; }

    /// <summary>F as used: <see cref="FeedForwardSize"/> or 4C.</summary>
    public int FeedForward => FeedForwardSize ?? 4 * Width;

    /// <summary>Dropout after attention, inside and after the feed-forward network: 0.1, the paper's, against memorising small data.</summary>
    public double Dropout { get; init; } = 0.1;

    /// <summary>Pre-norm (GPT-2's): trains a deep stack without learning-rate warm-up. The paper's post-norm is one switch away.</summary>
    public NormPlacement Norm { get; init; } = NormPlacement.PreNorm;

    /// <summary>Sinusoidal: no parameters, and it is what the paper drew.</summary>
    public PositionKind Positions { get; init; } = PositionKind.Sinusoidal;

    /// <summary>The positional table's length, the longest sequence accepted: 64 covers the kit's corpora with room.</summary>
    public int MaxLength { get; init; } = 64;

    /// <summary>ReLU, the paper's; GPT-2 and BERT use GELU.</summary>
    public ActivationKind Activation { get; init; } = ActivationKind.Relu;

    /// <summary>Explicit, so the attention weights can be drawn; <see cref="AttentionPath.Fused"/> is faster and gives the same numbers.</summary>
    public AttentionPath Path { get; init; } = AttentionPath.Explicit;

    /// <summary>One block of width 32 and 2 heads: for tests and first experiments (seconds on a CPU).</summary>
    public static TransformerConfig Tiny => new() { Width = 32, Heads = 2, Layers = 1, Dropout = 0.0 };

    /// <summary>The defaults: C = 64, H = 4, N = 2, F = 256; trains on the toy corpora in a few minutes on a laptop CPU.</summary>
    public static TransformerConfig Cpu => new();

    /// <summary>The paper's base model (C = 512, H = 8, N = 6, F = 2048, post-norm): about 44 M parameters without embeddings — too big for this kit's CPU budgets, here to compare with.</summary>
    public static TransformerConfig PaperBase => new() { Width = 512, Heads = 8, Layers = 6, Norm = NormPlacement.PostNorm, MaxLength = 512 };

    /// <summary>This config, or a clear error naming the first thing that is wrong.</summary>
    public TransformerConfig Validated()
    {
        if (Width <= 0 || Heads <= 0 || Layers <= 0 || FeedForward <= 0 || MaxLength <= 0)
            throw new ArgumentOutOfRangeException(nameof(Width), $"Expected positive sizes, got Width = {Width}, Heads = {Heads}, Layers = {Layers}, FeedForward = {FeedForward}, MaxLength = {MaxLength}.");
        if (Width % Heads != 0)
            throw new ArgumentException($"Expected a Width divisible by Heads (each head gets Width / Heads features), got Width = {Width} and Heads = {Heads}.");
        if (!(Dropout >= 0 && Dropout < 1))
            throw new ArgumentOutOfRangeException(nameof(Dropout), Dropout, "Expected a Dropout probability in [0, 1).");
        if (Positions == PositionKind.Sinusoidal && Width % 2 != 0)
            throw new ArgumentException($"Expected an even Width for sinusoidal positions (sine/cosine pairs), got {Width}.");
        if (Activation is not (ActivationKind.Relu or ActivationKind.Gelu))
            throw new ArgumentException($"Expected Activation Relu or Gelu, got {Activation}.");
        return this;
    }
}
