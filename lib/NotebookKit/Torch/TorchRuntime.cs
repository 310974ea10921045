using System.Runtime.InteropServices;
using TorchSharp;

namespace NotebookKit.Torch;

/// <summary>
/// Loads TorchSharp's native library once and turns a load failure into an explanation of what
/// to do, instead of TorchSharp's misleading "doesn't contain a reference to libtorch" message.
/// </summary>
public static class TorchRuntime
{
    private static readonly Lazy<Exception?> LoadError = new(TryLoad);

    /// <summary>TorchSharp's managed version, e.g. 0.107.0.</summary>
    public static string TorchSharpVersion =>
        typeof(torch).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "unknown";

    /// <summary>Number of threads libtorch uses for intra-op parallelism.</summary>
    public static int Threads
    {
        get { EnsureLoaded(); return torch.get_num_threads(); }
    }

    /// <summary>Throws a <see cref="TorchLoadException"/> with a remedy if libtorch cannot load.</summary>
    public static void EnsureLoaded()
    {
        if (LoadError.Value is { } error) throw new TorchLoadException(Explain(error), error);
    }

    private static Exception? TryLoad()
    {
        NativeAllocator.EnsureTuned();
        MklCpuDispatch.Apply();
        PreloadBundledNatives();
        try
        {
            using var probe = torch.ones(1);
            IntraOpThreads.RecordDefault();
            return null;
        }
        catch (Exception e) when (e is TypeInitializationException or NotSupportedException or DllNotFoundException)
        {
            return e;
        }
    }

    /// <summary>
    /// In a host that loads the kit from its build folder (the .NET Interactive kernel behind VS
    /// Code's Polyglot Notebooks, a script), TorchSharp first asks the system loader for
    /// <c>libtorch_cpu.so</c> by name. If another libtorch is installed system-wide (Debian's
    /// <c>python3-torch</c> installs one, e.g. for the PyTorch comparison), that one wins, and
    /// TorchSharp then fails with "doesn't contain a reference to libtorch". Loading the kit's own
    /// <c>libLibTorchSharp.so</c> by its full path first pulls in the matching libtorch from the
    /// same folder, and later loads by name find those. Nothing happens when the natives are not
    /// beside the kit (apps whose host resolves them, like the engine and the tests).
    /// </summary>
    private static void PreloadBundledNatives()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || RuntimeInformation.ProcessArchitecture != Architecture.X64) return;
        var folder = Path.GetDirectoryName(typeof(TorchRuntime).Assembly.Location);
        if (string.IsNullOrEmpty(folder)) return;
        foreach (var candidate in new[] { Path.Combine(folder, "runtimes", "linux-x64", "native"), Path.Combine(folder, "cpu"), folder })
        {
            var library = Path.Combine(candidate, "libLibTorchSharp.so");
            if (File.Exists(library) && File.Exists(Path.Combine(candidate, "libtorch_cpu.so")) && NativeLibrary.TryLoad(library, out _)) return;
        }
    }

    private static string Explain(Exception error)
    {
        var message = "TorchSharp's native library (libLibTorchSharp / libtorch) could not be loaded. ";
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
        {
            message +=
                "On Debian 12 / Ubuntu 22.04 the system libstdc++ lacks GLIBCXX_3.4.32, which TorchSharp needs; " +
                "NotebookKit patches TorchSharp's package copy when the kit is built. Install the tools it uses " +
                "(sudo apt-get install g++ patchelf), then rebuild: dotnet build NotebookKit.sln. " +
                "If you run a notebook in VS Code, restart its kernel afterwards.";
        }
        else
        {
            message += "Rebuild the kit (dotnet build NotebookKit.sln) so the natives for this platform are restored.";
        }
        return message + " Underlying error: " + (error.InnerException ?? error).Message;
    }
}

/// <summary>TorchSharp's native library failed to load; the message says how to fix it.</summary>
public sealed class TorchLoadException(string message, Exception inner) : Exception(message, inner);
