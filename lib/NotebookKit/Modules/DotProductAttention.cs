using static TorchSharp.torch;

namespace NotebookKit.Modules;

/// <summary>
/// Scaled dot-product scoring: score(q, k) = q·k / √R. No parameters; dividing by √R keeps the
/// scores' spread independent of the width, so the softmax does not saturate on wide states.
/// </summary>
public sealed class DotProductAttention(int stateSize) : CrossAttention(nameof(DotProductAttention), stateSize)
{
    protected override Tensor Scores(Tensor query, Tensor keys) =>
        keys.matmul(query.unsqueeze(-1)).squeeze(-1) / Math.Sqrt(StateSize);           // (B, S, R)(B, R, 1) -> (B, S)
}
