using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Modules;

/// <summary>
/// Multi-head attention (多头注意力): project the inputs to queries, keys and values (C → C each),
/// split the C features into H heads of D = C/H, let every head attend on its own, concatenate
/// the heads and project (C → C). Each head can learn its own pattern (one looks at the previous
/// word, another at the subject) at the cost of one attention of width C. Batch-first:
/// (B, T, C). Self-attention passes the same tensor as query and key/value input;
/// cross-attention passes the decoder's states as query input and the encoder's as key/value input.
/// </summary>
public sealed class MultiHeadAttention : nn.Module<Tensor, Tensor, Tensor?, Tensor>
{
    private readonly Linear query, key, value, output;
    private readonly ScaledDotProductAttention attention;
    private Tensor? lastWeights;

    /// <param name="width">C, the model width; must be divisible by <paramref name="heads"/></param>
    /// <param name="heads">H</param>
    /// <param name="dropout">dropout on the attention weights in training (explicit path) or inside the fused kernel</param>
    public MultiHeadAttention(int width, int heads, double dropout = 0.0, AttentionPath path = AttentionPath.Explicit) : base(nameof(MultiHeadAttention))
    {
        if (width <= 0 || heads <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"Expected a positive width and number of heads, got C = {width}, H = {heads}.");
        if (width % heads != 0)
            throw new ArgumentException($"Expected a width divisible by the number of heads, got C = {width} and H = {heads} ({width} / {heads} is not a whole head size D).", nameof(heads));
        if (!(dropout >= 0 && dropout < 1)) throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "Expected a dropout probability in [0, 1).");
        (Width, Heads, Dropout) = (width, heads, dropout);
        query = nn.Linear(width, width);
        key = nn.Linear(width, width);
        value = nn.Linear(width, width);
        output = nn.Linear(width, width);
        attention = new ScaledDotProductAttention(path);
        RegisterComponents();
    }

    public int Width { get; }
    public int Heads { get; }
    public int HeadSize => Width / Heads;
    public double Dropout { get; }

    /// <summary>Explicit (weights available) or fused (faster); switch at any time, the weights stay the same.</summary>
    public AttentionPath Path { get => attention.Path; set => attention.Path = value; }

    /// <summary>When true, every forward keeps a detached copy of its weights (B, H, T, S) in <see cref="LastWeights"/> (explicit path only).</summary>
    public bool RecordWeights { get; set; }

    /// <summary>The weights (B, H, T, S) of the last forward while <see cref="RecordWeights"/> was on, outside any dispose scope.</summary>
    public Tensor? LastWeights => lastWeights;

    public Linear Query => query;
    public Linear Key => key;
    public Linear Value => value;
    public Linear Output => output;

    /// <param name="queryInput">(B, T, C)</param>
    /// <param name="keyValueInput">(B, S, C); the same tensor for self-attention</param>
    /// <param name="mask">bool, broadcastable to (B, H, T, S), true = may attend (see <see cref="AttentionMasks"/>)</param>
    /// <returns>(B, T, C)</returns>
    public override Tensor forward(Tensor queryInput, Tensor keyValueInput, Tensor? mask) => Attend(queryInput, keyValueInput, mask).Output;

    /// <summary>As <see cref="forward"/>, also returning the per-head weights (B, H, T, S) on the explicit path.</summary>
    public AttentionResult Attend(Tensor queryInput, Tensor keyValueInput, Tensor? mask = null) => Attend(queryInput, keyValueInput, keyValueInput, mask);

    /// <summary>
    /// The general form, with keys and values computed from different inputs of one length S
    /// (as PyTorch's <c>forward(query, key, value)</c>): the keys decide where to look, the values what is read there.
    /// </summary>
    /// <param name="queryInput">(B, T, C)</param>
    /// <param name="keyInput">(B, S, C)</param>
    /// <param name="valueInput">(B, S, C)</param>
    public AttentionResult Attend(Tensor queryInput, Tensor keyInput, Tensor valueInput, Tensor? mask)
    {
        static string Shape(Tensor x) => ScaledDotProductAttention.Shape(x);
        if (queryInput.dim() != 3 || keyInput.dim() != 3 || valueInput.dim() != 3 || queryInput.shape[2] != Width || keyInput.shape[2] != Width || valueInput.shape[2] != Width
            || keyInput.shape[0] != queryInput.shape[0] || valueInput.shape[0] != queryInput.shape[0] || valueInput.shape[1] != keyInput.shape[1])
            throw new ArgumentException($"Expected query input (B, T, C = {Width}) and key and value inputs (B, S, C = {Width}), got ({Shape(queryInput)}), ({Shape(keyInput)}) and ({Shape(valueInput)}).");
        if (queryInput.shape[0] == 0 || queryInput.shape[1] == 0 || keyInput.shape[1] == 0)
            throw new ArgumentException($"Expected at least one sequence and one position, got query input ({Shape(queryInput)}) and key input ({Shape(keyInput)}).");
        var (b, t, s) = (queryInput.shape[0], queryInput.shape[1], keyInput.shape[1]);
        Tensor Split(Tensor x, long length) => x.view(b, length, Heads, HeadSize).transpose(1, 2);     // (B, L, C) -> (B, H, L, D)
        var q = Split(query.forward(queryInput), t);
        var k = Split(key.forward(keyInput), s);
        var v = Split(value.forward(valueInput), s);
        var heads = attention.Attend(q, k, v, mask, training ? Dropout : 0.0);                         // (B, H, T, D)
        if (RecordWeights && heads.Weights is not null)
        {
            lastWeights?.Dispose();
            lastWeights = heads.Weights.detach().clone().DetachFromDisposeScope();
        }
        var joined = heads.Output.transpose(1, 2).contiguous().view(b, t, Width);                       // (B, H, T, D) -> (B, T, C)
        return new AttentionResult(output.forward(joined), heads.Weights);
    }

    /// <summary>
    /// Causal self-attention for generation with a key/value cache: the keys and values of the
    /// new positions <paramref name="input"/> (B, N, C) are appended to <paramref name="cache"/>,
    /// and each new position attends to every cached position and to the new ones up to itself.
    /// For the new positions this equals <see cref="Attend(Tensor, Tensor, Tensor?)"/> on the whole
    /// sequence with a causal mask, at the cost of N positions instead of all. No dropout, no
    /// gradient through the cache: it is for generating, not training.
    /// </summary>
    /// <returns>(B, N, C)</returns>
    public Tensor AttendCached(Tensor input, KeyValueCache cache)
    {
        if (input.dim() != 3 || input.shape[2] != Width || input.shape[1] == 0)
            throw new ArgumentException($"Expected new positions (B, N ≥ 1, C = {Width}), got ({ScaledDotProductAttention.Shape(input)}).", nameof(input));
        var (b, n) = (input.shape[0], input.shape[1]);
        Tensor Split(Tensor x) => x.view(b, n, Heads, HeadSize).transpose(1, 2);                       // (B, N, C) -> (B, H, N, D)
        var q = Split(query.forward(input));
        var (k, v) = cache.Append(Split(key.forward(input)), Split(value.forward(input)));              // (B, H, L + N, D)
        var past = k.shape[2] - n;
        // New position i may read keys 0 … past + i: everything cached, and the new ones up to itself.
        var mask = n == 1 ? null : torch.ones(n, past + n, ScalarType.Bool, device: input.device).tril(past);   // (N, L + N)
        var heads = attention.Attend(q, k, v, mask, 0.0);                                               // (B, H, N, D)
        return output.forward(heads.Output.transpose(1, 2).contiguous().view(b, n, Width));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) lastWeights?.Dispose();
        base.Dispose(disposing);
    }
}
