using System.Security.Cryptography;
using NotebookKit.Data;

namespace NotebookKit.Tests.Data;

public sealed class TangPoemsTests
{
    private static string Folder => Path.Combine(RepoRoot.Path, "data", "tang-poems");

    [Fact]
    public void ShippedFile_MatchesItsChecksum_AndStaysSmall()
    {
        var lines = File.ReadAllLines(Path.Combine(Folder, "SHA256SUMS"));
        Assert.Equal(["poems.tsv"], lines.Select(l => l[66..]));
        var bytes = File.ReadAllBytes(Path.Combine(Folder, "poems.tsv"));
        Assert.Equal(lines[0][..64], Convert.ToHexStringLower(SHA256.HashData(bytes)));
        Assert.InRange(bytes.Length, 1_000_000, 3_000_000);
        Assert.True(File.Exists(Path.Combine(Folder, "LICENSE-chinese-poetry")), "the source's MIT licence travels with the subset");
    }

    [Fact]
    public void ShippedPoems_AreTheCountsTheReadmeStates_AllQuatrains()
    {
        var poems = TangPoems.LoadShipped(Folder);
        Assert.Equal(13_830, poems.Count);
        Assert.Equal(3_672, poems.Count(p => p.LineWidth == 5));
        Assert.Equal(10_158, poems.Count(p => p.LineWidth == 7));
        Assert.All(poems, p => Assert.Equal(4, p.Lines.Count));
        Assert.Equal(poems.Count, poems.Select(p => p.Text).Distinct().Count());
        Assert.Equal(813, poems.Count(p => p.Author == "白居易"));
        var quietNight = Assert.Single(poems, p => p.Author == "李白" && p.Title == "静夜思");
        Assert.Equal(["床前看月光", "疑是地上霜", "举头望山月", "低头思故乡"], quietNight.Lines);
        var readme = File.ReadAllText(Path.Combine(Folder, "README.md"));
        Assert.Contains("13,830", readme);
        Assert.Contains("2.0.1", readme);
    }

    [Theory]
    [InlineData("床前看月光，疑是地上霜。举头望山月，低头思故乡。", true)]
    [InlineData("朝辞白帝彩云间，千里江陵一日还。两岸猿声啼不住，轻舟已过万重山。", true)]
    [InlineData("床前看月光，疑是地上霜。举头望山月，低头思故乡", false)]                   // no final 。
    [InlineData("床前看月光。疑是地上霜，举头望山月，低头思故乡。", false)]                 // marks swapped
    [InlineData("床前看月光，疑是地上霜。举头望山月，低头思故。", false)]                   // a short line
    [InlineData("床前看月光，疑是地上霜。", false)]                                       // two lines
    [InlineData("床前看月光，疑是地上霜。举头望山月，低头思故乡。床前看月光，疑是地上霜。", false)]
    [InlineData("床前看月a，疑是地上霜。举头望山月，低头思故乡。", false)]                  // a Latin letter
    [InlineData("床前看月光疑，疑是地上霜。举头望山月，低头思故乡。", false)]               // 6 and 5
    [InlineData("", false)]
    public void IsQuatrain_AcceptsOnlyFourEqualLinesOfFiveOrSeven(string text, bool expected) => Assert.Equal(expected, TangPoems.IsQuatrain(text));

    [Fact]
    public void Split_IsSeeded_Disjoint_AndComplete()
    {
        var poems = TangPoems.LoadShipped(Folder);
        var (train, validation) = TangPoems.Split(poems, 0.1, seed: 3);
        Assert.Equal(1_383, validation.Count);
        Assert.Equal(poems.Count, train.Count + validation.Count);
        Assert.Empty(train.Select(p => p.Text).Intersect(validation.Select(p => p.Text)));
        Assert.Equal(validation.Select(p => p.Text), TangPoems.Split(poems, 0.1, seed: 3).Validation.Select(p => p.Text));
        Assert.NotEqual(validation.Select(p => p.Text), TangPoems.Split(poems, 0.1, seed: 4).Validation.Select(p => p.Text));
        Assert.Throws<ArgumentOutOfRangeException>(() => TangPoems.Split(poems, 1.0, seed: 3));
    }

    [Fact]
    public void ReadTsv_BadFiles_NameTheLineAndWhatWasExpected()
    {
        var path = Path.Combine(Path.GetTempPath(), $"nk-poems-{Guid.NewGuid():N}.tsv");
        try
        {
            File.WriteAllText(path, "author\ttitle\tpoem\n李白\t静夜思\t床前看月光，疑是地上霜。\n");
            Assert.Contains("line 2: expected a quatrain", Assert.Throws<InvalidDataException>(() => TangPoems.ReadTsv(path)).Message);
            File.WriteAllText(path, "poems\n");
            Assert.Contains("line 1: expected the header", Assert.Throws<InvalidDataException>(() => TangPoems.ReadTsv(path)).Message);
            File.WriteAllText(path, "author\ttitle\tpoem\n李白\t静夜思\n");
            Assert.Contains("line 2: expected 'author<TAB>title<TAB>poem', got 2 fields", Assert.Throws<InvalidDataException>(() => TangPoems.ReadTsv(path)).Message);
        }
        finally { File.Delete(path); }
        Assert.Throws<FileNotFoundException>(() => TangPoems.ReadTsv(path));
    }
}
