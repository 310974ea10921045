using NotebookKit.Text;
using NotebookKit.Torch;
using NotebookKit.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Modules;

/// <summary>
/// An RNN encoder–decoder (序列到序列): an <see cref="RnnEncoder"/> reads the source, an
/// <see cref="RnnDecoder"/> writes the target one token at a time. Build one from a config with
/// <see cref="Create"/>; train it with a <see cref="Trainer"/> and <see cref="Loss"/> (teacher
/// forcing); translate with <see cref="Greedy"/>.
/// </summary>
public sealed class Seq2Seq : nn.Module<SequenceBatch, Tensor, (Tensor Logits, Tensor? Weights)>, ITranslator
{
    private readonly RnnEncoder encoder;
    private readonly RnnDecoder decoder;

    public Seq2Seq(Seq2SeqConfig config, RnnEncoder encoder, RnnDecoder decoder) : base(nameof(Seq2Seq))
    {
        Config = (config ?? throw new ArgumentNullException(nameof(config))).Validated();
        this.encoder = encoder ?? throw new ArgumentNullException(nameof(encoder));
        this.decoder = decoder ?? throw new ArgumentNullException(nameof(decoder));
        RegisterComponents();
    }

    /// <summary>
    /// The model a config describes: embeddings, the encoder GRU, the decoder GRU cell and output
    /// layer, and the attention the config names. <paramref name="seed"/> seeds the initial weights.
    /// </summary>
    public static Seq2Seq Create(Seq2SeqConfig config, int? seed = null)
    {
        config = (config ?? throw new ArgumentNullException(nameof(config))).Validated();
        TorchRuntime.EnsureLoaded();
        if (seed is { } s) torch.manual_seed(s);
        // Created in this order (the random draws of a seeded model depend on it), then composed.
        var sourceEmbedding = nn.Embedding(config.SourceVocabulary, config.EmbeddingSize, padding_idx: Vocabulary.Pad);
        var targetEmbedding = nn.Embedding(config.TargetVocabulary, config.EmbeddingSize, padding_idx: Vocabulary.Pad);
        var encoderRnn = nn.GRU(config.EmbeddingSize, config.HiddenSize, batchFirst: true);
        var decoderCell = nn.GRUCell(config.EmbeddingSize + config.HiddenSize, config.HiddenSize);
        var output = nn.Linear(2 * config.HiddenSize, config.TargetVocabulary);
        CrossAttention? attention = config.Attention switch
        {
            AttentionKind.Additive => new AdditiveAttention(config.HiddenSize),
            AttentionKind.DotProduct => new DotProductAttention(config.HiddenSize),
            _ => null,
        };
        return new Seq2Seq(config, new RnnEncoder(sourceEmbedding, encoderRnn), new RnnDecoder(targetEmbedding, decoderCell, output, attention));
    }

    public Seq2SeqConfig Config { get; }
    public RnnEncoder Encoder => encoder;
    public RnnDecoder Decoder => decoder;

    /// <summary>Encoder states (B, S, R) and each sentence's final state (B, R).</summary>
    public (Tensor States, Tensor Final) Encode(SequenceBatch source)
    {
        var longest = source.Lengths.Max();
        if (longest > Config.MaxSourceLength)
            throw new ArgumentException($"Expected source sequences of at most {Config.MaxSourceLength} tokens (with <eos>), got one of {longest}.", nameof(source));
        return encoder.forward(source);
    }

    /// <summary>
    /// Teacher forcing: the decoder is fed the reference tokens <paramref name="targetInput"/>
    /// (&lt;bos&gt; y₁ … y_{n}) and predicts the next token at each position. The steps still run one
    /// after another (each needs the previous state); what teacher forcing gives is a correct prefix.
    /// </summary>
    /// <param name="source">ids (B, S)</param>
    /// <param name="targetInput">(B, T)</param>
    /// <returns>logits (B, T, V) and attention weights (B, T, S), or null without attention</returns>
    public override (Tensor Logits, Tensor? Weights) forward(SequenceBatch source, Tensor targetInput)
    {
        if (targetInput.shape[0] != source.Count)
            throw new ArgumentException($"Expected one target per source: {source.Count} sources but {targetInput.shape[0]} targets.", nameof(targetInput));
        var (states, final) = Encode(source);
        var state = final;
        var embedded = decoder.Embed(targetInput);                                                      // (B, T, E)
        var logits = new List<Tensor>();
        var weights = new List<Tensor>();
        for (var t = 0; t < targetInput.shape[1]; t++)
        {
            var (stepLogits, stepWeights, next) = decoder.StepEmbedded(embedded[.., t], state, states, source.Mask, final);
            state = next;
            logits.Add(stepLogits);                                                                     // (B, V)
            if (stepWeights is not null) weights.Add(stepWeights);                                      // (B, S)
        }
        return (torch.stack(logits, 1), weights.Count > 0 ? torch.stack(weights, 1) : null);
    }

