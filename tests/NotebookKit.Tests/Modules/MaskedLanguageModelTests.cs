using NotebookKit.Modules;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Modules;

/// <summary>Chapter 16's encoder-only model: BERT's 15% / 80-10-10 corruption, two-sided attention, padding, the classifier.</summary>
public sealed class MaskedLanguageModelTests
{
    private static readonly MlmVocabulary Vocabulary = new(20);     // [MASK] = 20, [PAD] = 21

    private static MaskedLanguageModel Tiny(int seed = 1)
    {
        var model = new MaskedLanguageModel(GptConfig.Tiny(Vocabulary.Size) with { ContextLength = 12 }, Vocabulary, seed);
        model.to(ScalarType.Float64);
        return model;
    }

    [Fact]
    public void Corrupt_Chooses15Percent_Then80PercentMask10Random10Unchanged_AndNeverPadding()
    {
        using var scope = torch.NewDisposeScope();
        var random = new Random(3);
        var ids = torch.randint(2, 20, [400, 50], dtype: ScalarType.Int64);
        ids[.., 40..] = Vocabulary.Pad;                                                 // the last 10 positions of every row are padding
        var (inputs, targets) = MaskedLanguageModelling.Corrupt(ids, Vocabulary, random);
        var source = ids.data<long>().ToArray();
        var input = inputs.data<long>().ToArray();
        var target = targets.data<long>().ToArray();
        int chosen = 0, masked = 0, replaced = 0, unchanged = 0, real = 0;
        for (var i = 0; i < source.Length; i++)
        {
            if (source[i] == Vocabulary.Pad)
            {
                Assert.Equal(MaskedLanguageModelling.Ignore, target[i]);
                Assert.Equal(Vocabulary.Pad, input[i]);
                continue;
            }
            real++;
            if (target[i] == MaskedLanguageModelling.Ignore) { Assert.Equal(source[i], input[i]); continue; }
            chosen++;
            Assert.Equal(source[i], target[i]);                                          // the target is always the original
            if (input[i] == Vocabulary.Mask) masked++;
            else if (input[i] == source[i]) unchanged++;                                 // (a random draw may also hit the original: counted here)
            else { replaced++; Assert.InRange(input[i], MlmVocabulary.FirstCharacter, Vocabulary.Characters - 1); }
        }
        // 16,000 real positions: 2,400 expected chosen (σ ≈ 45); of those 80/10/10 (σ ≈ 20, 15, 15).
        Assert.InRange(chosen / (double)real, 0.14, 0.16);
        Assert.InRange(masked / (double)chosen, 0.77, 0.83);
        Assert.InRange(replaced / (double)chosen, 0.08, 0.12);
        Assert.InRange(unchanged / (double)chosen, 0.08, 0.12);
    }

    [Fact]
    public void Corrupt_IsDeterministicForASeed_AndAlwaysChoosesSomething()
    {
        using var scope = torch.NewDisposeScope();
        var ids = torch.randint(2, 20, [4, 10], dtype: ScalarType.Int64);
        var (a, ta) = MaskedLanguageModelling.Corrupt(ids, Vocabulary, new Random(5));
        var (b, tb) = MaskedLanguageModelling.Corrupt(ids, Vocabulary, new Random(5));
        Assert.True(a.eq(b).all().item<bool>() && ta.eq(tb).all().item<bool>());
        var one = torch.tensor(new long[] { 7, Vocabulary.Pad }).unsqueeze(0);
        var (_, targets) = MaskedLanguageModelling.Corrupt(one, Vocabulary, new Random(0), rate: 0.01);
        Assert.Equal(new long[] { 7, MaskedLanguageModelling.Ignore }, targets.data<long>().ToArray());
    }

