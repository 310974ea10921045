using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Modules;

/// <summary>Bahdanau's additive scoring: score(q, k) = vᵀ tanh(W_q q + W_k k), a small learned network per pair.</summary>
public sealed class AdditiveAttention : CrossAttention
{
    private readonly Linear query_proj;
    private readonly Linear key_proj;
    private readonly Linear score;

    /// <param name="stateSize">R, the width of the decoder and encoder states</param>
    /// <param name="attentionSize">width of the hidden layer that compares them</param>
    public AdditiveAttention(int stateSize, int attentionSize = 64) : base(nameof(AdditiveAttention), stateSize)
    {
        if (attentionSize <= 0) throw new ArgumentOutOfRangeException(nameof(attentionSize), attentionSize, "Expected a positive attention size.");
        query_proj = nn.Linear(stateSize, attentionSize, hasBias: false);
        key_proj = nn.Linear(stateSize, attentionSize, hasBias: false);
        score = nn.Linear(attentionSize, 1, hasBias: false);
        RegisterComponents();
    }

    protected override Tensor Scores(Tensor query, Tensor keys) =>
        score.forward(torch.tanh(query_proj.forward(query).unsqueeze(1) + key_proj.forward(keys))).squeeze(-1);   // (B, 1, A) + (B, S, A) -> (B, S)
}
