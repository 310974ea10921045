using NotebookKit.Text;
using TorchSharp;

namespace NotebookKit.Tests.Text;

public sealed class TokenStreamTests
{
    [Fact]
    public void EveryTarget_IsTheTokenAfterItsInput()
    {
        using var scope = torch.NewDisposeScope();
        var stream = new TokenStream(Enumerable.Range(0, 50).ToArray(), contextLength: 8);   // id = position, so a window is easy to read
        var (x, y) = stream.RandomBatch(16, new Random(1));
        Assert.Equal(new long[] { 16, 8 }, x.shape);
        Assert.True((y - x).eq(1).all().item<bool>(), "each target is its input's next token");
        Assert.True((x[.., 1..] - x[.., ..^1]).eq(1).all().item<bool>(), "each window is contiguous");
        var (inputs, targets) = stream.Window(3);
        Assert.Equal(new long[] { 3, 4, 5, 6, 7, 8, 9, 10 }, inputs);
        Assert.Equal(new long[] { 4, 5, 6, 7, 8, 9, 10, 11 }, targets);
        var (a, _) = stream.RandomBatch(4, new Random(7));
        var (b, _) = stream.RandomBatch(4, new Random(7));
        Assert.True(a.eq(b).all().item<bool>(), "a seed gives the same batch");
    }

    [Fact]
    public void EveryStart_IsReachable_IncludingTheLast()
    {
        using var scope = torch.NewDisposeScope();
        var stream = new TokenStream(Enumerable.Range(0, 12).ToArray(), contextLength: 8);  // starts 0..3
        var (x, _) = stream.RandomBatch(400, new Random(2));
        var starts = x[.., 0].data<long>().ToArray().Distinct().Order().ToArray();
        Assert.Equal(new long[] { 0, 1, 2, 3 }, starts);
    }

    [Fact]
    public void FromTexts_JoinsWithTheSeparator_AndCountsUnknownCharacters()
    {
        var vocabulary = CharVocabulary.Build(["春眠不觉晓"]);
        var stream = TokenStream.FromTexts(["春眠", "不觉晓", "夜来"], vocabulary, contextLength: 4);
        Assert.Equal(2 + 1 + 3 + 1 + 2 + 1, stream.Length);
        Assert.Equal(2, stream.UnknownCount);                                               // 夜 and 来
        Assert.Equal(CharVocabulary.Separator, stream.Ids[2]);
    }

    [Fact]
    public void BadInput_IsAClearError()
    {
        var tooShort = Assert.Throws<ArgumentException>(() => new TokenStream([1, 2, 3], contextLength: 3));
        Assert.Contains("at least 4 ids", tooShort.Message);
        var stream = new TokenStream([1, 2, 3, 4, 5], contextLength: 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => stream.Window(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => stream.RandomBatch(0, new Random(0)));
    }
}
