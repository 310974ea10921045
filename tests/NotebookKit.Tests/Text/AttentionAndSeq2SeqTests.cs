using NotebookKit.Data;
using NotebookKit.Modules;
using NotebookKit.Text;
using NotebookKit.Training;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Text;

public sealed class AttentionAndSeq2SeqTests(ITestOutputHelper output)
{
    public static TheoryData<AttentionKind> Kinds() => [AttentionKind.Additive, AttentionKind.DotProduct];

    private static CrossAttention Build(AttentionKind kind, int stateSize) =>
        kind == AttentionKind.Additive ? new AdditiveAttention(stateSize) : new DotProductAttention(stateSize);

    [Theory]
    [MemberData(nameof(Kinds))]
    public void PaddedPositions_GetExactlyZeroWeight_AndDoNotChangeTheContext(AttentionKind kind)
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(1);
        using var attention = Build(kind, 8);
        var query = torch.randn(2, 8);
        var keys = torch.randn(2, 5, 8);
        var mask = torch.tensor(new[] { true, true, true, false, false, true, true, true, true, true }, [2, 5]);
        var (context, weights) = attention.forward(query, keys, mask);
        Assert.Equal(0.0f, weights[0, 3].item<float>());
        Assert.Equal(0.0f, weights[0, 4].item<float>());
        Assert.All(weights.sum(1).data<float>().ToArray(), s => Assert.Equal(1.0f, s, 5));

