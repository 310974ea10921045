namespace NotebookKit.Data;

/// <summary>Finds the datasets shipped in the repository's <c>data/</c> folder.</summary>
public static class ShippedData
{
    /// <summary>
    /// data/<paramref name="name"/> above the current folder or the kit's assembly, recognised by
    /// <paramref name="requiredFile"/> inside it.
    /// </summary>
    public static string Find(string name, string requiredFile)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "data", name);
                if (File.Exists(Path.Combine(candidate, requiredFile))) return candidate;
            }
        throw new DirectoryNotFoundException($"Cannot find data/{name} (with {requiredFile}) above the current folder; run from inside the NotebookKit folder.");
    }
}
