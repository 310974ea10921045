using System.Runtime.InteropServices;

namespace NotebookKit.Torch;

/// <summary>
/// Lets MKL inside libtorch use the fast kernels an AMD processor supports. libtorch's CPU build
/// links Intel's MKL for matrix products, and MKL runs its generic code path on any processor that
/// is not Intel's, AVX-512 or not (its <c>mkl_serv_cpu_detect</c> reports path 0 on this project's
/// AMD EPYC, 7 once this is active). The kit ships a one-line C library,
/// <c>libnotebookkit_mkl_dispatch.so</c> (built beside NotebookKit.dll when a C compiler is
/// present), whose <c>mkl_serv_intel_cpu_true</c> answers yes; loaded with <c>RTLD_GLOBAL</c>
/// before libtorch, it is the definition libtorch's call binds to. MKL still checks which
/// instruction sets exist before using them. Measured here: chapter 04's 784-128-10 MLP step
/// 1.6× faster, the tiny 2-16-1 step about 13% faster. Applied once by
/// <see cref="TorchRuntime.EnsureLoaded"/>, on Linux x64 with an AMD processor only; set
/// <c>NOTEBOOKKIT_KEEP_MKL_DISPATCH=1</c> to leave MKL as shipped (to measure the difference).
/// </summary>
public static class MklCpuDispatch
{
    /// <summary>The library's file name, beside NotebookKit.dll.</summary>
    public const string LibraryName = "libnotebookkit_mkl_dispatch.so";

    private const int RtldNow = 2, RtldGlobal = 0x100;

    /// <summary>Why the kit did or did not load the library, in one line (shown by <c>doctor</c> and the benchmarks).</summary>
    public static string Status { get; private set; } = "not attempted: libtorch is not loaded yet";

    /// <summary>True when the library is loaded in this process.</summary>
    public static bool IsActive { get; private set; }

    /// <summary>
    /// MKL's code path as MKL itself reports it (<c>mkl_serv_cpu_detect</c>: 0 generic; higher
    /// numbers for newer instruction sets, e.g. 7 for AVX-512), or null when libtorch carries no MKL
    /// or is not loaded.
    /// </summary>
    public static int? CodePath()
    {
        TorchRuntime.EnsureLoaded();
        var libtorch = LoadedLibraryPath("libtorch_cpu.so");
        if (libtorch is null || !NativeLibrary.TryLoad(libtorch, out var handle)) return null;
        try
        {
            if (!NativeLibrary.TryGetExport(handle, "mkl_serv_cpu_detect", out var detect)) return null;
            return Marshal.GetDelegateForFunctionPointer<IntFunction>(detect)();
        }
        finally { NativeLibrary.Free(handle); }
    }

    /// <summary>Called by <see cref="TorchRuntime"/> before libtorch loads.</summary>
    internal static void Apply()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            Status = "not needed: not Linux x64";
            return;
        }
        if (Environment.GetEnvironmentVariable("NOTEBOOKKIT_KEEP_MKL_DISPATCH") == "1")
        {
            Status = "off: NOTEBOOKKIT_KEEP_MKL_DISPATCH=1";
            return;
        }
        if (!IsAmdProcessor())
        {
            Status = "not needed: the processor is not AMD's";
            return;
        }
        var folder = Path.GetDirectoryName(typeof(MklCpuDispatch).Assembly.Location);
        var library = string.IsNullOrEmpty(folder) ? LibraryName : Path.Combine(folder, LibraryName);
        if (!File.Exists(library))
        {
            Status = $"not built: {LibraryName} is not beside NotebookKit.dll (the kit's build needs a C compiler, e.g. sudo apt-get install gcc, then rebuild)";
            return;
        }
        try
        {
            if (dlopen(library, RtldNow | RtldGlobal) == IntPtr.Zero)
            {
                Status = $"failed to load {library}: {Marshal.PtrToStringUTF8(dlerror()) ?? "unknown error"}";
                return;
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            Status = $"failed to load {library}: {e.Message}";
            return;
        }
        IsActive = true;
        Status = LoadedLibraryPath("libtorch_cpu.so") is null
            ? "active: loaded before libtorch"
            : "loaded after libtorch: MKL binds it at its first matrix product unless it already ran one";
    }

    private static bool IsAmdProcessor()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").Any(l => l.StartsWith("vendor_id", StringComparison.Ordinal) && l.Contains("AuthenticAMD", StringComparison.Ordinal));
        }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
    }

    /// <summary>The full path of a library already mapped into this process, from /proc/self/maps.</summary>
    private static string? LoadedLibraryPath(string fileName)
    {
        try
        {
            return File.ReadLines("/proc/self/maps")
                .Select(l => l.IndexOf('/') is var i and >= 0 ? l[i..] : null)
                .FirstOrDefault(p => p is not null && Path.GetFileName(p) == fileName);
        }
        catch (IOException) { return null; }
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int IntFunction();

    [DllImport("libdl.so.2")]
    private static extern IntPtr dlopen(string fileName, int flags);

    [DllImport("libdl.so.2")]
    private static extern IntPtr dlerror();
}
