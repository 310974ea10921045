using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Text;

/// <summary>
/// Sequences of different lengths packed into one padded tensor: ids (B, T) with &lt;pad&gt; after
/// each sequence's end, the true lengths (B), and the mask (B, T) that is true on real tokens.
/// </summary>
public sealed class SequenceBatch : IDisposable
{
    private SequenceBatch(Tensor ids, Tensor mask, int[] lengths) => (Ids, Mask, Lengths) = (ids, mask, lengths);

    /// <summary>(B, T) int64</summary>
    public Tensor Ids { get; }

    /// <summary>(B, T) bool: true where a real token is</summary>
    public Tensor Mask { get; }

    /// <summary>(B)</summary>
    public int[] Lengths { get; }

    public int Count => Lengths.Length;

    /// <summary>Pads the sequences to the longest (or to <paramref name="length"/>).</summary>
    public static SequenceBatch Pad(IReadOnlyList<int[]> sequences, int? length = null)
    {
        if (sequences.Count == 0) throw new ArgumentException("Expected at least one sequence in a batch.", nameof(sequences));
        var empty = sequences.ToList().FindIndex(s => s.Length == 0);
        if (empty >= 0) throw new ArgumentException($"Expected non-empty sequences, got an empty one at index {empty}.", nameof(sequences));
        var longest = sequences.Max(s => s.Length);
        var width = length ?? longest;
        if (width < longest) throw new ArgumentException($"Expected a padded length of at least {longest} (the longest sequence), got {width}.", nameof(length));
        var ids = new long[sequences.Count * width];
        var mask = new bool[sequences.Count * width];
        for (var b = 0; b < sequences.Count; b++)
            for (var t = 0; t < sequences[b].Length; t++)
            {
                ids[b * width + t] = sequences[b][t];
                mask[b * width + t] = true;
            }
        return new SequenceBatch(torch.tensor(ids, [sequences.Count, width]), torch.tensor(mask, [sequences.Count, width]), sequences.Select(s => s.Length).ToArray());
    }

    public void Dispose()
    {
        Ids.Dispose();
        Mask.Dispose();
    }
}

/// <summary>Groups examples into batches of similar length, so little compute is spent on padding.</summary>
public static class Bucketing
{
    /// <summary>
    /// Sorts example indices by length, cuts them into batches of <paramref name="batchSize"/>, and
    /// shuffles the order of the batches with (seed, epoch): every epoch sees the same batches in a
    /// different order, and a resumed run sees exactly the batches it would have seen.
    /// </summary>
    public static IReadOnlyList<int[]> Batches(IReadOnlyList<int> lengths, int batchSize, int seed, int epoch)
    {
        if (lengths.Count == 0) throw new ArgumentException("Expected a non-empty dataset, got 0 examples.", nameof(lengths));
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Expected a positive batch size.");
        var order = Enumerable.Range(0, lengths.Count).OrderBy(i => lengths[i]).ThenBy(i => i).ToArray();
        var batches = order.Chunk(batchSize).ToArray();
        new Random(NotebookKit.Data.Batching.EpochSeed(seed, epoch)).Shuffle(batches);
        return batches;
    }
}
