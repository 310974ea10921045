namespace NotebookKit.Modules;

/// <summary>
/// How the next token is chosen from the model's scores. Temperature divides the scores before
/// the softmax (below 1 sharpens, above 1 flattens); top-k keeps the k most likely tokens; top-p
/// (nucleus) keeps the smallest set of most likely tokens whose probability reaches p. The draw
/// uses a seeded generator, so a seed gives the same text in every run and process.
/// </summary>
public sealed record SamplingOptions
{
    /// <summary>&gt; 0. For the single most likely token every time, use <see cref="Greedy"/> instead of a tiny temperature.</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>null: no limit; otherwise 1 ≤ k ≤ V.</summary>
    public int? TopK { get; init; }

    /// <summary>null: no limit; otherwise 0 &lt; p ≤ 1.</summary>
    public double? TopP { get; init; }

    public int Seed { get; init; }

    /// <summary>Always the most likely token (arg-max), no randomness.</summary>
    public bool Greedy { get; init; }

    public SamplingOptions Validated(int vocabularySize)
    {
        if (!(Temperature > 0) || double.IsInfinity(Temperature))
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "Expected a temperature above 0 (finite); for always the most likely token set Greedy = true.");
        if (TopK is { } k && (k < 1 || k > vocabularySize))
            throw new ArgumentOutOfRangeException(nameof(TopK), k, $"Expected top-k between 1 and the vocabulary size {vocabularySize}, or null for no limit.");
        if (TopP is { } p && (!(p > 0) || p > 1))
            throw new ArgumentOutOfRangeException(nameof(TopP), p, "Expected top-p in (0, 1], or null for no limit.");
        return this;
    }
}

/// <summary>The arithmetic of <see cref="SamplingOptions"/>, on one row of scores.</summary>
public static class Sampling
{
    /// <summary>The probabilities the next token is drawn from, after temperature, top-k and top-p (zeros outside).</summary>
    public static double[] Distribution(IReadOnlyList<double> logits, SamplingOptions options)
    {
        options.Validated(logits.Count);
        if (options.Greedy)
        {
            var best = 0;
            for (var i = 1; i < logits.Count; i++) if (logits[i] > logits[best]) best = i;
            return Enumerable.Range(0, logits.Count).Select(i => i == best ? 1.0 : 0.0).ToArray();
        }
        var scaled = logits.Select(l => l / options.Temperature).ToArray();
        var max = scaled.Max();
        var probabilities = scaled.Select(s => Math.Exp(s - max)).ToArray();
        var order = Enumerable.Range(0, probabilities.Length).OrderByDescending(i => probabilities[i]).ThenBy(i => i).ToArray();
        var keep = options.TopK ?? probabilities.Length;
        if (options.TopP is { } p)
        {
            var total = probabilities.Sum();
            var cumulative = 0.0;
            var needed = 0;
            while (needed < order.Length && cumulative < p * total - 1e-12) cumulative += probabilities[order[needed++]];
            keep = Math.Min(keep, Math.Max(1, needed));
        }
        foreach (var i in order.Skip(keep)) probabilities[i] = 0;
        var sum = probabilities.Sum();
        return probabilities.Select(v => v / sum).ToArray();
    }

    /// <summary>Draws an index from <paramref name="probabilities"/> with <paramref name="random"/>.</summary>
    public static int Draw(IReadOnlyList<double> probabilities, Random random)
    {
        var u = random.NextDouble();
        var cumulative = 0.0;
        var last = 0;
        for (var i = 0; i < probabilities.Count; i++)
        {
            if (probabilities[i] <= 0) continue;
            last = i;
            cumulative += probabilities[i];
            if (u < cumulative) return i;
        }
        return last;                                                                // rounding: the last possible token
    }
}