        var changed = keys.clone();
        changed[0, 3] = torch.full(8, 100f);                      // garbage in the padding
        changed[0, 4] = torch.full(8, -7f);
        var (contextAfter, weightsAfter) = attention.forward(query, changed, mask);
        Assert.True(context.eq(contextAfter).all().item<bool>(), "the context changed when only padded keys changed");
        Assert.True(weights.eq(weightsAfter).all().item<bool>());
    }

    [Fact]
    public void Attend_WrongShapes_NameExpectedAndActual()
    {
        using var attention = new DotProductAttention(8);
        var error = Assert.Throws<ArgumentException>(() => attention.forward(torch.zeros(2, 8), torch.zeros(3, 5, 8), null));
        Assert.Contains("Expected query (B, 8) and keys (B, S, 8), got (2, 8) and (3, 5, 8)", error.Message);
    }

    private static (ParallelCorpus Train, ParallelCorpus Test) Corpus()
    {
        var (train, _, test) = ToyTranslation.LoadShipped(Path.Combine(RepoRoot.Path, "data", "toy-translation"));
        var corpus = ParallelCorpus.ForTraining(train);
        return (corpus, corpus.WithSameVocabularies(test));
    }

    [Fact]
    public void Source_LongerThanTheModelAllows_IsRejected()
    {
        var (train, _) = Corpus();
        using var model = Seq2Seq.Create(new Seq2SeqConfig(train.SourceVocabulary.Count, train.TargetVocabulary.Count) { MaxSourceLength = 5 }, seed: 1);
        using var batch = SequenceBatch.Pad([Enumerable.Repeat(5, 7).ToArray()]);
        var error = Assert.Throws<ArgumentException>(() => model.Greedy(batch));
        Assert.Contains("at most 5 tokens (with <eos>), got one of 7", error.Message);
    }

    [Fact]
    public void Forward_MismatchedBatchSizes_IsRejected()
    {
        var (train, _) = Corpus();
        using var model = Seq2Seq.Create(new Seq2SeqConfig(train.SourceVocabulary.Count, train.TargetVocabulary.Count), seed: 1);
        using var source = SequenceBatch.Pad([[5, 2], [6, 2]]);
        var error = Assert.Throws<ArgumentException>(() => model.forward(source, torch.ones(3, 4, ScalarType.Int64)));
        Assert.Contains("2 sources but 3 targets", error.Message);
    }

    [Theory]
    [InlineData(AttentionKind.None)]
    [InlineData(AttentionKind.Additive)]
    public void FreeRunningLoss_EqualsTeacherForcing_WhenTheReferenceIsTheModelsOwnGreedyOutput(AttentionKind attention)
    {
        using var scope = torch.NewDisposeScope();
        var (train, _) = Corpus();
        using var model = Seq2Seq.Create(new Seq2SeqConfig(train.SourceVocabulary.Count, train.TargetVocabulary.Count) { HiddenSize = 16, Attention = attention, MaxTargetLength = 9 }, seed: 3);
        using var source = SequenceBatch.Pad([train.Sources[0], train.Sources[1]]);
        var (greedy, _) = model.Greedy(source);
        // The reference is what the model itself writes: then feeding its guesses = feeding the reference.
        using var target = SequenceBatch.Pad(greedy.Select(t => new[] { Vocabulary.Bos }.Concat(t).Append(Vocabulary.Eos).ToArray()).ToArray());
        var batch = new TranslationBatch(source, target);
        var forced = model.Loss(batch).Value.item<float>();
        var free = model.FreeRunningLoss(batch);
        Assert.Equal(forced, free.Value.item<float>(), 5);
        Assert.Equal(model.Loss(batch).Count, free.Count);

        // A different reference makes them differ, and the free-running loss still trains the decoder.
        using var other = SequenceBatch.Pad([[Vocabulary.Bos, 7, 8, 9, Vocabulary.Eos], [Vocabulary.Bos, 9, 8, Vocabulary.Eos]]);
        var otherBatch = new TranslationBatch(source, other);
        var otherFree = model.FreeRunningLoss(otherBatch).Value;
        Assert.NotEqual(model.Loss(otherBatch).Value.item<float>(), otherFree.item<float>(), 4);
        otherFree.backward();
        Assert.Contains(model.Decoder.parameters(), p => p.grad is not null && p.grad.abs().sum().item<float>() > 0);
    }

    /// <summary>The setting of notebooks 08 and 09: same size, same training budget, with and without attention.</summary>
    [Fact]
    public void Attention_Reaches95PercentTokenAccuracy_AndBeatsNoAttentionOnTheLongestInputs()
    {
        var (train, test) = Corpus();
        TranslationScore TrainAndScore(AttentionKind kind)
        {
            using var model = Seq2Seq.Create(new Seq2SeqConfig(train.SourceVocabulary.Count, train.TargetVocabulary.Count) { HiddenSize = 32, Attention = kind }, seed: 1);
            new Trainer(model, new TrainerOptions { Epochs = 6, BatchSize = 64, LearningRate = 0.005, Seed = 2, ClipGradientNorm = 1.0 }).Fit(train, model.Loss);
            return TranslationScore.Measure(model, test);
        }
        var plain = TrainAndScore(AttentionKind.None);
        var attended = TrainAndScore(AttentionKind.Additive);
        var longest = test.Pairs.Max(p => p.EnglishTokens.Length);
        var longInputs = Enumerable.Range(longest - 2, 3).ToArray();
        double LongAccuracy(TranslationScore s) => longInputs.Where(s.TokenAccuracyByLength.ContainsKey).Average(l => s.TokenAccuracyByLength[l]);
        output.WriteLine($"token accuracy: without attention {plain.TokenAccuracy:P1}, with attention {attended.TokenAccuracy:P1}");
        output.WriteLine($"inputs of {longInputs[0]}–{longest} tokens: without {LongAccuracy(plain):P1}, with {LongAccuracy(attended):P1}");
        Assert.True(attended.TokenAccuracy >= 0.95, $"attention token accuracy {attended.TokenAccuracy:P1}");
        Assert.True(LongAccuracy(attended) > LongAccuracy(plain) + 0.03, $"on the longest inputs: with attention {LongAccuracy(attended):P1}, without {LongAccuracy(plain):P1}");
    }
}
