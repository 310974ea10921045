using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Modules;

/// <summary>
/// The decoder of a <see cref="Seq2Seq"/>, one step at a time: it embeds the previous token, gets a
/// context (the encoder's final state, or with cross-attention a fresh weighted average of all
/// encoder states), updates its GRU state from both, and scores every word of the target vocabulary.
/// </summary>
public sealed class RnnDecoder : nn.Module
{
    private readonly Embedding embedding;
    private readonly GRUCell cell;
    private readonly Linear output;
    private readonly CrossAttention? attention;

    /// <param name="attention">null: no attention, the context is always the encoder's final state</param>
    public RnnDecoder(Embedding embedding, GRUCell cell, Linear output, CrossAttention? attention) : base(nameof(RnnDecoder))
    {
        this.embedding = embedding ?? throw new ArgumentNullException(nameof(embedding));
        this.cell = cell ?? throw new ArgumentNullException(nameof(cell));
        this.output = output ?? throw new ArgumentNullException(nameof(output));
        this.attention = attention;
        RegisterComponents();
    }

    /// <summary>Whether each step attends to the encoder states (otherwise the context is fixed).</summary>
    public bool Attends => attention is not null;

    /// <summary>Token ids (B, T) as vectors (B, T, E); teacher forcing embeds the whole target at once.</summary>
    public Tensor Embed(Tensor ids) => embedding.forward(ids);

    /// <summary>One decoder step from the previous token's ids.</summary>
    /// <param name="previous">(B) the previous target token ids</param>
    /// <param name="state">(B, R) the decoder state so far</param>
    /// <param name="encoderStates">(B, S, R)</param>
    /// <param name="sourceMask">(B, S) true on real source tokens</param>
    /// <param name="encoderFinal">(B, R) the encoder's summary</param>
    /// <returns>logits (B, V), attention weights (B, S) or null, and the new state (B, R)</returns>
    public (Tensor Logits, Tensor? Weights, Tensor State) Step(Tensor previous, Tensor state, Tensor encoderStates, Tensor sourceMask, Tensor encoderFinal) =>
        StepEmbedded(Embed(previous), state, encoderStates, sourceMask, encoderFinal);

    /// <summary>One decoder step from the previous token's embedding (B, E); see <see cref="Step"/>.</summary>
    public (Tensor Logits, Tensor? Weights, Tensor State) StepEmbedded(Tensor input, Tensor state, Tensor encoderStates, Tensor sourceMask, Tensor encoderFinal)
    {
        Tensor context;
        Tensor? weights = null;
        if (attention is null) context = encoderFinal;                                                 // the fixed-length context
        else (context, weights) = attention.forward(state, encoderStates, sourceMask);                 // (B, R), (B, S)
        var next = cell.forward(torch.cat([input, context], 1), state);                                // (B, E + R) -> (B, R)
        return (output.forward(torch.cat([next, context], 1)), weights, next);                         // (B, 2R) -> (B, V)
    }
}
