using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Modules;

/// <summary>
/// Scaled dot-product attention (缩放点积注意力) on batched, multi-head tensors:
/// softmax(Q Kᵀ / √D) V over the last two dimensions, with the kit's boolean mask (true = may
/// attend; see <see cref="AttentionMasks"/>). Two paths, proven equal: <see cref="AttentionPath.Explicit"/>
/// computes and returns the weights (for teaching and heatmaps), <see cref="AttentionPath.Fused"/>
/// calls libtorch's fused kernel (for speed). No parameters.
/// </summary>
public sealed class ScaledDotProductAttention : nn.Module<Tensor, Tensor, Tensor, Tensor?, AttentionResult>
{
    public ScaledDotProductAttention(AttentionPath path = AttentionPath.Explicit) : base(nameof(ScaledDotProductAttention)) => Path = path;

    public AttentionPath Path { get; set; }

    /// <param name="queries">(B, H, T, D)</param>
    /// <param name="keys">(B, H, S, D)</param>
    /// <param name="values">(B, H, S, D)</param>
    /// <param name="mask">bool, broadcastable to (B, H, T, S), true where query t may see key s; null: all visible</param>
    /// <returns>output (B, H, T, D); weights (B, H, T, S) on the explicit path</returns>
    public override AttentionResult forward(Tensor queries, Tensor keys, Tensor values, Tensor? mask) => Attend(queries, keys, values, mask);

    /// <summary>As <see cref="forward"/>, with dropout on the weights (probability <paramref name="dropout"/>; pass 0 outside training).</summary>
    public AttentionResult Attend(Tensor queries, Tensor keys, Tensor values, Tensor? mask, double dropout = 0.0)
    {
        if (queries.dim() != 4 || keys.dim() != 4 || values.dim() != 4 || keys.shape[3] != queries.shape[3]
            || keys.shape[2] != values.shape[2] || keys.shape[0] != queries.shape[0] || values.shape[0] != queries.shape[0])
            throw new ArgumentException($"Expected Q (B, H, T, D), K (B, H, S, D), V (B, H, S, D), got Q ({Shape(queries)}), K ({Shape(keys)}), V ({Shape(values)}).");
        var shaped = mask is null ? null : AttentionMasks.ForHeads(mask, queries.shape[0], queries.shape[1], queries.shape[2], keys.shape[2]);
        if (Path == AttentionPath.Fused)
            return new AttentionResult(nn.functional.scaled_dot_product_attention(queries, keys, values, shaped, dropout), null);
        var scores = queries.matmul(keys.transpose(-2, -1)) / Math.Sqrt(queries.shape[3]);   // (B, H, T, D)(B, H, D, S) -> (B, H, T, S)
        if (shaped is not null) scores = scores.masked_fill(shaped.logical_not(), double.NegativeInfinity);
        var weights = nn.functional.softmax(scores, -1);                                      // (B, H, T, S)
        var used = dropout > 0 ? nn.functional.dropout(weights, dropout, true) : weights;
        return new AttentionResult(used.matmul(values), weights);                             // (B, H, T, S)(B, H, S, D) -> (B, H, T, D)
    }

    internal static string Shape(Tensor t) => string.Join(", ", t.shape);
}
