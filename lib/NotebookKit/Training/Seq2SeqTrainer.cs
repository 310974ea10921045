using System.Diagnostics;
using System.Globalization;
using NotebookKit.Nn;
using NotebookKit.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace NotebookKit.Training;

/// <summary>How well a translation model does: exact sentences, tokens, and both by source length.</summary>
public sealed record TranslationScore(double ExactMatch, double TokenAccuracy, IReadOnlyDictionary<int, double> TokenAccuracyByLength, IReadOnlyList<string[]> Predictions);

/// <summary>
/// Trains an encoder–decoder with teacher forcing: batches of similar source length, cross-entropy
/// over the real target tokens (padding ignored), Adam, gradients clipped to norm 1 (recurrent
/// networks occasionally produce huge gradients), a NaN guard naming the step, and a dispose scope
/// per step.
/// </summary>
public sealed class Seq2SeqTrainer
{
    private readonly Seq2Seq model;
    private readonly TorchSharp.Modules.Adam optimizer;

    public Seq2SeqTrainer(Seq2Seq model, TrainerOptions options)
    {
        this.model = model ?? throw new ArgumentNullException(nameof(model));
        Options = options.Validated();
        optimizer = torch.optim.Adam(model.parameters(), options.LearningRate);
    }

    public TrainerOptions Options { get; }

    /// <summary>Mean training loss per epoch.</summary>
    public List<double> TrainLoss { get; } = [];

    /// <summary>Milliseconds per step, per epoch.</summary>
    public List<double> MillisecondsPerStep { get; } = [];

    public IReadOnlyList<double> Fit(ParallelCorpus train, Action<ProgressReport>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(train);
        for (var epoch = TrainLoss.Count + 1; epoch <= Options.Epochs; epoch++)
        {
            model.train();
            var clock = Stopwatch.StartNew();
            double total = 0;
            long tokens = 0;
            var batches = Bucketing.Batches(train.Sources.Select(s => s.Length).ToArray(), Options.BatchSize, Options.Seed, epoch);
            for (var b = 0; b < batches.Count; b++)
            {
                using var scope = torch.NewDisposeScope();
                using var source = SequenceBatch.Pad(batches[b].Select(i => train.Sources[i]).ToArray());
                using var target = SequenceBatch.Pad(batches[b].Select(i => train.Targets[i]).ToArray());
                var width = target.Ids.shape[1];
                var input = target.Ids[.., ..(int)(width - 1)];                       // <bos> y1 … (B, T)
                var expected = target.Ids[.., 1..];                                  // y1 … <eos> (B, T)
                optimizer.zero_grad();
                var (logits, _) = model.Forward(source, input);                      // (B, T, V)
                var loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[2]), expected.reshape(-1), ignore_index: Vocabulary.Pad);
                var value = loss.item<float>();
                if (!float.IsFinite(value))
                    throw new TrainingDivergedException($"The loss became {value.ToString(CultureInfo.InvariantCulture)} at epoch {epoch}, step {b + 1} of {batches.Count}: training stopped. Try a smaller learning rate.");
                loss.backward();
                nn.utils.clip_grad_norm_(model.parameters(), 1.0);
                optimizer.step();
                var count = expected.ne(Vocabulary.Pad).sum().item<long>();
                total += value * count;
                tokens += count;
            }
            TrainLoss.Add(total / tokens);
            MillisecondsPerStep.Add(clock.Elapsed.TotalMilliseconds / batches.Count);
            progress?.Invoke(ProgressReport.Of(epoch, Options.Epochs, ("train loss", TrainLoss[^1])));
        }
        return TrainLoss;
    }

    /// <summary>
    /// Greedy translations of every pair, scored against the references: exact match (the whole
    /// sentence right), and token accuracy (position by position over the reference, &lt;eos&gt; included).
    /// </summary>
    public static TranslationScore Evaluate(Seq2Seq model, ParallelCorpus corpus, int batchSize = 128)
    {
        model.eval();
        var predictions = new string[corpus.Count][];
        var correctByLength = new Dictionary<int, (long Correct, long Total)>();
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
                var (c, t) = correctByLength.GetValueOrDefault(length);
                correctByLength[length] = (c + hits, t + reference.Length);
                predictions[i] = corpus.TargetVocabulary.Decode(tokens[k]);
            }
        }
        return new TranslationScore((double)exact / corpus.Count, (double)correct / total,
            correctByLength.OrderBy(p => p.Key).ToDictionary(p => p.Key, p => (double)p.Value.Correct / p.Value.Total), predictions);
    }
}
