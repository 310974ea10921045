using System.Security.Cryptography;
using NotebookKit.Data;

namespace NotebookKit.Tests.Data;

public sealed class ToyTranslationTests
{
    private static string Folder => Path.Combine(RepoRoot.Path, "data", "toy-translation");

    [Fact]
    public void ShippedFiles_EqualWhatTheGeneratorWrites()
    {
        var (train, validation, test) = ToyTranslation.GenerateSplits();
        Assert.Equal(ToyTranslation.ToTsv(train), File.ReadAllText(Path.Combine(Folder, "train.tsv")));
        Assert.Equal(ToyTranslation.ToTsv(validation), File.ReadAllText(Path.Combine(Folder, "validation.tsv")));
        Assert.Equal(ToyTranslation.ToTsv(test), File.ReadAllText(Path.Combine(Folder, "test.tsv")));
    }

    [Fact]
    public void ShippedFiles_MatchTheirChecksums()
    {
        var lines = File.ReadAllLines(Path.Combine(Folder, "SHA256SUMS"));
        Assert.Equal(3, lines.Length);
        foreach (var line in lines)
        {
            var (hash, name) = (line[..64], line[66..]);
            Assert.Equal(hash, Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(Folder, name)))));
        }
    }

    [Fact]
    public void Splits_AreDisjoint_AndSizedAsDocumented()
    {
        var (train, validation, test) = ToyTranslation.LoadShipped(Folder);
        Assert.Equal((10_000, 1_000, 1_000), (train.Count, validation.Count, test.Count));
        var trainSet = train.Select(p => p.English).ToHashSet();
        Assert.DoesNotContain(test, p => trainSet.Contains(p.English));
        Assert.DoesNotContain(validation, p => trainSet.Contains(p.English));
    }

    [Fact]
    public void TimeWords_MoveFromTheEndOfEnglish_ToAfterTheSubjectInChinese()
    {
        var pairs = ToyTranslation.Generate(2000, seed: 5).Where(p => p.English.EndsWith(" yesterday")).ToList();
        Assert.NotEmpty(pairs);
        foreach (var pair in pairs)
        {
            // The subject is at most three Chinese tokens (我 的 朋友); the time word follows it.
            Assert.InRange(Array.IndexOf(pair.ChineseTokens, "昨天"), 1, 3);
            Assert.Equal("yesterday", pair.EnglishTokens[^1]);
        }
    }

    [Fact]
    public void ReadTsv_MalformedLine_NamesTheLine()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "i eat rice\t我 吃 米饭\nno tab here\n");
            var error = Assert.Throws<InvalidDataException>(() => ToyTranslation.ReadTsv(path));
            Assert.Contains("line 2", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
