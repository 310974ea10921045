using MathNet.Numerics.LinearAlgebra;

namespace NotebookKit.Scratch;

/// <summary>The gradients of a decoder block with respect to its two inputs.</summary>
public sealed record DecoderGradients(Matrix<double> Target, Matrix<double> Memory);

/// <summary>
/// A Transformer decoder block for one sentence, from scratch with its backward pass: masked
/// self-attention over the target Y (T, C), cross-attention from the target to the encoder's
/// output M (S, C), and the feed-forward network. Post-norm: A = LN₁(Y + SA(Y)),
/// B = LN₂(A + CA(A, M)), out = LN₃(B + FFN(B)). Pre-norm: A = Y + SA(LN₁(Y)),
/// B = A + CA(LN₂(A), M), out = B + FFN(LN₃(B)). The memory's gradient comes only through the
/// keys and values of cross-attention.
/// </summary>
public sealed class DecoderBlock
{
    private bool forwarded;

    public DecoderBlock(int width, int heads, int feedForward, Random random, NormPlacement norm = NormPlacement.PreNorm, ActivationKind activation = ActivationKind.Relu)
    {
        Norm = norm;
        SelfAttention = new MultiHeadAttention(width, heads, random);
        CrossAttention = new MultiHeadAttention(width, heads, random);
        FeedForward = new FeedForward(width, feedForward, random, activation);
        (Norm1, Norm2, Norm3) = (new LayerNorm(width), new LayerNorm(width), new LayerNorm(width));
    }

    public NormPlacement Norm { get; }
    public MultiHeadAttention SelfAttention { get; }
    public MultiHeadAttention CrossAttention { get; }
    public FeedForward FeedForward { get; }
    public LayerNorm Norm1 { get; }
    public LayerNorm Norm2 { get; }
    public LayerNorm Norm3 { get; }

    public IReadOnlyList<Parameter> Parameters =>
        [.. SelfAttention.Parameters, .. Norm1.Parameters, .. CrossAttention.Parameters, .. Norm2.Parameters, .. FeedForward.Parameters, .. Norm3.Parameters];

    /// <param name="target">Y, (T, C)</param>
    /// <param name="memory">M, (S, C)</param>
    /// <param name="selfMask">(T, T), usually <see cref="ScaledDotProductAttention.CausalMask"/></param>
    /// <param name="crossMask">(T, S): which source positions each target position may read; null: all</param>
    /// <returns>(T, C)</returns>
    public Matrix<double> Forward(Matrix<double> target, Matrix<double> memory, bool[,]? selfMask, bool[,]? crossMask = null)
    {
        forwarded = true;
        if (Norm == NormPlacement.PostNorm)
        {
            var a = Norm1.Forward(target + SelfAttention.Forward(target, target, selfMask).Output);
            var b = Norm2.Forward(a + CrossAttention.Forward(a, memory, crossMask).Output);
            return Norm3.Forward(b + FeedForward.Forward(b));
        }
        var n1 = Norm1.Forward(target);
        var h1 = target + SelfAttention.Forward(n1, n1, selfMask).Output;
        var h2 = h1 + CrossAttention.Forward(Norm2.Forward(h1), memory, crossMask).Output;
        return h2 + FeedForward.Forward(Norm3.Forward(h2));
    }

    /// <param name="dy">∂L/∂out, (T, C)</param>
    public DecoderGradients Backward(Matrix<double> dy)
    {
        if (!forwarded) throw new InvalidOperationException($"{nameof(DecoderBlock)}.Backward was called before Forward.");
        if (Norm == NormPlacement.PostNorm)
        {
            var dSum3 = Norm3.Backward(dy);
            var db = dSum3 + FeedForward.Backward(dSum3);                        // skip + branch
            var dSum2 = Norm2.Backward(db);
            var cross = CrossAttention.Backward(dSum2);
            var da = dSum2 + cross.QueryInput;                                   // the queries of cross-attention came from A
            var dSum1 = Norm1.Backward(da);
            var self = SelfAttention.Backward(dSum1);
            return new DecoderGradients(dSum1 + self.QueryInput + self.KeyValueInput, cross.KeyValueInput);
        }
        var dh2 = dy + Norm3.Backward(FeedForward.Backward(dy));
        var crossPre = CrossAttention.Backward(dh2);
        var dh1 = dh2 + Norm2.Backward(crossPre.QueryInput);
        var selfPre = SelfAttention.Backward(dh1);
        return new DecoderGradients(dh1 + Norm1.Backward(selfPre.QueryInput + selfPre.KeyValueInput), crossPre.KeyValueInput);
    }
}
