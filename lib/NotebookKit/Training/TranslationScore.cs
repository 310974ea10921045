using NotebookKit.Modules;
using NotebookKit.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Training;

/// <summary>How well a translation model does: exact sentences, tokens, and tokens by source length (with how many sentences each length has).</summary>
public sealed record TranslationScore(double ExactMatch, double TokenAccuracy, IReadOnlyDictionary<int, double> TokenAccuracyByLength,
    IReadOnlyDictionary<int, int> SentencesByLength, IReadOnlyList<string[]> Predictions)
{
    /// <summary>
    /// Greedy translations of every pair, scored against the references: exact match (the whole
    /// sentence right), and token accuracy (position by position over the reference, &lt;eos&gt; included).
    /// </summary>
    public static TranslationScore Measure<TModel>(TModel model, ParallelCorpus corpus, int batchSize = 128) where TModel : nn.Module, ITranslator
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(corpus);
        model.eval();
        var predictions = new string[corpus.Count][];
        var byLength = new Dictionary<int, (long Correct, long Total, int Sentences)>();
        long correct = 0, total = 0, exact = 0;
        foreach (var batch in Enumerable.Range(0, corpus.Count).Chunk(batchSize))
        {
            using var scope = torch.NewDisposeScope();
            using var source = SequenceBatch.Pad(batch.Select(i => corpus.Sources[i]).ToArray());
            var (tokens, _) = model.Greedy(source);
            for (var k = 0; k < batch.Length; k++)
            {
                var i = batch[k];
                var reference = corpus.Targets[i][1..];                              // y1 … <eos>
                var predicted = tokens[k].Append(Vocabulary.Eos).ToArray();
                var hits = reference.Where((id, position) => position < predicted.Length && predicted[position] == id).Count();
                correct += hits;
                total += reference.Length;
                if (predicted.SequenceEqual(reference)) exact++;
                var length = corpus.Pairs[i].EnglishTokens.Length;
                var (c, t, n) = byLength.GetValueOrDefault(length);
                byLength[length] = (c + hits, t + reference.Length, n + 1);
                predictions[i] = corpus.TargetVocabulary.Decode(tokens[k]);
            }
        }
        var lengths = byLength.OrderBy(p => p.Key).ToArray();
        return new TranslationScore((double)exact / corpus.Count, (double)correct / total,
            lengths.ToDictionary(p => p.Key, p => (double)p.Value.Correct / p.Value.Total),
            lengths.ToDictionary(p => p.Key, p => p.Value.Sentences), predictions);
    }
}
