using System.Xml.Linq;

namespace NotebookKit.Tests.Shared;

/// <summary>
/// The package versions pinned in Directory.Packages.props, read from the file (with its
/// $(Property) references resolved), so tests never repeat a version literal.
/// </summary>
internal static class PinnedVersions
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Versions = new(Read);

    /// <summary>The pinned version of a package, e.g. Of("TorchSharp") → "0.107.0".</summary>
    public static string Of(string package) =>
        Versions.Value.TryGetValue(package, out var version) ? version : throw new KeyNotFoundException($"{package} is not pinned in Directory.Packages.props.");

    private static IReadOnlyDictionary<string, string> Read()
    {
        var file = FindUpwards("Directory.Packages.props");
        var document = XDocument.Load(file);
        var properties = document.Descendants("PropertyGroup").Elements().ToDictionary(e => e.Name.LocalName, e => e.Value.Trim());
        string Resolve(string value) => System.Text.RegularExpressions.Regex.Replace(value, @"\$\((\w+)\)", m => properties[m.Groups[1].Value]);
        return document.Descendants("PackageVersion")
            .ToDictionary(e => (string)e.Attribute("Include")!, e => Resolve((string)e.Attribute("Version")!), StringComparer.OrdinalIgnoreCase);
    }

    private static string FindUpwards(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, name))) return Path.Combine(dir.FullName, name);
        throw new FileNotFoundException($"{name} not found above {AppContext.BaseDirectory}.");
    }
}
