using MathNet.Numerics.LinearAlgebra;

namespace NotebookKit.Scratch;

/// <summary>
/// A Transformer encoder block for one sequence (rows = positions), from scratch with its backward
/// pass. Post-norm ("Add &amp; Norm", the paper's): h = LN₁(x + MHA(x)), y = LN₂(h + FFN(h)).
/// Pre-norm (GPT-2's): h = x + MHA(LN₁(x)), y = h + FFN(LN₂(h)). No dropout (deterministic, so it
/// can be compared number for number).
/// </summary>
public sealed class EncoderBlock : ILayer
{
    private bool forwarded;

    public EncoderBlock(int width, int heads, int feedForward, Random random, NormPlacement norm = NormPlacement.PreNorm, ActivationKind activation = ActivationKind.Relu)
    {
        Norm = norm;
        Attention = new MultiHeadAttention(width, heads, random);
        FeedForward = new FeedForward(width, feedForward, random, activation);
        Norm1 = new LayerNorm(width);
        Norm2 = new LayerNorm(width);
    }

    public NormPlacement Norm { get; }
    public MultiHeadAttention Attention { get; }
    public FeedForward FeedForward { get; }
    public LayerNorm Norm1 { get; }
    public LayerNorm Norm2 { get; }

    /// <summary>(T, S) mask for the self-attention, true = may attend; null: every position sees every other.</summary>
    public bool[,]? Mask { get; set; }

    public IReadOnlyList<Parameter> Parameters => [.. Attention.Parameters, .. Norm1.Parameters, .. FeedForward.Parameters, .. Norm2.Parameters];

    /// <param name="x">(T, C), one row per position</param>
    /// <returns>(T, C)</returns>
    public Matrix<double> Forward(Matrix<double> x)
    {
        forwarded = true;
        if (Norm == NormPlacement.PostNorm)
        {
            var h = Norm1.Forward(x + Attention.Forward(x, x, Mask).Output);
            return Norm2.Forward(h + FeedForward.Forward(h));
        }
        var n1 = Norm1.Forward(x);
        var s = x + Attention.Forward(n1, n1, Mask).Output;
        return s + FeedForward.Forward(Norm2.Forward(s));
    }

    /// <param name="dy">∂L/∂y, (T, C)</param>
    /// <returns>∂L/∂x, (T, C)</returns>
    public Matrix<double> Backward(Matrix<double> dy)
    {
        if (!forwarded) throw new InvalidOperationException($"{nameof(EncoderBlock)}.Backward was called before Forward.");
        if (Norm == NormPlacement.PostNorm)
        {
            var dSum2 = Norm2.Backward(dy);                                   // ∂L/∂(h + FFN(h))
            var dh = dSum2 + FeedForward.Backward(dSum2);                     // skip + branch
            var dSum1 = Norm1.Backward(dh);                                   // ∂L/∂(x + MHA(x))
            var g = Attention.Backward(dSum1);
            return dSum1 + g.QueryInput + g.KeyValueInput;                   // skip + the branch through queries, keys and values
        }
        var ds = dy + Norm2.Backward(FeedForward.Backward(dy));               // skip + branch
        var ga = Attention.Backward(ds);
        return ds + Norm1.Backward(ga.QueryInput + ga.KeyValueInput);
    }
}
