using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using NotebookKit.Torch;
using TorchSharp;

namespace NotebookKit.Benchmarks.Compare;

/// <summary>
/// The kit's worker process for <c>compare_with_pytorch.py</c>. It reads commands on standard input,
/// one per line, and answers each with one JSON line on standard output:
/// <c>info</c> → versions and threads; <c>run NAME WARMUP COUNT</c> → NAME's unit of work run WARMUP
/// times untimed, then COUNT times, each timed: {"workload", "ms": [...], "calls_per_unit"}
/// (a workload is built on its first <c>run</c> and kept); <c>quit</c> ends the process.
/// </summary>
public static class Worker
{
    public static int Serve(TextReader input, TextWriter output)
    {
        TorchRuntime.EnsureLoaded();
        torch.set_num_threads(Environment.ProcessorCount);
        var built = new Dictionary<string, Workload>();
        while (input.ReadLine() is { } line)
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length == 0) continue;
            try
            {
                switch (words[0])
                {
                    case "quit":
                        return 0;
                    case "info":
                        Answer(output, new Dictionary<string, object>
                        {
                            ["framework"] = $"NotebookKit on TorchSharp {TorchRuntime.TorchSharpVersion}",
                            ["runtime"] = $".NET {Environment.Version}",
                            ["threads"] = torch.get_num_threads(),
                            ["allocator_tuned"] = NativeAllocator.IsTuned,
                            ["mkl_dispatch"] = $"{MklCpuDispatch.Status}; MKL code path {MklCpuDispatch.CodePath()?.ToString() ?? "n/a"}",
                            ["mkl_reproducibility"] = $"{MklCpuDispatch.Reproducibility}; MKL reports 0x{MklCpuDispatch.ReproducibilitySetting() ?? 0:x}",
                        });
                        break;
                    case "run" when words.Length == 4:
                        var name = words[1];
                        if (!built.TryGetValue(name, out var workload)) built[name] = workload = KitWorkloads.Create(name);
                        var (warmup, count) = (int.Parse(words[2], CultureInfo.InvariantCulture), int.Parse(words[3], CultureInfo.InvariantCulture));
                        for (var i = 0; i < warmup; i++) workload.Run();
                        var times = new double[count];
                        for (var i = 0; i < count; i++)
                        {
                            var start = Stopwatch.GetTimestamp();
                            workload.Run();
                            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                        }
                        Answer(output, new Dictionary<string, object> { ["workload"] = name, ["ms"] = times, ["calls_per_unit"] = workload.CallsPerUnit });
                        break;
                    default:
                        throw new ArgumentException($"Expected 'info', 'run NAME WARMUP COUNT' or 'quit', got '{line}'.");
                }
            }
            catch (Exception e)
            {
                Answer(output, new Dictionary<string, object> { ["error"] = e.Message });
            }
        }
        return 0;
    }

    private static void Answer(TextWriter output, Dictionary<string, object> answer)
    {
        output.WriteLine(JsonSerializer.Serialize(answer));
        output.Flush();
    }
}
