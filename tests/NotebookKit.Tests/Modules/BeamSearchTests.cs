using NotebookKit.Modules;

namespace NotebookKit.Tests.Modules;

/// <summary>Beam search on hand-made next-token distributions where the answer is known.</summary>
public sealed class BeamSearchTests
{
    private const int Eos = 0, A = 1, B = 2;

    /// <summary>First token: A 0.6, B 0.4. After A everything is uncertain (best: &lt;eos&gt; 0.3); after B, &lt;eos&gt; is 0.9.</summary>
    private static double[][] Trap(IReadOnlyList<int[]> prefixes) => prefixes.Select(p => (p.Length switch
    {
        0 => new[] { 0.0, 0.6, 0.4 },
        _ when p[0] == A => [0.3, 0.35, 0.35],
        _ => [0.9, 0.05, 0.05],
    }).Select(x => Math.Log(x)).ToArray()).ToArray();

    [Fact]
    public void WidthOne_IsGreedy_AndFallsForTheTrap_WiderFindsTheMoreProbableSentence()
    {
        var greedy = BeamSearch.Run(Trap, width: 1, maxLength: 2, Eos, lengthPenalty: 0)[0];
        Assert.Equal(A, greedy.Tokens[0]);                                               // A then the best of a flat distribution
        var beam = BeamSearch.Run(Trap, width: 2, maxLength: 2, Eos, lengthPenalty: 0)[0];
        Assert.Equal([B], beam.Tokens);
        Assert.Equal(Math.Log(0.4 * 0.9), beam.LogProbability, 12);
    }

    [Fact]
    public void LengthNormalisation_DividesByLengthToTheAlpha()
    {
        static double[][] Flat(IReadOnlyList<int[]> prefixes) => prefixes.Select(_ => new[] { Math.Log(0.5), Math.Log(0.5), double.NegativeInfinity }).ToArray();
        var hypotheses = BeamSearch.Run(Flat, width: 3, maxLength: 3, Eos, lengthPenalty: 1.0);
        Assert.All(hypotheses, h => Assert.Equal(h.LogProbability / (h.Tokens.Length + (h.Ended ? 1 : 0)), h.Score, 12));
        var noPenalty = BeamSearch.Run(Flat, width: 3, maxLength: 3, Eos, lengthPenalty: 0);
        Assert.Empty(noPenalty[0].Tokens);                                                // without it, the shortest output wins
    }

    [Fact]
    public void BadInput_IsAClearError()
    {
        Assert.Contains("positive beam width", Assert.Throws<ArgumentOutOfRangeException>(() => BeamSearch.Run(Trap, 0, 3, Eos)).Message);
        Assert.Contains("one row of log-probabilities per prefix (1), got 0", Assert.Throws<InvalidOperationException>(() => BeamSearch.Run(_ => [], 2, 3, Eos)).Message);
    }
}
