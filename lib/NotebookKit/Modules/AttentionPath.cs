using static TorchSharp.torch;

namespace NotebookKit.Modules;

/// <summary>How attention is computed. Both give the same numbers (tested); only one returns the weights.</summary>
public enum AttentionPath
{
    /// <summary>softmax(Q Kᵀ / √D) V written out: the weights (B, H, T, S) exist and can be drawn.</summary>
    Explicit,
    /// <summary>libtorch's fused <c>scaled_dot_product_attention</c>: faster, no weights to return.</summary>
    Fused,
}

/// <summary>An attention output and, on the explicit path, its weights (each row sums to 1); null on the fused path.</summary>
public sealed record AttentionResult(Tensor Output, Tensor? Weights);
