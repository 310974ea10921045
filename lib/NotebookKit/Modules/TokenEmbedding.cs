using NotebookKit.Text;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Modules;

/// <summary>
/// Token ids → vectors that also say where each token is: an embedding (V → C), plus the
/// positional encoding a <see cref="PositionKind"/> names, then dropout. The first step of every
/// Transformer model in the kit. Not multiplied by √C as in the paper: <c>nn.Embedding</c> already
/// starts at the scale of the sinusoids (N(0, 1)); the paper's embeddings were shared with the
/// output layer and therefore small.
/// </summary>
public sealed class TokenEmbedding : nn.Module<Tensor, Tensor>
{
    private readonly Embedding embedding;
    private readonly PositionalEncoding? positions;
    private readonly Dropout dropout;

    /// <param name="vocabulary">V</param>
    /// <param name="width">C</param>
    /// <param name="paddingIndex">the id whose vector stays zero and gets no gradient (&lt;pad&gt;), or null</param>
    public TokenEmbedding(int vocabulary, int width, PositionKind positions, int maxLength, double dropout = 0.0, int? paddingIndex = Vocabulary.Pad) : base(nameof(TokenEmbedding))
    {
        if (vocabulary <= 0) throw new ArgumentOutOfRangeException(nameof(vocabulary), vocabulary, "Expected a positive vocabulary size.");
        embedding = paddingIndex is { } pad ? nn.Embedding(vocabulary, width, padding_idx: pad) : nn.Embedding(vocabulary, width);
        this.positions = PositionalEncoding.Create(positions, width, maxLength);
        this.dropout = nn.Dropout(dropout);
        RegisterComponents();
    }

    /// <summary>The embedding, positions and dropout a config names.</summary>
    public TokenEmbedding(int vocabulary, TransformerConfig config) : this(vocabulary, config.Width, config.Positions, config.MaxLength, config.Dropout) { }

    public Embedding Embedding => embedding;
    public PositionalEncoding? Positions => positions;

    /// <param name="ids">(B, T)</param>
    /// <returns>(B, T, C)</returns>
    public override Tensor forward(Tensor ids)
    {
        var x = embedding.forward(ids);                                                            // (B, T, C)
        return dropout.forward(positions is null ? x : positions.forward(x));
    }
}
