using System.Runtime.InteropServices;

namespace NotebookKit.Torch;

/// <summary>
/// Keeps libtorch's freed tensor memory inside the process between training steps, on Linux with
/// glibc. libtorch allocates its CPU tensors with <c>malloc</c>; glibc serves blocks above a
/// threshold (128 KiB at first) with fresh <c>mmap</c> pages and hands them back to the kernel on
/// <c>free</c>, and trims the heap's top when more than 128 KiB is free there. A training step
/// frees all its temporaries, so the next step asked the kernel for the same pages again and paid a
/// page fault for every 4 KiB of them: a quarter to two fifths of a GPT step on this kind of machine.
/// Raising both thresholds (blocks up to 32 MiB from the heap, which keeps up to 1 GiB of free
/// space) lets the next step reuse the memory. The cost: the process's resident memory stays at its
/// peak instead of shrinking after each step. Applied once, by <see cref="TorchRuntime.EnsureLoaded"/>
/// (so by <c>Kit.Setup()</c> and by every kit module); elsewhere (macOS, Windows, musl) nothing is
/// changed. Set <c>NOTEBOOKKIT_KEEP_MALLOC=1</c> to leave glibc's defaults (to measure the difference).
/// </summary>
public static class NativeAllocator
{
    private const int MallocTrimThreshold = -1;   // M_TRIM_THRESHOLD
    private const int MallocMmapThreshold = -3;   // M_MMAP_THRESHOLD
    public const long MmapThresholdBytes = 32L << 20;     // glibc's largest allowed value on 64-bit
    public const long TrimThresholdBytes = 1L << 30;

    private static readonly Lazy<bool> Tuned = new(Apply);

    /// <summary>True when glibc accepted both settings in this process.</summary>
    public static bool IsTuned => Tuned.Value;

    internal static void EnsureTuned() => _ = Tuned.Value;

    private static bool Apply()
    {
        if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux)) return false;
        if (Environment.GetEnvironmentVariable("NOTEBOOKKIT_KEEP_MALLOC") == "1") return false;
        try
        {
            return mallopt(MallocMmapThreshold, (int)MmapThresholdBytes) == 1
                   && mallopt(MallocTrimThreshold, (int)TrimThresholdBytes) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;                                                       // not glibc (e.g. musl)
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int mallopt(int parameter, int value);
}
