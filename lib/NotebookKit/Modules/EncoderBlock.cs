using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Modules;

/// <summary>
/// One Transformer encoder block (编码器块): multi-head self-attention, then the position-wise
/// feed-forward network, each wrapped in a residual connection and a layer norm — after the sum
/// (<see cref="NormPlacement.PostNorm"/>, "Add &amp; Norm") or before the sublayer
/// (<see cref="NormPlacement.PreNorm"/>). Shape in = shape out, (B, T, C), so blocks stack.
/// </summary>
public sealed class EncoderBlock : nn.Module<Tensor, Tensor?, Tensor>
{
    private readonly MultiHeadAttention attention;
    private readonly FeedForward feedForward;
    private readonly LayerNorm norm1, norm2;
    private readonly Dropout dropout1, dropout2;

    public EncoderBlock(TransformerConfig config) : base(nameof(EncoderBlock))
    {
        Config = (config ?? throw new ArgumentNullException(nameof(config))).Validated();
        attention = new MultiHeadAttention(config.Width, config.Heads, config.Dropout, config.Path);
        feedForward = new FeedForward(config.Width, config.FeedForward, config.Dropout, config.Activation);
        norm1 = nn.LayerNorm(config.Width);
        norm2 = nn.LayerNorm(config.Width);
        dropout1 = nn.Dropout(config.Dropout);
        dropout2 = nn.Dropout(config.Dropout);
        RegisterComponents();
    }

    public TransformerConfig Config { get; }
    public MultiHeadAttention SelfAttention => attention;
    public FeedForward FeedForward => feedForward;
    public LayerNorm Norm1 => norm1;
    public LayerNorm Norm2 => norm2;

    /// <param name="x">(B, T, C)</param>
    /// <param name="mask">bool, broadcastable to (B, H, T, T), true = may attend; usually the key padding from <see cref="AttentionMasks.Combine"/></param>
    /// <returns>(B, T, C)</returns>
    public override Tensor forward(Tensor x, Tensor? mask)
    {
        if (Config.Norm == NormPlacement.PostNorm)
        {
            x = norm1.forward(x + dropout1.forward(attention.forward(x, x, mask)));                   // Add & Norm
            return norm2.forward(x + dropout2.forward(feedForward.forward(x)));                      // Add & Norm
        }
        var h = norm1.forward(x);
        x = x + dropout1.forward(attention.forward(h, h, mask));
        return x + dropout2.forward(feedForward.forward(norm2.forward(x)));
    }

    /// <summary>
    /// The block on new positions during generation: self-attention reads the cached keys and
    /// values (and adds the new ones); with a causal cache this equals <see cref="forward"/> with a
    /// causal mask, for the new positions. Used by <see cref="Gpt"/>.
    /// </summary>
    /// <param name="x">(B, N, C) the new positions</param>
    public Tensor ForwardCached(Tensor x, KeyValueCache cache)
    {
        if (Config.Norm == NormPlacement.PostNorm)
        {
            x = norm1.forward(x + dropout1.forward(attention.AttendCached(x, cache)));
            return norm2.forward(x + dropout2.forward(feedForward.forward(x)));
        }
        x = x + dropout1.forward(attention.AttendCached(norm1.forward(x), cache));
        return x + dropout2.forward(feedForward.forward(norm2.forward(x)));
    }
}
