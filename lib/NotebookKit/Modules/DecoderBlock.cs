using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Modules;

/// <summary>
/// One Transformer decoder block (解码器块): masked self-attention over the target so far (a
/// position never sees the future), cross-attention from the target to the encoder's output
/// (the "memory"), and the feed-forward network; each with a residual connection and a layer
/// norm, arranged as the config's <see cref="NormPlacement"/> says. (B, T, C) in and out.
/// </summary>
public sealed class DecoderBlock : nn.Module<Tensor, Tensor, Tensor?, Tensor?, Tensor>
{
    private readonly MultiHeadAttention selfAttention, crossAttention;
    private readonly FeedForward feedForward;
    private readonly LayerNorm norm1, norm2, norm3;
    private readonly Dropout dropout1, dropout2, dropout3;

    public DecoderBlock(TransformerConfig config) : base(nameof(DecoderBlock))
    {
        Config = (config ?? throw new ArgumentNullException(nameof(config))).Validated();
        selfAttention = new MultiHeadAttention(config.Width, config.Heads, config.Dropout, config.Path);
        crossAttention = new MultiHeadAttention(config.Width, config.Heads, config.Dropout, config.Path);
        feedForward = new FeedForward(config.Width, config.FeedForward, config.Dropout, config.Activation);
        norm1 = nn.LayerNorm(config.Width);
        norm2 = nn.LayerNorm(config.Width);
        norm3 = nn.LayerNorm(config.Width);
        dropout1 = nn.Dropout(config.Dropout);
        dropout2 = nn.Dropout(config.Dropout);
        dropout3 = nn.Dropout(config.Dropout);
        RegisterComponents();
    }

    public TransformerConfig Config { get; }
    public MultiHeadAttention SelfAttention => selfAttention;
    public MultiHeadAttention CrossAttention => crossAttention;
    public FeedForward FeedForward => feedForward;
    public LayerNorm Norm1 => norm1;
    public LayerNorm Norm2 => norm2;
    public LayerNorm Norm3 => norm3;

    /// <param name="x">the target so far, (B, T, C)</param>
    /// <param name="memory">the encoder's output, (B, S, C)</param>
    /// <param name="selfMask">bool, broadcastable to (B, H, T, T): causal, and the target's padding</param>
    /// <param name="crossMask">bool, broadcastable to (B, H, T, S): the source's padding</param>
    /// <returns>(B, T, C)</returns>
    public override Tensor forward(Tensor x, Tensor memory, Tensor? selfMask, Tensor? crossMask)
    {
        if (Config.Norm == NormPlacement.PostNorm)
        {
            x = norm1.forward(x + dropout1.forward(selfAttention.forward(x, x, selfMask)));
            x = norm2.forward(x + dropout2.forward(crossAttention.forward(x, memory, crossMask)));
            return norm3.forward(x + dropout3.forward(feedForward.forward(x)));
        }
        var h = norm1.forward(x);
        x = x + dropout1.forward(selfAttention.forward(h, h, selfMask));
        x = x + dropout2.forward(crossAttention.forward(norm2.forward(x), memory, crossMask));
        return x + dropout3.forward(feedForward.forward(norm3.forward(x)));
    }
}
