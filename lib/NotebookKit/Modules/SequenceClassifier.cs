using NotebookKit.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Modules;

/// <summary>Which recurrent layer a model uses.</summary>
public enum RecurrentKind
{
    Rnn,
    Lstm,
    Gru,
}

/// <summary>
/// Reads a sequence of symbols and classifies it from the final hidden state:
/// embedding → RNN / LSTM / GRU → last state → linear → logits. Whatever the label depends on
/// must survive in the state until the last step.
/// </summary>
public sealed class SequenceClassifier : nn.Module<Tensor, Tensor>
{
    private readonly Embedding embedding;
    private readonly nn.Module recurrent;
    private readonly Linear head;

    /// <param name="memoryGateBias">added to the forget gate (LSTM) or update gate (GRU) bias; null keeps
    /// PyTorch's default initialisation (uniform in ±1/√R, so the gates start half open)</param>
    /// <param name="orthogonalRecurrent">start every recurrent weight block as an orthogonal matrix (norm-preserving,
    /// so a signal neither shrinks nor grows through W_hh at the start) instead of PyTorch's uniform default</param>
    public SequenceClassifier(RecurrentKind kind, int symbols, int classes, int embeddingSize = 16, int hiddenSize = 32, double? memoryGateBias = 3.0, bool orthogonalRecurrent = false, int? seed = null) : base(nameof(SequenceClassifier))
    {
        if (symbols < 2 || classes < 2) throw new ArgumentOutOfRangeException(nameof(symbols), $"Expected at least two symbols and two classes, got {symbols} and {classes}.");
        TorchRuntime.EnsureLoaded();
        if (seed is { } s) torch.manual_seed(s);
        Kind = kind;
        Symbols = symbols;
        embedding = nn.Embedding(symbols, embeddingSize);
        recurrent = kind switch
        {
            RecurrentKind.Rnn => nn.RNN(embeddingSize, hiddenSize, batchFirst: true),
            RecurrentKind.Lstm => nn.LSTM(embeddingSize, hiddenSize, batchFirst: true),
            _ => nn.GRU(embeddingSize, hiddenSize, batchFirst: true),
        };
        head = nn.Linear(hiddenSize, classes);
        RegisterComponents();
        if (kind != RecurrentKind.Rnn && memoryGateBias is { } bias) OpenTheMemoryGate(hiddenSize, bias);
        if (orthogonalRecurrent) MakeRecurrentOrthogonal(hiddenSize);
    }

    /// <summary>Each (R, R) block of W_hh (one per gate) becomes a random orthogonal matrix.</summary>
    private void MakeRecurrentOrthogonal(int hiddenSize)
    {
        using var noGrad = torch.no_grad();
        var weight = recurrent.named_parameters().First(p => p.name == "weight_hh_l0").parameter;   // (G·R, R)
        for (var block = 0; block < weight.shape[0] / hiddenSize; block++)
            nn.init.orthogonal_(weight[TensorIndex.Slice(block * hiddenSize, (block + 1) * hiddenSize)]);
    }

    /// <summary>
    /// The usual initialisation for gated layers: bias the LSTM's forget gate (gate 1 of i, f, g, o) and
    /// the GRU's update gate (gate 1 of r, z, n) towards "keep" (σ(3) ≈ 0.95), so at the start of
    /// training the state is mostly carried from step to step and gradients can reach early steps.
    /// A plain RNN has no such gate. Chapter 07 measures what happens without it.
    /// </summary>
    private void OpenTheMemoryGate(int hiddenSize, double bias)
    {
        using var noGrad = torch.no_grad();
        var parameter = recurrent.named_parameters().First(p => p.name == "bias_ih_l0").parameter;
        parameter[TensorIndex.Slice(hiddenSize, 2 * hiddenSize)].fill_(bias);
    }

    public RecurrentKind Kind { get; }
    public int Symbols { get; }

    /// <summary>The recurrent layer (nn.RNN, nn.LSTM or nn.GRU), e.g. to copy its weights into a from-scratch layer.</summary>
    public nn.Module Recurrent => recurrent;

    /// <summary>(B, T) symbol ids → (B, T, E) embeddings.</summary>
    public Tensor Embed(Tensor ids) => embedding.forward(ids);

    /// <param name="ids">(B, T) int64 symbols</param>
    /// <returns>(B, K) logits</returns>
    public override Tensor forward(Tensor ids)
    {
        if (ids.dim() != 2) throw new ArgumentException($"Expected symbol ids of shape (B, T), got ({string.Join(", ", ids.shape)}).", nameof(ids));
        var x = embedding.forward(ids);                                     // (B, T, E)
        var states = recurrent switch
        {
            LSTM lstm => lstm.forward(x, null).Item1,
            GRU gru => gru.forward(x, null).Item1,
            RNN rnn => rnn.forward(x, null).Item1,
            _ => throw new InvalidOperationException(),
        };                                                                  // (B, T, R)
        return head.forward(states[.., -1]);                                // (B, R) -> (B, K)
    }
}
