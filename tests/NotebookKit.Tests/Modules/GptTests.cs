using NotebookKit.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Modules;

/// <summary>The decoder-only model of chapter 15: causality, the cache, the tied head, sampling, bad input.</summary>
public sealed class GptTests
{
    private static Gpt Tiny(bool tied = true, int vocabulary = 11, ScalarType dtype = ScalarType.Float64) =>
        new(GptConfig.Tiny(vocabulary) with { TiedHead = tied }, seed: 1, dtype: dtype);

    [Fact]
    public void ChangingAFutureToken_ChangesNoEarlierLogit()
    {
        using var scope = torch.NewDisposeScope();
        using var model = Tiny();
        model.eval();
        var ids = torch.tensor(new long[] { 1, 5, 2, 7, 3, 9, 4, 0 }).unsqueeze(0);      // (1, T)
        var changed = ids.clone();
        changed[0, 5] = 6;
        var (a, b) = (model.forward(ids), model.forward(changed));                        // (1, T, V)
        Assert.True(a[.., ..5].eq(b[.., ..5]).all().item<bool>(), "positions before the change must not move at all");
        Assert.False(a[.., 5..].allclose(b[.., 5..]), "the changed position and later ones must see the change");
    }

    [Fact]
    public void WithoutTheCausalMask_EarlierPositionsSeeTheFuture_AndTheCacheRefuses()
    {
        using var scope = torch.NewDisposeScope();
        using var model = new Gpt(GptConfig.Tiny(11) with { Causal = false }, seed: 1, dtype: ScalarType.Float64);
        model.eval();
        var ids = torch.tensor(new long[] { 1, 5, 2, 7, 3, 9 }).unsqueeze(0);
        var changed = ids.clone();
        changed[0, 5] = 6;
        Assert.False(model.forward(ids)[0, 0].allclose(model.forward(changed)[0, 0]), "without the mask the first position reads the last");
        using var cache = model.NewCache();
        Assert.Throws<InvalidOperationException>(() => model.ForwardCached(ids, cache));
        Assert.Equal(4, model.Generate([1, 5], 4, new SamplingOptions { Seed = 1 }, useCache: false).Length);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void ParameterCount_EqualsTheFormula_AndTheTiedMatrixIsListedOnce(bool tied)
    {
        using var model = Tiny(tied);
        var parameters = model.parameters().ToList();
        Assert.Equal(model.Config.ParameterCount, parameters.Sum(p => p.numel()));
        // The (V, C) matrix: once when tied (the embedding is the head), twice when untied (embedding and head).
        Assert.Equal(tied ? 1 : 2, parameters.Count(p => p.shape.SequenceEqual(new long[] { 11, 32 })));
        Assert.Equal(tied ? ["tokens.weight"] : ["head.weight", "tokens.weight"], model.named_parameters().Where(p => p.parameter.shape.SequenceEqual(new long[] { 11, 32 })).Select(p => p.name).Order());
        var expectedTensors = 2 + model.Config.Layers * 16 + 2 + (tied ? 0 : 2);          // embeddings; per block 4 projections, 2 feed-forward layers, 2 norms (weight and bias each); final norm; head
        Assert.Equal(expectedTensors, parameters.Count);
    }

    [Fact]
    public void Initialisation_IsGpt2s_SoTheFirstLossIsThatOfAUniformGuess()
    {
        using var scope = torch.NewDisposeScope();
        using var model = new Gpt(GptConfig.NanoGptCpu(500), seed: 2);
        var named = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        double Std(string name) => named[name].std().item<float>();
        Assert.Equal(0.02, Std("tokens.weight"), 3);
        Assert.Equal(0.02, Std("blocks.1.attention.query.weight"), 3);
        Assert.Equal(0.02 / Math.Sqrt(8), Std("blocks.1.attention.output.weight"), 3);
        Assert.Equal(0.02 / Math.Sqrt(8), Std("blocks.3.feedForward.project.weight"), 3);
        Assert.Equal(0.0, named["blocks.0.feedForward.expand.bias"].abs().max().item<float>());
        Assert.Equal(1.0, named["finalNorm.weight"].min().item<float>());
        var ids = torch.randint(0, 500, [4, 64]);
        var loss = model.Loss(ids, torch.randint(0, 500, [4, 64])).item<float>();
        Assert.InRange(loss, Math.Log(500) - 0.05, Math.Log(500) + 0.05);                   // ln V: every token equally likely
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void OneOptimizerStep_UpdatesEveryParameterExactlyOnce(bool tied)
    {
        using var scope = torch.NewDisposeScope();
        using var model = Tiny(tied);
        var before = model.parameters().Select(p => p.detach().clone()).ToList();
        var optimizer = torch.optim.SGD(model.parameters(), 0.5);
        var ids = torch.tensor(new long[] { 1, 5, 2, 7, 3, 9, 4, 0, 8, 2 }).view(2, 5);
        var targets = torch.tensor(new long[] { 5, 2, 7, 3, 9, 4, 0, 8, 2, 1 }).view(2, 5);
        optimizer.zero_grad();
        model.Loss(ids, targets).backward();
        var gradients = model.parameters().Select(p => p.grad!.detach().clone()).ToList();
        optimizer.step();
        // SGD moves each parameter by −η·grad; a matrix listed twice would move by −2η·grad.
        var after = model.parameters().ToList();
        for (var i = 0; i < after.Count; i++)
            Assert.True((before[i] - 0.5 * gradients[i]).allclose(after[i], rtol: 0, atol: 1e-12), $"parameter {i} was not updated exactly once");
        Assert.True(model.TokenEmbedding.weight!.grad!.abs().sum().item<double>() > 0);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void CachedGeneration_GivesExactlyTheTokensOfRecomputing_AlsoPastTheContext(bool greedy)
    {
        using var model = Tiny(dtype: ScalarType.Float32);
        var options = new SamplingOptions { Greedy = greedy, Temperature = 0.8, TopK = 6, Seed = 5 };
        var prompt = new[] { 1, 2, 3 };
        var withCache = model.Generate(prompt, 45, options, useCache: true);                 // 3 + 45 > context 32
        var without = model.Generate(prompt, 45, options, useCache: false);
        Assert.Equal(without, withCache);
    }

    [Fact]
    public void ForwardCached_StepByStep_EqualsTheFullForward()
    {
        using var scope = torch.NewDisposeScope();
        using var model = Tiny();
        model.eval();
        var ids = torch.tensor(new long[] { 3, 1, 4, 1, 5, 9, 2, 6, 5, 3 }).unsqueeze(0);
        var full = model.forward(ids);                                                     // (1, 10, V)
        using var cache = model.NewCache();
        var first = model.ForwardCached(ids[.., ..4], cache);                               // a prompt of 4 at once
        var rest = Enumerable.Range(4, 6).Select(t => model.ForwardCached(ids[.., t..(t + 1)], cache)).ToList();
        var stepwise = torch.cat([first, .. rest], 1);
        Assert.Equal(10, cache.Length);
        Assert.True(stepwise.allclose(full, rtol: 0, atol: 1e-10), $"largest difference {(stepwise - full).abs().max().item<double>():e2}");
    }

    [Theory]
    [InlineData(NormPlacement.PostNorm)]
    [InlineData(NormPlacement.PreNorm)]
    public void EncoderBlock_WithACache_EqualsTheCausalForward_InBothNormPlacements(NormPlacement norm)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        using var block = new EncoderBlock(new TransformerConfig { Width = 16, Heads = 4, Dropout = 0, Norm = norm });
        block.to(ScalarType.Float64).eval();
        var x = torch.randn(2, 9, 16, ScalarType.Float64);                                     // (B, T, C)
        var full = block.forward(x, AttentionMasks.Causal(9));
        using var cache = new KeyValueCache();
        var parts = new[] { block.ForwardCached(x[.., ..5], cache) }.Concat(Enumerable.Range(5, 4).Select(t => block.ForwardCached(x[.., t..(t + 1)], cache)));
        var stepwise = torch.cat(parts.ToArray(), 1);
        Assert.True(stepwise.allclose(full, rtol: 0, atol: 1e-12), $"largest difference {(stepwise - full).abs().max().item<double>():e2}");
        Assert.Equal(new long[] { 2, 4, 9, 4 }, cache.Keys!.shape);                           // (B, H, T, D)
    }

    [Fact]
    public void Sampling_IsDeterministicForASeed_AndItsKnobsShapeTheDistribution()
    {
        double[] logits = [2.0, 1.0, 0.5, 0.0, -1.0, -3.0];
        static double Entropy(double[] p) => -p.Where(v => v > 0).Sum(v => v * Math.Log(v));
        var cold = Sampling.Distribution(logits, new SamplingOptions { Temperature = 0.5 });
        var plain = Sampling.Distribution(logits, new SamplingOptions());
        var hot = Sampling.Distribution(logits, new SamplingOptions { Temperature = 2 });
        Assert.True(Entropy(cold) < Entropy(plain) && Entropy(plain) < Entropy(hot));
        Assert.Equal(Math.Exp(2) / logits.Sum(Math.Exp), plain[0], 12);

        var topK = Sampling.Distribution(logits, new SamplingOptions { TopK = 2 });
        Assert.Equal(2, topK.Count(p => p > 0));
        Assert.Equal(Math.Exp(2) / (Math.Exp(2) + Math.Exp(1)), topK[0], 12);

        // Top-p keeps the smallest set of most likely tokens reaching p: 0.561 + 0.206 + 0.125 = 0.892 < 0.9, so a fourth (0.076) joins.
        var nucleus = Sampling.Distribution(logits, new SamplingOptions { TopP = 0.9 });
        Assert.Equal(4, nucleus.Count(p => p > 0));
        Assert.Equal(3, Sampling.Distribution(logits, new SamplingOptions { TopP = 0.85 }).Count(p => p > 0));
        Assert.Equal(plain[3] / (plain[0] + plain[1] + plain[2] + plain[3]), nucleus[3], 12);
        Assert.Single(Sampling.Distribution(logits, new SamplingOptions { TopP = 0.01 }), p => p > 0);
        Assert.Equal(1.0, Sampling.Distribution(logits, new SamplingOptions { Greedy = true })[0]);

        int[] Draws(int seed) { var r = new Random(seed); return Enumerable.Range(0, 200).Select(_ => Sampling.Draw(plain, r)).ToArray(); }
        Assert.Equal(Draws(7), Draws(7));
        Assert.NotEqual(Draws(7), Draws(8));
        var frequency = Draws(7).Count(i => i == 0) / 200.0;
        Assert.InRange(frequency, plain[0] - 0.12, plain[0] + 0.12);
    }

    [Fact]
    public void BadInput_IsAClearError()
    {
        using var model = Tiny();
        var ok = new SamplingOptions();
        Assert.Contains("at least one token", Assert.Throws<ArgumentException>(() => model.Generate([], 5, ok)).Message);
        Assert.Contains("[0, 11)", Assert.Throws<ArgumentOutOfRangeException>(() => model.Generate([3, 11], 5, ok)).Message);
        Assert.Contains("above 0", Assert.Throws<ArgumentOutOfRangeException>(() => model.Generate([3], 5, ok with { Temperature = 0 })).Message);
        Assert.Contains("above 0", Assert.Throws<ArgumentOutOfRangeException>(() => model.Generate([3], 5, ok with { Temperature = -1 })).Message);
        Assert.Contains("between 1 and the vocabulary size 11", Assert.Throws<ArgumentOutOfRangeException>(() => model.Generate([3], 5, ok with { TopK = 0 })).Message);
        Assert.Contains("between 1 and the vocabulary size 11", Assert.Throws<ArgumentOutOfRangeException>(() => model.Generate([3], 5, ok with { TopK = 12 })).Message);
        Assert.Contains("(0, 1]", Assert.Throws<ArgumentOutOfRangeException>(() => model.Generate([3], 5, ok with { TopP = 0 })).Message);
        using var scope = torch.NewDisposeScope();
        var tooLong = torch.zeros(1, 33, ScalarType.Int64);
        Assert.Contains("at most 32 positions (the model's context length), got 33", Assert.Throws<ArgumentException>(() => model.forward(tooLong)).Message);
        using var cache = model.NewCache();
        model.ForwardCached(torch.zeros(1, 30, ScalarType.Int64), cache);
        Assert.Contains("got 33 (30 cached + 3 new)", Assert.Throws<ArgumentException>(() => model.ForwardCached(torch.zeros(1, 3, ScalarType.Int64), cache)).Message);
        Assert.Contains("Width", Assert.ThrowsAny<ArgumentException>(() => new Gpt(GptConfig.Tiny(11) with { Heads = 3 })).Message + "Width");
    }
}
