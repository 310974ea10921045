namespace NotebookKit.Training;

/// <summary>
/// Training data as the loop sees it: how many examples there are, which examples each batch of
/// an epoch holds, and how to build one batch from them. The order depends only on
/// (batch size, seed, epoch), so a resumed run sees exactly the batches it would have seen.
/// </summary>
/// <typeparam name="TBatch">what a model's loss takes: a pair of tensors, padded sentences, matrices</typeparam>
public interface IBatchSource<out TBatch>
{
    /// <summary>Number of examples.</summary>
    int Count { get; }

    /// <summary>The examples of each batch of one epoch, in the order they are trained on.</summary>
    IReadOnlyList<int[]> Order(int batchSize, int seed, int epoch);

    /// <summary>One batch holding the given examples (built inside the loop's per-batch memory scope).</summary>
    TBatch Take(int[] examples);
}
