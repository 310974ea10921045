using NotebookKit.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Modules;

/// <summary>
/// A tiny vision Transformer (ViT): the image is cut into P×P patches; each patch, flattened, is
/// one token, mapped to width C by a linear layer; a learned class token is put in front, learned
/// position embeddings are added (a patch does not know where it came from otherwise), and the
/// tokens go through N pre-norm encoder blocks with no mask — every patch may attend to every
/// other. The class token's final vector, normalised, is classified by one linear layer.
/// Parameters: P²·C + C (patch embedding) + C (class token) + (n + 1)·C (positions, n patches)
/// + N·block + 2C (final norm) + C·K + K (head).
/// </summary>
public sealed class VisionTransformer : nn.Module<Tensor, Tensor>
{
    private readonly Linear patchEmbedding;
    private readonly Parameter classToken;
    private readonly Parameter positions;
    private readonly ModuleList<EncoderBlock> blocks;
    private readonly LayerNorm finalNorm;
    private readonly Linear head;

    public VisionTransformer(int imageSize, int patchSize, int classes, TransformerConfig config, int? seed = null) : base(nameof(VisionTransformer))
    {
        if (patchSize < 1 || imageSize < patchSize || imageSize % patchSize != 0)
            throw new ArgumentOutOfRangeException(nameof(patchSize), patchSize, $"Expected a patch size that divides the image size {imageSize}.");
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), classes, "Expected at least two classes.");
        Config = (config ?? throw new ArgumentNullException(nameof(config))).Validated();
        TorchRuntime.EnsureLoaded();
        if (seed is { } s) torch.manual_seed(s);
        (ImageSize, PatchSize, Classes) = (imageSize, patchSize, classes);
        patchEmbedding = nn.Linear(patchSize * patchSize, config.Width);
        classToken = nn.Parameter(torch.randn(1, 1, config.Width) * 0.02);
        positions = nn.Parameter(torch.randn(1, Patches + 1, config.Width) * 0.02);
        blocks = nn.ModuleList(Enumerable.Range(0, config.Layers).Select(_ => new EncoderBlock(config with { Norm = NormPlacement.PreNorm })).ToArray());
        finalNorm = nn.LayerNorm(config.Width);
        head = nn.Linear(config.Width, classes);
        RegisterComponents();
    }

    public TransformerConfig Config { get; }
    public int ImageSize { get; }
    public int PatchSize { get; }
    public int Classes { get; }

    /// <summary>Patches per side.</summary>
    public int Grid => ImageSize / PatchSize;

    /// <summary>n, the number of patch tokens (the class token comes on top).</summary>
    public int Patches => Grid * Grid;

    public IReadOnlyList<EncoderBlock> Blocks => blocks.ToArray();

    /// <summary>Every attention keeps its last weights (B, H, n + 1, n + 1) for drawing.</summary>
    public void RecordAttention(bool on)
    {
        foreach (var block in blocks) block.SelfAttention.RecordWeights = on;
    }

    /// <summary>
    /// Cuts images into patch tokens, row by row of patches, each patch flattened row by row.
    /// </summary>
    /// <param name="images">(B, 1, S, S)</param>
    /// <returns>(B, n, P²)</returns>
    public Tensor ToPatches(Tensor images)
    {
        if (images.dim() != 4 || images.shape[1] != 1 || images.shape[2] != ImageSize || images.shape[3] != ImageSize)
            throw new ArgumentException($"Expected images of shape (B, 1, {ImageSize}, {ImageSize}), got ({string.Join(", ", images.shape)}).", nameof(images));
        var (b, g, p) = (images.shape[0], Grid, PatchSize);
        return images.reshape(b, g, p, g, p)                  // (B, row of patches, row in patch, column of patches, column in patch)
                     .permute(0, 1, 3, 2, 4)                  // (B, g, g, p, p)
                     .reshape(b, g * g, p * p);               // (B, n, P²)
    }

    /// <param name="images">(B, 1, S, S)</param>
    /// <returns>(B, K) logits</returns>
    public override Tensor forward(Tensor images)
    {
        var tokens = patchEmbedding.forward(ToPatches(images));                                     // (B, n, C)
        var b = tokens.shape[0];
        var x = torch.cat([classToken.expand(b, 1, Config.Width), tokens], 1) + positions;          // (B, n + 1, C)
        foreach (var block in blocks) x = block.forward(x, null);                                   // no mask: every patch sees every patch
        return head.forward(finalNorm.forward(x[.., 0]));                                            // the class token (B, C) -> (B, K)
    }

    /// <summary>
    /// After a forward pass with <see cref="RecordAttention"/> on: how much the class token
    /// attended to each patch in a layer, averaged over the heads, as (B, Grid, Grid).
    /// </summary>
    public Tensor ClassTokenAttention(int layer)
    {
        if (layer < 0 || layer >= blocks.Count) throw new ArgumentOutOfRangeException(nameof(layer), layer, $"Expected a layer in [0, {blocks.Count}).");
        var weights = blocks[layer].SelfAttention.LastWeights
            ?? throw new InvalidOperationException("No attention recorded: call RecordAttention(true) and run a forward pass first (explicit attention path).");
        return weights[.., .., 0, 1..].mean([1]).reshape(-1, Grid, Grid);                           // (B, H, n) -> (B, n) -> (B, g, g)
    }
}
