using System.Runtime.InteropServices;

namespace NotebookKit.Torch;

/// <summary>
/// Lets MKL inside libtorch use the fast kernels an AMD processor supports, and asks MKL for results
/// that do not change from run to run. libtorch's CPU build links Intel's MKL for matrix products,
/// and MKL runs its generic code path on any processor that is not Intel's, AVX-512 or not (its
/// <c>mkl_serv_cpu_detect</c> reports path 0 on AMD EPYC processors; 5 (AVX2) or 7 (AVX-512) once
/// this is active). The kit ships a one-line C library, <c>libnotebookkit_mkl_dispatch.so</c> (built
/// beside NotebookKit.dll when a C compiler is present), whose <c>mkl_serv_intel_cpu_true</c> answers
/// yes; loaded with <c>RTLD_GLOBAL</c> before libtorch, it is the definition libtorch's call binds to.
/// MKL still checks which instruction sets exist before using them. Measured here: chapter 04's
/// 784-128-10 MLP step 1.6× faster, the tiny 2-16-1 step about 13% faster.
/// <para>MKL's fast paths may split and schedule a product differently from one process to the next,
/// so the same seeded training could end a few units in the fourth decimal apart between two runs
/// (seen in this project's runs of chapter 16, once in nine). MKL's conditional numerical
/// reproducibility mode is made for that: the kit sets <c>MKL_CBWR=AUTO,STRICT</c> (the fastest path for the processor, results
/// independent of scheduling and memory alignment) unless <c>MKL_CBWR</c> is already set (set empty,
/// it leaves the mode off).</para>
/// <para>Applied once by <see cref="TorchRuntime.EnsureLoaded"/>, on Linux x64 (the dispatch library
/// on AMD processors only); set <c>NOTEBOOKKIT_KEEP_MKL_DISPATCH=1</c> to leave MKL as shipped (to
/// measure the difference).</para>
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

    /// <summary>The reproducibility setting MKL was given, in one line (shown by <c>doctor</c> and the benchmarks).</summary>
    public static string Reproducibility { get; private set; } = "not attempted: libtorch is not loaded yet";

    /// <summary>The value of <c>MKL_CBWR</c> the kit sets before libtorch loads, unless it is already set.</summary>
    public const string ReproducibleMode = "AUTO,STRICT";

    /// <summary>
    /// MKL's code path as MKL itself reports it (<c>mkl_serv_cpu_detect</c>: 0 generic; higher
    /// numbers for newer instruction sets, e.g. 7 for AVX-512), or null when libtorch carries no MKL
    /// or is not loaded.
    /// </summary>
    public static int? CodePath() => CallMkl<IntFunction>("mkl_serv_cpu_detect", f => f());

    /// <summary>
    /// MKL's reproducibility setting as MKL reports it (<c>mkl_cbwr_get(MKL_CBWR_ALL)</c>): 1 = off,
    /// 2 = AUTO, 0x10002 = AUTO,STRICT; null when libtorch carries no MKL or is not loaded.
    /// </summary>
    public static int? ReproducibilitySetting() => CallMkl<IntToIntFunction>("mkl_serv_cbwr_get", f => f(-1));

    private static int? CallMkl<TDelegate>(string export, Func<TDelegate, int> call) where TDelegate : Delegate
    {
        TorchRuntime.EnsureLoaded();
        var libtorch = LoadedLibraryPath("libtorch_cpu.so");
        if (libtorch is null || !NativeLibrary.TryLoad(libtorch, out var handle)) return null;
        try
        {
            if (!NativeLibrary.TryGetExport(handle, export, out var function)) return null;
            return call(Marshal.GetDelegateForFunctionPointer<TDelegate>(function));
        }
        finally { NativeLibrary.Free(handle); }
    }

    /// <summary>Called by <see cref="TorchRuntime"/> before libtorch loads.</summary>
    internal static void Apply()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux) || RuntimeInformation.ProcessArchitecture != Architecture.X64)
        {
            Status = Reproducibility = "not needed: not Linux x64";
            return;
        }
        if (Environment.GetEnvironmentVariable("NOTEBOOKKIT_KEEP_MKL_DISPATCH") == "1")
        {
            Status = Reproducibility = "off: NOTEBOOKKIT_KEEP_MKL_DISPATCH=1";
            return;
        }
        RequestReproducibleResults();
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

    /// <summary>
    /// MKL reads <c>MKL_CBWR</c> from the process environment at its first call, after this runs.
    /// .NET's <c>Environment.SetEnvironmentVariable</c> does not reach the native environment on
    /// Linux, so the C library's <c>setenv</c> is called.
    /// </summary>
    private static void RequestReproducibleResults()
    {
        var own = Environment.GetEnvironmentVariable("MKL_CBWR");
        if (own is not null)
        {
            Reproducibility = own.Length == 0 ? "off: MKL_CBWR is set empty outside the kit" : $"MKL_CBWR={own} (set outside the kit)";
            return;
        }
        try
        {
            Reproducibility = setenv("MKL_CBWR", ReproducibleMode, 0) == 0
                ? $"MKL_CBWR={ReproducibleMode}"
                : "failed: setenv refused MKL_CBWR";
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            Reproducibility = $"failed: {e.Message}";
        }
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

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int IntToIntFunction(int value);

    [DllImport("libc.so.6")]
    private static extern int setenv(string name, string value, int overwrite);

    [DllImport("libdl.so.2")]
    private static extern IntPtr dlopen(string fileName, int flags);

    [DllImport("libdl.so.2")]
    private static extern IntPtr dlerror();
}
