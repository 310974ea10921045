using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Nn;

/// <summary>How a decoder scores encoder states.</summary>
public enum AttentionKind
{
    /// <summary>No attention: the decoder sees only the encoder's final state (a fixed-length context).</summary>
    None,
    /// <summary>Bahdanau's additive scoring: vᵀ tanh(W_q q + W_k k).</summary>
    Additive,
    /// <summary>Scaled dot product: q·k / √H.</summary>
    DotProduct,
}

/// <summary>
/// Attention over a sequence of keys (encoder states) for one query (the decoder state): a score
/// per position, a softmax over the positions that are real tokens (padding gets exactly zero
/// weight), and the weighted sum of the keys as context.
/// </summary>
public sealed class Attention : nn.Module
{
    private readonly Linear? queryProjection;
    private readonly Linear? keyProjection;
    private readonly Linear? score;
    private readonly int hiddenSize;

    public Attention(AttentionKind kind, int hiddenSize, int attentionSize = 64) : base(nameof(Attention))
    {
        if (kind == AttentionKind.None) throw new ArgumentException("An Attention module needs a scoring kind (Additive or DotProduct).", nameof(kind));
        Kind = kind;
        this.hiddenSize = hiddenSize;
        if (kind == AttentionKind.Additive)
        {
            queryProjection = nn.Linear(hiddenSize, attentionSize, hasBias: false);
            keyProjection = nn.Linear(hiddenSize, attentionSize, hasBias: false);
            score = nn.Linear(attentionSize, 1, hasBias: false);
        }
        RegisterComponents();
    }

    public AttentionKind Kind { get; }

    /// <param name="query">(B, H)</param>
    /// <param name="keys">(B, S, H)</param>
    /// <param name="mask">(B, S) bool, true on real tokens; null when every position is real</param>
    /// <returns>context (B, H) and weights (B, S), each row summing to 1</returns>
    public (Tensor Context, Tensor Weights) Attend(Tensor query, Tensor keys, Tensor? mask)
    {
        if (query.dim() != 2 || keys.dim() != 3 || query.shape[0] != keys.shape[0] || query.shape[1] != hiddenSize || keys.shape[2] != hiddenSize)
            throw new ArgumentException($"Expected query (B, {hiddenSize}) and keys (B, S, {hiddenSize}), got ({string.Join(", ", query.shape)}) and ({string.Join(", ", keys.shape)}).");
        if (mask is not null && (mask.shape[0] != keys.shape[0] || mask.shape[1] != keys.shape[1]))
            throw new ArgumentException($"Expected a mask of shape ({keys.shape[0]}, {keys.shape[1]}), got ({string.Join(", ", mask.shape)}).", nameof(mask));
        var scores = Kind == AttentionKind.Additive
            ? score!.forward(torch.tanh(queryProjection!.forward(query).unsqueeze(1) + keyProjection!.forward(keys))).squeeze(-1)   // (B, S)
            : keys.matmul(query.unsqueeze(-1)).squeeze(-1) / Math.Sqrt(hiddenSize);                                                // (B, S)
        if (mask is not null) scores = scores.masked_fill(mask.logical_not(), double.NegativeInfinity);
        var weights = nn.functional.softmax(scores, -1);                                  // (B, S)
        var context = weights.unsqueeze(1).matmul(keys).squeeze(1);                       // (B, 1, S)(B, S, H) -> (B, H)
        return (context, weights);
    }
}
