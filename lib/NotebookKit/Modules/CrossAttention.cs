using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Modules;

/// <summary>
/// Cross-attention (交叉注意力) in an encoder–decoder: the decoder's state is the query, the
/// encoder's states are the keys and the values. A score per source position, a softmax over the
/// positions that are real tokens (padding gets exactly zero weight), and the weighted average of
/// the encoder states as the context. Subclasses say only how a query and a key are scored.
/// </summary>
public abstract class CrossAttention : nn.Module<Tensor, Tensor, Tensor?, (Tensor Context, Tensor Weights)>
{
    protected CrossAttention(string name, int stateSize) : base(name)
    {
        if (stateSize <= 0) throw new ArgumentOutOfRangeException(nameof(stateSize), stateSize, "Expected a positive state size.");
        StateSize = stateSize;
    }

    /// <summary>R: the width of the query and of each key.</summary>
    public int StateSize { get; }

    /// <summary>One score per source position.</summary>
    /// <param name="query">(B, R)</param>
    /// <param name="keys">(B, S, R)</param>
    /// <returns>(B, S)</returns>
    protected abstract Tensor Scores(Tensor query, Tensor keys);

    /// <param name="query">(B, R) the decoder state</param>
    /// <param name="keys">(B, S, R) the encoder states</param>
    /// <param name="mask">(B, S) bool, true on real tokens; null when every position is real</param>
    /// <returns>context (B, R) and weights (B, S), each row summing to 1</returns>
    public override (Tensor Context, Tensor Weights) forward(Tensor query, Tensor keys, Tensor? mask)
    {
        if (query.dim() != 2 || keys.dim() != 3 || query.shape[0] != keys.shape[0] || query.shape[1] != StateSize || keys.shape[2] != StateSize)
            throw new ArgumentException($"Expected query (B, {StateSize}) and keys (B, S, {StateSize}), got ({string.Join(", ", query.shape)}) and ({string.Join(", ", keys.shape)}).");
        if (mask is not null && (mask.dim() != 2 || mask.shape[0] != keys.shape[0] || mask.shape[1] != keys.shape[1]))
            throw new ArgumentException($"Expected a mask of shape ({keys.shape[0]}, {keys.shape[1]}), got ({string.Join(", ", mask.shape)}).", nameof(mask));
        var scores = Scores(query, keys);                                                 // (B, S)
        if (mask is not null) scores = scores.masked_fill(mask.logical_not(), double.NegativeInfinity);
        var weights = nn.functional.softmax(scores, -1);                                  // (B, S)
        var context = weights.unsqueeze(1).matmul(keys).squeeze(1);                       // (B, 1, S)(B, S, R) -> (B, R)
        return (context, weights);
    }
}
