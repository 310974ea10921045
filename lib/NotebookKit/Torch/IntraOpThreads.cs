using TorchSharp;

namespace NotebookKit.Torch;

/// <summary>
/// libtorch splits an operation across threads (intra-op parallelism, <c>torch.set_num_threads</c>).
/// Splitting and joining costs a few microseconds per operation, so it pays only when each
/// operation has enough work: a GPT training step on a batch of 12 × 64 tokens runs faster on two
/// threads here, while a small RNN, or text generated one token at a time, runs twice as fast or more
/// on one (chapter 06 measures it on your machine).
/// </summary>
public static class IntraOpThreads
{
    private static int? initial;

    /// <summary>
    /// The count libtorch chose for this process before the kit changed it (one per physical core,
    /// or <c>OMP_NUM_THREADS</c> when set).
    /// </summary>
    public static int Default
    {
        get { RememberDefault(); return initial!.Value; }
    }

    /// <summary>
    /// Sets libtorch's intra-op thread count for this process (what <c>torch.set_num_threads</c>
    /// does, after loading the kit's natives).
    /// </summary>
    public static void Set(int count)
    {
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "Expected at least one thread.");
        RememberDefault();
        torch.set_num_threads(count);
    }

    /// <summary>
    /// Runs the code of a <c>using</c> block on one intra-op thread and restores the previous count
    /// when the block ends (exceptions included). The kit uses it where each operation is tiny
    /// whatever the machine: token-by-token generation (<c>Gpt.Generate</c>) and beam search.
    /// </summary>
    public static Scope One()
    {
        RememberDefault();
        var previous = torch.get_num_threads();
        if (previous != 1) torch.set_num_threads(1);
        return new Scope(previous);
    }

    private static void RememberDefault()
    {
        TorchRuntime.EnsureLoaded();
        RecordDefault();
    }

    /// <summary>Called by <see cref="TorchRuntime"/> as soon as libtorch has loaded, before anyone changes the count.</summary>
    internal static void RecordDefault() => initial ??= torch.get_num_threads();

    /// <summary>Restores the thread count <see cref="One"/> found.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly int previous;

        internal Scope(int previous) => this.previous = previous;

        public void Dispose()
        {
            if (previous > 1 && torch.get_num_threads() != previous) torch.set_num_threads(previous);
        }
    }
}
