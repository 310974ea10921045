using NotebookKit.Data;

namespace NotebookKit.Tests.Data;

public sealed class PronounCorpusTests
{
    [Fact]
    public void EverySentence_HasTheSameLength_AndItsReferentIsOneOfTheTwoNouns()
    {
        var all = PronounCorpus.All();
        Assert.Equal(12 * 12 * 6 * 3, all.Count);
        Assert.All(all, s =>
        {
            Assert.Equal(PronounCorpus.Length, s.Tokens.Length);
            Assert.Equal("it", s.Tokens[s.PronounPosition]);
            Assert.Contains(s.Referent, PronounCorpus.Animals.Concat(PronounCorpus.Foods));
            Assert.NotEqual(s.ReferentPosition, s.OtherNounPosition);
        });
    }

    [Fact]
    public void OnlyTheAdjective_DecidesTheReferent()
    {
        var all = PronounCorpus.All();
        var hungry = all.Single(s => s.Text == "the dog ate the cake quickly because it was very hungry");
        var tasty = all.Single(s => s.Text == "the dog ate the cake quickly because it was very tasty");
        Assert.Equal("dog", hungry.Referent);
        Assert.Equal("cake", tasty.Referent);
        Assert.Equal(hungry.Tokens[..^1], tasty.Tokens[..^1]);
    }

    [Fact]
    public void Split_IsSeeded_AndDisjoint()
    {
        var (train, test) = PronounCorpus.Split(0.2, seed: 1);
        Assert.Equal(PronounCorpus.All().Count, train.Count + test.Count);
        Assert.Empty(train.Select(s => s.Text).Intersect(test.Select(s => s.Text)));
        Assert.Equal(test.Select(s => s.Text), PronounCorpus.Split(0.2, seed: 1).Test.Select(s => s.Text));
    }
}
