using System.Security.Cryptography;
using System.Text;
using NotebookKit.Data;

namespace NotebookKit.Runner.Cli;

/// <summary>
/// <c>data [--out DIR]</c>: regenerates the kit's shipped datasets in data/ (default: the data
/// folder beside NotebookKit.sln) from their generators, with SHA256SUMS. The tests check that the
/// committed files equal what this writes.
/// </summary>
public static class DataCommand
{
    public static int Execute(Options options)
    {
        var dataDir = options.OutDir ?? Path.Combine(FindRoot(), "data");
        var folder = Path.Combine(dataDir, "toy-translation");
        Directory.CreateDirectory(folder);
        var (train, validation, test) = ToyTranslation.GenerateSplits();
        var files = new[] { ("train.tsv", train), ("validation.tsv", validation), ("test.tsv", test) };
        var sums = new StringBuilder();
        foreach (var (name, pairs) in files)
        {
            var bytes = new UTF8Encoding(false).GetBytes(ToyTranslation.ToTsv(pairs));
            File.WriteAllBytes(Path.Combine(folder, name), bytes);
            sums.Append(Convert.ToHexStringLower(SHA256.HashData(bytes))).Append("  ").Append(name).Append('\n');
            Console.WriteLine($"wrote {Path.Combine(folder, name)} ({pairs.Count} pairs)");
        }
        File.WriteAllText(Path.Combine(folder, "SHA256SUMS"), sums.ToString(), new UTF8Encoding(false));
        return 0;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NotebookKit.sln"))) return dir.FullName;
        throw new UsageException("Cannot find NotebookKit.sln above the current folder: run from inside the kit, or pass --out DIR.");
    }
}
