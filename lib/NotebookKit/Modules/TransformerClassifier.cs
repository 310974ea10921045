using NotebookKit.Text;
using NotebookKit.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Modules;

/// <summary>
/// A sequence classifier from self-attention and an MLP: tokens → embedding + positions →
/// <see cref="TransformerEncoder"/> → the mean of the real tokens' vectors (padding left out)
/// → a two-layer MLP → K class logits. Every token can look at every other before the sequence
/// is summarised, which is what lets it judge relations between distant tokens.
/// </summary>
public sealed class TransformerClassifier : nn.Module<Tensor, Tensor>
{
    private readonly TokenEmbedding embedding;
    private readonly TransformerEncoder encoder;
    private readonly Linear hidden, output;

    private TransformerClassifier(TransformerConfig config, int vocabulary, int classes) : base(nameof(TransformerClassifier))
    {
        (Config, Vocabulary, Classes) = (config, vocabulary, classes);
        embedding = new TokenEmbedding(vocabulary, config);
        encoder = new TransformerEncoder(config);
        hidden = nn.Linear(config.Width, config.Width);
        output = nn.Linear(config.Width, classes);
        RegisterComponents();
    }

    /// <summary>A classifier of the config's shape; <paramref name="seed"/> seeds the initial weights.</summary>
    public static TransformerClassifier Create(TransformerConfig config, int vocabulary, int classes, int? seed = null)
    {
        config = (config ?? throw new ArgumentNullException(nameof(config))).Validated();
        if (vocabulary <= 1) throw new ArgumentOutOfRangeException(nameof(vocabulary), vocabulary, "Expected a vocabulary of at least 2 tokens.");
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), classes, "Expected at least 2 classes.");
        TorchRuntime.EnsureLoaded();
        if (seed is { } s) torch.manual_seed(s);
        return new TransformerClassifier(config, vocabulary, classes);
    }

    public TransformerConfig Config { get; }
    public int Vocabulary { get; }
    public int Classes { get; }
    public TransformerEncoder Encoder => encoder;

    /// <summary>Every attention keeps its last weights for drawing (explicit path only).</summary>
    public void RecordAttention(bool on)
    {
        foreach (var block in encoder.Blocks) block.SelfAttention.RecordWeights = on;
    }

    /// <param name="ids">token ids (B, T), padded with &lt;pad&gt; (id 0) after each sentence's end</param>
    /// <returns>logits (B, K)</returns>
    public override Tensor forward(Tensor ids)
    {
        if (ids.dim() != 2 || ids.shape[0] == 0 || ids.shape[1] == 0)
            throw new ArgumentException($"Expected token ids of shape (B, T) with B, T > 0, got ({string.Join(", ", ids.shape)}).", nameof(ids));
        var length = (int)ids.shape[1];
        var mask = ids.ne(Text.Vocabulary.Pad);                                                    // (B, T): true on real tokens
        var x = encoder.forward(embedding.forward(ids), AttentionMasks.Combine(mask, causal: false, length, length)); // (B, T, C)
        var real = mask.unsqueeze(-1).to(x.dtype);                                                 // (B, T, 1)
        var pooled = (x * real).sum(1) / real.sum(1);                                              // (B, C): mean over real tokens
        return output.forward(nn.functional.relu(hidden.forward(pooled)));                         // (B, K)
    }
}
