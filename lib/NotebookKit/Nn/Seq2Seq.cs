using NotebookKit.Text;
using NotebookKit.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Nn;

/// <summary>The shape of an encoder–decoder; each default is sized for the toy corpus on a CPU.</summary>
public sealed record Seq2SeqConfig(int SourceVocabulary, int TargetVocabulary)
{
    /// <summary>Width of the token embeddings; 32 is plenty for ~60 words.</summary>
    public int EmbeddingSize { get; init; } = 32;

    /// <summary>Width of the encoder and decoder GRU states.</summary>
    public int HiddenSize { get; init; } = 64;

    public AttentionKind Attention { get; init; } = AttentionKind.None;

    /// <summary>Longest source (with &lt;eos&gt;) the model accepts.</summary>
    public int MaxSourceLength { get; init; } = 24;

    /// <summary>Longest output greedy decoding produces.</summary>
    public int MaxTargetLength { get; init; } = 24;

    public Seq2SeqConfig Validated()
    {
        if (SourceVocabulary <= Vocabulary.Specials.Length || TargetVocabulary <= Vocabulary.Specials.Length)
            throw new ArgumentOutOfRangeException(nameof(SourceVocabulary), $"Expected vocabularies larger than the {Vocabulary.Specials.Length} special tokens, got {SourceVocabulary} and {TargetVocabulary}.");
        if (EmbeddingSize <= 0 || HiddenSize <= 0) throw new ArgumentOutOfRangeException(nameof(HiddenSize), "Expected positive embedding and hidden sizes.");
        if (MaxSourceLength <= 0 || MaxTargetLength <= 0) throw new ArgumentOutOfRangeException(nameof(MaxSourceLength), "Expected positive maximum lengths.");
        return this;
    }
}

/// <summary>
/// An RNN encoder–decoder (序列到序列). The encoder GRU reads the source; the decoder GRU writes
/// the target one token at a time, each step seeing the previous token and a context vector:
/// without attention the context is the encoder's final state, the same at every step (the
/// fixed-length bottleneck); with attention it is a fresh weighted sum of all encoder states.
/// </summary>
public sealed class Seq2Seq : nn.Module
{
    private readonly Embedding sourceEmbedding;
    private readonly Embedding targetEmbedding;
    private readonly GRU encoder;
    private readonly GRUCell decoder;
    private readonly Linear output;
    private readonly Attention? attention;

    public Seq2Seq(Seq2SeqConfig config, int? seed = null) : base(nameof(Seq2Seq))
    {
        Config = config.Validated();
        TorchRuntime.EnsureLoaded();
        if (seed is { } s) torch.manual_seed(s);
        sourceEmbedding = nn.Embedding(config.SourceVocabulary, config.EmbeddingSize, padding_idx: Vocabulary.Pad);
        targetEmbedding = nn.Embedding(config.TargetVocabulary, config.EmbeddingSize, padding_idx: Vocabulary.Pad);
        encoder = nn.GRU(config.EmbeddingSize, config.HiddenSize, batchFirst: true);
        decoder = nn.GRUCell(config.EmbeddingSize + config.HiddenSize, config.HiddenSize);
        output = nn.Linear(2 * config.HiddenSize, config.TargetVocabulary);
        attention = config.Attention == AttentionKind.None ? null : new Attention(config.Attention, config.HiddenSize);
        RegisterComponents();
    }

    public Seq2SeqConfig Config { get; }

    /// <summary>Encoder states (B, S, H) and each sequence's state at its last real token (B, H).</summary>
    public (Tensor States, Tensor Final) Encode(SequenceBatch source)
    {
        var longest = source.Lengths.Max();
        if (longest > Config.MaxSourceLength)
            throw new ArgumentException($"Expected source sequences of at most {Config.MaxSourceLength} tokens (with <eos>), got one of {longest}.", nameof(source));
        var (states, _) = encoder.forward(sourceEmbedding.forward(source.Ids), null);                   // (B, S, H)
        // The GRU reads left to right, so padding after a sequence cannot change its earlier states:
        // the final state is the one at position length − 1.
        using var last = torch.tensor(source.Lengths.Select(l => (long)(l - 1)).ToArray()).view(-1, 1, 1).expand(-1, 1, Config.HiddenSize);
        var final = states.gather(1, last).squeeze(1);                                                    // (B, H)
        return (states, final);
    }

    /// <summary>
    /// Teacher forcing: the decoder is fed the reference tokens <paramref name="targetInput"/>
    /// (&lt;bos&gt; y₁ … y_{n}) and predicts the next token at each position.
    /// </summary>
    /// <returns>logits (B, T, V) and attention weights (B, T, S), or null without attention</returns>
    public (Tensor Logits, Tensor? Weights) Forward(SequenceBatch source, Tensor targetInput)
    {
        if (targetInput.shape[0] != source.Count)
            throw new ArgumentException($"Expected one target per source: {source.Count} sources but {targetInput.shape[0]} targets.", nameof(targetInput));
        var (states, encoderFinal) = Encode(source);
        var hidden = encoderFinal;
        var embedded = targetEmbedding.forward(targetInput);                                               // (B, T, E)
        var logits = new List<Tensor>();
        var weights = new List<Tensor>();
        for (var t = 0; t < targetInput.shape[1]; t++)
        {
            var (stepLogits, stepWeights, next) = Step(embedded[.., t], hidden, states, source.Mask, encoderFinal);
            hidden = next;
            logits.Add(stepLogits);
            if (stepWeights is not null) weights.Add(stepWeights);
        }
        return (torch.stack(logits, 1), weights.Count > 0 ? torch.stack(weights, 1) : null);
    }

    /// <summary>One decoder step: input (B, E), previous state (B, H) → logits (B, V), attention (B, S), new state (B, H).</summary>
    private (Tensor Logits, Tensor? Weights, Tensor Hidden) Step(Tensor input, Tensor hidden, Tensor states, Tensor mask, Tensor encoderFinal)
    {
        Tensor context;
        Tensor? weights = null;
        if (attention is null) context = encoderFinal;                                                     // the fixed-length context
        else (context, weights) = attention.Attend(hidden, states, mask);                                  // (B, H), (B, S)
        var next = decoder.forward(torch.cat([input, context], 1), hidden);                                // (B, E + H) -> (B, H)
        return (output.forward(torch.cat([next, context], 1)), weights, next);                             // (B, V)
    }

    /// <summary>Greedy decoding: at each step the most likely token is fed back, until &lt;eos&gt; or the maximum length.</summary>
    /// <returns>token ids per sequence (without &lt;eos&gt;) and attention weights (B, T, S) or null</returns>
    public (int[][] Tokens, Tensor? Weights) Greedy(SequenceBatch source)
    {
        using var noGrad = torch.no_grad();
        var (states, encoderFinal) = Encode(source);
        var hidden = encoderFinal;
        var batch = source.Count;
        var token = torch.full(batch, Vocabulary.Bos, ScalarType.Int64);
        var result = Enumerable.Range(0, batch).Select(_ => new List<int>()).ToArray();
        var finished = new bool[batch];
        var weights = new List<Tensor>();
        for (var t = 0; t < Config.MaxTargetLength && !finished.All(f => f); t++)
        {
            var (logits, stepWeights, next) = Step(targetEmbedding.forward(token), hidden, states, source.Mask, encoderFinal);
            hidden = next;
            token = logits.argmax(1);
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
