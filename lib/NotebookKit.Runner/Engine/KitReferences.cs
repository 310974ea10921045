using System.Reflection;

namespace NotebookKit.Runner.Engine;

/// <summary>
/// The DLLs a notebook's setup cell references from the kit's build output (<c>#r ".../NotebookKit.dll"</c>,
/// <c>TorchSharp.dll</c>, <c>MathNet.Numerics.dll</c>): the kit and its own dependencies. The engine
/// maps each to the copy it has already loaded, whatever the path, so no second copy of the kit or
/// of libtorch is ever loaded.
/// </summary>
public static class KitReferences
{
    private static readonly Lazy<IReadOnlyDictionary<string, Assembly>> ByFileName = new(Collect);

    /// <summary>File names that a path reference may name, e.g. NotebookKit.dll.</summary>
    public static IEnumerable<string> FileNames => ByFileName.Value.Keys.Order(StringComparer.OrdinalIgnoreCase);

    /// <summary>The loaded assembly for a <c>#r</c> path, or an exception saying what may be referenced.</summary>
    public static Assembly Resolve(string path)
    {
        var fileName = Path.GetFileName(path.Replace('\\', '/'));
        if (ByFileName.Value.TryGetValue(fileName, out var assembly)) return assembly;
        throw new DirectiveException(
            $"The NotebookKit engine cannot load '{path}': a notebook may reference the kit's build output only " +
            $"({string.Join(", ", FileNames)}), or packages with #r \"nuget: …\".");
    }

    private static IReadOnlyDictionary<string, Assembly> Collect()
    {
        var kit = typeof(NotebookKit.Kit).Assembly;
        var folder = Path.GetDirectoryName(kit.Location);
        var assemblies = kit.GetReferencedAssemblies()
            .Select(name => Assembly.Load(name))
            .Where(a => Path.GetDirectoryName(a.Location) == folder) // not the shared framework
            .Prepend(kit);
        return assemblies.ToDictionary(a => Path.GetFileName(a.Location), a => a, StringComparer.OrdinalIgnoreCase);
    }
}
