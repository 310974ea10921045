namespace NotebookKit.Tests;

/// <summary>The repository root: the folder holding NotebookKit.sln above the test output.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "NotebookKit.sln"))) return dir.FullName;
        throw new InvalidOperationException($"NotebookKit.sln not found above {AppContext.BaseDirectory}.");
    }
}
