using NotebookKit.Torch;

namespace NotebookKit.Modules;

/// <summary>
/// One output of a search: its tokens (without &lt;eos&gt;), total log-probability, length-normalised
/// score, and whether it ended with &lt;eos&gt; (false: cut at the maximum length).
/// </summary>
public sealed record Hypothesis(int[] Tokens, double LogProbability, double Score, bool Ended);

/// <summary>
/// Beam search (束搜索): keep the <c>width</c> most probable prefixes at every step instead of
/// only the best one (greedy). A sentence's log-probability is a sum of negative numbers, so longer
/// outputs always score lower; hypotheses are therefore ranked by log p / length^α
/// (length normalisation; α = 0 ranks by probability alone, α = 1 by the mean per token).
/// Width 1 with α = 0 is greedy decoding.
/// </summary>
public static class BeamSearch
{
    /// <param name="nextLogProbabilities">for each prefix (tokens so far, without &lt;bos&gt;), the log-probability of every next token</param>
    /// <param name="width">how many prefixes to keep</param>
    /// <param name="maxLength">the longest output, &lt;eos&gt; included</param>
    /// <param name="endToken">the id of &lt;eos&gt;</param>
    /// <param name="lengthPenalty">α ≥ 0</param>
    /// <returns>hypotheses, best first</returns>
    public static IReadOnlyList<Hypothesis> Run(Func<IReadOnlyList<int[]>, double[][]> nextLogProbabilities, int width, int maxLength, int endToken, double lengthPenalty = 0.6)
    {
        ArgumentNullException.ThrowIfNull(nextLogProbabilities);
        if (width <= 0) throw new ArgumentOutOfRangeException(nameof(width), width, "Expected a positive beam width.");
        if (maxLength <= 0) throw new ArgumentOutOfRangeException(nameof(maxLength), maxLength, "Expected a positive maximum length.");
        if (!(lengthPenalty >= 0)) throw new ArgumentOutOfRangeException(nameof(lengthPenalty), lengthPenalty, "Expected a length penalty α ≥ 0.");
        double Score(double logProbability, int length) => logProbability / Math.Pow(length, lengthPenalty);
        using var oneThread = IntraOpThreads.One();                                                    // a few prefixes a step: too little work to split
        var alive = new List<(int[] Tokens, double LogP)> { ([], 0.0) };
        var finished = new List<Hypothesis>();
        for (var step = 0; step < maxLength && alive.Count > 0; step++)
        {
            Kit.Interruption.ThrowIfCancellationRequested();
            var prefixes = alive.Select(a => a.Tokens).ToArray();
            var next = nextLogProbabilities(prefixes);
            if (next.Length != prefixes.Length)
                throw new InvalidOperationException($"Expected one row of log-probabilities per prefix ({prefixes.Length}), got {next.Length}.");
            var candidates = alive
                .SelectMany((beam, b) => next[b].Select((logP, token) => (beam.Tokens, Token: token, LogP: beam.LogP + logP)))
                .Where(c => !double.IsNegativeInfinity(c.LogP))
                .OrderByDescending(c => c.LogP)
                .Take(width);
            alive = [];
            foreach (var (tokens, token, logP) in candidates)
            {
                if (token == endToken) finished.Add(new Hypothesis(tokens, logP, Score(logP, tokens.Length + 1), true));            // length counts <eos>
                else if (step == maxLength - 1) finished.Add(new Hypothesis([.. tokens, token], logP, Score(logP, tokens.Length + 1), false));   // cut at the limit
                else alive.Add(([.. tokens, token], logP));
            }
            // Stop once no unfinished prefix can still win: log-probabilities only fall as a prefix grows.
            if (finished.Count >= width && alive.All(a => finished.Max(f => f.Score) >= Score(a.LogP, maxLength))) break;
        }
        return finished.OrderByDescending(h => h.Score).ToArray();
    }
}
