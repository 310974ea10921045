namespace NotebookKit.Data;

/// <summary>Synthetic sequence tasks that need memory over a known distance.</summary>
public static class MemoryTasks
{
    /// <summary>
    /// "Recall the first token": each sequence is <paramref name="length"/> random symbols in
    /// [0, <paramref name="symbols"/>); its label is the first symbol. Everything after it is noise,
    /// so a model must carry one symbol across length − 1 steps.
    /// </summary>
    /// <returns>Sequences (N, T) and labels (N).</returns>
    public static (int[][] Sequences, int[] Labels) RecallFirst(int count, int length, int symbols = 8, int seed = 0)
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "Expected a positive number of sequences.");
        if (length <= 0) throw new ArgumentOutOfRangeException(nameof(length), length, "Expected a positive sequence length.");
        if (symbols < 2) throw new ArgumentOutOfRangeException(nameof(symbols), symbols, "Expected at least two symbols.");
        var random = new Random(seed);
        var sequences = new int[count][];
        var labels = new int[count];
        for (var n = 0; n < count; n++)
        {
            sequences[n] = Enumerable.Range(0, length).Select(_ => random.Next(symbols)).ToArray();
            labels[n] = sequences[n][0];
        }
        return (sequences, labels);
    }
}