    /// <summary>
    /// The loss of one batch with teacher forcing: cross-entropy of the predicted next tokens
    /// against the reference, over the real target tokens (padding ignored).
    /// </summary>
    public TensorLoss Loss(TranslationBatch batch)
    {
        var width = batch.Target.Ids.shape[1];
        var input = batch.Target.Ids[.., ..(int)(width - 1)];                                            // <bos> y1 … (B, T)
        var expected = batch.Target.Ids[.., 1..];                                                       // y1 … <eos> (B, T)
        var (logits, _) = forward(batch.Source, input);                                                 // (B, T, V)
        var loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[2]), expected.reshape(-1), ignore_index: Vocabulary.Pad);
        return new TensorLoss(loss, expected.ne(Vocabulary.Pad).sum().item<long>());
    }

    /// <summary>
    /// The loss of one batch <b>without</b> teacher forcing ("free running"): the decoder is fed its
    /// own most likely previous token, as when translating, and scored against the reference at
    /// every position. The fed-back choice is not differentiated (an arg-max has no gradient), so
    /// early in training the decoder learns from prefixes that are mostly wrong. Chapter 08 trains
    /// with it to show why teacher forcing is the default.
    /// </summary>
    public TensorLoss FreeRunningLoss(TranslationBatch batch)
    {
        var width = batch.Target.Ids.shape[1];
        var expected = batch.Target.Ids[.., 1..];                                                       // y1 … <eos> (B, T)
        var (states, final) = Encode(batch.Source);
        var state = final;
        var token = torch.full(batch.Source.Count, Vocabulary.Bos, ScalarType.Int64);                  // (B)
        var logits = new List<Tensor>();
        for (var t = 0; t < width - 1; t++)
        {
            var (stepLogits, _, next) = decoder.Step(token, state, states, batch.Source.Mask, final);  // (B, V)
            state = next;
            logits.Add(stepLogits);
            token = stepLogits.argmax(1).detach();                                                     // its own guess, not the reference
        }
        var all = torch.stack(logits, 1);                                                               // (B, T, V)
        var loss = nn.functional.cross_entropy(all.reshape(-1, all.shape[2]), expected.reshape(-1), ignore_index: Vocabulary.Pad);
        return new TensorLoss(loss, expected.ne(Vocabulary.Pad).sum().item<long>());
    }

    /// <summary>Greedy decoding: at each step the most likely token is fed back, until &lt;eos&gt; or the maximum length.</summary>
    /// <returns>token ids per sentence (without &lt;eos&gt;) and attention weights (B, T, S) or null</returns>
    public (int[][] Tokens, Tensor? Weights) Greedy(SequenceBatch source)
    {
        using var noGrad = torch.no_grad();
        var (states, final) = Encode(source);
        var state = final;
        var batch = source.Count;
        var token = torch.full(batch, Vocabulary.Bos, ScalarType.Int64);                                // (B)
        var result = Enumerable.Range(0, batch).Select(_ => new List<int>()).ToArray();
        var finished = new bool[batch];
        var weights = new List<Tensor>();
        for (var t = 0; t < Config.MaxTargetLength && !finished.All(f => f); t++)
        {
            var (logits, stepWeights, next) = decoder.Step(token, state, states, source.Mask, final);   // (B, V)
            state = next;
            token = logits.argmax(1);                                                                   // (B)
            if (stepWeights is not null) weights.Add(stepWeights);
            var ids = token.data<long>().ToArray();
            for (var b = 0; b < batch; b++)
            {
                if (finished[b]) continue;
                if (ids[b] == Vocabulary.Eos) finished[b] = true;
                else result[b].Add((int)ids[b]);
            }
        }
        return (result.Select(r => r.ToArray()).ToArray(), weights.Count > 0 ? torch.stack(weights, 1) : null);
    }
}
