using System.Text.Json;
using System.Text.Json.Nodes;

namespace NotebookKit.Runner.Kernel;

/// <summary>One installed kernelspec of the kit: its folder, name and the command it starts.</summary>
public sealed record InstalledKernel(string Name, string Folder, string DisplayName, IReadOnlyList<string> Argv)
{
    /// <summary>The engine the spec starts still exists (false after the build folder moved or was cleaned).</summary>
    public bool EngineExists => Argv.Count > 1 && File.Exists(Argv[1]);
}

/// <summary>
/// Registers the kit's Jupyter kernel with Jupyter: a kernelspec folder (kernel.json) in the user's
/// Jupyter data folder or under a prefix, found by every Jupyter front end (JupyterLab, Notebook,
/// VS Code, nbclient). Two specs: the normal one and one in quick mode.
/// </summary>
public static class KernelSpecs
{
    public const string Name = "notebookkit-csharp";
    public const string QuickName = "notebookkit-csharp-quick";

    /// <summary>The user's Jupyter data folder, as jupyter_core finds it (JUPYTER_DATA_DIR first).</summary>
    public static string UserDataFolder()
    {
        if (Environment.GetEnvironmentVariable("JUPYTER_DATA_DIR") is { Length: > 0 } configured) return configured;
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (OperatingSystem.IsWindows()) return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "jupyter");
        if (OperatingSystem.IsMacOS()) return Path.Combine(home, "Library", "Jupyter");
        var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        return Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(home, ".local", "share") : xdg, "jupyter");
    }

    /// <summary>Where Jupyter looks for kernelspecs, in its order: JUPYTER_PATH, the user's folder, the system's.</summary>
    public static IEnumerable<string> SearchFolders()
    {
        var folders = new List<string>();
        if (Environment.GetEnvironmentVariable("JUPYTER_PATH") is { Length: > 0 } path)
            folders.AddRange(path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        folders.Add(UserDataFolder());
        if (!OperatingSystem.IsWindows()) folders.AddRange(["/usr/local/share/jupyter", "/usr/share/jupyter"]);
        return folders.Select(f => Path.Combine(f, "kernels")).Distinct();
    }

    public static string DataFolder(string? prefix) => prefix is null ? UserDataFolder() : Path.Combine(Path.GetFullPath(prefix), "share", "jupyter");

    /// <summary>Writes both kernelspecs; returns their folders.</summary>
    public static IReadOnlyList<string> Install(string? prefix, IReadOnlyList<string> engineCommand)
    {
        var kernels = Path.Combine(DataFolder(prefix), "kernels");
        var written = new List<string>();
        foreach (var (name, display, quick) in new[] { (Name, "C# (NotebookKit)", false), (QuickName, "C# (NotebookKit, quick mode)", true) })
        {
            var folder = Path.Combine(kernels, name);
            Directory.CreateDirectory(folder);
            var spec = new JsonObject
            {
                ["argv"] = new JsonArray(engineCommand.Concat(["kernel", "start", "--connection-file", "{connection_file}"]).Select(a => (JsonNode?)JsonValue.Create(a)).ToArray()),
                ["display_name"] = display,
                ["language"] = "csharp",
                ["interrupt_mode"] = "message",
                ["env"] = quick ? new JsonObject { [NotebookKit.Kit.QuickModeVariable] = "1" } : new JsonObject(),
                ["metadata"] = new JsonObject
                {
                    ["notebookkit"] = new JsonObject { ["version"] = NotebookKit.Kit.Version, ["quick"] = quick },
                    // What the kernel also reports in kernel_info's language_info, for tools that read only the spec.
                    ["language_info"] = new JsonObject
                    {
                        ["name"] = "csharp", ["file_extension"] = ".cs", ["mimetype"] = "text/x-csharp",
                        ["codemirror_mode"] = "text/x-csharp", ["pygments_lexer"] = "csharp",
                    },
                    ["debugger"] = false,
                },
            };
            File.WriteAllText(Path.Combine(folder, "kernel.json"), spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            written.Add(folder);
        }
        return written;
    }

    /// <summary>Removes the kit's kernelspecs from the folder; returns the folders removed.</summary>
    public static IReadOnlyList<string> Uninstall(string? prefix)
    {
        var kernels = Path.Combine(DataFolder(prefix), "kernels");
        var removed = new List<string>();
        foreach (var name in new[] { Name, QuickName })
        {
            var folder = Path.Combine(kernels, name);
            if (!Directory.Exists(folder)) continue;
            Directory.Delete(folder, recursive: true);
            removed.Add(folder);
        }
        return removed;
    }

    /// <summary>Every kit kernelspec Jupyter would find (the first of each name wins, as in Jupyter).</summary>
    public static IReadOnlyList<InstalledKernel> Find()
    {
        var found = new List<InstalledKernel>();
        foreach (var kernels in SearchFolders())
        {
            if (!Directory.Exists(kernels)) continue;
            foreach (var folder in Directory.GetDirectories(kernels, "*notebookkit*").Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(folder);
                if (found.Any(k => k.Name == name)) continue;
                try
                {
                    var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "kernel.json")))!.AsObject();
                    found.Add(new InstalledKernel(name, folder, spec["display_name"]?.GetValue<string>() ?? name,
                        spec["argv"]?.AsArray().Select(a => a!.GetValue<string>()).ToArray() ?? []));
                }
                catch (Exception e) when (e is IOException or JsonException or InvalidOperationException)
                {
                    found.Add(new InstalledKernel(name, folder, $"(unreadable kernel.json: {e.Message})", []));
                }
            }
        }
        return found;
    }
}
