using NotebookKit.Data;
using NotebookKit.Modules;
using NotebookKit.Text;
using NotebookKit.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Modules;

/// <summary>The encoder–decoder Transformer and the classifier: they learn, decode, and ignore padding.</summary>
public sealed class TransformerModelTests
{
    [Fact]
    public void Transformer_LearnsABatchByHeart_AndGreedyEqualsBeamOfWidthOne()
    {
        TorchRuntime.EnsureLoaded();
        var pairs = ToyTranslation.Generate(48, seed: 3);
        var corpus = ParallelCorpus.ForTraining(pairs);
        using var model = Transformer.Create(TransformerConfig.Tiny, corpus.SourceVocabulary.Count, corpus.TargetVocabulary.Count, seed: 1);
        var optimizer = optim.Adam(model.parameters(), 0.003);
        var all = Enumerable.Range(0, corpus.Count).ToArray();
        for (var step = 0; step < 200; step++)
        {
            using var scope = torch.NewDisposeScope();
            using var batch = corpus.Take(all);
            optimizer.zero_grad();
            model.Loss(batch).Value.backward();
            optimizer.step();
        }
        model.eval();
        using var source = SequenceBatch.Pad(corpus.Sources);
        var (greedy, _) = model.Greedy(source);
        var correct = all.Count(i => greedy[i].SequenceEqual(corpus.Targets[i][1..^1]));
        Assert.True(correct >= 0.9 * corpus.Count, $"expected the model to reproduce at least 90% of its training sentences, got {correct}/{corpus.Count}");
        var beam = model.Beam(source, width: 1, lengthPenalty: 0);
        Assert.Equal(greedy, beam);
    }

    [Fact]
    public void Classifier_IgnoresPadding_AndChecksItsInput()
    {
        TorchRuntime.EnsureLoaded();
        using var model = TransformerClassifier.Create(TransformerConfig.Tiny, vocabulary: 20, classes: 3, seed: 2);
        model.eval();
        using var short1 = SequenceBatch.Pad([[5, 6, 7]]);
        using var padded = SequenceBatch.Pad([[5, 6, 7], [8, 9, 10, 11, 12]]);
        using var noGrad = torch.no_grad();
        var alone = model.forward(short1.Ids);
        var inBatch = model.forward(padded.Ids)[0..1];
        Assert.True((alone - inBatch).abs().max().item<float>() < 1e-5, "a sentence's logits changed when padding was added to make a batch");
        Assert.Equal([2L, 3L], model.forward(padded.Ids).shape);
        using var tooLong = SequenceBatch.Pad([Enumerable.Range(4, 40).ToArray()]);
        using var smallTable = TransformerClassifier.Create(TransformerConfig.Tiny with { MaxLength = 16 }, 50, 3);
        Assert.Contains("at most 16 positions", Assert.Throws<ArgumentException>(() => smallTable.forward(tooLong.Ids)).Message);
        Assert.Contains("(B, T) with B, T > 0, got (0, 4)", Assert.Throws<ArgumentException>(() => model.forward(torch.zeros(0, 4, ScalarType.Int64))).Message);
    }
}
