using System.Diagnostics;
using System.Text.Json;
using System.Runtime.InteropServices;
using NotebookKit.Torch;

namespace NotebookKit.Tests.Torch;

/// <summary>
/// MKL inside libtorch runs its generic kernels on AMD processors unless the kit's dispatch
/// library answers its vendor test; MKL's own code-path report shows which kernels it chose.
/// </summary>
public sealed class MklCpuDispatchTests
{
    private static bool IsAmd => File.Exists("/proc/cpuinfo") && File.ReadAllText("/proc/cpuinfo").Contains("AuthenticAMD", StringComparison.Ordinal);

    [Fact]
    public void InThisProcess_MklUsesAnInstructionSetPath_NotTheGenericOne()
    {
        Assert.True(RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && RuntimeInformation.ProcessArchitecture == Architecture.X64,
            "the kit's tests run on Linux x64, where libtorch carries MKL");
        var path = MklCpuDispatch.CodePath();
        Assert.NotNull(path);
        Assert.True(path > 0, $"MKL reports code path {path} (0 is its generic path); dispatch: {MklCpuDispatch.Status}");
        if (IsAmd) Assert.True(MklCpuDispatch.IsActive, MklCpuDispatch.Status);
    }

    [Fact]
    public void TurnedOff_OnAnAmdProcessor_MklFallsBackToItsGenericPath()
    {
        var worker = Path.Combine(AppContext.BaseDirectory, "NotebookKit.Benchmarks.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(worker);
        start.ArgumentList.Add("--worker");
        start.Environment["NOTEBOOKKIT_KEEP_MKL_DISPATCH"] = "1";
        using var process = Process.Start(start)!;
        process.StandardInput.Write("info\nquit\n");
        process.StandardInput.Close();
        var line = process.StandardOutput.ReadLine();
        Assert.True(process.WaitForExit(120_000), "the worker did not exit");
        Assert.NotNull(line);
        var report = JsonDocument.Parse(line!).RootElement.GetProperty("mkl_dispatch").GetString()!;
        Assert.Contains("off: NOTEBOOKKIT_KEEP_MKL_DISPATCH=1", report);
        if (IsAmd) Assert.EndsWith("MKL code path 0", report);                 // what the dispatch library changes
        else Assert.DoesNotContain("code path 0", report);
    }
}
