using System.Runtime.InteropServices;
using NotebookKit.Torch;

namespace NotebookKit.Tests.Torch;

public sealed class NativeAllocatorTests
{
    /// <summary>On Linux (glibc) loading libtorch through the kit keeps freed tensor memory in the process; elsewhere nothing is changed.</summary>
    [Fact]
    public void LoadingTheKit_TunesGlibcsAllocator_OnLinux()
    {
        TorchRuntime.EnsureLoaded();
        var optedOut = Environment.GetEnvironmentVariable("NOTEBOOKKIT_KEEP_MALLOC") == "1";
        Assert.Equal(RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && !optedOut, NativeAllocator.IsTuned);
    }
}
