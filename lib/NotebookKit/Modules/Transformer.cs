using NotebookKit.Text;
using NotebookKit.Torch;
using NotebookKit.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Modules;

/// <summary>
/// The encoder–decoder Transformer (as in "Attention Is All You Need") for translation: source
/// tokens → embedding + positions → <see cref="TransformerEncoder"/> → memory; target tokens so
/// far → embedding + positions → <see cref="TransformerDecoder"/> (causal self-attention,
/// cross-attention to the memory) → a linear layer over the target vocabulary. In training every
/// target position is computed in one pass (teacher forcing, the causal mask keeps each position
/// from seeing its answer).
/// </summary>
public sealed class Transformer : nn.Module<SequenceBatch, Tensor, Tensor>, ITranslator
{
    private readonly TokenEmbedding sourceEmbedding, targetEmbedding;
    private readonly TransformerEncoder encoder;
    private readonly TransformerDecoder decoder;
    private readonly Linear output;

    private Transformer(TransformerConfig config, int sourceVocabulary, int targetVocabulary) : base(nameof(Transformer))
    {
        Config = config;
        (SourceVocabulary, TargetVocabulary) = (sourceVocabulary, targetVocabulary);
        sourceEmbedding = new TokenEmbedding(sourceVocabulary, config);
        targetEmbedding = new TokenEmbedding(targetVocabulary, config);
        encoder = new TransformerEncoder(config);
        decoder = new TransformerDecoder(config);
        output = nn.Linear(config.Width, targetVocabulary);
        RegisterComponents();
    }

    /// <summary>A model of the config's shape for the two vocabularies; <paramref name="seed"/> seeds the initial weights.</summary>
    public static Transformer Create(TransformerConfig config, int sourceVocabulary, int targetVocabulary, int? seed = null)
    {
        config = (config ?? throw new ArgumentNullException(nameof(config))).Validated();
        if (sourceVocabulary <= Vocabulary.Specials.Length || targetVocabulary <= Vocabulary.Specials.Length)
            throw new ArgumentOutOfRangeException(nameof(sourceVocabulary), $"Expected vocabularies larger than the {Vocabulary.Specials.Length} special tokens, got {sourceVocabulary} and {targetVocabulary}.");
        TorchRuntime.EnsureLoaded();
        if (seed is { } s) torch.manual_seed(s);
        return new Transformer(config, sourceVocabulary, targetVocabulary);
    }

    public TransformerConfig Config { get; }
    public int SourceVocabulary { get; }
    public int TargetVocabulary { get; }
    public TransformerEncoder Encoder => encoder;
    public TransformerDecoder Decoder => decoder;

    /// <summary>Every multi-head attention keeps its last weights (see <see cref="MultiHeadAttention.RecordWeights"/>); explicit path only.</summary>
    public void RecordAttention(bool on)
    {
        foreach (var attention in modules().OfType<MultiHeadAttention>()) attention.RecordWeights = on;
    }

    /// <summary>The memory: the encoder's output (B, S, C).</summary>
    public Tensor Encode(SequenceBatch source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var length = (int)source.Ids.shape[1];
        return encoder.forward(sourceEmbedding.forward(source.Ids), AttentionMasks.Combine(source.Mask, causal: false, length, length));
    }

    /// <summary>Next-token logits (B, T, V) at every position of the target so far (B, T), given the memory (B, S, C).</summary>
    public Tensor Decode(Tensor memory, Tensor sourceMask, Tensor targetInput)
    {
        var (t, s) = ((int)targetInput.shape[1], (int)memory.shape[1]);
        var selfMask = AttentionMasks.Combine(null, causal: true, t, t);                            // (1, 1, T, T); padding sits after the real tokens, which never look ahead
        var crossMask = AttentionMasks.Combine(sourceMask, causal: false, t, s);                    // (B, 1, 1, S)
        return output.forward(decoder.forward(targetEmbedding.forward(targetInput), memory, selfMask, crossMask));
    }

    /// <param name="source">ids (B, S)</param>
    /// <param name="targetInput">&lt;bos&gt; y₁ … (B, T)</param>
    /// <returns>logits (B, T, V)</returns>
    public override Tensor forward(SequenceBatch source, Tensor targetInput)
    {
        if (targetInput.shape[0] != source.Count)
            throw new ArgumentException($"Expected one target per source: {source.Count} sources but {targetInput.shape[0]} targets.", nameof(targetInput));
        return Decode(Encode(source), source.Mask, targetInput);
    }

