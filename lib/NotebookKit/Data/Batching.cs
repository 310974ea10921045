namespace NotebookKit.Data;

/// <summary>Mini-batches of example indices.</summary>
public static class Batching
{
    /// <summary>
    /// The indices 0..count−1 in a random order that depends only on (seed, epoch), cut into batches
    /// of <paramref name="batchSize"/> (the last may be smaller). Depending on the epoch rather than
    /// on a running generator is what lets a resumed run see exactly the batches it would have seen.
    /// </summary>
    public static IReadOnlyList<int[]> Shuffled(int count, int batchSize, int seed, int epoch)
    {
        if (count <= 0) throw new ArgumentException($"Expected a non-empty dataset, got {count} examples.", nameof(count));
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "Expected a positive batch size.");
        var order = Enumerable.Range(0, count).ToArray();
        new Random(EpochSeed(seed, epoch)).Shuffle(order);
        return order.Chunk(batchSize).ToArray();
    }

    /// <summary>
    /// One generator seed per (seed, epoch), the same in every process. (HashCode.Combine would not
    /// do: .NET randomises it per process, so runs could not be repeated or resumed elsewhere.)
    /// </summary>
    public static int EpochSeed(int seed, int epoch) => unchecked((int)((uint)seed * 2654435761u ^ (uint)epoch * 2246822519u));
}
