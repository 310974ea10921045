using NotebookKit.Data;
using NotebookKit.Training;

namespace NotebookKit.Text;

/// <summary>Padded source sentences and their padded targets (&lt;bos&gt; … &lt;eos&gt;), one batch of a <see cref="ParallelCorpus"/>.</summary>
public sealed record TranslationBatch(SequenceBatch Source, SequenceBatch Target) : IDisposable
{
    public void Dispose()
    {
        Source.Dispose();
        Target.Dispose();
    }
}

/// <summary>
/// Sentence pairs encoded for a translation model, with vocabularies built from the training
/// pairs: sources end with &lt;eos&gt;; targets are framed as &lt;bos&gt; … &lt;eos&gt;.
/// Tokens missing from a vocabulary (in validation or test data) become &lt;unk&gt;. As training
/// data it is served in batches of sentences of similar length (<see cref="Bucketing"/>).
/// </summary>
public sealed class ParallelCorpus : IBatchSource<TranslationBatch>
{
    private ParallelCorpus(IReadOnlyList<SentencePair> pairs, Vocabulary source, Vocabulary target)
    {
        if (pairs.Count == 0) throw new ArgumentException("Expected at least one sentence pair, got an empty corpus.", nameof(pairs));
        Pairs = pairs;
        SourceVocabulary = source;
        TargetVocabulary = target;
        Sources = pairs.Select(p => source.Encode(p.EnglishTokens)).ToArray();
        Targets = pairs.Select(p => target.Encode(p.ChineseTokens, addBos: true)).ToArray();
    }

    public IReadOnlyList<SentencePair> Pairs { get; }
    public Vocabulary SourceVocabulary { get; }
    public Vocabulary TargetVocabulary { get; }

    /// <summary>Source ids, each ending with &lt;eos&gt;.</summary>
    public IReadOnlyList<int[]> Sources { get; }

    /// <summary>Target ids, each &lt;bos&gt; … &lt;eos&gt;.</summary>
    public IReadOnlyList<int[]> Targets { get; }

    public int Count => Pairs.Count;

    /// <summary>Builds both vocabularies from these (training) pairs.</summary>
    public static ParallelCorpus ForTraining(IReadOnlyList<SentencePair> pairs) =>
        new(pairs, Vocabulary.Build(pairs.Select(p => p.EnglishTokens)), Vocabulary.Build(pairs.Select(p => p.ChineseTokens)));

    /// <summary>Encodes other pairs (validation, test) with this corpus's vocabularies.</summary>
    public ParallelCorpus WithSameVocabularies(IReadOnlyList<SentencePair> pairs) => new(pairs, SourceVocabulary, TargetVocabulary);

    /// <summary>A corpus of the pairs at the given indices.</summary>
    public ParallelCorpus Subset(IEnumerable<int> indices) => new(indices.Select(i => Pairs[i]).ToArray(), SourceVocabulary, TargetVocabulary);

    public IReadOnlyList<int[]> Order(int batchSize, int seed, int epoch) => Bucketing.Batches(Sources.Select(s => s.Length).ToArray(), batchSize, seed, epoch);

    public TranslationBatch Take(int[] examples) =>
        new(SequenceBatch.Pad(examples.Select(i => Sources[i]).ToArray()), SequenceBatch.Pad(examples.Select(i => Targets[i]).ToArray()));
}
