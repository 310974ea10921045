using NotebookKit.Modules;
using NotebookKit.Text;
using NotebookKit.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NotebookKit.Tests.Modules;

public sealed class GptCheckpointTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"nk-gpt-{Guid.NewGuid():N}");
    private static readonly CharVocabulary Vocabulary = CharVocabulary.Build(["床前看月光，疑是地上霜。", "举头望山月，低头思故乡。"]);

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    private static Gpt NewModel(int seed = 1) => new(GptConfig.Tiny(Vocabulary.Count), seed: seed);

    /// <summary>A fixed sequence of batches, the same in every run: (B = 3, T = 8).</summary>
    private static (Tensor X, Tensor Y) Batch(int step)
    {
        var random = new Random(100 + step);
        var ids = Enumerable.Range(0, 3 * 9).Select(_ => (long)random.Next(Vocabulary.Count)).ToArray();
        var all = torch.tensor(ids).view(3, 9);
        return (all[.., ..8], all[.., 1..]);
    }

    private static double Step(Gpt model, OptimizerHelper optimizer, int step)
    {
        using var scope = torch.NewDisposeScope();
        var (x, y) = Batch(step);
        optimizer.zero_grad();
        var loss = model.Loss(x, y);
        loss.backward();
        optimizer.step();
        return loss.item<float>();
    }

    [Fact]
    public void SaveThenResume_GivesExactlyTheLossesOfAnUninterruptedRun()
    {
        using var straight = NewModel();
        var straightOptimizer = torch.optim.AdamW(straight.parameters(), 0.01);
        var expected = Enumerable.Range(0, 8).Select(s => Step(straight, straightOptimizer, s)).ToArray();

        using var first = NewModel();
        var firstOptimizer = torch.optim.AdamW(first.parameters(), 0.01);
        var losses = Enumerable.Range(0, 4).Select(s => Step(first, firstOptimizer, s)).ToList();
        var path = Path.Combine(folder, "poems.gpt");
        GptCheckpoint.Save(path, first, Vocabulary, firstOptimizer, step: 4, losses);

        var (resumed, vocabulary, header) = GptCheckpoint.Load(path, model => torch.optim.AdamW(model.parameters(), 0.01));
        using (resumed)
        {
            Assert.Equal(Vocabulary.Characters, vocabulary.Characters);
            Assert.Equal(4, header.Step);
            Assert.Equal(losses, header.TrainLosses);
        }
        // Load again with an optimiser we keep, and continue from step 4.
        using var again = NewModel(seed: 99);                                                 // different start: the checkpoint must overwrite it
        var againOptimizer = torch.optim.AdamW(again.parameters(), 0.01);
        GptCheckpoint.LoadInto(path, again, Vocabulary, againOptimizer);
        losses.AddRange(Enumerable.Range(4, 4).Select(s => Step(again, againOptimizer, s)));
        Assert.Equal(expected, losses);
    }

    [Fact]
    public void AnInterruptedSave_LeavesThePreviousCheckpointLoadable_AndNoPartialFile()
    {
        using var model = NewModel();
        var path = Path.Combine(folder, "poems.gpt");
        GptCheckpoint.Save(path, model, Vocabulary, null, step: 1, [2.5]);
        var good = File.ReadAllBytes(path);
        // A second save dies halfway through writing (here: an exception after half the bytes).
        Assert.Throws<IOException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write(good, 0, good.Length / 2);
            throw new IOException("the machine lost power");
        }));
        Assert.Equal(good, File.ReadAllBytes(path));
        Assert.Equal(["poems.gpt"], Directory.GetFiles(folder).Select(Path.GetFileName));
        using var loaded = NewModel(seed: 5);
        Assert.Equal(1, GptCheckpoint.LoadInto(path, loaded, Vocabulary).Step);
    }

    [Fact]
    public void TruncatedForeignOrMismatchedCheckpoints_AreClearErrors()
    {
        using var model = NewModel();
        var path = Path.Combine(folder, "poems.gpt");
        GptCheckpoint.Save(path, model, Vocabulary, torch.optim.AdamW(model.parameters(), 0.01), step: 0, []);
        var bytes = File.ReadAllBytes(path);

        var truncated = Path.Combine(folder, "truncated.gpt");
        File.WriteAllBytes(truncated, bytes[..(bytes.Length - 40)]);
        Assert.Contains("incomplete or corrupted", Assert.Throws<InvalidDataException>(() => GptCheckpoint.LoadInto(truncated, NewModel(), Vocabulary)).Message);

        var foreign = Path.Combine(folder, "notes.txt");
        File.WriteAllText(foreign, "床前看月光");
        Assert.Contains("not a NotebookKit GPT checkpoint", Assert.Throws<InvalidDataException>(() => GptCheckpoint.ReadHeader(foreign)).Message);

        using var wider = new Gpt(GptConfig.Tiny(Vocabulary.Count) with { Width = 64 });
        Assert.Contains("C = 32", Assert.Throws<InvalidDataException>(() => GptCheckpoint.LoadInto(path, wider, Vocabulary)).Message);

        var otherVocabulary = CharVocabulary.Build(["举头望山月，低头思故乡。", "床前看月光，疑是地上霜。", "举头"]);   // same characters, other order
        Assert.Equal(Vocabulary.Count, otherVocabulary.Count);
        Assert.Contains("different vocabulary", Assert.Throws<InvalidDataException>(() => GptCheckpoint.LoadInto(path, NewModel(), otherVocabulary)).Message);

        Assert.Throws<FileNotFoundException>(() => GptCheckpoint.ReadHeader(Path.Combine(folder, "missing.gpt")));
    }
}
