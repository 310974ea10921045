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

public sealed class WordOrderTaskTests
{
    [Fact]
    public void SwappedExamples_HoldTheSameWords_WithTwoNeighboursExchanged_AndHalfAreKept()
    {
        var sentences = ToyTranslation.Generate(400, seed: 1).Select(p => p.EnglishTokens).ToArray();
        var examples = WordOrderTask.Generate(sentences, seed: 2);
        Assert.InRange(examples.Count(e => e.InOrder), 160, 240);
        for (var k = 0; k < sentences.Length; k++)
        {
            Assert.Equal(sentences[k].Order(), examples[k].Tokens.Order());
            Assert.Equal(examples[k].InOrder, sentences[k].SequenceEqual(examples[k].Tokens));
            var changed = Enumerable.Range(0, sentences[k].Length).Where(i => sentences[k][i] != examples[k].Tokens[i]).ToArray();
            Assert.True(changed.Length == 0 || (changed.Length == 2 && changed[1] == changed[0] + 1), "a swap of two neighbours");
        }
        Assert.Contains("two different neighbouring words", Assert.Throws<ArgumentException>(() => WordOrderTask.Generate([["a", "a"]], 0)).Message);
    }
}