    /// <summary>Cross-entropy of the next tokens with teacher forcing, over real target tokens; all positions in one pass.</summary>
    public TensorLoss Loss(TranslationBatch batch)
    {
        var width = batch.Target.Ids.shape[1];
        var input = batch.Target.Ids[.., ..(int)(width - 1)];                                       // <bos> y1 … (B, T)
        var expected = batch.Target.Ids[.., 1..];                                                  // y1 … <eos> (B, T)
        var logits = forward(batch.Source, input);                                                 // (B, T, V)
        var loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[2]), expected.reshape(-1), ignore_index: Vocabulary.Pad);
        return new TensorLoss(loss, expected.ne(Vocabulary.Pad).sum().item<long>());
    }

    /// <summary>
    /// Greedy decoding, one token per step for the whole batch; each step re-runs the decoder on
    /// the prefix (no cache: simple, and cheap at these lengths).
    /// </summary>
    /// <returns>token ids (without &lt;eos&gt;) and the last decoder block's cross-attention (B, T, S), averaged over heads, when recorded</returns>
    public (int[][] Tokens, Tensor? Weights) Greedy(SequenceBatch source)
    {
        using var noGrad = torch.no_grad();
        var memory = Encode(source);
        var batch = source.Count;
        var prefix = torch.full(batch, 1, Vocabulary.Bos, ScalarType.Int64);                       // (B, 1)
        var result = Enumerable.Range(0, batch).Select(_ => new List<int>()).ToArray();
        var finished = new bool[batch];
        for (var t = 0; t < Config.MaxLength - 1 && !finished.All(f => f); t++)
        {
            var logits = Decode(memory, source.Mask, prefix);                                       // (B, t+1, V)
            var token = logits[.., -1].argmax(-1);                                                 // (B)
            var ids = token.data<long>().ToArray();
            for (var b = 0; b < batch; b++)
            {
                if (finished[b]) continue;
                if (ids[b] == Vocabulary.Eos) finished[b] = true;
                else result[b].Add((int)ids[b]);
            }
            prefix = torch.cat([prefix, token.unsqueeze(1)], 1);
        }
        var weights = decoder.Blocks[^1].CrossAttention.LastWeights?.mean([1]);                      // (B, H, T, S) -> (B, T, S)
        return (result.Select(r => r.ToArray()).ToArray(), weights);
    }

    /// <summary>Beam search per sentence (see <see cref="BeamSearch"/>): the best hypothesis's tokens, without &lt;eos&gt;.</summary>
    public int[][] Beam(SequenceBatch source, int width = 4, double lengthPenalty = 0.6)
    {
        using var noGrad = torch.no_grad();
        var memory = Encode(source);                                                               // (B, S, C)
        var results = new int[source.Count][];
        for (var b = 0; b < source.Count; b++)
        {
            using var scope = torch.NewDisposeScope();
            var (sentence, mask) = (memory[b..(b + 1)], source.Mask[b..(b + 1)]);                 // (1, S, C), (1, S)
            double[][] Next(IReadOnlyList<int[]> prefixes)
            {
                using var inner = torch.NewDisposeScope();
                var ids = TensorConvert.Ids(prefixes.Select(p => p.Prepend(Vocabulary.Bos).ToArray()).ToArray());   // (K, t+1)
                var k = prefixes.Count;
                var logits = Decode(sentence.expand(k, -1, -1), mask.expand(k, -1), ids);           // (K, t+1, V)
                var logProbabilities = nn.functional.log_softmax(logits[.., -1], -1).to_type(ScalarType.Float64).contiguous();
                var flat = logProbabilities.data<double>().ToArray();
                var v = (int)logProbabilities.shape[1];
                return Enumerable.Range(0, k).Select(i => flat[(i * v)..((i + 1) * v)]).ToArray();
            }
            var best = BeamSearch.Run(Next, width, Config.MaxLength - 1, Vocabulary.Eos, lengthPenalty);
            results[b] = best.Count > 0 ? best[0].Tokens : [];
        }
        return results;
    }
}
