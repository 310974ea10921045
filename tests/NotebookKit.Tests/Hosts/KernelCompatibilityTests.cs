using System.Reflection;
using NotebookKit.Tests.Support;

namespace NotebookKit.Tests.Hosts;

/// <summary>
/// VS Code's Polyglot Notebooks runs cells in the .NET Interactive kernel, which has FSharp.Core
/// 10.0.0.0 loaded; a second FSharp.Core cannot load beside it. Nothing a notebook loads (the kit
/// and its whole dependency closure) may need a newer one, or every chart would fail there.
/// </summary>
public sealed class KernelCompatibilityTests
{
    private static readonly Version KernelFSharpCore = new(10, 0, 0, 0);

    private static string KitDll => typeof(Kit).Assembly.Location;

    /// <summary>References to an FSharp.Core newer than the kernel's, as "assembly → FSharp.Core version".</summary>
    private static string[] Offenders(string root) => AssemblyClosure.ReferencesOf(root)
        .Where(r => r.Name == "FSharp.Core" && r.Version > KernelFSharpCore)
        .Select(r => $"{r.Assembly} → FSharp.Core {r.Version}")
        .Distinct().ToArray();

    [Fact]
    public void KitClosure_ReferencesNoFSharpCoreNewerThanTheKernels()
    {
        var offenders = Offenders(KitDll);
        Assert.True(offenders.Length == 0,
            $"These assemblies, loaded by every notebook, need an FSharp.Core the kernel cannot load ({KernelFSharpCore} is loaded there): {string.Join("; ", offenders)}");
    }

    [Fact]
    public void KitClosure_IsWalkedThroughItsDependencies()
    {
        // The guard above only means something if the walk reaches the kit's dependencies.
        var closure = AssemblyClosure.AssembliesOf(KitDll);
        Assert.Contains("NotebookKit", closure);
        Assert.Contains("TorchSharp", closure);
        Assert.Contains("MathNet.Numerics", closure);
    }

    [Fact]
    public void Guard_NamesAnAssemblyThatNeedsANewerFSharpCore()
    {
        // Plotly.NET 6.0.0, the package the kit used to draw with, is such an assembly: the guard must name it.
        var plotlyNet = typeof(KernelCompatibilityTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "PlotlyNetDll").Value!;
        Assert.True(File.Exists(plotlyNet), $"Plotly.NET.dll not found at {plotlyNet} (the kit's build downloads it for its plotly.js)");
        var offender = Assert.Single(Offenders(plotlyNet), o => o.StartsWith("Plotly.NET →", StringComparison.Ordinal));
        Assert.Matches(@"FSharp\.Core 10\.[1-9]", offender);
    }

    [Fact]
    public void Kit_LoadsNoFSharpCoreAtAll()
    {
        Assert.DoesNotContain(AssemblyClosure.ReferencesOf(KitDll), r => r.Name is "FSharp.Core" or "DynamicObj" or "Plotly.NET");
    }
}
