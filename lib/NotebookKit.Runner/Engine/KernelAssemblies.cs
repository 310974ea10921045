using System.Reflection;

namespace NotebookKit.Runner.Engine;

/// <summary>
/// Assemblies the .NET Interactive kernel (VS Code's Polyglot Notebooks) always has loaded, at the
/// version it has, which the engine loads too, so that a notebook or kit dependency that would
/// clash with them fails here as it would there. Today that is FSharp.Core 10.0.0.0 (the kernel's
/// F# kernel): a dependency that needs a newer FSharp.Core cannot load beside it.
/// </summary>
public static class KernelAssemblies
{
    /// <summary>The FSharp.Core assembly version the kernel has loaded.</summary>
    public static readonly Version FSharpCore = new(10, 0, 0, 0);

    /// <summary>Loads them into this process (idempotent) and checks their versions.</summary>
    public static void Load()
    {
        var fsharp = typeof(Microsoft.FSharp.Core.Unit).Assembly.GetName();
        if (fsharp.Version != FSharpCore)
            throw new InvalidOperationException(
                $"The engine must carry FSharp.Core {FSharpCore}, as the .NET Interactive kernel does, but has {fsharp.Version}: pin FSharp.Core 10.0.1xx in Directory.Packages.props.");
    }
}
