using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Modules;

/// <summary>
/// N encoder blocks one after another, (B, S, C) → (B, S, C); with pre-norm, one final layer
/// norm (the blocks' outputs are sums that were never normalised).
/// </summary>
public sealed class TransformerEncoder : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly ModuleList<EncoderBlock> blocks;
    private readonly LayerNorm? finalNorm;

    public TransformerEncoder(TransformerConfig config) : base(nameof(TransformerEncoder))
    {
        Config = (config ?? throw new ArgumentNullException(nameof(config))).Validated();
        blocks = nn.ModuleList(Enumerable.Range(0, config.Layers).Select(_ => new EncoderBlock(config)).ToArray());
        finalNorm = config.Norm == NormPlacement.PreNorm ? nn.LayerNorm(config.Width) : null;
        RegisterComponents();
    }

    public TransformerConfig Config { get; }
    public IReadOnlyList<EncoderBlock> Blocks => blocks.ToArray();

    /// <param name="x">(B, S, C)</param>
    /// <param name="mask">bool, broadcastable to (B, H, S, S), true = may attend</param>
    public override Tensor forward(Tensor x, Tensor? mask)
    {
        foreach (var block in blocks) x = block.forward(x, mask);
        return finalNorm is null ? x : finalNorm.forward(x);
    }
}

/// <summary>N decoder blocks one after another, (B, T, C) → (B, T, C), each reading the same memory; a final norm with pre-norm.</summary>
public sealed class TransformerDecoder : nn.Module<Tensor, Tensor, Tensor?, Tensor?, Tensor>
{
    private readonly ModuleList<DecoderBlock> blocks;
    private readonly LayerNorm? finalNorm;

    public TransformerDecoder(TransformerConfig config) : base(nameof(TransformerDecoder))
    {
        Config = (config ?? throw new ArgumentNullException(nameof(config))).Validated();
        blocks = nn.ModuleList(Enumerable.Range(0, config.Layers).Select(_ => new DecoderBlock(config)).ToArray());
        finalNorm = config.Norm == NormPlacement.PreNorm ? nn.LayerNorm(config.Width) : null;
        RegisterComponents();
    }

    public TransformerConfig Config { get; }
    public IReadOnlyList<DecoderBlock> Blocks => blocks.ToArray();

    public override Tensor forward(Tensor x, Tensor memory, Tensor? selfMask, Tensor? crossMask)
    {
        foreach (var block in blocks) x = block.forward(x, memory, selfMask, crossMask);
        return finalNorm is null ? x : finalNorm.forward(x);
    }
}
