using NotebookKit.Data;
using NotebookKit.Text;

namespace NotebookKit.Tests.Text;

public sealed class CharVocabularyTests
{
    [Fact]
    public void Build_NumbersCharactersByFrequency_AfterTheUnknownAndTheSeparator()
    {
        var vocabulary = CharVocabulary.Build(["月光月", "光月。"]);
        Assert.Equal(["□", "\n", "月", "光", "。"], Enumerable.Range(0, vocabulary.Count).Select(i => vocabulary[i]));
        Assert.Equal([2, 3, 1, 4], vocabulary.Encode("月光\n。"));
        Assert.Equal("月光\n。", vocabulary.Decode(vocabulary.Encode("月光\n。")));
        Assert.Equal(vocabulary.Encode("月光"), CharVocabulary.Build(["光月。", "月光月"]).Encode("月光"));   // order of texts does not matter
    }

    [Fact]
    public void UnknownCharacters_ThrowByDefault_NamingThem_OrMapToUnknownWhenAsked()
    {
        var vocabulary = CharVocabulary.Build(["床前看月光"]);
        var error = Assert.Throws<ArgumentException>(() => vocabulary.Encode("床前明月光，"));
        Assert.Contains("2 are not: '明' (U+660E), '，' (U+FF0C)", error.Message);
        Assert.Contains("UnknownTokens.MapToUnknown", error.Message);
        var mapped = vocabulary.Encode("床前明月光", UnknownTokens.MapToUnknown);
        Assert.Equal(CharVocabulary.Unknown, mapped[2]);
        Assert.Equal("床前□月光", vocabulary.Decode(mapped));
        Assert.Equal(["明"], vocabulary.UnknownIn("明明月"));
    }

    [Fact]
    public void MinCount_DropsRareCharacters_AndCharactersBeyondTheBmpStayOneToken()
    {
        var rare = CharVocabulary.Build(["aab", "a𠀀"], minCount: 2);
        Assert.Equal(3, rare.Count);                                          // □, \n, a
        Assert.False(rare.Contains("b"));
        var wide = CharVocabulary.Build(["a𠀀b"]);
        Assert.Equal(3, wide.Encode("a𠀀b").Length);
        Assert.Equal("𠀀", wide.Decode([wide.Encode("𠀀")[0]]));
        Assert.Throws<ArgumentOutOfRangeException>(() => CharVocabulary.Build(["a"], minCount: 0));
    }

    [Fact]
    public void OnTheShippedPoems_EveryValidationCharacterIsKnownOrCountedAsUnknown()
    {
        var (train, validation) = TangPoems.Split(TangPoems.LoadShipped(Path.Combine(RepoRoot.Path, "data", "tang-poems")), 0.1, seed: 1);
        var vocabulary = CharVocabulary.Build(train.Select(p => p.Text));
        Assert.InRange(vocabulary.Count, 4000, 8000);
        Assert.Equal(["。", "，"], [vocabulary[2], vocabulary[3]]);           // two of each in every poem: a tie, broken by code point
        var unknown = validation.Sum(p => vocabulary.UnknownIn(p.Text).Count);
        var total = validation.Sum(p => p.Text.Length);
        Assert.InRange(unknown / (double)total, 0.0, 0.01);                  // a stated, small rate
        Assert.All(validation.Take(50), p => Assert.Equal(p.Text.Length, vocabulary.Encode(p.Text, UnknownTokens.MapToUnknown).Length));
    }
}
