using NotebookKit.Text;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Modules;

/// <summary>
/// The encoder of a <see cref="Seq2Seq"/>: token embeddings read left to right by a GRU. It returns
/// every position's state (what attention looks at) and each sentence's state at its last real
/// token (the fixed-length summary a decoder without attention must make do with).
/// </summary>
public sealed class RnnEncoder : nn.Module<SequenceBatch, (Tensor States, Tensor Final)>
{
    private readonly Embedding embedding;
    private readonly GRU rnn;

    public RnnEncoder(Embedding embedding, GRU rnn) : base(nameof(RnnEncoder))
    {
        this.embedding = embedding ?? throw new ArgumentNullException(nameof(embedding));
        this.rnn = rnn ?? throw new ArgumentNullException(nameof(rnn));
        StateSize = (int)rnn.named_parameters().First(p => p.name == "weight_hh_l0").parameter.shape[1];
        RegisterComponents();
    }

    /// <summary>R, the width of the GRU state.</summary>
    public int StateSize { get; }

    /// <param name="source">ids (B, S) with a mask</param>
    /// <returns>states (B, S, R) and final states (B, R)</returns>
    public override (Tensor States, Tensor Final) forward(SequenceBatch source)
    {
        var (states, _) = rnn.forward(embedding.forward(source.Ids), null);                              // (B, S, E) -> (B, S, R)
        // The GRU reads left to right, so padding after a sentence cannot change its earlier states:
        // the final state is the one at position length − 1.
        using var last = torch.tensor(source.Lengths.Select(l => (long)(l - 1)).ToArray()).view(-1, 1, 1).expand(-1, 1, StateSize);
        var final = states.gather(1, last).squeeze(1);                                                    // (B, R)
        return (states, final);
    }
}
