using System.Reflection;

namespace NotebookKit.Runner.Engine;

/// <summary>
/// The NuGet packages a notebook may reference with <c>#r "nuget: Name, Version"</c>. The engine
/// restores nothing: each allowed package maps to assemblies it has already loaded, at the
/// version pinned in Directory.Packages.props (stamped into this assembly at build time).
/// </summary>
public static class PackageAllowList
{
    private sealed record Entry(string PinnedPackage, Func<Assembly[]> Assemblies);

    private static readonly Dictionary<string, Entry> Entries = new(StringComparer.OrdinalIgnoreCase)
    {
        ["TorchSharp-cpu"] = new("TorchSharp", TorchSharpAssemblies),
        ["TorchSharp"] = new("TorchSharp", TorchSharpAssemblies),
        ["libtorch-cpu"] = new("libtorch-cpu-linux-x64", TorchSharpAssemblies),
        ["libtorch-cpu-linux-x64"] = new("libtorch-cpu-linux-x64", TorchSharpAssemblies),
        ["libtorch-cpu-win-x64"] = new("libtorch-cpu-linux-x64", TorchSharpAssemblies),
        ["libtorch-cpu-osx-arm64"] = new("libtorch-cpu-linux-x64", TorchSharpAssemblies),
        ["MathNet.Numerics"] = new("MathNet.Numerics", () => [typeof(MathNet.Numerics.LinearAlgebra.Matrix<>).Assembly]),
    };

    private static readonly Dictionary<string, string> PinnedVersions = typeof(PackageAllowList).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Where(a => a.Key.StartsWith("package:", StringComparison.Ordinal))
        .ToDictionary(a => a.Key["package:".Length..], a => a.Value ?? "", StringComparer.OrdinalIgnoreCase);

    /// <summary>Allowed package names with the version the engine provides, for error messages and docs.</summary>
    public static IEnumerable<string> Describe() =>
        Entries.Select(e => $"{e.Key} {VersionOf(e.Key)}").Order(StringComparer.OrdinalIgnoreCase);

    public static string VersionOf(string package) =>
        Entries.TryGetValue(package, out var entry) && PinnedVersions.TryGetValue(entry.PinnedPackage, out var v) ? v : "?";

    /// <summary>
    /// The assemblies for a package reference, or an exception whose message says what is allowed.
    /// </summary>
    public static Assembly[] Resolve(string package, string? version)
    {
        if (package.StartsWith("Plotly.NET", StringComparison.OrdinalIgnoreCase))
            throw new DirectiveException(
                $"The kit does not use {package}: Plotly.NET 6 needs an FSharp.Core newer than the one the .NET Interactive kernel has loaded, " +
                "so its charts fail in VS Code. Remove the #r line and draw with NotebookKit.Plots (Figure, Traces, Plot), which need no package.");
        if (!Entries.TryGetValue(package, out var entry))
            throw new DirectiveException(
                $"The package '{package}' is not available in the NotebookKit engine, which restores nothing from the network. " +
                $"Allowed packages: {string.Join(", ", Describe())}.");
        var provided = VersionOf(package);
        if (!string.IsNullOrWhiteSpace(version) && !version.Contains('*') && provided != "?" &&
            !string.Equals(version.Trim(), provided, StringComparison.OrdinalIgnoreCase))
            throw new DirectiveException(
                $"The notebook asks for {package} {version.Trim()}, but the kit is pinned to {package} {provided}: change the #r line to \"nuget: {package}, {provided}\".");
        return entry.Assemblies();
    }

    private static Assembly[] TorchSharpAssemblies() => [typeof(TorchSharp.torch).Assembly];
}
