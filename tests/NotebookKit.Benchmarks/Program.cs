using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using NotebookKit.Benchmarks;

// In-process: the benchmark runs in this process, with the natives of this build output (one
// libtorch per process). `--smoke` runs each benchmark a few times without measuring, to check
// that everything loads and runs. `--worker` serves the kit's side of compare_with_pytorch.py.
if (args.Contains("--worker")) return NotebookKit.Benchmarks.Compare.Worker.Serve(Console.In, Console.Out);
if (args.Contains("--smoke"))
{
    foreach (var network in new[] { "tiny 2-16-1 b32", "medium 784-128-10 b64" })
    {
        var benchmark = new TrainingStepBenchmarks { Network = network };
        benchmark.Setup();
        double scratchLoss = 0, torchLoss = 0;
        for (var i = 0; i < 3; i++) { scratchLoss = benchmark.ScratchStep(); torchLoss = benchmark.TorchStep(); }
        benchmark.Cleanup();
        Console.WriteLine($"smoke {network}: scratch loss {scratchLoss:0.0000}, TorchSharp loss {torchLoss:0.0000}");
    }
    foreach (var variant in new[] { "kit explicit", "kit fused", "built-in" })
    {
        var benchmark = new EncoderBlockBenchmarks { Variant = variant };
        benchmark.Setup();
        double loss = 0;
        for (var i = 0; i < 3; i++) loss = benchmark.Step();
        benchmark.Cleanup();
        Console.WriteLine($"smoke encoder block, {variant}: loss {loss:0.0000}");
    }
    foreach (var vocabulary in new[] { 65, 4979 })
    {
        var benchmark = new GptBenchmarks { Vocabulary = vocabulary };
        benchmark.Setup();
        var loss = benchmark.TrainStep();
        var (cached, recomputed) = (benchmark.GenerateWithCache(), benchmark.GenerateRecomputing());
        benchmark.Cleanup();
        if (cached != recomputed) throw new InvalidOperationException("cached and recomputed generation differ");
        Console.WriteLine($"smoke GPT, vocabulary {vocabulary}: loss {loss:0.0000}, generation with and without the cache agree");
    }
    return 0;
}
var config = ManualConfig.Create(DefaultConfig.Instance)
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(15));
BenchmarkSwitcher.FromAssembly(typeof(TrainingStepBenchmarks).Assembly).Run(args, config);
return 0;
