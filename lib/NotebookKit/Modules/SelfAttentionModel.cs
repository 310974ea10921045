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
/// With <c>attentionReadout</c> the last layer is different: its values are the plain word
/// embeddings (no positions, nothing gathered) and there is no residual, so the prediction at a
/// position sees nothing but a weighted mix of the words, with that layer's weights. Whatever the
/// model knows about which word matters must then show in those weights.
/// </summary>
public sealed class SelfAttentionModel : nn.Module<Tensor, Tensor>
{
    private readonly TokenEmbedding embedding;
    private readonly ModuleList<MultiHeadAttention> layers;
    private readonly Linear output;

    /// <param name="vocabulary">V</param>
    /// <param name="width">C</param>
    /// <param name="heads">H per layer</param>
    /// <param name="layers">L</param>
    /// <param name="maxLength">the longest sequence</param>
    /// <param name="outputs">O, the size of the prediction at each position</param>
    public SelfAttentionModel(int vocabulary, int width, int heads, int layers, int maxLength, int outputs, int? seed = null, bool attentionReadout = false) : base(nameof(SelfAttentionModel))
    {
        if (vocabulary <= 0 || layers <= 0 || outputs <= 0)
            throw new ArgumentOutOfRangeException(nameof(layers), $"Expected a positive vocabulary, number of layers and outputs, got V = {vocabulary}, L = {layers}, O = {outputs}.");
        TorchRuntime.EnsureLoaded();
        if (seed is { } s) torch.manual_seed(s);
        AttentionReadout = attentionReadout;
        embedding = new TokenEmbedding(vocabulary, width, PositionKind.Learned, maxLength, paddingIndex: null);
        this.layers = nn.ModuleList(Enumerable.Range(0, layers).Select(_ => new MultiHeadAttention(width, heads) { RecordWeights = true }).ToArray());
        output = nn.Linear(width, outputs);
        RegisterComponents();
    }

    public IReadOnlyList<MultiHeadAttention> Layers => layers.ToArray();

    /// <summary>True when the last layer reads out the plain words (see the class summary).</summary>
    public bool AttentionReadout { get; }

    /// <summary>The weights of every layer from the last forward, each (B, H, T, T).</summary>
    public IReadOnlyList<Tensor> LastWeights => layers.Select(l => l.LastWeights ?? throw new InvalidOperationException("Run the model (forward) before reading its weights.")).ToArray();

    /// <param name="ids">(B, T)</param>
    /// <returns>(B, T, O)</returns>
    public override Tensor forward(Tensor ids)
    {
        var x = embedding.forward(ids);                                                            // (B, T, C)
        var last = layers.Count - 1;
        for (var i = 0; i < last; i++) x = x + layers[i].forward(x, x, null);                      // residual self-attention
        if (AttentionReadout)
            return output.forward(layers[last].Attend(x, x, embedding.Embedding.forward(ids), null).Output);   // the words themselves as values; no residual
        return output.forward(x + layers[last].forward(x, x, null));
    }
}