    [Fact]
    public void Corrupt_BadInput_IsAClearError()
    {
        using var scope = torch.NewDisposeScope();
        var outOfRange = Assert.Throws<ArgumentException>(() => MaskedLanguageModelling.Corrupt(torch.tensor(new long[] { 3, 22 }).unsqueeze(0), Vocabulary, new Random(0)));
        Assert.Contains("[0, 22)", outOfRange.Message);
        Assert.Throws<ArgumentException>(() => MaskedLanguageModelling.Corrupt(torch.tensor(new long[] { 3, 4 }), Vocabulary, new Random(0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => MaskedLanguageModelling.Corrupt(torch.tensor(new long[] { 3, 4 }).unsqueeze(0), Vocabulary, new Random(0), rate: 1.5));
        var allPadding = Assert.Throws<ArgumentException>(() => MaskedLanguageModelling.Corrupt(torch.full(1, 3, Vocabulary.Pad, ScalarType.Int64), Vocabulary, new Random(0)));
        Assert.Contains("not padding", allPadding.Message);
    }

    [Fact]
    public void EveryPosition_SeesBothSides_ButNeverThePadding()
    {
        using var scope = torch.NewDisposeScope();
        using var model = Tiny();
        model.eval();
        var ids = torch.tensor(new long[] { 3, 4, 5, 6, 7, 8, Vocabulary.Pad, Vocabulary.Pad }).unsqueeze(0);
        var laterChanged = ids.clone();
        laterChanged[0, 5] = 9;
        var a = model.forward(ids);
        var b = model.forward(laterChanged);
        Assert.False(a[0, 0].allclose(b[0, 0]), "the first position must see a change at a later one");
        // Longer padding changes nothing at the real positions: padded keys get weight 0.
        var longer = torch.cat([ids, torch.full(1, 4, Vocabulary.Pad, ScalarType.Int64)], 1);
        Assert.True((model.forward(longer)[0, ..6] - a[0, ..6]).abs().max().item<double>() < 1e-12);
    }

    [Fact]
    public void ParameterCount_EqualsTheFormula_AndALossOnlyCountsChosenPositions()
    {
        using var scope = torch.NewDisposeScope();
        using var model = Tiny();
        Assert.Equal(model.Config.ParameterCount, model.parameters().Sum(p => p.numel()));
        var ids = torch.tensor(new long[] { 3, 4, 5, 6 }).unsqueeze(0);
        var targets = torch.tensor(new long[] { MaskedLanguageModelling.Ignore, 11, MaskedLanguageModelling.Ignore, MaskedLanguageModelling.Ignore }).unsqueeze(0);
        var expected = -nn.functional.log_softmax(model.forward(ids)[0, 1], 0)[11].item<double>();
        Assert.Equal(expected, model.Loss(ids, targets).item<double>(), 12);
    }

    [Fact]
    public void ScoreBlanks_EqualsTheFullScoresAtTheChosenPositions_InReadingOrder()
    {
        using var scope = torch.NewDisposeScope();
        using var model = Tiny();
        model.eval();
        var ids = torch.randint(2, 20, [5, 12], dtype: ScalarType.Int64, generator: new torch.Generator(4));
        ids[1, 9..] = Vocabulary.Pad;
        var (inputs, targets) = MaskedLanguageModelling.Corrupt(ids, Vocabulary, new Random(2), rate: 0.3);
        var (logits, answers) = model.ScoreBlanks(inputs, targets);
        var full = model.forward(inputs);                                                        // (5, 12, V)
        var expectedRows = new List<Tensor>();
        var expectedAnswers = new List<long>();
        for (var b = 0; b < 5; b++)
            for (var t = 0; t < 12; t++)
                if (targets[b, t].item<long>() != MaskedLanguageModelling.Ignore)
                {
                    expectedRows.Add(full[b, t]);
                    expectedAnswers.Add(targets[b, t].item<long>());
                }
        Assert.True(expectedRows.Count > 5, "enough blanks to compare");
        Assert.Equal(expectedAnswers, answers.data<long>().ToArray());
        Assert.True((torch.stack(expectedRows) - logits).abs().max().item<double>() < 1e-12);
        Assert.Equal(nn.functional.cross_entropy(logits, answers).item<double>(), model.Loss(inputs, targets).item<double>(), 12);
    }

    [Fact]
    public void Classifier_AveragesRealPositions_AndTrainsTheEncoderToo()
    {
        using var scope = torch.NewDisposeScope();
        using var classifier = new EncoderClassifier(Tiny(), classes: 2, seed: 4);
        classifier.to(ScalarType.Float64);
        var ids = torch.tensor(new long[] { 3, 4, 5, Vocabulary.Pad }).unsqueeze(0);
        var longer = torch.tensor(new long[] { 3, 4, 5, Vocabulary.Pad, Vocabulary.Pad, Vocabulary.Pad }).unsqueeze(0);
        Assert.True((classifier.forward(ids) - classifier.forward(longer)).abs().max().item<double>() < 1e-12, "padding must not change the class scores");
        Assert.Equal(classifier.Encoder.Config.ParameterCount + 32 * 2 + 2, classifier.parameters().Sum(p => p.numel()));
        var before = classifier.Encoder.Blocks[0].SelfAttention.Query.weight!.clone();
        var optimizer = torch.optim.SGD(classifier.parameters(), 0.1);
        nn.functional.cross_entropy(classifier.forward(ids), torch.tensor(new long[] { 1 })).backward();
        optimizer.step();
        Assert.False(before.allclose(classifier.Encoder.Blocks[0].SelfAttention.Query.weight!), "fine-tuning updates the encoder");
    }

    [Fact]
    public void Construction_BadInput_IsAClearError()
    {
        var wrongSize = Assert.Throws<ArgumentException>(() => new MaskedLanguageModel(GptConfig.Tiny(20), Vocabulary));
        Assert.Contains("22", wrongSize.Message);
        Assert.Throws<ArgumentException>(() => new MaskedLanguageModel(GptConfig.Tiny(22) with { TiedHead = false }, Vocabulary));
        using var model = Tiny();
        var tooLong = Assert.Throws<ArgumentException>(() => model.forward(torch.zeros(1, 13, ScalarType.Int64)));
        Assert.Contains("12", tooLong.Message);
    }
}
