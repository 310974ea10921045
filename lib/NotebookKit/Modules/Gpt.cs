using NotebookKit.Torch;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Modules;

/// <summary>The key/value caches of every layer of a <see cref="Gpt"/> during generation.</summary>
public sealed class GptCache : IDisposable
{
    internal GptCache(int layers) => Layers = Enumerable.Range(0, layers).Select(_ => new KeyValueCache()).ToArray();

    public IReadOnlyList<KeyValueCache> Layers { get; }

    /// <summary>Positions cached so far.</summary>
    public long Length => Layers[0].Length;

    public void Dispose()
    {
        foreach (var layer in Layers) layer.Dispose();
    }
}

/// <summary>
/// A decoder-only Transformer (GPT): token embedding + learned position embedding, N pre-norm
/// blocks of causal self-attention and feed-forward (the kit's <see cref="EncoderBlock"/> with a
/// causal mask: a GPT block is an encoder block that may not look ahead), a final LayerNorm, and
/// an output layer that scores every token of the vocabulary, tied to the token embedding by
/// default (<see cref="GptConfig.TiedHead"/>). Parameters: V·C + T·C + N·(4(C² + C) + 2CF + F + C + 4C) + 2C
/// (+ V·C + V untied), as <see cref="GptConfig.ParameterCount"/>.
/// </summary>
public sealed class Gpt : nn.Module<Tensor, Tensor>
{
    private readonly Embedding tokens;
    private readonly Embedding positions;
    private readonly Dropout dropout;
    private readonly ModuleList<EncoderBlock> blocks;
    private readonly LayerNorm finalNorm;
    private readonly Linear? head;

    public Gpt(GptConfig config, int? seed = null, ScalarType dtype = ScalarType.Float32) : base(nameof(Gpt))
    {
        Config = (config ?? throw new ArgumentNullException(nameof(config))).Validated();
        TorchRuntime.EnsureLoaded();
        if (seed is { } s) torch.manual_seed(s);
        tokens = nn.Embedding(config.VocabularySize, config.Width);
        positions = nn.Embedding(config.ContextLength, config.Width);
        dropout = nn.Dropout(config.Dropout);
        blocks = nn.ModuleList(Enumerable.Range(0, config.Layers).Select(_ => new EncoderBlock(config.Blocks)).ToArray());
        finalNorm = nn.LayerNorm(config.Width);
        head = config.TiedHead ? null : nn.Linear(config.Width, config.VocabularySize);
        RegisterComponents();
        Gpt2Initialisation.Apply(this, config.Layers);
        if (dtype != ScalarType.Float32) this.to(dtype);
    }

    public GptConfig Config { get; }
    public IReadOnlyList<EncoderBlock> Blocks => blocks.ToArray();

    /// <summary>(V, C): one learned vector per token; with a tied head also the output layer's weights.</summary>
    public Embedding TokenEmbedding => tokens;

    /// <summary>(T, C): one learned vector per position.</summary>
    public Embedding PositionEmbedding => positions;

    /// <param name="ids">(B, T) token ids, T ≤ the context length</param>
    /// <returns>(B, T, V) scores for the token after each position, each computed from that position and the ones before it only</returns>
    public override Tensor forward(Tensor ids)
    {
        Validate(ids, 0);
        var t = ids.shape[1];
        var x = dropout.forward(tokens.forward(ids) + positions.forward(torch.arange(t, device: ids.device)));   // (B, T, C)
        var causal = Config.Causal ? AttentionMasks.Causal((int)t).to(ids.device) : null;                      // (T, T)
        foreach (var block in blocks) x = block.forward(x, causal);
        return Head(finalNorm.forward(x));                                                                     // (B, T, V)
    }

    /// <summary>Mean cross-entropy of predicting <paramref name="targets"/> (B, T): every position is a training example (文字接龙).</summary>
    public Tensor Loss(Tensor inputs, Tensor targets)
    {
        if (!inputs.shape.SequenceEqual(targets.shape))
            throw new ArgumentException($"Expected targets of the inputs' shape (B, T) = ({string.Join(", ", inputs.shape)}), got ({string.Join(", ", targets.shape)}).", nameof(targets));
        var logits = forward(inputs);                                                                          // (B, T, V)
        return nn.functional.cross_entropy(logits.reshape(-1, Config.VocabularySize), targets.reshape(-1));
    }

    /// <summary>An empty cache for <see cref="ForwardCached"/>.</summary>
    public GptCache NewCache() => new(blocks.Count);

