using NotebookKit.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Modules;

/// <summary>
/// The smallest model that shows what self-attention (自注意力) does: token embeddings plus learned
/// positions, then L layers of x = x + SelfAttention(x) (residual, no feed-forward, no norm), then a
/// linear layer that makes a prediction (O outputs) at every position. Each layer lets every
/// token gather from every other; a second layer can use what the first gathered.
/// </summary>
public sealed class SelfAttentionModel : nn.Module<Tensor, Tensor>
{
    private readonly Embedding embedding;
    private readonly LearnedPositionalEncoding positions;
    private readonly ModuleList<MultiHeadAttention> layers;
    private readonly Linear output;

    /// <param name="vocabulary">V</param>
    /// <param name="width">C</param>
    /// <param name="heads">H per layer</param>
    /// <param name="layers">L</param>
    /// <param name="maxLength">the longest sequence</param>
    /// <param name="outputs">O, the size of the prediction at each position</param>
    public SelfAttentionModel(int vocabulary, int width, int heads, int layers, int maxLength, int outputs, int? seed = null) : base(nameof(SelfAttentionModel))
    {
        if (vocabulary <= 0 || layers <= 0 || outputs <= 0)
            throw new ArgumentOutOfRangeException(nameof(layers), $"Expected a positive vocabulary, number of layers and outputs, got V = {vocabulary}, L = {layers}, O = {outputs}.");
        TorchRuntime.EnsureLoaded();
        if (seed is { } s) torch.manual_seed(s);
        embedding = nn.Embedding(vocabulary, width);
        positions = new LearnedPositionalEncoding(width, maxLength);
        this.layers = nn.ModuleList(Enumerable.Range(0, layers).Select(_ => new MultiHeadAttention(width, heads) { RecordWeights = true }).ToArray());
        output = nn.Linear(width, outputs);
        RegisterComponents();
    }

    public IReadOnlyList<MultiHeadAttention> Layers => layers.ToArray();

    /// <summary>The weights of every layer from the last forward, each (B, H, T, T).</summary>
    public IReadOnlyList<Tensor> LastWeights => layers.Select(l => l.LastWeights ?? throw new InvalidOperationException("Run the model (forward) before reading its weights.")).ToArray();

    /// <param name="ids">(B, T)</param>
    /// <returns>(B, T, O)</returns>
    public override Tensor forward(Tensor ids)
    {
        var x = positions.forward(embedding.forward(ids));                                         // (B, T, C)
        foreach (var layer in layers) x = x + layer.forward(x, x, null);                           // residual self-attention
        return output.forward(x);
    }
}
