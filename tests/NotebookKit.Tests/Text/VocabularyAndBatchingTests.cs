using NotebookKit.Text;
using TorchSharp;

namespace NotebookKit.Tests.Text;

public sealed class VocabularyAndBatchingTests
{
    private static readonly string[][] Sentences = [["the", "cat", "sat"], ["the", "dog", "sat"], ["a", "cat"]];

    [Fact]
    public void Build_SpecialsAtFixedIds_ThenByFrequency()
    {
        var vocabulary = Vocabulary.Build(Sentences);
        Assert.Equal(["<pad>", "<bos>", "<eos>", "<unk>"], vocabulary.Tokens.Take(4));
        Assert.Equal(["cat", "sat", "the", "a", "dog"], vocabulary.Tokens.Skip(4)); // count 2 (ordinal), then count 1
        Assert.Equal(vocabulary.Tokens, Vocabulary.Build(Sentences).Tokens);
    }

    [Fact]
    public void Encode_FramesWithBosAndEos_AndDecodeInverts()
    {
        var vocabulary = Vocabulary.Build(Sentences);
        var ids = vocabulary.Encode(["the", "dog", "sat"], addBos: true);
        Assert.Equal(Vocabulary.Bos, ids[0]);
        Assert.Equal(Vocabulary.Eos, ids[^1]);
        Assert.Equal(["the", "dog", "sat"], vocabulary.Decode(ids.Append(Vocabulary.Pad)));
    }

    [Fact]
    public void Encode_UnknownToken_MapsToUnk_ByDefault()
    {
        var ids = Vocabulary.Build(Sentences).Encode(["the", "zebra"]);
        Assert.Equal(Vocabulary.Unk, ids[1]);
    }

    [Fact]
    public void Encode_UnknownToken_WithThrow_NamesTokenAndPosition()
    {
        var error = Assert.Throws<KeyNotFoundException>(() => Vocabulary.Build(Sentences).Encode(["the", "zebra"], unknown: UnknownTokens.Throw));
        Assert.Contains("'zebra' (position 1) is not in the vocabulary", error.Message);
    }

    [Fact]
    public void Build_ReservedTokenInData_IsRejected()
    {
        Assert.Contains("reserved", Assert.Throws<ArgumentException>(() => Vocabulary.Build([["<eos>"]])).Message);
    }

    [Fact]
    public void Pad_MakesIdsMaskAndLengths()
    {
        using var batch = SequenceBatch.Pad([[5, 6, 2], [7, 2]]);
        Assert.Equal(new long[] { 2, 3 }, batch.Ids.shape);
        Assert.Equal(new long[] { 5, 6, 2, 7, 2, 0 }, batch.Ids.data<long>().ToArray());
        Assert.Equal(new[] { true, true, true, true, true, false }, batch.Mask.data<bool>().ToArray());
        Assert.Equal([3, 2], batch.Lengths);
    }

    [Fact]
    public void Pad_EmptySequence_IsRejectedWithItsIndex()
    {
        var error = Assert.Throws<ArgumentException>(() => SequenceBatch.Pad([[1, 2], []]));
        Assert.Contains("empty one at index 1", error.Message);
    }

    [Fact]
    public void Bucketing_EveryIndexOnce_SimilarLengthsTogether_Seeded()
    {
        var lengths = Enumerable.Range(0, 100).Select(i => (i * 37) % 23 + 1).ToArray();
        var batches = Bucketing.Batches(lengths, 10, seed: 1, epoch: 1);
        Assert.Equal(Enumerable.Range(0, 100), batches.SelectMany(b => b).Order());
        Assert.All(batches, b => Assert.True(b.Max(i => lengths[i]) - b.Min(i => lengths[i]) <= 3));
        Assert.Equal(batches, Bucketing.Batches(lengths, 10, seed: 1, epoch: 1));
    }
}