    /// <summary>
    /// Generation with a key/value cache: <paramref name="ids"/> (B, N) are the next N positions
    /// after the <c>cache.Length</c> already cached; their keys and values are added to the cache.
    /// Gives the same scores as <see cref="forward"/> on the whole sequence, at the cost of N positions.
    /// </summary>
    /// <returns>(B, N, V)</returns>
    public Tensor ForwardCached(Tensor ids, GptCache cache)
    {
        if (!Config.Causal)
            throw new InvalidOperationException("Expected a causal model for a key/value cache: without the causal mask, earlier positions change when later ones arrive, so their cached keys and values would be stale. Generate with useCache: false.");
        Validate(ids, cache.Length);
        var (start, n) = (cache.Length, ids.shape[1]);
        var x = tokens.forward(ids) + positions.forward(torch.arange(start, start + n, device: ids.device));   // (B, N, C)
        for (var i = 0; i < blocks.Count; i++) x = blocks[i].ForwardCached(x, cache.Layers[i]);
        return Head(finalNorm.forward(x));
    }

    /// <summary>
    /// Continues <paramref name="prompt"/> by <paramref name="newTokens"/> tokens, one at a time,
    /// each drawn as <paramref name="options"/> say. With <paramref name="useCache"/> each step
    /// computes one position; without it each step recomputes the whole context. Both give the
    /// same tokens. Past the context length the model reads the last <see cref="GptConfig.ContextLength"/>
    /// tokens (a sliding window), and the cache is rebuilt at every step from then on.
    /// </summary>
    public int[] Generate(IReadOnlyList<int> prompt, int newTokens, SamplingOptions options, bool useCache = true)
    {
        if (prompt is null || prompt.Count == 0) throw new ArgumentException("Expected a prompt of at least one token (start with the token that begins a text).", nameof(prompt));
        foreach (var id in prompt)
            if (id < 0 || id >= Config.VocabularySize) throw new ArgumentOutOfRangeException(nameof(prompt), id, $"Expected token ids in [0, {Config.VocabularySize}).");
        if (newTokens < 0) throw new ArgumentOutOfRangeException(nameof(newTokens), newTokens, "Expected a number of new tokens ≥ 0.");
        options = (options ?? throw new ArgumentNullException(nameof(options))).Validated(Config.VocabularySize);
        var wasTraining = training;
        eval();
        try
        {
            using var noGrad = torch.no_grad();
            using var oneThread = IntraOpThreads.One();                                                // batch 1, one token a step: too little work to split
            var random = new Random(options.Seed);
            var context = prompt.ToList();
            var result = new int[newTokens];
            GptCache? cache = null;
            try
            {
                for (var step = 0; step < newTokens; step++)
                {
                    Kit.Interruption.ThrowIfCancellationRequested();
                    using var scope = torch.NewDisposeScope();
                    Tensor last;
                    if (!useCache)
                    {
                        last = forward(Ids(context.TakeLast(Config.ContextLength)))[0, -1];                  // (V)
                    }
                    else if (cache is null || cache.Length >= Config.ContextLength)
                    {
                        cache?.Dispose();
                        cache = NewCache();
                        last = ForwardCached(Ids(context.TakeLast(Config.ContextLength)), cache)[0, -1];
                    }
                    else
                    {
                        last = ForwardCached(Ids([context[^1]]), cache)[0, -1];
                    }
                    var scores = last.to_type(ScalarType.Float64).data<double>().ToArray();
                    var next = Sampling.Draw(Sampling.Distribution(scores, options), random);
                    context.Add(next);
                    result[step] = next;
                }
            }
            finally { cache?.Dispose(); }
            return result;
        }
        finally { train(wasTraining); }
    }

    private Tensor Ids(IEnumerable<int> ids) => torch.tensor(ids.Select(i => (long)i).ToArray(), dtype: ScalarType.Int64).unsqueeze(0).to(tokens.weight!.device);   // (1, T)

    private Tensor Head(Tensor x) => head is null ? x.matmul(tokens.weight!.t()) : head.forward(x);

    private void Validate(Tensor ids, long offset) => Validate(ids, Config, offset);

    /// <summary>
    /// Checks token ids for a language model of this shape (<see cref="Gpt"/>, <see cref="MaskedLanguageModel"/>):
    /// int64, (B, T) with B, T ≥ 1, at most the context length (counting <paramref name="offset"/>
    /// positions already cached), every id in the vocabulary.
    /// </summary>
    internal static void Validate(Tensor ids, GptConfig config, long offset = 0)
    {
        if (ids.dim() != 2 || ids.dtype != ScalarType.Int64)
            throw new ArgumentException($"Expected int64 token ids of shape (B, T), got {ids.dtype} ({string.Join(", ", ids.shape)}).", nameof(ids));
        if (ids.shape[0] == 0 || ids.shape[1] == 0) throw new ArgumentException("Expected at least one sequence of at least one token.", nameof(ids));
        if (offset + ids.shape[1] > config.ContextLength)
            throw new ArgumentException($"Expected at most {config.ContextLength} positions (the model's context length), got {offset + ids.shape[1]}" + (offset > 0 ? $" ({offset} cached + {ids.shape[1]} new)." : "."), nameof(ids));
        if (ids.min().item<long>() < 0 || ids.max().item<long>() >= config.VocabularySize)
            throw new ArgumentException($"Expected token ids in [0, {config.VocabularySize}), got ids from {ids.min().item<long>()} to {ids.max().item<long>()}.", nameof(ids));
    }
}
